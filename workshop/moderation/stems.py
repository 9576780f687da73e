"""Dutch curses that are held also inside a longer word ("kuthuurders", "kankerlijer", "kutwerk", "lullen"), with
the innocent words that contain one of them ("verbetering", "cellulose", "longkanker", "stokanker").

A stem inside a word holds the text unless the word is innocent: it is listed in INNOCENT_WORDS, or the stem sits
in it only as part of an innocent form (INNOCENT_FORMS: "cellul" in "intracellulair", "kankeronderzoek"), or other
letters come before it (AFTER_LETTERS): "tering" then ends a noun in -ering ("verbetering", "investering",
"catering"), "kanker" and "tyfus" name the disease of an organ ("longkanker", "buiktyfus"), unless those letters
are only a verb's prefix ("verkankerd"). The lists were checked against every word with a stem in the OpenTaal
word list and against the library's own texts (tests/test_moderation.py).
"""
from __future__ import annotations

STEMS = ("kanker", "tering", "tyfus", "kut", "lul", "klootzak")

# A stem preceded by other letters is innocent ("verbetering", "longkanker", "borstkankermaand", "buiktyfus"),
# unless those letters are only a verb's prefix ("gekankerd", "verkankerd", "wegkankeren": grumbling, rotting).
AFTER_LETTERS = ("tering", "kanker", "tyfus")
VERB_PREFIXES = frozenset({"ge", "ver", "weg", "voort", "in", "inge", "op", "opge", "uit", "uitge", "door", "af"})

_MEDICAL = ("afdeling", "behandel", "bestrijd", "cel", "centr", "diagnose", "epidem", "fonds", "gen", "gezwel",
            "groei", "institu", "kliniek", "medic", "onderzoek", "operatie", "patient", "plan", "preventie",
            "probleem", "proces", "regist", "risico", "screening", "soort", "specialist", "sterfte", "therap",
            "tumor", "verwek", "virus", "vorm", "vraagstuk", "vrij", "weefsel", "ziekte", "zorg", "vaccin",
            "bacil", "bacter", "wond", "achtig", "plek", "maand")
INNOCENT_FORMS = {
    "kanker": tuple(f"kanker{part}" for part in _MEDICAL),
    "tyfus": tuple(f"tyfus{part}" for part in _MEDICAL),
    "lul": ("cellul", "gelule", "lulu", "lula", "lulofs", "calculu", "populu", "regulu", "stimulu", "modulu"),
    "kut": ("kuttekoven", "kuttingen", "skutsje"),
}
# Words in which a stem only seems to be: a compound that happens to spell it across its parts.
INNOCENT_WORDS = frozenset({
    "hekanker", "hekankers", "stokanker", "stokankers",
})


def _innocent_here(word: str, stem: str, at: int) -> bool:
    for form in INNOCENT_FORMS.get(stem, ()):
        start = word.find(form, max(0, at - len(form)))
        while start != -1 and start <= at:
            if start <= at and at + len(stem) <= start + len(form):
                return True
            start = word.find(form, start + 1)
    if stem not in AFTER_LETTERS or at == 0:
        return False
    return stem == "tering" or word[:at] not in VERB_PREFIXES  # "vertering" is digestion, "verkankerd" is not


def holds_stem(word: str) -> bool:
    """Whether the folded `word` holds a listed curse, also inside a longer word, outside the innocent words."""
    if word in INNOCENT_WORDS:
        return False
    for stem in STEMS:
        at = word.find(stem)
        while at != -1:
            if not _innocent_here(word, stem, at):
                return True
            at = word.find(stem, at + 1)
    return False

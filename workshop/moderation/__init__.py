"""Moderation before the wall: which participant entries wait for the trainer's approval.

An entry is held when its exercise is pre-moderated (the trainer switched it on) or when it contains a word of the
blocked lists: the maintained Dutch and English lists (LDNOOBW, vendored in `data/`, see its README) plus the
organisation's own words (`Organisation.blocked_words`, one per line). Matching is on whole words and phrases (and
their plurals) after folding case, accents and punctuation, so "KLOOTZAK!" matches "klootzak" and "potlood" never
matches "pot"; the usual ways around a filter are undone first (`normal.py`: invisible characters, look-alike
letters, digits for letters, spelled-out letters). The common Dutch curses of the field are also found inside a
longer word ("kuthuurders", "kankerlijer"), outside a list of innocent words (`stems.py`).
"""
from __future__ import annotations

import functools
import json
from pathlib import Path

from workshop.archive.text import words
from workshop.moderation.normal import readings
from workshop.moderation.stems import holds_stem

DATA = Path(__file__).parent / "data"
LISTS = ("ldnoobw-nl.json", "ldnoobw-en.json")
# Entries of the lists that are ordinary words in conversations about housing (not held).
ORDINARY = frozenset({
    "aftrekken", "anita", "asbak", "balen", "bekken", "beurt", "boemelen", "buffelen", "de hond uitlaten",
    "de pijp uitgaan", "driehoog achter wonen", "flikken", "gat", "gedoogzone", "gras maaien", "hol", "johny",
    "kanen", "knor", "matje", "naakt", "nicht", "paal", "palen", "poot", "pot", "potverdorie", "raaskallen",
    "remsporen", "reutelen", "schatje", "spuiten", "standje", "stootje", "toeter", "vergallen", "zuigen",
})
MAX_PHRASE = 8  # words in the longest phrase that is looked for
# Words that look like the plural of a listed word but are ordinary words of their own ("delen": to share).
NOT_PLURALS = frozenset({"delen", "sleten", "flikkeren", "pikken", "mutsen", "toeteren", "reten", "beurten",
                         "balens", "bekkens", "assen", "coonen", "scatten", "lummelen", "zaadjes"})


def phrase_key(text: str) -> tuple[str, ...]:
    return tuple(words(text))


@functools.cache
def shipped_phrases() -> frozenset[tuple[str, ...]]:
    phrases = set()
    for name in LISTS:
        for entry in json.loads((DATA / name).read_text(encoding="utf-8")):
            key = phrase_key(entry)
            if key and " ".join(key) not in ORDINARY:
                phrases.add(key)
    return frozenset(phrases)


@functools.lru_cache(maxsize=256)
def own_phrases(blocked_words: str | None) -> frozenset[tuple[str, ...]]:
    """An organisation's own words, one per line (blank lines ignored)."""
    return frozenset(key for key in (phrase_key(line) for line in (blocked_words or "").splitlines()) if key)


def clean_word_list(text: str) -> str:
    """An organisation's list as stored: one folded word or phrase per line, sorted, no duplicates."""
    return "\n".join(sorted({" ".join(key) for key in own_phrases(text)}))


def _singulars(word: str) -> list[str]:
    """What `word` may be the plural of: "eikels" -> "eikel", "klootzakken" -> "klootzak", "hoeren" -> "hoer"."""
    if word in NOT_PLURALS:
        return []
    found = []
    if word.endswith("s") and len(word) > 3:
        found.append(word[:-1])
    if word.endswith("en") and len(word) > 4:
        found.append(word[:-2])
        if word[-3] == word[-4]:
            found.append(word[:-3])
    return found


def contains_blocked(text: str, extra: frozenset[tuple[str, ...]] = frozenset()) -> bool:
    """Whether `text` holds a blocked word or phrase as whole words (or a plural of a listed word), or one of the
    common Dutch curses inside a word; in any of the ways the text can be read (normal.readings)."""
    shipped = shipped_phrases()
    for found in readings(text):
        for start, word in enumerate(found):
            if holds_stem(word) or any((s,) in shipped or (s,) in extra for s in _singulars(word)):
                return True
            for length in range(1, min(MAX_PHRASE, len(found) - start) + 1):
                phrase = tuple(found[start:start + length])
                if phrase in shipped or phrase in extra:
                    return True
    return False


MAX_LIST = 20_000  # characters of an organisation's own list


def save_blocked_words(organisation_id: int, text) -> str:
    """Store an organisation's own words (one per line, cleaned); answers the stored list. Commits."""
    from workshop.errors import EngineError
    from workshop.models import Organisation, db
    if not isinstance(text, str) or len(text) > MAX_LIST:
        raise EngineError("invalid_word_list")
    organisation = db.session.get(Organisation, organisation_id)
    organisation.blocked_words = clean_word_list(text) or None
    db.session.commit()
    return organisation.blocked_words or ""

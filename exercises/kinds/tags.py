"""Option tags of a case: the idea a response illustrates. Codes are English and never translated; the labels are
the Dutch names trainers know (translated for English pages)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _

OPTION_TAGS = (
    "pitfall:giving-right", "pitfall:cutting-off", "pitfall:explaining",
    "handle:feeling", "handle:facts", "handle:possible", "handle:round-off",
    "bad-news:deliver", "bad-news:absorb",
    "attention:first", "boundary:limit", "apology:sincere", "other",
)


def tag_labels() -> dict[str, str]:
    """code -> label, in the order of OPTION_TAGS (the editor's list and the pages' i18n dictionary)."""
    labels = {
        "pitfall:giving-right": _("Valkuil: de klant gelijk geven"),
        "pitfall:cutting-off": _("Valkuil: de discussie afkappen"),
        "pitfall:explaining": _("Valkuil: uitlegstand"),
        "handle:feeling": _("Handvat: weg van de inhoud"),
        "handle:facts": _("Handvat: niet verdedigen, bij de feiten blijven"),
        "handle:possible": _("Handvat: zeg wat wél kan"),
        "handle:round-off": _("Handvat: rond af"),
        "bad-news:deliver": _("Slecht nieuws: de klap uitdelen"),
        "bad-news:absorb": _("Slecht nieuws: de klap helpen opvangen"),
        "attention:first": _("Aandacht: eerst de mens, dan de procedure"),
        "boundary:limit": _("Grens: een grens stellen"),
        "apology:sincere": _("Excuus: oprecht excuus waar wij tekortschoten"),
        "other": _("Anders"),
    }
    return {tag: str(labels[tag]) for tag in OPTION_TAGS}


def tag_family(tag: str | None) -> str:
    """The family a tag belongs to ("pitfall", "handle", "bad-news", "other"): its colour on every page."""
    return tag.split(":", 1)[0] if tag else "other"


def is_pitfall(tag: str | None) -> bool:
    """A pitfall is never handed out as a tip."""
    return tag_family(tag) == "pitfall"

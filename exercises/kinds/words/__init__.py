"""Words: a word cloud. Each participant sends up to `max_per_participant` short entries to a prompt; entries that
differ only in case, accents, spacing or punctuation count as one, shown in their most common spelling. The
projector draws the cloud live; hidden entries disappear from it."""
from __future__ import annotations

from typing import ClassVar

from flask_babel import lazy_gettext as _
from flask_babel import ngettext

from exercises.kinds.base import CLOUD, WORD, lesson, percentage
from exercises.kinds.port import data
from exercises.kinds.schema import Document, Text, Whole
from exercises.kinds.tips import TipsKind

WORD_MAX = 30
DEFAULT_PER_PARTICIPANT = 3


RECAP_WORDS = 5  # the closing recap shows the cloud's biggest words
HANDOUT_WORDS = 10  # the hand-out lists the cloud's top words


class WordsDocument(Document):
    prompt: Text(300)
    max_per_participant: Whole(1, 5) = DEFAULT_PER_PARTICIPANT
    hint: Text(1000) | None = None  # trainer-only, like notes


class WordsKind(TipsKind):
    """Entries are tips of the run (hiding, archive, exports), without upvotes; the cloud counts them."""
    name = "words"
    label = _("Woordwolk")
    plural = _("Woordwolken")
    model = WordsDocument
    overrides: ClassVar[dict] = {
        ("max_per_participant", "out_of_range"): _("moet tussen 1 en 5 liggen (woorden per deelnemer)"),
    }
    inputs = frozenset({WORD})
    live = frozenset({CLOUD})
    sheet_columns = ("text", "count", "percentage", "total", "workshop")
    text_fields = ("title", "prompt")
    entry_max = WORD_MAX
    row_labels: ClassVar[dict] = {"word": _("Woord"), "tip": _("Woord")}

    def counted(self, number: int) -> str:
        return ngettext("%(num)s woord", "%(num)s woorden", number)

    def summary(self, run) -> dict:
        """The cloud's biggest words with their counts."""
        words = self.results(run)["words"]
        count, biggest = sum(w["count"] for w in words), max((w["count"] for w in words), default=0)
        return {"count": count, "counted": self.counted(count),
                "headline": ", ".join(f"{w['text']} ({w['count']})" for w in words[:3]),
                "rows": [{"text": w["text"], "figure": str(w["count"]), "share": w["count"] / biggest, "mark": None,
                          "family": "other"} for w in words[:HANDOUT_WORDS]]}

    def export_rows(self, base: dict, run, tips: list) -> list[dict]:
        """One row per word of the cloud (its most common spelling) with how often it was sent; JSON keeps every
        entry."""
        words = self.results(run)["words"]
        total = sum(w["count"] for w in words)
        return [base | {"row": "word", "id": None, "text": w["text"], "curated_text": "", "votes": None,
                        "count": w["count"], "total": total, "percentage": percentage(w["count"], total), "tag": "",
                        "best": None, "hidden": None, "starred": None, "group": None, "created": None}
                for w in words]

    def question(self, content: dict) -> str:
        return content["prompt"]

    def entry_limit(self, content: dict) -> int | None:
        return content.get("max_per_participant", DEFAULT_PER_PARTICIPANT)

    def entry_messages(self) -> dict:
        return {"empty": _("Je woord is leeg. Typ eerst een woord."),
                "too_long": _("Je woord is te lang: maximaal 30 tekens.")}

    def public_view(self, content: dict, phase: str) -> dict:
        return {"prompt": content["prompt"],
                "max_per_participant": content.get("max_per_participant", DEFAULT_PER_PARTICIPANT),
                "revealed": None}

    def results(self, run) -> dict:
        return {"prompt": run.content["prompt"], "words": data().cloud_words(run, limit=None),
                "tips": data().tip_rows(run, include_hidden=True)}

    def recap(self, run) -> dict | None:
        """The cloud's biggest words, each with how often it was sent."""
        words = data().cloud_words(run, limit=None)
        return {"prompt": run.content["prompt"], "total": sum(w["count"] for w in words),
                "top": [{"text": w["text"], "votes": w["count"]} for w in words[:RECAP_WORDS]]}

    def handout_section(self, run) -> dict | None:
        return None  # single words make no list of tips; the hand-out shows the cloud's top words (handout_lesson)

    def handout_lesson(self, run) -> dict | None:
        """The cloud's top words, each with how often the room sent it."""
        words = self.results(run)["words"][:HANDOUT_WORDS]
        if not words:
            return None
        return lesson(self, run, question=run.content["prompt"], figures=[
            str(_("%(word)s: %(count)s keer", word=w["text"], count=w["count"])) for w in words])


KIND = WordsKind()

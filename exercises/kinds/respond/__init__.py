"""Respond: a case story without options. Each participant writes how they would answer the tenant; the room
upvotes the replies; the trainer hides what does not belong and tags replies (a pitfall, a handle, a bad-news
step). After the reveal phones and projector show each reply's tag beside it."""
from __future__ import annotations

from typing import ClassVar

from flask_babel import lazy_gettext as _
from flask_babel import ngettext

from exercises.kinds.base import Phase
from exercises.kinds.port import data
from exercises.kinds.schema import Document, Text
from exercises.kinds.tags import tag_labels
from exercises.kinds.tips import TipsKind


class RespondDocument(Document):
    story: Text(1500)
    question: Text(200)
    hint: Text(1000) | None = None  # trainer-only, like notes


class RespondKind(TipsKind):
    """Like tips (replies are tips of the run: upvotes, hiding, archive, exports), plus a story and tags."""
    name = "respond"
    label = _("Eigen antwoord")
    plural = _("Eigen antwoorden")
    model = RespondDocument
    phases = frozenset(Phase)
    actions = frozenset({"reveal", "conceal", "tag_tip"})
    sheet_columns = ("id", "text", "curated_text", "votes", "tag", "starred", "hidden", "group", "workshop",
                     "created")
    text_fields = ("title", "story", "question")
    row_labels: ClassVar[dict] = {"tip": _("Reactie")}

    def counted(self, number: int) -> str:
        return ngettext("%(num)s reactie", "%(num)s reacties", number)

    def presenter_view(self, content: dict) -> dict:
        return super().presenter_view(content) | {"story": content["story"]}

    def question(self, content: dict) -> str:
        return content["question"]

    def shows_tags(self, phase: str) -> bool:
        return phase == Phase.REVEALED

    def public_view(self, content: dict, phase: str) -> dict:
        return {"story": content["story"], "question": content["question"], "revealed": None}

    def control_view(self, run) -> dict:
        return {"tips": data().tip_rows(run, include_hidden=True, tags=True), "voters": 0}

    def results(self, run) -> dict:
        return {"prompt": run.content["question"], "story": run.content["story"],
                "tips": data().tip_rows(run, include_hidden=True, tags=True)}

    def export_rows(self, base: dict, run, tips: list) -> list[dict]:
        """Each row carries the reply's tag by its Dutch label (CSV, XLSX); the JSON export keeps the codes."""
        labels = tag_labels()
        return [row | {"tag": labels.get(row["tag"], row["tag"])}
                for row in (data().tip_export_row(base, tip) for tip in tips)]

    def document_entry(self, run, tips: dict) -> dict:
        return super().document_entry(run, tips) | {"question": run.content["question"]}

    def handout_section(self, run) -> dict | None:
        return {"id": run.exercise_id, "title": run.title, "prompt": run.content["question"]}


KIND = RespondKind()

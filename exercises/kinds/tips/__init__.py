"""Tips: an open question. Phones post short tips and upvote each other's; the projector shows the wall; the
tips become the organisation's archive and its hand-out."""
from __future__ import annotations

from typing import ClassVar

from flask_babel import lazy_gettext as _
from flask_babel import ngettext

from exercises.kinds.base import TIP, TIPS, UPVOTE, ExerciseKind
from exercises.kinds.port import data
from exercises.kinds.schema import Document, Text
from exercises.kinds.tags import tag_family, tag_labels

RECAP_TIPS = 3  # top tips per question on the closing recap
SUMMARY_TIPS = 5  # top tips on the results page


class TipsDocument(Document):
    prompt: Text(300)
    hint: Text(1000) | None = None  # trainer-only, like notes


class TipsKind(ExerciseKind):
    name = "tips"
    rank = 0  # the oldest kind comes first in every list
    label = _("Tipvraag")
    plural = _("Tipvragen")
    model = TipsDocument
    inputs = frozenset({TIP, UPVOTE})
    live = frozenset({TIPS})
    in_archive = True
    sheet_columns = ("id", "text", "curated_text", "votes", "starred", "hidden", "group", "workshop", "created")
    text_fields = ("title", "prompt")
    row_labels: ClassVar[dict] = {"tip": _("Tip")}

    def counted(self, number: int) -> str:
        return ngettext("%(num)s tip", "%(num)s tips", number)

    def summary(self, run) -> dict:
        """The most upvoted of what the wall showed (never hidden or held), each with its tag if it has one."""
        tips = [t for t in self.results(run)["tips"] if not t["hidden"] and not t["held"]]
        labels = tag_labels()
        rows = [{"text": t["text"], "figure": ngettext("%(num)s stem", "%(num)s stemmen", t["votes"]), "share": None,
                 "mark": labels.get(t.get("tag")), "family": tag_family(t.get("tag"))} for t in tips[:SUMMARY_TIPS]]
        headline = str(_("Meeste stemmen: “%(text)s” (%(votes)s)", text=tips[0]["text"], votes=tips[0]["votes"])
                       ) if tips else ""
        return {"count": len(tips), "counted": self.counted(len(tips)), "headline": headline, "rows": rows}

    def question(self, content: dict) -> str:
        return content["prompt"]

    def trainer_notes(self, content: dict) -> str:
        return "\n\n".join(text for text in (content.get("hint"), content.get("notes")) if text)

    def public_view(self, content: dict, phase: str) -> dict:
        return {"prompt": content["prompt"], "revealed": None}

    def presenter_view(self, content: dict) -> dict:
        return super().presenter_view(content) | {"question": self.question(content)}

    def recap(self, run) -> dict | None:
        """The question's top tips (most upvoted; hidden ones never)."""
        top = data().tip_rows(run, include_hidden=False, limit=RECAP_TIPS)
        return {"prompt": self.question(run.content), "total": data().visible_tip_count(run),
                "top": [{"text": tip["text"], "votes": tip["votes"]} for tip in top]}

    def my_recap(self, run, participant_id: int) -> dict | None:
        texts = data().own_texts(run, participant_id)
        return {"prompt": self.question(run.content), "tips": texts} if texts else None

    def control_view(self, run) -> dict:
        return {"tips": data().tip_rows(run, include_hidden=True), "voters": 0}

    def results(self, run) -> dict:
        return {"prompt": run.content["prompt"], "tips": data().tip_rows(run, include_hidden=True)}

    def export_rows(self, base: dict, run, tips: list) -> list[dict]:
        return [data().tip_export_row(base, tip) for tip in tips]

    def document_entry(self, run, tips: dict) -> dict:
        entry = self.results(run)
        entry["tips"] = [tip for tip in entry["tips"] if not tip.get("held")]  # never approved: not exported
        for tip in entry["tips"]:
            known = tips.get(tip["id"])
            tip.update(created=data().iso(known.created) if known else None,
                       curated_text=known.curated_text if known else None,
                       starred=known.starred if known else False, group=known.group if known else None)
        return entry

    def handout_section(self, run) -> dict | None:
        return {"id": run.exercise_id, "title": run.title, "prompt": run.content["prompt"]}


KIND = TipsKind()

"""Case: a short story with 3 to 6 responses. Phones vote; the trainer shows the distribution and reveals each
option's tag and explanation (the best one marked) and the tenant's reaction to it, one option at a time."""
from __future__ import annotations

from typing import ClassVar, Literal

from flask_babel import lazy_gettext as _
from flask_babel import ngettext
from pydantic import BaseModel, ConfigDict

from exercises.kinds.base import TALLY, VOTE, ExerciseKind, Phase, lesson, percentage
from exercises.kinds.port import KindRefusal, data
from exercises.kinds.schema import Document, Problem, Tag, Text, one_best, unique
from exercises.kinds.tags import tag_family, tag_labels

OPTION_IDS = ("a", "b", "c", "d", "e", "f")
MIN_OPTIONS, MAX_OPTIONS = 3, 6


class Option(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    id: Literal["a", "b", "c", "d", "e", "f"]
    text: Text(200)
    tag: Tag
    explanation: Text(600)
    reaction: Text(400) | None = None  # what the tenant says or does in answer (contract v3)
    best: bool = False


class CaseDocument(Document):
    story: Text(1500)
    question: Text(200) | None = None
    summary: Text(1000)
    options: list[Option]  # 3 to 6: counted in CaseKind.rules, so that the count shows beside option errors


class CaseKind(ExerciseKind):
    name = "case"
    label = _("Casus")
    plural = _("Casussen")
    model = CaseDocument
    overrides: ClassVar[dict] = {
        ("options", "missing"): _("ontbreekt: een casus heeft 3 tot 6 opties"),
        ("options[].id", "literal_error"): _("moet één kleine letter a tot en met f zijn"),
    }
    phases = frozenset(Phase)
    actions = frozenset({"reveal", "reveal_step", "conceal"})
    inputs = frozenset({VOTE})
    live = frozenset({TALLY})
    sheet_columns = ("id", "text", "tag", "votes", "percentage", "total", "workshop", "best", "reaction")
    text_fields = ("title", "story", "question", "options")
    row_labels: ClassVar[dict] = {"option": _("Optie")}

    def counted(self, number: int) -> str:
        return ngettext("%(num)s stem", "%(num)s stemmen", number)

    def summary(self, run) -> dict:
        """The room's distribution over the options, the intended answer marked."""
        results = self.results(run)
        total, options = results["total"], results["options"]

        def share(option) -> str:
            return f"{option['id'].upper()} ({percentage(option['votes'], total):.0f}%)"
        top = max(options, key=lambda o: o["votes"]) if total else None
        best = next((o for o in options if o["best"]), None)
        parts = ([str(_("meeste stemmen: %(option)s", option=share(top)))] if top else []) + (
            [str(_("bedoeld antwoord: %(option)s", option=share(best)))] if best and total else [])
        return {"count": total, "counted": self.counted(total), "headline": " · ".join(parts),
                "rows": [{"text": f"{o['id'].upper()}. {o['text']}",
                          "figure": f"{o['votes']} ({percentage(o['votes'], total):.0f}%)",
                          "share": o["votes"] / total if total else 0.0,
                          "mark": str(_("bedoeld antwoord")) if o["best"] else None,
                          "family": tag_family(o["tag"])} for o in options]}

    def rules(self, data: dict) -> list[Problem]:
        options = data.get("options")
        if not isinstance(options, list):
            return []
        problems = []
        if not MIN_OPTIONS <= len(options) <= MAX_OPTIONS:
            problems.append(Problem("options", _("heeft %(count)s opties; 3 tot 6 toegestaan", count=len(options))))
        problems += unique(options, "options") + one_best(options, "options")
        tags = [o.get("tag") for o in options if isinstance(o, dict) and isinstance(o.get("tag"), str)]
        if not any(t.startswith("pitfall:") for t in tags):
            problems.append(Problem("options", _("minstens één optie moet een valkuil zijn (tag pitfall:...)")))
        if not any(t.startswith("handle:") for t in tags):
            problems.append(Problem("options", _("minstens één optie moet een handvat zijn (tag handle:...)")))
        return problems

    def question(self, content: dict) -> str:
        return content.get("question") or content["title"]

    def public_view(self, content: dict, phase: str) -> dict:
        revealed = phase == Phase.REVEALED
        return {"story": content["story"], "question": content.get("question"),
                "options": [{"id": o["id"], "text": o["text"]} for o in content["options"]],
                "revealed": [{"id": o["id"], "tag": o["tag"], "explanation": o["explanation"],
                              "reaction": o.get("reaction"), "best": bool(o.get("best"))}
                             for o in content["options"]] if revealed else None,
                "summary": content["summary"] if revealed else None}

    def reveal_steps(self, content: dict) -> int:
        return len(content["options"])

    def presenter_view(self, content: dict) -> dict:
        return super().presenter_view(content) | {
            "story": content["story"], "question": content.get("question"), "summary": content["summary"],
            "options": [{"id": o["id"], "text": o["text"], "tag": o["tag"], "explanation": o["explanation"],
                         "reaction": o.get("reaction"), "best": bool(o.get("best"))} for o in content["options"]]}

    def recap(self, run) -> dict | None:
        """The room's choice (most votes; a tie: the first of them) beside the intended answer."""
        results = self.results(run)
        options, total = results["options"], results["total"]
        top = max(options, key=lambda o: o["votes"]) if total else None
        best = next((o for o in options if o["best"]), None)

        def brief(option):
            return option and {"id": option["id"], "text": option["text"], "tag": option["tag"],
                               "votes": option["votes"], "percentage": percentage(option["votes"], total)}
        return {"question": self.question(run.content), "total": total, "choice": brief(top), "best": brief(best)}

    def my_recap(self, run, participant_id: int) -> dict | None:
        chosen = data().own_answer(run, participant_id)
        option = next((o for o in run.content["options"] if o["id"] == chosen), None)
        if option is None:
            return None
        return {"question": self.question(run.content),
                "choice": {"id": option["id"], "text": option["text"], "tag": option["tag"],
                           "best": bool(option.get("best"))}}

    def handout_lesson(self, run) -> dict | None:
        """The story, every option with its tag and explanation, the intended answer, how the room voted, the
        summary."""
        labels, results = tag_labels(), self.results(run)
        votes = {o["id"]: o["votes"] for o in results["options"]}
        view = self.presenter_view(run.content)
        figures = [str(_("De groep koos: %(choices)s (%(total)s stemmen).", total=results["total"], choices=", ".join(
            f"{o['id'].upper()} {percentage(votes[o['id']], results['total']):.0f}%" for o in view["options"])))
        ] if results["total"] else []
        return lesson(self, run, story=view["story"], question=view["question"], summary=view["summary"],
                      figures=figures,
                      options=[o | {"letter": o["id"].upper(), "tag_label": labels[o["tag"]],
                                    "tag_family": tag_family(o["tag"])} for o in view["options"]])

    def vote_counts(self, run) -> dict[str, int]:
        """Votes per option id, every option present (0 when nobody chose it)."""
        return {option["id"]: 0 for option in run.content["options"]} | data().vote_counts(run.id)

    def control_view(self, run) -> dict:
        return {"tips": [], "voters": sum(self.vote_counts(run).values())}

    def tally(self, run) -> dict:
        counts = self.vote_counts(run)
        return {"total": sum(counts.values()), "counts": counts}

    def answer(self, content: dict, value) -> tuple[str, str | None]:
        if not isinstance(value, str) or value not in {option["id"] for option in content["options"]}:
            raise KindRefusal("unknown_option")
        return value, None

    def results(self, run) -> dict:
        counts = self.vote_counts(run)
        return {"total": sum(counts.values()),
                "options": [{"id": o["id"], "text": o["text"], "tag": o["tag"], "best": bool(o.get("best")),
                             "reaction": o.get("reaction"), "votes": counts.get(o["id"], 0)}
                            for o in run.content["options"]]}

    def export_rows(self, base: dict, run, tips: list) -> list[dict]:
        """Rows for people (CSV, XLSX), which show the tag by its Dutch name ("Valkuil: uitlegstand")."""
        results = self.results(run)
        total = results["total"]
        return [base | {
            "row": "option", "id": option["id"], "text": option["text"], "curated_text": "",
            "votes": option["votes"], "total": total, "percentage": percentage(option["votes"], total),
            "tag": option["tag"], "best": option["best"], "hidden": None, "starred": None, "group": None,
            "created": None, "reaction": option["reaction"] or ""} for option in results["options"]]

    def counted_options(self, content: dict) -> list[dict]:
        return [{"scene": "", "id": o["id"], "tag": o["tag"], "best": bool(o.get("best"))}
                for o in content["options"]]

    def document_entry(self, run, tips: dict) -> dict:
        entry = self.results(run)
        entry["question"] = run.content.get("question")
        for option in entry["options"]:
            option["percentage"] = percentage(option["votes"], entry["total"])
        return entry


KIND = CaseKind()

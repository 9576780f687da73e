"""The follow-ups in a workshop's exports: the JSON document's `followups` (the API's figures), and rows for CSV
and XLSX (one per option, value or ordering of each follow-up exercise, with the workshop's share beside it and who
moved). Rows use the columns of workshop/archive/exports.py; XLSX gets one sheet per follow-up."""
from __future__ import annotations

from flask_babel import gettext as _

from exercises.kinds import kind_of
from workshop.followup.results import followup_results
from workshop.followup.service import followups_of
from workshop.models import Workshop

SHEET_COLUMNS = ("followup", "exercise_title", "id", "text", "votes", "total", "percentage", "best",
                 "workshop_percentage", "paired", "moved_to_best", "stayed", "moved_away", "mean", "before_mean",
                 "after_mean")


def followups_document(workshop: Workshop) -> list[dict]:
    return [followup_results(followup) for followup in followups_of(workshop)]


def _percent(part, whole) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None


def _rows_of(exercise, figures: dict) -> list[dict]:
    """The rows of one follow-up exercise: one per answer counted separately (a case's options, a scale's
    values), else one for the intended answer (an ordering: exactly the intended order)."""
    total = figures["total"]
    if figures["answers"]:
        return [{"id": a["id"], "text": a["text"], "votes": a["count"], "total": total,
                 "percentage": _percent(a["count"], total), "best": a["intended"],
                 "workshop_percentage": _percent(a["workshop_count"], figures["workshop_total"])}
                for a in figures["answers"]]
    if figures.get("best_share") is None:
        return []
    exact = round(figures["best_share"] * total)
    share = figures.get("workshop_best_share")
    return [{"id": "", "text": _("Precies de bedoelde volgorde"), "votes": exact, "total": total,
             "percentage": _percent(exact, total), "best": True,
             "workshop_percentage": None if share is None else round(share * 100, 1)}]


def followup_rows(workshop: Workshop) -> list[dict]:
    rows = []
    for followup in followups_of(workshop):
        results = followup_results(followup)
        label = _("Opfrisser tot %(date)s", date=followup.closes.strftime("%d-%m-%Y"))
        for exercise, figures in zip(followup.exercises, results["exercises"]):
            shared = {"workshop": workshop.code, "workshop_title": workshop.title,
                      "workshop_date": workshop.created.strftime("%d-%m-%Y"), "exercise_number": None,
                      "exercise_id": exercise.exercise_id, "kind": exercise.kind, "exercise_title": exercise.title,
                      "question": kind_of(exercise.kind).question(exercise.content), "row": "followup",
                      "followup": label, "paired": figures["paired"],
                      "moved_to_best": figures.get("moved_to_best"), "stayed": figures.get("stayed"),
                      "moved_away": figures.get("moved_away"), "mean": figures.get("mean"),
                      "before_mean": figures.get("before_mean"), "after_mean": figures.get("after_mean")}
            rows += [shared | row for row in _rows_of(exercise, figures)]
    return rows


def followup_sheets(workshop: Workshop, rows: list[dict], sheet_type) -> list:
    """One XLSX sheet per follow-up (`sheet_type`: workshop/archive/workbook.Sheet)."""
    sheets = {}
    for row in rows:
        if row.get("row") == "followup":
            if row["followup"] not in sheets:
                sheets[row["followup"]] = sheet_type(row["followup"], workshop.title, "", columns=SHEET_COLUMNS)
            sheets[row["followup"]].rows.append(row)
    return list(sheets.values())

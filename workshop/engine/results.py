"""The results document of a workshop: every exercise's tips and votes (REST results, JSON export)."""
from __future__ import annotations

from workshop.engine import views
from workshop.models import Workshop


def exercise_results(run) -> dict:
    entry = {"index": run.position, "id": run.exercise_id, "kind": run.kind, "title": run.title}
    if run.kind == "tips":
        entry["prompt"] = run.content["prompt"]
        entry["tips"] = views.tip_rows(run, include_hidden=True)
        return entry
    counts = views.vote_counts(run)
    entry["total"] = sum(counts.values())
    entry["options"] = [{"id": o["id"], "text": o["text"], "tag": o["tag"], "votes": counts.get(o["id"], 0)}
                        for o in run.content["options"]]
    return entry


def results_document(workshop: Workshop) -> dict:
    return {"code": workshop.code, "exercises": [exercise_results(run) for run in workshop.runs]}

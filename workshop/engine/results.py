"""The results document of a workshop: every exercise's tips and votes (REST results, JSON export)."""
from __future__ import annotations

from exercises.kinds import kind_of
from exercises.kinds.base import base_entry
from workshop.models import Workshop


def exercise_results(run) -> dict:
    return base_entry(run) | kind_of(run.kind).results(run)


def results_document(workshop: Workshop) -> dict:
    return {"code": workshop.code, "exercises": [exercise_results(run) for run in workshop.runs]}

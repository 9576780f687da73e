"""The closing recap: what the room and each participant take home when the workshop ends.

Each kind gives its own part (`recap(run)` for the room, `my_recap(run, participant_id)` for one phone); nothing
here knows a kind by name. The room's recap travels in state P (`recap`) once the workshop has ended; a phone's own
recap in `me.recap` of its `join` ack (a phone that slept or reloads after the end joins again with its token).
"""
from __future__ import annotations

from exercises.kinds import kind_of
from workshop.models import Participant, Workshop


def _entry(run) -> dict:
    return {"index": run.position, "id": run.exercise_id, "kind": run.kind, "title": run.title}


def handout_path(workshop: Workshop) -> str | None:
    """The hand-out's address when the trainer shared one (a path: it works on every host the phone used)."""
    from workshop.archive.handout import handout_link
    link = handout_link(workshop)
    return f"/handout/{link.token}" if link else None


def room_recap(workshop: Workshop) -> dict:
    """{"exercises": [{"index", "id", "kind", "title", ...the kind's part}], "handout": path or null}: every
    exercise the room answered, in order (an exercise that never started has nothing to recap)."""
    parts = []
    for run in workshop.runs:
        if run.phase == "ready" and run.progress is None:  # a run that moved on (a scenario's path) has a recap
            continue
        part = kind_of(run.kind).recap(run)
        if part is not None:
            parts.append(_entry(run) | part)
    return {"exercises": parts, "handout": handout_path(workshop)}


def my_recap(workshop: Workshop, participant: Participant) -> list[dict]:
    """One participant's own choices and tips, per exercise, in order ("jouw keuzes")."""
    parts = []
    for run in workshop.runs:
        part = kind_of(run.kind).my_recap(run, participant.id)
        if part is not None:
            parts.append(_entry(run) | part)
    return parts

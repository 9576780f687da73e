"""Reusing workshops: duplicate one (a new title, same language and exercise snapshots; new code, key, no people),
and add, remove or reorder its exercises, rename it or change its language while it has not started (`current`
still null: nobody answered anything)."""
from __future__ import annotations

from exercises.library import Exercise
from workshop.engine.values import is_whole
from workshop.engine.workshops import EXERCISES_MAX, checked_language, checked_title, new_workshop, snapshot
from workshop.errors import EngineError
from workshop.models import ExerciseRun, Trainer, Workshop, db


def duplicate_workshop(trainer: Trainer, original: Workshop, title=None) -> Workshop:
    """A copy under `title` (None: the original's title)."""
    copy = new_workshop(trainer, original.title if title is None else checked_title(title), original.language)
    copy.team = original.team  # a copy is usually the same training for the same team
    for run in original.runs:
        copy.runs.append(ExerciseRun(position=run.position, exercise_id=run.exercise_id, kind=run.kind,
                                     title=run.title, content_json=run.content_json))
    db.session.add(copy)
    db.session.commit()
    return copy


def _wanted(items, workshop: Workshop, exercises: dict[str, Exercise]) -> list:
    """Each item: an int (the index of a run the workshop has: kept with its snapshot) or an exercise id (new)."""
    if not isinstance(items, list):
        raise EngineError("invalid")
    if not items:
        raise EngineError("no_exercises")
    if len(items) > EXERCISES_MAX:
        raise EngineError("too_many_exercises")
    wanted = []
    for item in items:
        if is_whole(item):
            if not 0 <= item < len(workshop.runs):
                raise EngineError("bad_index")
            wanted.append(workshop.runs[item])
        elif isinstance(item, str):
            if item not in exercises:
                raise EngineError("unknown_exercise")
            wanted.append(exercises[item])
        else:
            raise EngineError("invalid")
    kept = [w for w in wanted if isinstance(w, ExerciseRun)]
    if len({id(run) for run in kept}) != len(kept):
        raise EngineError("invalid")  # one run twice: add the exercise again by id instead
    return wanted


def _not_started(workshop: Workshop) -> None:
    if workshop.status == "ended":
        raise EngineError("ended")
    if workshop.current_index is not None:
        raise EngineError("started")


def set_details(workshop: Workshop, title, language) -> Workshop:
    """Rename the workshop and choose the language of its phones and projector, until it starts."""
    _not_started(workshop)
    workshop.title, workshop.language = checked_title(title), checked_language(language)
    db.session.commit()
    return workshop


def set_sequence(workshop: Workshop, items, exercises: dict[str, Exercise]) -> Workshop:
    """The workshop's exercises become `items`, in that order."""
    _not_started(workshop)
    wanted = _wanted(items, workshop, exercises)
    for run in [r for r in workshop.runs if not any(r is w for w in wanted)]:
        workshop.runs.remove(run)
    db.session.flush()
    for offset, run in enumerate(workshop.runs):  # away from the final positions: (workshop, position) is unique
        run.position = -1 - offset
    db.session.flush()
    runs = []
    for position, item in enumerate(wanted):
        run = item if isinstance(item, ExerciseRun) else snapshot(item, position)
        run.position = position
        runs.append(run)
    workshop.runs[:] = runs
    db.session.commit()
    return workshop

"""Creating workshops from exercises (library and the organisation's own), with a hard-to-guess join code and a
secret screen key; duplicating one; changing its sequence before it starts."""
from __future__ import annotations

import json
import secrets

from exercises.library import Exercise
from workshop.engine.capacity import checked_max_participants
from workshop.engine.teams import checked_team
from workshop.errors import EngineError
from workshop.join_codes import new_join_code
from workshop.models import LANGUAGES, ExerciseRun, Trainer, Workshop, db
from workshop.text import clean_line, is_blank

TITLE_MAX = 200
EXERCISES_MAX = 100  # per workshop: every control page and projector loads the whole state


def snapshot(exercise: Exercise, position: int) -> ExerciseRun:
    """A run holds a copy of the exercise: editing or deleting the exercise later never changes this workshop."""
    return ExerciseRun(position=position, exercise_id=exercise.id, kind=exercise.kind, title=exercise.title,
                       content_json=json.dumps(exercise.content))


def checked_exercises(exercise_ids, exercises: dict[str, Exercise]) -> list[Exercise]:
    if not isinstance(exercise_ids, list):
        raise EngineError("invalid")
    if not exercise_ids:
        raise EngineError("no_exercises")
    if len(exercise_ids) > EXERCISES_MAX:
        raise EngineError("too_many_exercises")
    if not all(isinstance(i, str) for i in exercise_ids):
        raise EngineError("invalid")
    if any(i not in exercises for i in exercise_ids):
        raise EngineError("unknown_exercise")
    return [exercises[i] for i in exercise_ids]


def checked_language(language) -> str:
    if language is None:
        return "nl"
    if language not in LANGUAGES:
        raise EngineError("invalid_language")
    return language


def checked_title(title) -> str:
    """A workshop's title: one line of 1 to 200 characters."""
    if not isinstance(title, str):
        raise EngineError("invalid")
    title = clean_line(title)
    if is_blank(title):
        raise EngineError("empty_title")
    if len(title) > TITLE_MAX:
        raise EngineError("invalid")
    return title


def new_workshop(trainer: Trainer, title: str, language: str) -> Workshop:
    return Workshop(organisation_id=trainer.organisation_id, trainer_id=trainer.id, code=new_join_code(),
                    title=title, screen_key=secrets.token_urlsafe(18), language=language)


def create_workshop(trainer: Trainer, title, exercise_ids, exercises: dict[str, Exercise],
                    language=None, team=None, max_participants=None) -> Workshop:
    """`exercises`: what this trainer may use (workshop/exercise_store.py: the library and their organisation's own)."""
    title = checked_title(title)
    chosen = checked_exercises(exercise_ids, exercises)
    workshop = new_workshop(trainer, title, checked_language(language))
    workshop.team = checked_team(team)
    workshop.max_participants = checked_max_participants(max_participants)
    for position, exercise in enumerate(chosen):
        workshop.runs.append(snapshot(exercise, position))
    db.session.add(workshop)
    db.session.commit()
    return workshop

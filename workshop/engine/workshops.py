"""Creating workshops from library exercises, with a hard-to-guess join code and a secret screen key."""
from __future__ import annotations

import json
import secrets

from sqlalchemy import select

from exercises.library import Exercise
from workshop.engine.errors import EngineError
from workshop.engine.lookup import CODE_ALPHABET
from workshop.models import ExerciseRun, Trainer, Workshop, db
from workshop.text import clean_line, is_blank

TITLE_MAX = 200
CODE_LENGTH = 6


def new_join_code() -> str:
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if db.session.scalar(select(Workshop.id).where(Workshop.code == code)) is None:
            return code


def create_workshop(trainer: Trainer, title, exercise_ids, library: dict[str, Exercise]) -> Workshop:
    if not isinstance(title, str) or not isinstance(exercise_ids, list):
        raise EngineError("invalid")
    title = clean_line(title)
    if is_blank(title):
        raise EngineError("empty_title")
    if len(title) > TITLE_MAX:
        raise EngineError("invalid")
    if not exercise_ids:
        raise EngineError("no_exercises")
    if not all(isinstance(i, str) for i in exercise_ids):
        raise EngineError("invalid")
    if any(i not in library for i in exercise_ids):
        raise EngineError("unknown_exercise")
    workshop = Workshop(organisation_id=trainer.organisation_id, trainer_id=trainer.id, code=new_join_code(),
                        title=title, screen_key=secrets.token_urlsafe(18))
    for position, exercise_id in enumerate(exercise_ids):
        exercise = library[exercise_id]
        workshop.runs.append(ExerciseRun(position=position, exercise_id=exercise.id, kind=exercise.kind,
                                         title=exercise.title, content_json=json.dumps(exercise.content)))
    db.session.add(workshop)
    db.session.commit()
    return workshop

"""Factories with sensible defaults: trainers (with token), workshops, participants."""
from __future__ import annotations

from dataclasses import dataclass

from workshop import engine
from workshop.accounts import create_trainer, issue_token
from workshop.models import db

TRAINER_EMAIL = "trainer@woonstad.example"
TRAINER_PASSWORD = "geheim-wachtwoord"
ORGANISATION = "Woonstad Voorbeeld"
TIPS_EXERCISE = "fris-blijven"
CASE_EXERCISE = "vier-keer-bellen"


@dataclass
class TrainerInfo:
    id: int
    email: str
    organisation_id: int
    token: str


def make_trainer(app, email: str = TRAINER_EMAIL, organisation: str = ORGANISATION,
                 password: str = TRAINER_PASSWORD) -> TrainerInfo:
    with app.app_context():
        trainer = create_trainer(email, organisation, password)
        info = TrainerInfo(trainer.id, trainer.email, trainer.organisation_id, issue_token(trainer))
        db.session.remove()
    return info


def make_workshop(app, trainer: TrainerInfo, exercises=(TIPS_EXERCISE, CASE_EXERCISE),
                  title: str = "Klantgericht communiceren") -> str:
    """A live workshop; returns its join code."""
    from workshop.models import Trainer
    with app.app_context():
        workshop = engine.create_workshop(db.session.get(Trainer, trainer.id), title, list(exercises),
                                          app.extensions["klantwijs_library"])
        code = workshop.code
        db.session.remove()
    return code


def control(app, code: str, **action) -> dict:
    """A control action through the engine, as the REST route does it."""
    from workshop.broadcast import broadcaster
    with app.app_context():
        result = engine.control(engine.workshop_by_code(code), action)
        broadcaster.changed(result.code, result.changed)
        db.session.remove()
    return result.data


def join(app, code: str, token=None, name=None) -> dict:
    """A participant joining through the engine; returns the join ack data."""
    with app.app_context():
        data = engine.join(code, token, name).data
        db.session.remove()
    return data

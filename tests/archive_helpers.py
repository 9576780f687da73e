"""Helpers for the archive tests: fill workshops with tips and upvotes through the engine, age them, log in."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from tests import factories
from workshop import engine
from workshop.models import ExerciseRun, Participant, Tip, Trainer, Workshop, db


def workshop_with_tips(app, trainer, texts, exercises=(factories.TIPS_EXERCISE, factories.CASE_EXERCISE),
                       title: str = "Klantgericht communiceren", index: int = 0) -> tuple[str, list[int]]:
    """A workshop whose exercise `index` (a tips exercise) got these tips, one participant each.
    Returns the join code and the tip ids in the order of `texts`."""
    code = factories.make_workshop(app, trainer, exercises=exercises, title=title)
    factories.control(app, code, action="goto", index=index)
    factories.control(app, code, action="open")
    ids = []
    for text in texts:
        participant = factories.join(app, code)["participant"]["id"]
        with app.app_context():
            ids.append(engine.submit_tip(participant, text).data["tip"]["id"])
            db.session.remove()
    return code, ids


def add_tips(app, code: str, texts) -> list[int]:
    """More tips to the current (open) tips exercise of a workshop."""
    ids = []
    for text in texts:
        participant = factories.join(app, code)["participant"]["id"]
        with app.app_context():
            ids.append(engine.submit_tip(participant, text).data["tip"]["id"])
            db.session.remove()
    return ids


def upvote(app, code: str, tip_id: int, times: int) -> None:
    """`times` new participants upvote the tip (its exercise must be current and open)."""
    for _ in range(times):
        participant = factories.join(app, code)["participant"]["id"]
        with app.app_context():
            engine.upvote(participant, tip_id, True)
            db.session.remove()


def vote_case(app, code: str, index: int, options: list[str]) -> None:
    """Make case exercise `index` current and open, and let one new participant vote per option given."""
    factories.control(app, code, action="goto", index=index)
    factories.control(app, code, action="open")
    for option in options:
        participant = factories.join(app, code, name="Deelnemer")["participant"]["id"]
        with app.app_context():
            engine.vote(participant, option)
            db.session.remove()


def age_workshop(app, code: str, days: int, ended: bool = True) -> None:
    """Move a workshop, its participants and its tips `days` back in time (and end it then)."""
    with app.app_context():
        workshop = db.session.scalar(select(Workshop).where(Workshop.code == code))
        shift = timedelta(days=days)
        workshop.created = workshop.created - shift
        workshop.status = "ended" if ended else workshop.status
        workshop.ended = workshop.created + timedelta(hours=3) if ended else None
        runs = select(ExerciseRun.id).where(ExerciseRun.workshop_id == workshop.id)
        for tip in db.session.scalars(select(Tip).where(Tip.run_id.in_(runs))):
            tip.created = tip.created - shift
        for person in db.session.scalars(select(Participant).where(Participant.workshop_id == workshop.id)):
            person.created = person.created - shift
        db.session.commit()
        db.session.remove()


def set_tip_dates(app, tip_ids, when) -> None:
    with app.app_context():
        db.session.execute(update(Tip).where(Tip.id.in_(list(tip_ids))).values(created=when))
        db.session.commit()
        db.session.remove()


def other_trainer(app):
    return factories.make_trainer(app, email="ander@concurrent.example", organisation="Andere Corporatie")


def organisation_id_of(app, trainer) -> int:
    with app.app_context():
        found = db.session.get(Trainer, trainer.id).organisation_id
        db.session.remove()
    return found

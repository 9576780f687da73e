"""The follow-up ("opfrisser") as a domain: a trainer makes one for a workshop; participants answer at their own
pace, paired with their workshop answers by the phone's workshop token. Plain values in, committed here; routes
only parse and answer.

Limits are per participant and per follow-up link, never per client address (a whole office behind one address
takes part): answers per participant, new participants per link, and at most as many new participants (without a
workshop token) as the workshop had participants, plus 20 (`full`).
"""
from __future__ import annotations

import json
import secrets
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import lazy_gettext as _
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from exercises.kinds import kind_of
from exercises.library import Exercise
from workshop.errors import EngineError, kind_call
from workshop.followup.answers import Choice, Rating, Stored, shape_of
from workshop.followup.models import Followup, FollowupAnswer, FollowupExercise, FollowupParticipant
from workshop.limits import Buckets
from workshop.models import Participant, Workshop, db, hash_secret, utcnow

DAYS_MIN, DAYS_MAX, DAYS_DEFAULT = 1, 60, 14
EXERCISES_MAX = 30
EXTRA_NEW_PARTICIPANTS = 20
TOKEN_MAX = 100  # characters of a participant token we look up (ours are 24-32)
ANSWERS_BURST, ANSWERS_PER_SECOND = 20, 1.0  # per participant: a whole follow-up at once, then one a second
NEW_BURST, NEW_PER_SECOND = 60, 1.0  # new participants per follow-up link

NOT_PRACTISABLE = _("Een opfrisser bevat alleen oefeningen met één antwoord per deelnemer: casussen, scenario's, "
                    "schaalvragen en volgordes.")
BAD_DAYS = _("Kies een periode van 1 tot 60 dagen.")
FULL = _("Deze opfrisser zit vol: er kunnen geen nieuwe deelnemers meer bij.")
CLOSED = _("Deze opfrisser is gesloten. Je antwoord is niet meer opgeslagen.")


def _buckets(name: str, capacity: float, rate: float) -> Buckets:
    return current_app.extensions.setdefault(f"klantwijs_followup_{name}", Buckets(capacity, rate))


# --- the trainer ----------------------------------------------------------------------------------------------

def practisable(kind: str, content: dict) -> bool:
    return shape_of(kind, content) is not None


def default_exercises(workshop: Workshop) -> list[str]:
    """The workshop's own cases (exercises answered by choosing an option) and its closing self-assessment (the
    last scale that pairs with an earlier one, else the last scale)."""
    chosen = [run.exercise_id for run in workshop.runs if isinstance(shape_of(run.kind, run.content), Choice)]
    scales = [run for run in workshop.runs if isinstance(shape_of(run.kind, run.content), Rating)]
    closing = next((run for run in reversed(scales) if run.content.get("pair")), scales[-1] if scales else None)
    if closing is not None:
        chosen.append(closing.exercise_id)
    return list(dict.fromkeys(chosen))


def candidates(workshop: Workshop, exercises: dict[str, Exercise]) -> list[Exercise]:
    """What a follow-up of this workshop may hold: the workshop's own exercises first (as the room saw them),
    then the rest of the library and the organisation's own, each practisable."""
    own = {run.exercise_id: Exercise(run.exercise_id, run.kind, run.title, run.content) for run in workshop.runs}
    every = own | {i: e for i, e in exercises.items() if i not in own}
    return [e for e in every.values() if practisable(e.kind, e.content)]


def parse_days(days) -> int:
    if days is None:
        return DAYS_DEFAULT
    if isinstance(days, str) and days.strip().isdigit():
        days = int(days.strip())
    if not isinstance(days, int) or isinstance(days, bool) or not DAYS_MIN <= days <= DAYS_MAX:
        raise EngineError("invalid", BAD_DAYS)
    return days


def create_followup(workshop: Workshop, exercise_ids, days, exercises: dict[str, Exercise],
                    now: datetime | None = None) -> Followup:
    """`exercise_ids` None: the defaults; `exercises`: what the trainer may use (the library and their own)."""
    if exercise_ids is None:
        exercise_ids = default_exercises(workshop)
    if not isinstance(exercise_ids, list) or not all(isinstance(i, str) for i in exercise_ids) \
            or len(exercise_ids) > EXERCISES_MAX or len(set(exercise_ids)) != len(exercise_ids):
        raise EngineError("invalid")
    if not exercise_ids:
        raise EngineError("no_exercises")
    usable = {e.id: e for e in candidates(workshop, exercises)}
    every = {run.exercise_id for run in workshop.runs} | set(exercises)
    if any(i not in every for i in exercise_ids):
        raise EngineError("unknown_exercise")
    if any(i not in usable for i in exercise_ids):
        raise EngineError("invalid", NOT_PRACTISABLE)
    followup = Followup(workshop_id=workshop.id, token=secrets.token_urlsafe(16),
                        closes=(now or utcnow()) + timedelta(days=parse_days(days)))
    for position, exercise_id in enumerate(exercise_ids):
        exercise = usable[exercise_id]
        followup.exercises.append(FollowupExercise(position=position, exercise_id=exercise.id, kind=exercise.kind,
                                                   title=exercise.title, content_json=json.dumps(exercise.content)))
    db.session.add(followup)
    db.session.commit()
    return followup


def followups_of(workshop: Workshop) -> list[Followup]:
    return list(db.session.scalars(select(Followup).where(Followup.workshop_id == workshop.id)
                                   .order_by(Followup.created, Followup.id)))


# --- the participant ------------------------------------------------------------------------------------------

def followup_by_token(token: str) -> Followup:
    found = None
    if isinstance(token, str) and 0 < len(token) <= 64:
        found = db.session.scalar(select(Followup).where(Followup.token == token))
    if found is None:
        raise EngineError("not_found", _("Deze opfrisser bestaat niet. Controleer de link."))
    return found


def is_closed(followup: Followup, now: datetime | None = None) -> bool:
    return (now or utcnow()) >= followup.closes


def exercise_of(followup: Followup, exercise_id) -> FollowupExercise:
    found = next((e for e in followup.exercises if e.exercise_id == exercise_id), None)
    if found is None:
        raise EngineError("unknown_exercise", _("Deze oefening hoort niet bij deze opfrisser."))
    return found


def _new_participants(followup: Followup) -> int:
    return db.session.scalar(select(func.count(FollowupParticipant.id)).where(
        FollowupParticipant.followup_id == followup.id, FollowupParticipant.participant_id.is_(None)))


def _room_size(followup: Followup) -> int:
    return db.session.scalar(select(func.count(Participant.id)).where(
        Participant.workshop_id == followup.workshop_id))


def find_participant(followup: Followup, token, pair: bool = True) -> FollowupParticipant | None:
    """The follow-up participant of this phone's token, made from the workshop participant when the token is
    theirs (pairing; not with `pair` False); None for no or an unknown token."""
    if not isinstance(token, str) or not token or len(token) > TOKEN_MAX:
        return None
    token_hash = hash_secret(token)
    found = db.session.scalar(select(FollowupParticipant).where(
        FollowupParticipant.followup_id == followup.id, FollowupParticipant.token_hash == token_hash))
    if found is not None:
        return found
    room = db.session.scalar(select(Participant.id).where(Participant.workshop_id == followup.workshop_id,
                                                          Participant.token_hash == token_hash))
    if room is None or not pair:
        return None
    found = FollowupParticipant(followup_id=followup.id, participant_id=room, token_hash=token_hash)
    db.session.add(found)
    db.session.flush()
    return found


def _participant(followup: Followup, token) -> tuple[FollowupParticipant, str]:
    found = find_participant(followup, token)
    if found is not None:
        return found, token
    if not _buckets("new", NEW_BURST, NEW_PER_SECOND).take(followup.id):
        raise EngineError("rate_limited")
    if _new_participants(followup) >= _room_size(followup) + EXTRA_NEW_PARTICIPANTS:
        raise EngineError("full", FULL)
    token = secrets.token_urlsafe(18)
    found = FollowupParticipant(followup_id=followup.id, participant_id=None, token_hash=hash_secret(token))
    db.session.add(found)
    db.session.flush()
    return found, token


def _store(participant: FollowupParticipant, exercise: FollowupExercise, stored: Stored) -> None:
    row = db.session.scalar(select(FollowupAnswer).where(
        FollowupAnswer.followup_participant_id == participant.id,
        FollowupAnswer.followup_exercise_id == exercise.id, FollowupAnswer.scene == stored.scene))
    if row is None:
        row = FollowupAnswer(followup_participant_id=participant.id, followup_exercise_id=exercise.id,
                             scene=stored.scene)
        db.session.add(row)
    row.option_id, row.ranking, row.updated = stored.option_id, stored.ranking, utcnow()


def answer(followup: Followup, body, now: datetime | None = None) -> dict:
    """POST /f/<token>/answer: check, pair, store (replacing an earlier answer to the same exercise), commit;
    the answer with what the phone shows next."""
    if is_closed(followup, now):
        raise EngineError("closed", CLOSED)
    if not isinstance(body, dict) or not isinstance(body.get("exercise"), str) \
            or not (body.get("participant") is None or isinstance(body.get("participant"), str)):
        raise EngineError("invalid")
    exercise = exercise_of(followup, body["exercise"])
    shape = shape_of(exercise.kind, exercise.content)
    stored = kind_call(shape.parse, kind_of(exercise.kind), exercise.content, body)  # a kind's refusal: its code
    for attempt in (1, 2):  # two first answers of one phone at the same moment: the second finds the first's row
        try:
            participant, participant_token = _participant(followup, body.get("participant"))
            if not _buckets("answers", ANSWERS_BURST, ANSWERS_PER_SECOND).take((followup.id, participant.id)):
                raise EngineError("rate_limited")
            _store(participant, exercise, stored)
            db.session.commit()
            break
        except IntegrityError:
            db.session.rollback()
            if attempt == 2:
                raise EngineError("rate_limited") from None
    return {"ok": True, "participant": participant_token,
            "revealed": shape.revealed(kind_of(exercise.kind), exercise.content, stored)}


# --- privacy ----------------------------------------------------------------------------------------------------

def forget_tokens(workshop_ids) -> int:
    """Retention of identities: the follow-up participants of these workshops (a select of ids) are no longer
    linked to a phone (their answers stay, anonymous; a pairing already made stays as a plain number).
    Returns how many were forgotten; the caller commits."""
    followups = select(Followup.id).where(Followup.workshop_id.in_(workshop_ids))
    return db.session.execute(update(FollowupParticipant).where(
        FollowupParticipant.followup_id.in_(followups), FollowupParticipant.token_hash.is_not(None))
        .values(token_hash=None).execution_options(synchronize_session=False)).rowcount

"""Joining a workshop as a participant (by token, so a phone carries on where it was) or as its projector."""
from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass, field

from sqlalchemy import select

from workshop.engine import recap, views
from workshop.engine.bulk import insert_with_ids
from workshop.engine.capacity import Seats
from workshop.engine.lookup import normalise_code, workshop_by_code
from workshop.errors import EngineError
from workshop.join_codes import looks_like_a_code
from workshop.models import Participant, Workshop, db, hash_secret
from workshop.result import PRESENCE, Result
from workshop.text import clean_line, is_blank

NAME_MAX = 40


def _clean_name(name: str | None) -> str | None:
    if name is None:
        return None
    name = clean_line(name)
    if len(name) > NAME_MAX:
        raise EngineError("invalid")
    return None if is_blank(name) else name


@dataclass(frozen=True)
class JoinRequest:
    code: str
    token: str | None
    name: str | None
    allow_new: bool = True  # False once a socket made its share of identities: then only a known token joins


@dataclass
class _NewParticipant:
    """A participant this batch adds: its row is written with the batch's others in one statement."""
    row: dict
    id: int | None = field(default=None)

    @property
    def name(self) -> str | None:
        return self.row["name"]


EMPTY_ME = {"tips": [], "upvoted": [], "vote": None, "votes": {}, "rankings": {}}


def _workshops_by_code(codes) -> dict[str, Workshop]:
    valid = {c for c in codes if looks_like_a_code(c)}
    if not valid:
        return {}
    return {w.code: w for w in db.session.scalars(select(Workshop).where(Workshop.code.in_(valid)))}


def _known_participants(requests, workshops) -> dict[tuple[int, str], Participant]:
    """(workshop id, token hash) -> participant, for every request that brought a token, in one query."""
    hashes = {hash_secret(r.token) for r in requests if r.token}
    if not hashes or not workshops:
        return {}
    found = db.session.scalars(select(Participant).where(
        Participant.token_hash.in_(hashes), Participant.workshop_id.in_([w.id for w in workshops.values()])))
    return {(p.workshop_id, p.token_hash): p for p in found}


def record_joins(requests: list[JoinRequest]) -> list:
    """Join many phones in one transaction (the group-commit writer calls this with every join that arrived
    together: a join storm after a Wi-Fi blip costs a handful of commits). Each request gets its own outcome, a
    Result or an EngineError; the snapshot (state, tips, tally) is read once per workshop after the commit."""
    workshops = _workshops_by_code({normalise_code(r.code) for r in requests})
    known = _known_participants(requests, workshops)
    seats = Seats()
    plans: list = []  # per request: EngineError, or (workshop, participant, token, is_new)
    new: list[_NewParticipant] = []
    for request in requests:
        workshop = workshops.get(normalise_code(request.code))
        participant = known.get((workshop.id, hash_secret(request.token))) if workshop and request.token else None
        try:
            if workshop is None:
                raise EngineError("unknown_code")
            if workshop.status == "ended" and participant is None:
                raise EngineError("ended")  # only those who took part get back in, read-only, for their recap
            name = _clean_name(request.name) if workshop.status != "ended" else None
        except EngineError as error:
            plans.append(error)
            continue
        token = request.token
        if participant is None and not request.allow_new:
            plans.append(EngineError("rate_limited"))
            continue
        if participant is None:
            try:
                seats.take(workshop)  # a returning token always gets back in; a new one only while places are left
            except EngineError as error:
                plans.append(error)
                continue
        if participant is None:
            token = secrets.token_urlsafe(24)
            participant = _NewParticipant({"workshop_id": workshop.id, "token_hash": hash_secret(token), "name": name})
            new.append(participant)
            plans.append((workshop, participant, token, True))
        else:
            if name is not None and name != participant.name:
                participant.name = name
            plans.append((workshop, participant, token, False))
    for participant, participant_id in zip(new, insert_with_ids(Participant.__table__, [p.row for p in new])):
        participant.id = participant_id
    db.session.commit()
    snapshots: dict[int, tuple] = {}
    returning = [(plan[1], plan[0]) for plan in plans if not isinstance(plan, EngineError) and not plan[3]]
    mine = views.me_views(returning)
    outcomes = []
    for plan in plans:
        if isinstance(plan, EngineError):
            outcomes.append(plan)
            continue
        workshop, participant, token, is_new = plan
        if workshop.id not in snapshots:
            snapshots[workshop.id] = (views.participant_state(workshop, phones=True), views.tips_message(workshop),
                                      views.tally_message(workshop, for_participants=True),
                                      views.cloud_message(workshop))
        state, tips, tally, cloud = snapshots[workshop.id]
        me = EMPTY_ME if is_new else mine[participant.id]
        if workshop.status == "ended":
            me = me | {"recap": recap.my_recap(workshop, participant)}
        outcomes.append(Result({"participant": {"id": participant.id, "name": participant.name, "token": token},
                                "state": state | {"me": me}, "tips": tips, "tally": tally,
                                "cloud": cloud},
                               workshop.code, frozenset({PRESENCE}) if is_new else frozenset()))
    return outcomes


def join(code: str, token: str | None, name: str | None, allow_new: bool = True) -> Result:
    """Restore the participant behind `token`, or make a new one (`rate_limited` unless `allow_new`).
    Ack data: participant, state P with me, T, Y. An ended workshop lets in only a known token, read-only: its
    state carries the room's `recap` and `me.recap` the participant's own."""
    outcome = record_joins([JoinRequest(code, token, name, allow_new)])[0]
    if isinstance(outcome, EngineError):
        raise outcome
    return outcome


def screen(code: str, key: str) -> Result:
    """The projector's snapshot; the key must be the workshop's screen key."""
    workshop = workshop_by_code(code)
    if not hmac.compare_digest(key.encode("utf-8"), workshop.screen_key.encode("utf-8")):
        raise EngineError("forbidden")
    return Result({"state": views.participant_state(workshop), "tips": views.tips_message(workshop),
                   "tally": views.tally_message(workshop, for_participants=False),
                   "cloud": views.cloud_message(workshop)}, workshop.code)

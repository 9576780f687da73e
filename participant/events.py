"""Participant Socket.IO events: join, tip, word, upvote, vote, rate, order. Thin: parse, call the engine, ack."""
from __future__ import annotations

from flask import current_app, session
from flask_socketio import join_room, leave_room

from workshop import engine
from workshop.broadcast import PARTICIPANTS, room
from workshop.engine.seats import bound_participant, participant_seal
from workshop.limits import ACTIONS_BURST, ACTIONS_PER_SECOND, NEW_IDENTITIES_PER_SOCKET, Buckets, limit_code_guesses
from workshop.socket_actions import (
    OPTIONAL,
    acknowledged,
    join_writer,
    parse,
    register_handlers,
    vote_writer,
    word_writer,
)


def actions() -> Buckets:
    """This app's token buckets per participant: tips, upvotes and votes."""
    return current_app.extensions.setdefault("klantwijs_actions", Buckets(ACTIONS_BURST, ACTIONS_PER_SECOND))


def _participant_id():
    """The socket's participant, if that row is still the one this socket joined as (same workshop, same token):
    a socket never acts for a row that now belongs to someone else. `rate_limited` beyond the participant's pace."""
    participant_id = bound_participant(session.get("participant_id"), session.get("participant_seal"))
    if participant_id is not None and not actions().take(participant_id):
        raise engine.EngineError("rate_limited")
    return participant_id


@acknowledged
def on_join(data=None):
    fields = parse(data, code=str, token=(str, OPTIONAL), name=(str, OPTIONAL))
    made = session.get("identities", 0)
    allow_new = made < NEW_IDENTITIES_PER_SOCKET  # one socket cannot make a crowd of voters
    request = engine.JoinRequest(fields["code"], fields["token"], fields["name"], allow_new)
    result = limit_code_guesses(lambda: join_writer.submit(request))
    if result.data["participant"]["token"] != fields["token"]:
        session["identities"] = made + 1
    if session.get("room") and session["room"] != room(PARTICIPANTS, result.code):
        leave_room(session["room"])
    session["participant_id"] = result.data["participant"]["id"]
    session["participant_seal"] = participant_seal(result.data["participant"]["id"])
    session["room"] = room(PARTICIPANTS, result.code)
    join_room(session["room"])
    return result


@acknowledged
def on_tip(data=None):
    fields = parse(data, text=str, client_id=(str, OPTIONAL))
    if fields["client_id"] is not None and len(fields["client_id"]) > 64:
        raise engine.EngineError("invalid")
    return engine.submit_tip(_participant_id(), fields["text"], fields["client_id"])


@acknowledged
def on_word(data=None):
    """A word-cloud entry; like a tip, idempotent on the phone's own `client_id`. Like votes, words of a room go
    through one writer in batches (one transaction each); the seal is checked in the batch."""
    fields = parse(data, text=str, client_id=(str, OPTIONAL))
    if fields["client_id"] is not None and len(fields["client_id"]) > 64:
        raise engine.EngineError("invalid")
    participant_id, participant_seal_ = session.get("participant_id"), session.get("participant_seal")
    if not isinstance(participant_id, int) or not participant_seal_:
        raise engine.EngineError("not_joined")
    if not actions().take(participant_id):
        raise engine.EngineError("rate_limited")
    return word_writer.submit(engine.WordRequest(participant_id, fields["text"], fields["client_id"],
                                                 participant_seal_))


@acknowledged
def on_upvote(data=None):
    fields = parse(data, tip_id=int, on=bool)
    return engine.upvote(_participant_id(), fields["tip_id"], fields["on"])


def _answer(value, event: str):
    """A vote, rating or ordering through the group-commit batch; the seal is checked inside the batch (one query
    for the whole burst), not per answer here."""
    participant_id, participant_seal_ = session.get("participant_id"), session.get("participant_seal")
    if not isinstance(participant_id, int) or not participant_seal_:
        raise engine.EngineError("not_joined")
    if not actions().take(participant_id):
        raise engine.EngineError("rate_limited")
    return vote_writer.submit(engine.VoteRequest(participant_id, value, participant_seal_, event))


@acknowledged
def on_vote(data=None):
    return _answer(parse(data, option=str)["option"], "vote")


@acknowledged
def on_rate(data=None):
    """A scale: `{"value": int}`, changeable while open."""
    return _answer(parse(data, value=int)["value"], "rate")


MAX_ITEMS = 20


@acknowledged
def on_order(data=None):
    """An order exercise: `{"items": [item ids]}`, a permutation of every item; changeable while open."""
    items = parse(data, items=list)["items"]
    if len(items) > MAX_ITEMS or not all(isinstance(item, str) and len(item) <= 40 for item in items):
        raise engine.EngineError("invalid")
    return _answer(items, "order")


def register(socketio) -> None:
    register_handlers(socketio, {"join": on_join, "tip": on_tip, "word": on_word, "upvote": on_upvote,
                                 "vote": on_vote, "rate": on_rate, "order": on_order})

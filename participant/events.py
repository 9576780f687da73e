"""Participant Socket.IO events: join, tip, upvote, vote. Thin: parse, call the engine, ack."""
from __future__ import annotations

from flask import session
from flask_socketio import join_room, leave_room

from workshop import engine
from workshop.broadcast import PARTICIPANTS, room
from workshop.engine.seats import bound_participant, participant_seal
from workshop.extensions import socketio
from workshop.socket_actions import OPTIONAL, acknowledged, parse, vote_writer


def _participant_id():
    """The socket's participant, if that row is still the one this socket joined as (same workshop, same token):
    a socket never acts for a row that now belongs to someone else."""
    return bound_participant(session.get("participant_id"), session.get("participant_seal"))


@socketio.on("join")
@acknowledged
def on_join(data=None):
    fields = parse(data, code=str, token=(str, OPTIONAL), name=(str, OPTIONAL))
    result = engine.join(fields["code"], fields["token"], fields["name"])
    if session.get("room") and session["room"] != room(PARTICIPANTS, result.code):
        leave_room(session["room"])
    session["participant_id"] = result.data["participant"]["id"]
    session["participant_seal"] = participant_seal(result.data["participant"]["id"])
    session["room"] = room(PARTICIPANTS, result.code)
    join_room(session["room"])
    return result


@socketio.on("tip")
@acknowledged
def on_tip(data=None):
    fields = parse(data, text=str, client_id=(str, OPTIONAL))
    if fields["client_id"] is not None and len(fields["client_id"]) > 64:
        raise engine.EngineError("invalid")
    return engine.submit_tip(_participant_id(), fields["text"], fields["client_id"])


@socketio.on("upvote")
@acknowledged
def on_upvote(data=None):
    fields = parse(data, tip_id=int, on=bool)
    return engine.upvote(_participant_id(), fields["tip_id"], fields["on"])


@socketio.on("vote")
@acknowledged
def on_vote(data=None):
    fields = parse(data, option=str)
    return vote_writer.submit(engine.VoteRequest(_participant_id(), fields["option"]))

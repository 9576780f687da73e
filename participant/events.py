"""Participant Socket.IO events: join, tip, upvote, vote. Thin: parse, call the engine, ack."""
from __future__ import annotations

from flask import session
from flask_socketio import join_room, leave_room

from workshop import engine
from workshop.broadcast import PARTICIPANTS, room
from workshop.socket_actions import OPTIONAL, acknowledged, join_writer, parse, register_handlers, vote_writer


def _participant_id():
    return session.get("participant_id")


@acknowledged
def on_join(data=None):
    fields = parse(data, code=str, token=(str, OPTIONAL), name=(str, OPTIONAL))
    result = join_writer.submit(engine.JoinRequest(fields["code"], fields["token"], fields["name"]))
    if session.get("room") and session["room"] != room(PARTICIPANTS, result.code):
        leave_room(session["room"])
    session["participant_id"] = result.data["participant"]["id"]
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
def on_upvote(data=None):
    fields = parse(data, tip_id=int, on=bool)
    return engine.upvote(_participant_id(), fields["tip_id"], fields["on"])


@acknowledged
def on_vote(data=None):
    fields = parse(data, option=str)
    return vote_writer.submit(engine.VoteRequest(_participant_id(), fields["option"]))


def register(socketio) -> None:
    register_handlers(socketio, {"join": on_join, "tip": on_tip, "upvote": on_upvote, "vote": on_vote})

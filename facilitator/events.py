"""Projector and control-page Socket.IO events. Thin: parse, call the engine, join rooms, ack."""
from __future__ import annotations

from flask_login import current_user
from flask_socketio import join_room

from workshop import engine
from workshop.broadcast import CONTROL, PROJECTOR, TRAINER, broadcaster, room
from workshop.engine import EngineError, Result, views
from workshop.socket_actions import acknowledged, parse, register_handlers


@acknowledged
def on_screen(data=None):
    fields = parse(data, code=str, key=str)
    result = engine.screen(fields["code"], fields["key"])
    join_room(room(PROJECTOR, result.code))
    return result


@acknowledged
def on_control(data=None):
    """The control page (logged-in trainer): the projector's messages plus `moderation`."""
    fields = parse(data, code=str)
    if not current_user.is_authenticated:
        raise EngineError("unauthorized")
    workshop = engine.workshop_of_organisation(fields["code"], current_user.organisation_id)
    join_room(room(PROJECTOR, workshop.code))
    join_room(room(CONTROL, workshop.code))
    join_room(room(TRAINER, str(current_user.id)))  # closed when the trainer's sessions end
    return Result({"workshop": views.workshop_state(workshop), "state": views.participant_state(workshop),
                   "tips": views.tips_message(workshop),
                   "tally": views.tally_message(workshop, for_participants=False),
                   "moderation": views.moderation_message(workshop), "cloud": views.cloud_message(workshop)},
                  workshop.code)


@acknowledged
def on_blank(data=None):
    """The control page blanks the projector (a clicker's "b" or "."), or brings it back: a passing display
    state, not workshop data, so nothing is stored; a projector that reconnects shows the exercise again."""
    fields = parse(data, code=str, on=bool)
    if not current_user.is_authenticated:
        raise EngineError("unauthorized")
    workshop = engine.workshop_of_organisation(fields["code"], current_user.organisation_id)
    broadcaster.blank(workshop.code, fields["on"])
    return Result({"on": fields["on"]}, workshop.code)


def register(socketio) -> None:
    register_handlers(socketio, {"screen": on_screen, "control": on_control, "blank": on_blank})

"""/api/v1: JSON for trainers' scripts and for the control page. Thin: parse, call the engine, answer."""
from __future__ import annotations

from flask import Blueprint, g, jsonify

from facilitator import api_errors
from facilitator.access import api_trainer_required, own_workshop
from facilitator.api_errors import json_object
from workshop import engine, timers
from workshop import exercise_store as store
from workshop.broadcast import broadcaster
from workshop.engine.results import results_document
from workshop.engine.teams import set_team
from workshop.engine.views import workshop_state
from workshop.errors import EngineError
from workshop.links import control_url, join_url, screen_url
from workshop.result import STATE

blueprint = Blueprint("api", __name__, url_prefix="/api/v1")

api_errors.register(blueprint)


def usable() -> dict:
    """The exercises the calling trainer may use: the library and their organisation's own."""
    return store.exercises_for(g.trainer.organisation_id)


def created(workshop):
    return jsonify({"code": workshop.code, "join_url": join_url(workshop.code),
                    "screen_url": screen_url(workshop.code, workshop.screen_key),
                    "control_url": control_url(workshop.code)}), 201


@blueprint.post("/workshops")
@api_trainer_required
def create_workshop():
    body = json_object()
    return created(engine.create_workshop(g.trainer, body.get("title"), body.get("exercises"), usable(),
                                          body.get("language"), team=body.get("team"),
                                          max_participants=body.get("max_participants")))


@blueprint.post("/workshops/<code>/duplicate")
@api_trainer_required
def duplicate_workshop(code: str):
    return created(engine.duplicate_workshop(g.trainer, own_workshop(code)))


@blueprint.put("/workshops/<code>/exercises")
@api_trainer_required
def set_workshop_exercises(code: str):
    workshop = engine.set_sequence(own_workshop(code), json_object().get("exercises"), usable())
    broadcaster.changed(workshop.code, frozenset({STATE}))
    return jsonify(workshop_state(workshop))


@blueprint.get("/workshops/<code>")
@api_trainer_required
def get_workshop(code: str):
    return jsonify(workshop_state(own_workshop(code)))


@blueprint.patch("/workshops/<code>")
@api_trainer_required
def change_workshop(code: str):
    """`{"team": str | null}`: the workshop's team (the one field that can change after creation)."""
    body = json_object()
    if set(body) != {"team"}:
        raise EngineError("invalid")
    return jsonify(workshop_state(set_team(own_workshop(code), body["team"])))


@blueprint.post("/workshops/<code>/control")
@api_trainer_required
def control_workshop(code: str):
    workshop = own_workshop(code)
    result = engine.control(workshop, json_object())
    broadcaster.changed(result.code, result.changed)
    timers.watch_after(result)
    return jsonify(result.data)


@blueprint.get("/workshops/<code>/results")
@api_trainer_required
def workshop_results(code: str):
    return jsonify(results_document(own_workshop(code)))

"""/api/v1/exercises: the library plus the organisation's own exercises; writing, importing and exporting its own.
Thin: parse, call workshop/exercise_store.py, answer."""
from __future__ import annotations

from flask import Blueprint, Response, g, jsonify, request

from facilitator import api_errors
from facilitator.access import api_trainer_required
from facilitator.api_errors import json_object
from workshop import exercise_store as store

blueprint = Blueprint("exercises_api", __name__, url_prefix="/api/v1")
api_errors.register(blueprint)


def _organisation() -> int:
    return g.trainer.organisation_id


@blueprint.get("/exercises")
@api_trainer_required
def list_exercises():
    return jsonify([exercise.summary() for exercise in store.exercises_for(_organisation()).values()])


@blueprint.get("/exercises/<exercise_id>")
@api_trainer_required
def get_exercise(exercise_id: str):
    return jsonify(store.find(_organisation(), exercise_id).document())


@blueprint.get("/exercises/<exercise_id>.toml")
@api_trainer_required
def export_exercise(exercise_id: str):
    exercise = store.find(_organisation(), exercise_id)
    return Response(store.export_toml(exercise), mimetype="application/toml",
                    headers={"Content-Disposition": f'attachment; filename="{exercise.id}.toml"'})


@blueprint.post("/exercises")
@api_trainer_required
def create_exercise():
    return jsonify(store.create(_organisation(), json_object()).document()), 201


@blueprint.post("/exercises/import")
@api_trainer_required
def import_exercise():
    return jsonify(store.import_toml(_organisation(), request.get_data(as_text=True)).document()), 201


@blueprint.put("/exercises/<exercise_id>")
@api_trainer_required
def replace_exercise(exercise_id: str):
    return jsonify(store.replace(_organisation(), exercise_id, json_object()).document())


@blueprint.delete("/exercises/<exercise_id>")
@api_trainer_required
def delete_exercise(exercise_id: str):
    store.delete(_organisation(), exercise_id)
    return "", 204


@blueprint.post("/exercises/<exercise_id>/duplicate")
@api_trainer_required
def duplicate_exercise(exercise_id: str):
    return jsonify(store.duplicate(_organisation(), exercise_id).document()), 201

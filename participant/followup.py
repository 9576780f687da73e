"""The follow-up on the participant's phone (/f/<token>): no account, no socket, plain HTTP. Thin: look up, call
workshop/followup, render or answer JSON."""
from __future__ import annotations

from flask import Blueprint, jsonify, render_template, request

from exercises.kinds import Phase, kind_of
from workshop.errors import EngineError, http_status
from workshop.extensions import use_workshop_language
from workshop.followup import results, service
from workshop.followup.answers import shape_of
from workshop.models import db
from workshop.qr import svg_response

blueprint = Blueprint("followup", __name__, template_folder="templates")



@blueprint.errorhandler(EngineError)
def followup_error(error: EngineError):
    db.session.rollback()
    return jsonify({"ok": False} | error.as_dict()), http_status(error.code)


@blueprint.after_request
def private(response):
    """The token is in the URL: no referrer, no index, no shared cache (closing must take effect at once)."""
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


def phone_view(exercise) -> dict:
    """What the phone needs of one exercise: the kind's public view (never the trainer's notes, never the
    explanations: they come with the answer) and the field its answer goes in."""
    view = kind_of(exercise.kind).public_view(exercise.content, Phase.OPEN)
    return view | {"id": exercise.exercise_id, "title": exercise.title,
                   "field": shape_of(exercise.kind, exercise.content).field}


@blueprint.get("/f/<token>")
def followup_page(token: str):
    try:
        followup = service.followup_by_token(token)
    except EngineError as error:
        if request.accept_mimetypes.best == "application/json":
            raise
        return render_template("not_found.html", message=error.message), 404
    workshop = followup.workshop
    use_workshop_language(workshop.language)
    if service.is_closed(followup):
        return render_template("participant/followup_closed.html", workshop=workshop, followup=followup), 410
    return render_template("participant/followup.html", workshop=workshop, followup=followup,
                           exercises=[phone_view(e) for e in followup.exercises])


def _body() -> dict:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise EngineError("invalid")
    return body


def _followup(token: str):
    """The follow-up of the link; its workshop's language for the messages (unless ?lang= asks otherwise)."""
    followup = service.followup_by_token(token)
    use_workshop_language(followup.workshop.language)
    return followup


@blueprint.post("/f/<token>/answer")
def post_answer(token: str):
    return jsonify(service.answer(_followup(token), _body()))


@blueprint.post("/f/<token>/recap")
def my_recap(token: str):
    """The closing page's "toen en nu": body {"participant": token or null}."""
    followup = _followup(token)
    participant = service.find_participant(followup, _body().get("participant"), pair=False)
    return jsonify({"ok": True} | results.my_recap(followup, participant))


@blueprint.get("/f/<token>/qr.svg")
def followup_qr(token: str):
    try:
        followup = service.followup_by_token(token)
    except EngineError:
        return jsonify(EngineError("not_found").as_dict()), 404
    return svg_response(results.followup_url(followup))

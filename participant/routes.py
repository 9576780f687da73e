"""Participant pages. Thin: look the workshop up, render."""
from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, redirect, render_template, request, url_for

from workshop.engine import EngineError, views, workshop_by_code
from workshop.extensions import use_workshop_language
from workshop.health import health, metrics_text
from workshop.limits import limit_code_guesses, workshop_for_page
from workshop.links import join_url
from workshop.metrics import allowed
from workshop.qr import svg_response

blueprint = Blueprint("participant", __name__, template_folder="templates")


@blueprint.get("/")
def landing():
    return render_template("participant/landing.html")


@blueprint.get("/join")
def join_form():
    """The landing page's code field submits here."""
    code = request.args.get("code", "").strip().upper().replace(" ", "")
    return redirect(url_for("participant.join_page", code=code or "-"))


@blueprint.get("/j/<code>")
def join_page(code: str):
    try:
        workshop = limit_code_guesses(lambda: workshop_by_code(code))
    except EngineError as error:
        if error.code == "rate_limited":
            abort(429)
        return render_template("not_found.html", unknown_code=code), 404
    use_workshop_language(workshop.language)
    # The current exercise goes into the HTML: the phone shows it before the socket connects, and nothing moves
    # when the script takes over (the same elements, the same text).
    run = views.current_run(workshop) if workshop.status == "live" else None
    return render_template("participant/join.html", workshop=workshop, ex=views.exercise_view(run) if run else None)


@blueprint.get("/qr/<code>.svg")
def qr_code(code: str):
    return svg_response(join_url(workshop_for_page(code).code))  # an unknown code is a guess, as at /j/


@blueprint.get("/privacy")
def privacy():
    return render_template("participant/privacy.html")


@blueprint.get("/healthz")
def healthz():
    return health()


@blueprint.get("/metrics")
def metrics():
    """Prometheus text for whoever holds KLANTWIJS_METRICS_TOKEN; for anyone else the route does not exist."""
    if not allowed(current_app.config.get("METRICS_TOKEN"), request.headers.get("Authorization")):
        abort(404)
    body, content_type = metrics_text()
    return Response(body, content_type=content_type, headers={"Cache-Control": "no-store"})

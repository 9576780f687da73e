"""The trainer's side of the follow-up ("opfrisser"): /api/v1/workshops/<code>/followup (JSON) and the pages
(make one from a workshop's page or its results page, see its link, QR code and figures). Thin: parse, call
workshop/followup, answer."""
from __future__ import annotations

from flask import Blueprint, flash, g, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from facilitator import api_errors
from facilitator.access import api_trainer_required, own_workshop, own_workshop_or_404
from facilitator.api_errors import json_object
from workshop import exercise_store as store
from workshop.engine import EngineError
from workshop.followup import results, service
from workshop.models import db

api = Blueprint("followup_api", __name__, url_prefix="/api/v1")
api_errors.register(api)
pages = Blueprint("followup_pages", __name__, template_folder="templates")


@api.post("/workshops/<code>/followup")
@api_trainer_required
def create_followup(code: str):
    body = json_object()
    followup = service.create_followup(own_workshop(code), body.get("exercises"), body.get("days"),
                                       store.exercises_for(g.trainer.organisation_id))
    return jsonify({"token": followup.token, "url": results.followup_url(followup),
                    "closes": results.iso_utc(followup.closes)}), 201


@api.get("/workshops/<code>/followup")
@api_trainer_required
def list_followups(code: str):
    return jsonify({"followups": [results.followup_results(f) for f in service.followups_of(own_workshop(code))]})


# --- pages --------------------------------------------------------------------------------------------------

@pages.app_template_global()
def followup_panel(workshop) -> dict:
    """What the "Opfrisser versturen" panel on a workshop's pages needs: its follow-ups, the exercises a follow-up
    may hold (the workshop's own first) and which are ticked by default."""
    return {"followups": [(f, results.participants(f)) for f in service.followups_of(workshop)],
            "candidates": service.candidates(workshop, store.exercises_for(workshop.organisation_id)),
            "own": {run.exercise_id for run in workshop.runs}, "defaults": set(service.default_exercises(workshop)),
            "days": service.DAYS_DEFAULT, "days_min": service.DAYS_MIN, "days_max": service.DAYS_MAX}


@pages.post("/facilitator/workshops/<code>/followups")
@login_required
def make_followup(code: str):
    workshop = own_workshop_or_404(code)
    try:
        followup = service.create_followup(workshop, request.form.getlist("exercises"),
                                           request.form.get("days", "").strip() or None,
                                           store.exercises_for(current_user.organisation_id))
    except EngineError as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(_back(workshop, request.form.get("from")))
    flash(_("De opfrisser is klaar. Deel de link of laat de QR-code zien."), "info")
    return redirect(url_for("followup_pages.followup_page", code=workshop.code, token=followup.token))


def _back(workshop, origin) -> str:
    if origin == "results":
        return url_for("archive.workshop_page", code=workshop.code)
    return url_for("facilitator.control_page", code=workshop.code)


@pages.get("/facilitator/workshops/<code>/followups/<token>")
@login_required
def followup_page(code: str, token: str):
    workshop = own_workshop_or_404(code)
    followup = next((f for f in service.followups_of(workshop) if f.token == token), None)
    if followup is None:
        return render_template("not_found.html"), 404
    return render_template("facilitator/followup.html", workshop=workshop, followup=followup,
                           figures=results.followup_results(followup), closed=service.is_closed(followup))

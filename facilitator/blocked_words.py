"""The organisation's own blocked words: entries that hold one wait for the trainer's approval (moderation before
the wall), beside the shipped Dutch and English lists. A settings page and its API twin. Thin: parse, call, answer."""
from __future__ import annotations

from flask import Blueprint, flash, g, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from facilitator import api_errors
from facilitator.access import api_trainer_required
from facilitator.api_errors import json_object
from workshop.engine import EngineError
from workshop.extensions import csrf
from workshop.models import Organisation, db
from workshop.moderation import save_blocked_words

blueprint = Blueprint("blocked_words", __name__)


def _stored(organisation_id: int) -> str:
    return db.session.get(Organisation, organisation_id).blocked_words or ""


@blueprint.route("/facilitator/blocked-words", methods=["GET", "POST"])
@login_required
def page():
    status = 200
    text = _stored(current_user.organisation_id)
    if request.method == "POST":
        text = request.form.get("words", "")
        try:
            save_blocked_words(current_user.organisation_id, text)
            flash(_("De woordenlijst is opgeslagen."), "info")
            return redirect(url_for("blocked_words.page"))
        except EngineError as error:
            db.session.rollback()
            flash(error.message, "error")
            status = 400
    return render_template("facilitator/blocked_words.html", words=text), status


@blueprint.get("/api/v1/blocked-words")
@api_trainer_required
def get_words():
    return jsonify({"words": _stored(g.trainer.organisation_id).splitlines()})


@blueprint.put("/api/v1/blocked-words")
@api_trainer_required
def put_words():
    """The API checks CSRF itself for cookie sessions (access.py); bearer tokens need none."""
    body = json_object()
    words = body.get("words")
    if not isinstance(words, list) or not all(isinstance(word, str) for word in words):
        raise EngineError("invalid_word_list")
    return jsonify({"words": save_blocked_words(g.trainer.organisation_id, "\n".join(words)).splitlines()})


api_errors.register(blueprint)


csrf.exempt(put_words)

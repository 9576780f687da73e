"""Trainer management pages: the trainer's own account (password, API tokens), the admin's Team page (invite,
disable, enable, reset a password by link) and the one-time link page. Thin: forms, domain calls, rendering.

A one-time link is shown once, on the page that made it (never in a flash message, which travels in the cookie).
"""
from __future__ import annotations

import functools

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user

from facilitator import invitations
from workshop import accounts
from workshop.accounts import AccountError
from workshop.links import public_base
from workshop.models import Trainer, db

blueprint = Blueprint("team", __name__, template_folder="templates")


@blueprint.after_request
def not_stored(response):
    """These pages show secrets once (a new API token, an invitation or reset link): no cache keeps a copy."""
    response.headers["Cache-Control"] = "no-store"
    return response


def me() -> Trainer:
    return current_user._get_current_object()


def admin_required(view):
    @functools.wraps(view)
    @login_required
    def wrapper(*args, **kwargs):
        if not current_user.is_admin:
            abort(403)
        return view(*args, **kwargs)
    return wrapper


def render_account(status: int = 200, new_token: str | None = None):
    return render_template("facilitator/account.html", tokens=accounts.tokens_of(me()), new_token=new_token), status


@blueprint.get("/facilitator/account")
@login_required
def account():
    return render_account()


@blueprint.post("/facilitator/account/password")
@login_required
def change_password():
    form = request.form
    try:
        if form.get("new", "") != form.get("repeat", ""):
            raise AccountError(_("De twee nieuwe wachtwoorden zijn niet gelijk."))
        accounts.change_password(me(), form.get("current", ""), form.get("new", ""))
    except AccountError as error:
        db.session.rollback()
        flash(str(error), "error")
        return render_account(400)
    login_user(me())  # this session goes on under the new session version; every other one has ended
    flash(_("Je nieuwe wachtwoord is opgeslagen. Je andere sessies zijn beëindigd."), "info")
    return redirect(url_for("team.account"))


@blueprint.post("/facilitator/account/tokens")
@login_required
def new_token():
    return render_account(new_token=accounts.issue_token(me()))


@blueprint.post("/facilitator/account/tokens/<int:token_id>/revoke")
@login_required
def revoke_token(token_id: int):
    if not accounts.revoke_token(me(), token_id):
        abort(404)
    flash(_("De API-sleutel is ingetrokken."), "info")
    return redirect(url_for("team.account"))


def render_team(status: int = 200, link: str | None = None, link_for: str | None = None):
    return render_template("facilitator/team.html", colleagues=accounts.colleagues(current_user.organisation_id),
                           pending=invitations.pending_invitations(current_user.organisation_id),
                           link=link, link_for=link_for), status


def colleague(trainer_id: int) -> Trainer:
    found = db.session.get(Trainer, trainer_id)
    if found is None or found.organisation_id != current_user.organisation_id:
        abort(404)
    return found


def link_url(token: str) -> str:
    return f"{public_base()}{url_for('team.invitation', token=token)}"


@blueprint.get("/facilitator/team")
@admin_required
def team():
    return render_team()


@blueprint.post("/facilitator/team/invite")
@admin_required
def invite():
    try:
        token = invitations.invite(me(), request.form.get("email", ""))
    except AccountError as error:
        db.session.rollback()
        flash(str(error), "error")
        return render_team(400)
    return render_team(link=link_url(token), link_for=accounts.normalise_email(request.form.get("email", "")))


@blueprint.post("/facilitator/team/<int:trainer_id>/reset")
@admin_required
def reset(trainer_id: int):
    found = colleague(trainer_id)
    return render_team(link=link_url(invitations.reset_link(found)), link_for=found.email)


@blueprint.post("/facilitator/team/<int:trainer_id>/<any(disable, enable):change>")
@admin_required
def disable(trainer_id: int, change: str):
    found = colleague(trainer_id)
    if found.id == current_user.id:
        flash(_("Je kunt jezelf niet uitschakelen."), "error")
        return render_team(400)
    accounts.set_disabled(found, change == "disable")
    flash(_("%(email)s is uitgeschakeld.", email=found.email) if change == "disable"
          else _("%(email)s kan weer inloggen.", email=found.email), "info")
    return redirect(url_for("team.team"))


@blueprint.route("/facilitator/invite/<token>", methods=["GET", "POST"])
def invitation(token: str):
    found = invitations.open_invitation(token)
    if found is None:
        return render_template("error.html", title=_("Link verlopen"),
                               message=_("Deze link is al gebruikt of verlopen. "
                                         "Vraag je beheerder om een nieuwe.")), 404
    status = 200
    if request.method == "POST":
        form = request.form
        try:
            if form.get("new", "") != form.get("repeat", ""):
                raise AccountError(_("De twee nieuwe wachtwoorden zijn niet gelijk."))
            trainer = invitations.redeem(found, form.get("new", ""))
        except AccountError as error:
            db.session.rollback()
            flash(str(error), "error")
            status = 400
        else:
            login_user(trainer)
            flash(_("Welkom! Je wachtwoord is ingesteld."), "info")
            return redirect(url_for("facilitator.dashboard"))
    return render_template("facilitator/invite.html", invitation=found), status

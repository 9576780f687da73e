"""Trainer pages: login, logout, dashboard, the control page and the projector page. Thin: forms and rendering."""
from __future__ import annotations

import hmac

from flask import Blueprint, abort, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from limits import parse
from sqlalchemy import func, select

from exercises.kinds import KINDS, tag_labels
from facilitator.access import own_workshop_or_404
from facilitator.archive.pages import parse_page
from workshop import branding, engine
from workshop import exercise_store as store
from workshop.accounts import authenticate, end_sessions, normalise_email
from workshop.engine import EngineError, views
from workshop.engine.capacity import FAST_JOINS
from workshop.extensions import use_workshop_language
from workshop.limits import FailureLimit, LimitReached, client_address, workshop_for_page
from workshop.links import join_url, screen_url
from workshop.models import Organisation, Workshop, db
from workshop.redirects import safe_next

blueprint = Blueprint("facilitator", __name__, template_folder="templates")

# Failed logins within 15 minutes before further attempts from that client address get 429 (also with the right
# password): per e-mail address, so that an attacker elsewhere cannot lock the trainer out, and per address.
LOGIN_FAILURES_PER_EMAIL = "10 per 15 minutes"
LOGIN_FAILURES_PER_ADDRESS = "30 per 15 minutes"
WORKSHOPS_PER_PAGE = 50  # on the dashboard


def fresh_csrf_token() -> None:
    """Forget this session's CSRF token: the next form gets a new one, so each login attempt needs its own."""
    session.pop("csrf_token", None)
    g.pop("csrf_token", None)


def email_and_address() -> str:
    return f"{normalise_email(request.form.get('email', ''))[:254]}/{client_address()}"


failures_per_email = FailureLimit("login-email", parse(LOGIN_FAILURES_PER_EMAIL), key=email_and_address)
failures_per_address = FailureLimit("login-address", parse(LOGIN_FAILURES_PER_ADDRESS))


def checked_login():
    """The trainer for the form's e-mail address and password, or None. The attempt holds its place in both
    failure limits before the password is checked (simultaneous attempts cannot all pass a check on arrival) and
    is counted as a failure when it failed; a full limit aborts with 429, also for the right password."""
    try:
        with failures_per_email.attempt(), failures_per_address.attempt():
            trainer = authenticate(request.form.get("email", ""), request.form.get("password", ""))
            if trainer is None:
                failures_per_email.failed()
                failures_per_address.failed()
            return trainer
    except LimitReached:
        abort(429)


@blueprint.route("/facilitator/login", methods=["GET", "POST"])
def login():
    if request.method == "POST":
        fresh_csrf_token()
        trainer = checked_login()
        if trainer is not None:
            login_user(trainer, remember=bool(request.form.get("remember")))
            return redirect(safe_next(request.args.get("next"), url_for("facilitator.dashboard")))
        flash(_("Dit e-mailadres en wachtwoord horen niet bij elkaar."), "error")
        return render_template("facilitator/login.html", email=request.form.get("email", "")), 401
    return render_template("facilitator/login.html", email="")


@blueprint.post("/facilitator/logout")
def logout():
    if current_user.is_authenticated:
        end_sessions(current_user._get_current_object())  # the old session and remember cookies stop working
    logout_user()
    flash(_("Je bent uitgelogd."), "info")
    return redirect(url_for("facilitator.login"))


@blueprint.get("/facilitator/")
@login_required
def dashboard():
    """The organisation's workshops, newest first, a page at a time (an archive import can add hundreds)."""
    own = Workshop.organisation_id == current_user.organisation_id
    pages = max(1, -(-db.session.scalar(select(func.count(Workshop.id)).where(own)) // WORKSHOPS_PER_PAGE))
    page = min(parse_page(request.args.get("page")), pages)
    workshops = db.session.scalars(select(Workshop).where(own).order_by(Workshop.created.desc(), Workshop.id.desc())
                                   .offset((page - 1) * WORKSHOPS_PER_PAGE).limit(WORKSHOPS_PER_PAGE)).all()
    library = list(store.exercises_for(current_user.organisation_id).values())
    return render_template("facilitator/dashboard.html", workshops=workshops, page=page, pages=pages,
                           library=library, kinds=KINDS, tags=tag_labels(),
                           themes=sorted({e.content["theme"] for e in library if e.content.get("theme")}))


@blueprint.post("/facilitator/workshops")
@login_required
def create_workshop():
    exercise_ids = [i for i in request.form.getlist("exercises") if i]
    try:
        workshop = engine.create_workshop(current_user, request.form.get("title", ""), exercise_ids,
                                          store.exercises_for(current_user.organisation_id),
                                          request.form.get("language") or None, team=request.form.get("team"))
    except EngineError as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(url_for("facilitator.dashboard"))
    return redirect(url_for("facilitator.control_page", code=workshop.code))


@blueprint.get("/facilitator/workshops/<code>")
@login_required
def control_page(code: str):
    workshop = own_workshop_or_404(code)
    presenter = [KINDS[run.kind].presenter_view(run.content) for run in workshop.runs]
    return render_template("facilitator/control.html", workshop=workshop, join_url=join_url(workshop.code),
                           fast_joins=FAST_JOINS,
                           screen_url=screen_url(workshop.code, workshop.screen_key), presenter=presenter)


@blueprint.get("/screen/<code>")
def screen_page(code: str):
    workshop = workshop_for_page(code)  # an unknown code is a guess, as at /j/
    key = request.args.get("key", "")
    if not hmac.compare_digest(key.encode("utf-8"), workshop.screen_key.encode("utf-8")):
        return render_template("error.html", title=_("Geen toegang"),
                               message=_("Deze projectorlink klopt niet. Open de projector vanaf de "
                                         "bedieningspagina van de workshop.")), 403
    use_workshop_language(workshop.language)
    # The current exercise's frame goes into the HTML, so nothing jumps when the socket connects.
    run = views.current_run(workshop) if workshop.status == "live" else None
    return render_template("facilitator/screen.html", workshop=workshop, join_url=join_url(workshop.code),
                           ex=views.exercise_view(run) if run else None,
                           participants=views.participant_count(workshop))


@blueprint.route("/facilitator/branding", methods=["GET", "POST"])
@login_required
def branding_page():
    """The organisation's accent colour, for its phones, projector and control pages."""
    organisation = db.session.get(Organisation, current_user.organisation_id)
    status = 200
    if request.method == "POST":
        asked = "" if "reset" in request.form else request.form.get("accent", "")
        try:
            branding.set_accent(organisation.id, asked)
            flash(_("De kleur is opgeslagen."), "info")
            return redirect(url_for("facilitator.branding_page"))
        except EngineError as error:
            db.session.rollback()
            flash(error.message, "error")
            status = 400
    return render_template("facilitator/branding.html", organisation=organisation,
                           colour=organisation.accent_colour or branding.DEFAULT_ACCENT,
                           default=branding.DEFAULT_ACCENT), status

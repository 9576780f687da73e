"""Trainer pages of the archive: search and curate, the toolkit (HTML and PDF), retention settings.

Thin: parse the form or the query, call the domain functions, render. Every page is the logged-in trainer's
organisation only.
"""
from __future__ import annotations

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import func, select

from workshop.archive import handout
from workshop.archive.curation import curate
from workshop.archive.retention import DAYS_MAX, policy_of, set_policy
from workshop.archive.search import Filters, load_archive, parse_filters, prompts_in, search
from workshop.broadcast import broadcaster
from workshop.engine import EngineError
from workshop.models import ExerciseRun, Organisation, Tip, Workshop, db
from workshop.redirects import safe_next

blueprint = Blueprint("archive", __name__, template_folder="templates")

GROUPS_PER_PAGE = 50


def organisation() -> Organisation:
    return db.session.get(Organisation, current_user.organisation_id)


def page_filters() -> tuple[Filters, str | None]:
    """The page's filters; a bad date is reported on the page and left out instead of failing it."""
    args = request.args.to_dict()
    try:
        return parse_filters(args, default_sort="votes"), None
    except EngineError as error:
        for key in ("from", "to", "sort"):
            args.pop(key, None)
        return parse_filters(args, default_sort="votes"), error.message


def group_found(found: list) -> list[list]:
    """The found tips, their near-duplicates together, in the order of each group's first tip."""
    groups: dict[object, list] = {}
    for tip in found:
        groups.setdefault(tip.group if tip.group is not None else ("alone", tip.id), []).append(tip)
    return list(groups.values())


def workshop_overview(organisation_id: int) -> list[dict]:
    tips = (select(ExerciseRun.workshop_id, func.count(Tip.id).label("n")).join(Tip, Tip.run_id == ExerciseRun.id)
            .group_by(ExerciseRun.workshop_id).subquery())
    rows = db.session.execute(select(Workshop, func.coalesce(tips.c.n, 0)).outerjoin(
        tips, tips.c.workshop_id == Workshop.id).where(Workshop.organisation_id == organisation_id)
        .order_by(Workshop.created.desc(), Workshop.id.desc())).all()
    return [{"workshop": w, "tips": n} for w, n in rows]


@blueprint.get("/facilitator/archive")
@login_required
def archive_page():
    filters, problem = page_filters()
    tips = load_archive(current_user.organisation_id)
    found = search(tips, filters)
    groups = group_found(found)
    try:
        page = max(1, int(request.args.get("page", "1")))
    except ValueError:
        page = 1
    pages = max(1, -(-len(groups) // GROUPS_PER_PAGE))
    page = min(page, pages)
    shown = groups[(page - 1) * GROUPS_PER_PAGE:page * GROUPS_PER_PAGE]
    dropped = ("page", "from", "to", "sort") if problem else ("page",)
    query = {k: v for k, v in request.args.items() if k not in dropped and v}
    export_args = {k: v for k, v in query.items() if k in ("q", "prompt", "from", "to", "sort")}
    toolkit_args = {k: v for k, v in query.items() if k in ("prompt", "from", "to")}
    return render_template("archive/archive.html", filters=filters, problem=problem, prompts=prompts_in(tips),
                           export_args=export_args, toolkit_args=toolkit_args,
                           total=len(tips), found=found, groups=shown, group_count=len(groups), page=page,
                           pages=pages, query=query, workshops=workshop_overview(current_user.organisation_id),
                           here=request.full_path.rstrip("?")), 400 if problem else 200


@blueprint.post("/facilitator/archive/curate")
@login_required
def curate_form():
    form = request.form
    body: dict = {"action": form.get("action", "")}
    try:
        if form.get("tip_id"):
            body["tip_id"] = int(form["tip_id"])
        if "text" in form:
            body["text"] = form["text"]
        if body["action"] == "merge":
            body["tip_ids"] = [int(i) for i in form.getlist("tip_ids")]
            if len(set(body["tip_ids"])) < 2:
                raise EngineError("invalid")
        result = curate(current_user.organisation_id, body)
    except ValueError:
        flash(_("Dit verzoek klopt niet. Ververs de pagina en probeer het opnieuw."), "error")
    except EngineError as error:
        db.session.rollback()
        if error.code == "invalid" and body["action"] == "merge":
            flash(_("Kies minstens twee tips om samen te voegen."), "error")
        else:
            flash(error.message, "error")
    else:
        if result.code:
            broadcaster.changed(result.code, result.changed)
        flash(_("Opgeslagen."), "info")
    target = safe_next(form.get("next"), url_for("archive.archive_page"))
    anchor = f"#tip-{body['tip_id']}" if isinstance(body.get("tip_id"), int) and "#" not in target else ""
    return redirect(target + anchor)


def render_toolkit(sections, heading_org: str, pdf: bool, filename: str, **context):
    if pdf:
        html = render_template("archive/toolkit_pdf.html", sections=sections, organisation=heading_org,
                               css=handout.print_css(), **context)
        response = Response(handout.render_pdf(html), mimetype="application/pdf")
        response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
        response.headers["Cache-Control"] = "private, no-store"
        return response
    return render_template("archive/toolkit.html", sections=sections, organisation=heading_org, **context)


def archive_toolkit(pdf: bool):
    filters, problem = page_filters()
    scope = Filters(prompt=filters.prompt, date_from=filters.date_from, date_to=filters.date_to)
    tips = [t for t in load_archive(current_user.organisation_id) if scope.accepts(t, [])]
    sections = handout.build_toolkit(tips, prompts_in(tips), handout.parse_limit(request.args.get("limit")))
    query = {k: v for k, v in request.args.items() if v and k in ("prompt", "from", "to", "limit")}
    return render_toolkit(sections, organisation().name, pdf, "toolkit.pdf", problem=problem,
                          pdf_url=url_for("archive.toolkit_pdf", **query),
                          back_url=url_for("archive.archive_page", **{k: v for k, v in query.items()
                                                                        if k != "limit"}))


@blueprint.get("/facilitator/archive/toolkit")
@login_required
def toolkit():
    return archive_toolkit(pdf=False)


@blueprint.get("/facilitator/archive/toolkit.pdf")
@login_required
def toolkit_pdf():
    return archive_toolkit(pdf=True)


@blueprint.route("/facilitator/archive/settings", methods=["GET", "POST"])
@login_required
def settings():
    org = organisation()
    status = 200
    if request.method == "POST":
        try:
            set_policy(org.id, request.form.get("identity_days"), request.form.get("workshop_days"))
        except EngineError as error:
            db.session.rollback()
            flash(error.message, "error")
            status = 400
        else:
            flash(_("De bewaartermijnen zijn opgeslagen."), "info")
            return redirect(url_for("archive.settings"))
    policy = policy_of(org.id)
    return render_template("archive/settings.html", organisation=org, policy=policy, days_max=DAYS_MAX,
                           form=request.form if request.method == "POST" else None), status

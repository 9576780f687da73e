"""Trainer pages of the archive: search and curate, the toolkit (HTML and PDF), retention settings.

Thin: parse the form or the query, call the domain functions, render. Every page is the logged-in trainer's
organisation only.
"""
from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    g,
    get_flashed_messages,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required, login_user
from flask_wtf.csrf import generate_csrf
from sqlalchemy import func, select

from workshop import offload
from workshop.archive import handout, importer
from workshop.archive.curation import curate
from workshop.archive.group_pages import TIPS_PER_GROUP, find_groups
from workshop.archive.index import sync_archive
from workshop.archive.models import ArchiveEntry
from workshop.archive.retention import DAYS_MAX, policy_of, set_policy
from workshop.archive.search import (
    Filters,
    archive_size,
    load_archive,
    parse_filters,
    prompts_in,
    prompts_of,
)
from workshop.broadcast import broadcaster
from workshop.engine import EngineError
from workshop.headers import csp_nonce
from workshop.models import Organisation, Trainer, Workshop, db
from workshop.numbers import parse_whole
from workshop.redirects import safe_next

blueprint = Blueprint("archive", __name__, template_folder="templates")


@blueprint.after_request
def not_stored(response):
    """The archive's pages hold the organisation's tips: no browser or proxy cache keeps a copy."""
    response.headers["Cache-Control"] = "no-store"
    return response

GROUPS_PER_PAGE = 25
ONE_GROUP_MAX = 1000  # ?group=: the whole group on one page


PAGE_MAX = 100_000


def parse_page(value: str | None) -> int:
    """A page number from the query; anything else (text, ², a huge number) is page 1."""
    return max(1, parse_whole(value, PAGE_MAX) or 1)


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


def workshop_overview(organisation_id: int) -> list[dict]:
    """Every workshop with its number of archived tips (counted on the entries' workshop index, one workshop at a
    time: no pass over the whole archive)."""
    tips = (select(func.count()).select_from(ArchiveEntry).where(ArchiveEntry.workshop_id == Workshop.id)
            .correlate(Workshop).scalar_subquery())
    rows = db.session.execute(select(Workshop, tips).where(Workshop.organisation_id == organisation_id)
                              .order_by(Workshop.created.desc(), Workshop.id.desc())).all()
    return [{"workshop": w, "tips": n} for w, n in rows]


@blueprint.get("/facilitator/archive")
@login_required
def archive_page():
    """The archive page is rendered in an offload worker (an organisation's archive page at scale is heavy work):
    the server syncs the index, then hands over who asks, the address, the CSRF token and the flashed messages."""
    sync_archive(current_user.organisation_id)
    return offload.in_app_process(render_archive_page, current_user.id, request.full_path, generate_csrf(),
                                  get_flashed_messages(with_categories=True), csp_nonce())


def render_archive_page(trainer_id: int, full_path: str, csrf_token: str, flashes: list,
                        nonce: str) -> tuple[str, int]:
    """Runs in the worker, in a request for the same address on behalf of the same trainer."""
    with current_app.test_request_context(full_path):
        login_user(db.session.get(Trainer, trainer_id))
        g.csrf_token = csrf_token  # the token the trainer's session knows; the worker signs nothing of its own
        g.csp_nonce = nonce  # the nonce of the server's Content-Security-Policy header for this response
        session["_flashes"] = flashes
        return _archive_page_html()


def _archive_page_html() -> tuple[str, int]:
    filters, problem = page_filters()
    organisation_id = current_user.organisation_id
    page = parse_page(request.args.get("page"))
    per_group = ONE_GROUP_MAX if filters.group is not None else TIPS_PER_GROUP
    found, group_count, shown = find_groups(organisation_id, filters, GROUPS_PER_PAGE,
                                            (page - 1) * GROUPS_PER_PAGE, per_group, sync=False)
    pages = max(1, -(-group_count // GROUPS_PER_PAGE))
    if page > pages:  # past the end: show the last page
        page = pages
        found, group_count, shown = find_groups(organisation_id, filters, GROUPS_PER_PAGE,
                                                (page - 1) * GROUPS_PER_PAGE, per_group, sync=False)
    dropped = ("page", "from", "to", "sort") if problem else ("page",)
    query = {k: v for k, v in request.args.items() if k not in dropped and v}
    export_args = {k: v for k, v in query.items() if k in ("q", "prompt", "from", "to", "sort")}
    toolkit_args = {k: v for k, v in query.items() if k in ("prompt", "from", "to")}
    return render_template("archive/archive.html", filters=filters, problem=problem,
                           prompts=prompts_of(organisation_id), export_args=export_args, toolkit_args=toolkit_args,
                           total=archive_size(organisation_id), found=found, groups=shown, group_count=group_count,
                           page=page, pages=pages, query=query, workshops=workshop_overview(organisation_id),
                           group_query={k: v for k, v in query.items() if k != "group"},
                           here=request.full_path.rstrip("?")), 400 if problem else 200


@blueprint.post("/facilitator/archive/curate")
@login_required
def curate_form():
    form = request.form
    action, _sep, op_tip = form.get("op", "").partition(":")  # the page's buttons: op=ACTION:TIP_ID
    body: dict = {"action": action or form.get("action", "")}
    try:
        tip_id = op_tip or form.get("tip_id")
        if tip_id:
            body["tip_id"] = int(tip_id) if tip_id.isascii() and tip_id.isdigit() and len(tip_id) <= 18 else -1
        text = form.get(f"text-{tip_id}") if op_tip else form.get("text")
        if text is not None:
            body["text"] = text
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


def render_toolkit(sections, heading_org: str, pdf: bool, filename: str, printer=None, **context):
    """The toolkit page, or with `pdf` its PDF, printed by `printer(html)` (default: handout.render_pdf)."""
    if pdf:
        html = render_template("archive/toolkit_pdf.html", sections=sections, organisation=heading_org,
                               css=handout.print_css(), **context)
        response = Response((printer or handout.render_pdf)(html), mimetype="application/pdf")
        response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
        response.headers["Cache-Control"] = "private, no-store"
        return response
    return render_template("archive/toolkit.html", sections=sections, organisation=heading_org, **context)


def organisation_toolkit_pdf(organisation_id: int, scope: Filters, limit: int,
                             pitfalls: str = handout.PITFALLS_APART) -> bytes:
    """The organisation's toolkit as PDF, read, rendered and printed in an offload worker process: at 20,000
    tips this is seconds of pure-Python work that must never run on the live loop."""
    tips = load_archive(organisation_id, scope, sync=False)
    sections = handout.build_toolkit(tips, prompts_in(tips), limit, pitfalls)
    html = render_template("archive/toolkit_pdf.html", sections=sections, css=handout.print_css(),
                           organisation=db.session.get(Organisation, organisation_id).name)
    return handout.pdf_from_html(html)


def archive_toolkit(pdf: bool):
    filters, problem = page_filters()
    scope = Filters(prompt=filters.prompt, date_from=filters.date_from, date_to=filters.date_to)
    limit = handout.parse_limit(request.args.get("limit"))
    pitfalls = handout.parse_pitfalls(request.args.get("pitfalls"))
    if pdf:
        sync_archive(current_user.organisation_id)
        body = offload.in_app_process(organisation_toolkit_pdf, current_user.organisation_id, scope, limit,
                                      pitfalls)
        response = Response(body, mimetype="application/pdf")
        response.headers["Content-Disposition"] = 'inline; filename="toolkit.pdf"'
        response.headers["Cache-Control"] = "private, no-store"
        return response
    tips = load_archive(current_user.organisation_id, scope)
    sections = handout.build_toolkit(tips, prompts_in(tips), limit, pitfalls)
    query = {k: v for k, v in request.args.items() if v and k in ("prompt", "from", "to", "limit", "pitfalls")}
    return render_toolkit(sections, organisation().name, False, "toolkit.pdf", problem=problem, pitfalls=pitfalls,
                          choice_args={k: v for k, v in query.items() if k != "pitfalls"},
                          pdf_url=url_for("archive.toolkit_pdf", **query),
                          back_url=url_for("archive.archive_page", **{k: v for k, v in query.items()
                                                                        if k not in ("limit", "pitfalls")}))


@blueprint.get("/facilitator/archive/toolkit")
@login_required
def toolkit():
    return archive_toolkit(pdf=False)


@blueprint.get("/facilitator/archive/toolkit.pdf")
@login_required
def toolkit_pdf():
    return archive_toolkit(pdf=True)


@blueprint.route("/facilitator/archive/import", methods=["GET", "POST"])
@login_required
def import_page():
    """Upload a CSV from an earlier tool; all or nothing, every problem with its line."""
    if request.method == "GET":
        return render_template("archive/import.html", problems=None)
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        problems = [{"line": 0, "field": "", "message": _("Kies eerst een CSV-bestand.")}]
        return render_template("archive/import.html", problems=problems), 400
    try:
        imported = importer.import_csv(current_user.organisation_id, current_user.id, upload.read())[0]
    except importer.ImportRejected as rejected:
        db.session.rollback()
        return render_template("archive/import.html", problems=rejected.problems), 400
    flash(ngettext("%(num)s tip geïmporteerd.", "%(num)s tips geïmporteerd.", imported), "info")
    return redirect(url_for("archive.archive_page", sort="date"))


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

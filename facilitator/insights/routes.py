"""Routes of the insights and of a workshop's team (see the package's docstring)."""
from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user

from exercises.kinds import tag_labels
from facilitator import api_errors
from facilitator.access import api_trainer_required, own_workshop_or_404
from facilitator.insights import charts
from workshop import offload
from workshop.engine import EngineError
from workshop.engine.teams import set_team, team_suggestions
from workshop.headers import csp_nonce
from workshop.insights.export import insights_csv
from workshop.insights.figures import exercise_choices, insights
from workshop.insights.filters import Filters, parse_filters
from workshop.insights.options import index_runs
from workshop.models import Trainer, db
from workshop.redirects import safe_next

api = Blueprint("insights_api", __name__, url_prefix="/api/v1")
pages = Blueprint("insights", __name__, template_folder="templates")

SORTS = {"title": lambda c: c["title"].casefold(), "workshops": lambda c: c["workshops"],
         "votes": lambda c: c["votes"], "best_share": lambda c: c["best_share"],
         "top_pitfall": lambda c: c["top_pitfall"] or ""}


api_errors.register(api)


def _in_worker(organisation_id: int, fn, *args):
    """Index the organisation's new runs (the server's one write), then fn(*args) in an offload worker."""
    index_runs(organisation_id)
    db.session.rollback()  # no read transaction stays open while the worker works
    return offload.in_app_process(fn, *args)


@api.get("/insights")
@api_trainer_required
def insights_document():
    filters = parse_filters(request.args)
    organisation_id = g.trainer.organisation_id
    return jsonify(_in_worker(organisation_id, insights, organisation_id, filters))


@api.get("/insights.csv")
@api_trainer_required
def insights_download():
    filters = parse_filters(request.args)
    organisation_id = g.trainer.organisation_id
    body = _in_worker(organisation_id, insights_csv, organisation_id, filters)
    response = Response(body, mimetype="text/csv")
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    response.headers["Content-Disposition"] = 'attachment; filename="inzichten.csv"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


@pages.get("/facilitator/insights")
@login_required
def insights_page():
    return _in_worker(current_user.organisation_id, render_insights_page, current_user.id, request.full_path,
                      csp_nonce())


def render_insights_page(trainer_id: int, full_path: str, nonce: str) -> tuple[str, int]:
    """Runs in the worker, in a request for the same address on behalf of the same trainer."""
    with current_app.test_request_context(full_path):
        login_user(db.session.get(Trainer, trainer_id))
        g.csp_nonce = nonce  # the nonce of the server's Content-Security-Policy header for this response
        return _insights_page_html()


def _page_filters() -> tuple[Filters, str | None]:
    try:
        return parse_filters(request.args), None
    except EngineError as error:
        return Filters(), error.message


def _sorted_cases(cases: list[dict]) -> tuple[list[dict], str, bool]:
    sort = request.args.get("sort") if request.args.get("sort") in SORTS else "votes"
    ascending = request.args.get("order") == "asc"
    return sorted(cases, key=SORTS[sort], reverse=not ascending), sort, ascending


def _chart_items(figures: dict, titles: dict[str, str]) -> dict:
    """Labels, families and text alternatives of the charts."""
    labels = tag_labels()
    tags = [t | {"label": labels.get(t["tag"], t["tag"]), "family": charts.family(t["tag"])} for t in figures["tags"]]
    teams = [t | {"label": t["team"] or _("(geen team)"), "family": "best"} for t in figures["teams"]]
    scales = [s | {"label": titles.get(s["exercise_id"], s["exercise_id"])} for s in figures["scales"]]
    return {"labels": labels,
            "tag_bars": charts.bar_rows(tags, "share"), "team_bars": charts.bar_rows(teams, "best_share"),
            "dumbbells": charts.dumbbells(scales), "line": charts.line_chart(figures["months"]),
            "tag_desc": "; ".join(_("%(label)s: %(share)s van %(num)s stemmen", label=t["label"],
                                    share=charts.percent(t["share"]), num=t["votes"]) for t in tags) + ".",
            "team_desc": "; ".join(_("%(label)s: %(share)s bedoeld antwoord, %(num)s stemmen", label=t["label"],
                                     share=charts.percent(t["best_share"]), num=t["votes"]) for t in teams) + "."}


def _insights_page_html() -> tuple[str, int]:
    filters, problem = _page_filters()
    organisation_id = current_user.organisation_id
    figures = insights(organisation_id, filters)
    cases, sort, ascending = _sorted_cases(figures["cases"])
    choices = exercise_choices(organisation_id)
    query = filters.as_query()
    return render_template(
        "insights/insights.html", figures=figures, filters=filters, problem=problem, cases=cases, sort=sort,
        ascending=ascending, query=query, charts=charts, small=charts.SMALL, teams=team_suggestions(organisation_id),
        exercise_choices=choices, csv_url=url_for("insights_api.insights_download", **query),
        **_chart_items(figures, dict(choices)),
    ), 400 if problem else 200


@pages.post("/facilitator/workshops/<code>/team")
@login_required
def workshop_team(code: str):
    """The control page's team field (a form; the API has PATCH /api/v1/workshops/<code>)."""
    workshop = own_workshop_or_404(code)
    try:
        set_team(workshop, request.form.get("team", ""))
    except EngineError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        flash(_("Team opgeslagen: %(team)s.", team=workshop.team) if workshop.team else _("Team weggehaald."),
              "info")
    return redirect(safe_next(request.form.get("next"), url_for("facilitator.control_page", code=workshop.code)))


@pages.app_context_processor
def team_field():
    """`team_suggestions()` for the team fields of the dashboard and the control page (a datalist)."""
    def suggestions() -> list[str]:
        return team_suggestions(current_user.organisation_id) if current_user.is_authenticated else []
    return {"team_suggestions": suggestions}

"""The organisation's insights (contract v3), each figure a GROUP BY over the counted votes in SQL; only the
per-workshop rows are folded into Amsterdam months here (SQLite has no time zones).

Meanings beyond the contract: `workshops` at the top and per team counts every workshop in scope (tips-only ones
too); `participants` everyone who joined them; per case and per month, the workshops with at least one counted
vote; per scale pair, the workshops where at least one participant answered both. A share is 0.0 when there are
no votes (the `votes` beside it says so); `before_mean` / `after_mean` are the means of the participants who
answered both.
"""
from __future__ import annotations

import secrets

from sqlalchemy import Column, Integer, MetaData, Table, and_, cast, exists, func, select
from sqlalchemy.orm import aliased

from exercises.kinds import OPTION_TAGS
from workshop.insights.filters import Filters, amsterdam_month
from workshop.insights.followups import followup_figures
from workshop.insights.models import InsightOption, InsightRun
from workshop.insights.votes import CASE_SCENE, counted_votes, in_scope, runs_t, votes_t, workshops_t
from workshop.models import Participant, db

PITFALL = "pitfall:"


def share(part: int, whole: int) -> float:
    return round(part / whole, 3) if whole else 0.0


def _tag_order(tag: str) -> int:
    return OPTION_TAGS.index(tag) if tag in OPTION_TAGS else len(OPTION_TAGS)


def _totals(organisation_id: int, filters: Filters, counted) -> dict:
    scope = select(workshops_t.c.id).where(*in_scope(organisation_id, filters)).subquery()
    workshops = db.session.scalar(select(func.count()).select_from(scope))
    participants = db.session.scalar(select(func.count()).select_from(Participant.__table__).where(
        Participant.__table__.c.workshop_id.in_(select(scope.c.id))))
    votes, best = db.session.execute(select(func.coalesce(func.sum(counted.c.votes), 0),
                                            func.coalesce(func.sum(counted.c.best * counted.c.votes), 0))).one()
    return {"workshops": workshops, "participants": participants, "votes": votes, "best_share": share(best, votes)}


def _tags(counted, total: int) -> list[dict]:
    rows = db.session.execute(select(counted.c.tag, func.sum(counted.c.votes)).group_by(counted.c.tag)).all()
    rows = sorted(rows, key=lambda row: (-row[1], _tag_order(row[0])))
    return [{"tag": tag, "votes": votes, "share": share(votes, total)} for tag, votes in rows]


def _cases(counted) -> list[dict]:
    cases_only = counted.c.scene == CASE_SCENE
    heads = db.session.execute(
        select(counted.c.exercise_id, func.count(func.distinct(counted.c.workshop_id)), func.sum(counted.c.votes),
               func.sum(counted.c.best * counted.c.votes), func.max(counted.c.run_id))
        .where(cases_only).group_by(counted.c.exercise_id)).all()
    options = db.session.execute(
        select(counted.c.exercise_id, counted.c.option_id, counted.c.tag, func.sum(counted.c.votes))
        .where(cases_only).group_by(counted.c.exercise_id, counted.c.option_id, counted.c.tag)
        .order_by(counted.c.exercise_id, counted.c.option_id, counted.c.tag)).all()
    titles = dict(db.session.execute(select(runs_t.c.id, runs_t.c.title).where(
        runs_t.c.id.in_([row[4] for row in heads]))).all()) if heads else {}
    by_case: dict[str, list] = {}
    for exercise_id, option_id, tag, votes in options:
        by_case.setdefault(exercise_id, []).append((option_id, tag, votes))
    found = []
    for exercise_id, workshops, votes, best, newest_run in heads:
        pitfalls = [(n, tag) for _id, tag, n in by_case[exercise_id] if tag.startswith(PITFALL)]
        top = min(pitfalls, key=lambda p: (-p[0], _tag_order(p[1])))[1] if pitfalls else None
        found.append({"exercise_id": exercise_id, "title": titles.get(newest_run, exercise_id),
                      "workshops": workshops, "votes": votes, "best_share": share(best, votes), "top_pitfall": top,
                      "options": [{"id": option_id, "tag": tag, "votes": n, "share": share(n, votes)}
                                  for option_id, tag, n in by_case[exercise_id]]})
    return sorted(found, key=lambda c: (-c["votes"], c["exercise_id"]))


def _months(counted) -> list[dict]:
    """Per workshop in SQL, then each workshop into its Amsterdam month."""
    rows = db.session.execute(
        select(counted.c.workshop_id, func.min(counted.c.created), func.sum(counted.c.votes),
               func.sum(counted.c.best * counted.c.votes), func.sum(counted.c.pitfall * counted.c.votes))
        .group_by(counted.c.workshop_id)).all()
    months: dict[str, list[int]] = {}
    for _workshop, created, votes, best, pitfall in rows:
        figures = months.setdefault(amsterdam_month(created), [0, 0, 0, 0])
        for position, value in enumerate((1, votes, best, pitfall)):
            figures[position] += value
    return [{"month": month, "workshops": workshops, "votes": votes, "best_share": share(best, votes),
             "pitfall_share": share(pitfall, votes)}
            for month, (workshops, votes, best, pitfall) in sorted(months.items())]


def _teams(organisation_id: int, filters: Filters, counted) -> list[dict]:
    workshops = dict(db.session.execute(select(workshops_t.c.team, func.count()).where(
        *in_scope(organisation_id, filters)).group_by(workshops_t.c.team)).all())
    votes = {team: (n, best) for team, n, best in db.session.execute(
        select(counted.c.team, func.sum(counted.c.votes), func.sum(counted.c.best * counted.c.votes))
        .group_by(counted.c.team))}
    teams = sorted(set(workshops) | set(votes), key=lambda team: (team is None, (team or "").casefold()))
    return [{"team": team, "workshops": workshops.get(team, 0), "votes": votes.get(team, (0, 0))[0],
             "best_share": share(votes.get(team, (0, 0))[1], votes.get(team, (0, 0))[0])} for team in teams]


def _scales(organisation_id: int, filters: Filters) -> list[dict]:
    after_run, before_run = aliased(runs_t), aliased(runs_t)
    after_vote, before_vote = aliased(votes_t), aliased(votes_t)
    pairs = InsightRun.__table__
    conditions = in_scope(organisation_id, filters, exercise=False)
    if filters.exercise is not None:
        conditions.append((after_run.c.exercise_id == filters.exercise)
                          | (before_run.c.exercise_id == filters.exercise))
    rows = db.session.execute(
        select(after_run.c.exercise_id, before_run.c.exercise_id, func.count(func.distinct(workshops_t.c.id)),
               func.count(), func.avg(cast(before_vote.c.option_id, Integer)),
               func.avg(cast(after_vote.c.option_id, Integer)))
        .select_from(pairs)
        .join(after_run, after_run.c.id == pairs.c.run_id)
        .join(before_run, before_run.c.id == pairs.c.pair_run_id)
        .join(workshops_t, workshops_t.c.id == after_run.c.workshop_id)
        .join(after_vote, after_vote.c.run_id == after_run.c.id)
        .join(before_vote, and_(before_vote.c.run_id == before_run.c.id,
                                before_vote.c.participant_id == after_vote.c.participant_id))
        .where(*conditions)
        .group_by(after_run.c.exercise_id, before_run.c.exercise_id)
        .order_by(after_run.c.exercise_id, before_run.c.exercise_id)).all()
    return [{"exercise_id": after, "pair": before, "workshops": workshops, "paired": paired,
             "before_mean": round(float(before_mean), 2), "after_mean": round(float(after_mean), 2)}
            for after, before, workshops, paired, before_mean, after_mean in rows]


def exercise_choices(organisation_id: int) -> list[tuple[str, str]]:
    """(exercise id, title) of every exercise the insights have figures of (cases, scenarios, paired scales), for
    the page's exercise filter; the newest run's title."""
    counted = exists(select(InsightOption.__table__.c.id).where(InsightOption.__table__.c.run_id == runs_t.c.id))
    paired = exists(select(InsightRun.__table__.c.run_id).where(InsightRun.__table__.c.run_id == runs_t.c.id,
                                                                 InsightRun.__table__.c.pair_run_id.is_not(None)))
    newest = (select(func.max(runs_t.c.id)).join(workshops_t, workshops_t.c.id == runs_t.c.workshop_id)
              .where(workshops_t.c.organisation_id == organisation_id, counted | paired)
              .group_by(runs_t.c.exercise_id))
    rows = db.session.execute(select(runs_t.c.exercise_id, runs_t.c.title).where(runs_t.c.id.in_(newest))).all()
    return sorted(((exercise_id, title) for exercise_id, title in rows), key=lambda row: row[1].casefold())


def _counted_once(organisation_id: int, filters: Filters) -> Table:
    """The counted votes per run and option, kept for this transaction in a temporary table (a few thousand rows
    for 500 workshops): the vote index is read once, and every figure below groups this small table."""
    counted = counted_votes(organisation_id, filters)
    table = Table(f"insight_counted_{secrets.token_hex(6)}", MetaData(),
                  *(Column(column.name, column.type) for column in counted.c), prefixes=["TEMPORARY"])
    connection = db.session.connection()
    table.create(connection)
    connection.execute(table.insert().from_select([c.name for c in counted.c], select(counted)))
    return table


def insights(organisation_id: int, filters: Filters) -> dict:
    """The insights document of `GET /api/v1/insights`, with the follow-up answers beside the workshop figures in
    their own key (`followup`, never mixed into `votes`: workshop/insights/followups.py). Changes nothing in the
    database (its temporary tables live in this connection only and are dropped); the caller indexed the runs first
    (options.index_runs)."""
    counted = _counted_once(organisation_id, filters)
    try:
        document = _totals(organisation_id, filters, counted)
        document |= {"tags": _tags(counted, document["votes"]), "cases": _cases(counted),
                     "months": _months(counted), "scales": _scales(organisation_id, filters),
                     "teams": _teams(organisation_id, filters, counted),
                     "followup": followup_figures(organisation_id, filters, counted)}
    finally:
        counted.drop(db.session.connection())
    return document

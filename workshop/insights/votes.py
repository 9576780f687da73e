"""What the insights count, defined once: the workshops in scope and the counted votes.

A counted vote is a participant's last vote on a case or on one scenario scene of a workshop of the organisation
that matches the filters. "Last" is the storage's own rule: one Vote row per participant, run and scene, which a
changed vote overwrites. Every figure of workshop/insights/figures.py reads `counted_votes`, so this is the one
place to change what counts.

Votes are counted per (run, scene, option) and joined to `insight_option` on those three: a case's options and
votes have scene '', a scenario's carry the scene they answer. Kinds without counted options (scale, order) have
no `insight_option` rows, so their answers never count here. `cases` reads only scene '' (case exercises); every
other figure counts both.
"""
from __future__ import annotations

from sqlalchemy import and_, case, exists, func, select

from workshop.insights.filters import Filters
from workshop.insights.models import InsightOption
from workshop.models import ExerciseRun, Vote, Workshop

workshops_t, runs_t, votes_t, options_t = (Workshop.__table__, ExerciseRun.__table__, Vote.__table__,
                                           InsightOption.__table__)
CASE_SCENE = ""


def in_scope(organisation_id: int, filters: Filters, exercise: bool = True) -> list:
    """WHERE conditions on `workshop` for the organisation and the filters (period, team; with `exercise`, only
    workshops that ran the filtered exercise)."""
    conditions = [workshops_t.c.organisation_id == organisation_id]
    if filters.start is not None:
        conditions.append(workshops_t.c.created >= filters.start)
    if filters.end is not None:
        conditions.append(workshops_t.c.created < filters.end)
    if filters.team is not None:
        conditions.append(workshops_t.c.team == filters.team)
    if exercise and filters.exercise is not None:
        conditions.append(exists(select(runs_t.c.id).where(runs_t.c.workshop_id == workshops_t.c.id,
                                                           runs_t.c.exercise_id == filters.exercise)))
    return conditions


def counted_votes(organisation_id: int, filters: Filters):
    """The counted votes, per run and option: workshop (id, created, team), run and exercise, the option's scene,
    id and tag, `best` / `pitfall` (0 or 1) and `votes`, how many counted votes landed there. Figures sum `votes`
    (and `best * votes`); counting per option first keeps every figure one pass over the vote index."""
    conditions = in_scope(organisation_id, filters, exercise=False)
    if filters.exercise is not None:
        conditions.append(runs_t.c.exercise_id == filters.exercise)
    scoped_runs = (select(runs_t.c.id).join(workshops_t, workshops_t.c.id == runs_t.c.workshop_id)
                   .where(*conditions))
    option_counts = (select(votes_t.c.run_id, votes_t.c.scene, votes_t.c.option_id, func.count().label("votes"))
                     .where(votes_t.c.run_id.in_(scoped_runs))
                     .group_by(votes_t.c.run_id, votes_t.c.scene, votes_t.c.option_id).subquery("option_counts"))
    counted = (
        select(workshops_t.c.id.label("workshop_id"), workshops_t.c.created, workshops_t.c.team,
               runs_t.c.id.label("run_id"), runs_t.c.exercise_id, options_t.c.scene, options_t.c.option_id,
               options_t.c.tag, case((options_t.c.best, 1), else_=0).label("best"),
               case((options_t.c.tag.like("pitfall:%"), 1), else_=0).label("pitfall"), option_counts.c.votes)
        .select_from(option_counts)
        .join(runs_t, runs_t.c.id == option_counts.c.run_id)
        .join(workshops_t, workshops_t.c.id == runs_t.c.workshop_id)
        .join(options_t, and_(options_t.c.run_id == runs_t.c.id, options_t.c.scene == option_counts.c.scene,
                              options_t.c.option_id == option_counts.c.option_id)))
    return counted.subquery("counted")

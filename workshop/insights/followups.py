"""The follow-up answers beside the workshop figures: the insights' `followup` key (contract v3, "Follow-up").

What counts: a follow-up answer as stored, one per follow-up participant and exercise (a later answer replaced the
earlier one), of a follow-up of a workshop in scope. A follow-up belongs to its workshop: the period and team
filters select the workshop (its creation day and team), whenever the follow-up was answered; the exercise filter
keeps the answers to that exercise (whether or not the workshop itself ran it). Another organisation's follow-ups
are never in scope.

Two sections: `cases` (exercises whose options a kind counts without scenes: a case) and `scales` (answered with a
value on a scale). Scenarios and orderings are left out (the workshop's `cases` lists case exercises only, and an
ordering has no option to count). Beside each follow-up
figure stands the same exercise's workshop figure under the same filters (`workshop_votes`, `workshop_best_share`
or `workshop_mean`), and for the participants who answered in both (the phone brought its workshop token, as
workshop/followup/results.py pairs them: the workshop's last run of that exercise) how they moved.

Which option is intended is read from the follow-up exercise's snapshot once per worker process (a snapshot never
changes and ids are never reused) and handed to SQL in a temporary table. The figures are summed in SQL per
follow-up exercise in one pass over the answers (in the answer index's order, no sort) and folded per exercise id
here, as figures.py folds months.
"""
from __future__ import annotations

import json
import secrets

from sqlalchemy import Column, Integer, MetaData, String, Table, and_, case, cast, exists, func, select

from exercises.kinds import kind_of
from workshop.followup.answers import Rating, shape_of
from workshop.followup.models import Followup, FollowupAnswer, FollowupExercise, FollowupParticipant
from workshop.insights.filters import Filters
from workshop.insights.votes import CASE_SCENE, in_scope, runs_t, votes_t, workshops_t
from workshop.models import db

CASE, SCALE = "case", "scale"
CHUNK = 500  # follow-up exercises whose snapshot is read per query
CACHE_MAX = 100_000
_roles: dict[int, tuple[str | None, tuple[str, ...]]] = {}  # follow-up exercise id -> (role, intended option ids)
followups_t, exercises_t, participants_t, answers_t = (Followup.__table__, FollowupExercise.__table__,
                                                       FollowupParticipant.__table__, FollowupAnswer.__table__)


def share(part: int, whole: int) -> float:
    return round(part / whole, 3) if whole else 0.0


def mean(value) -> float | None:
    return round(float(value), 2) if value is not None else None


def role_of(kind_name: str, content: dict) -> tuple[str | None, tuple[str, ...]]:
    """(CASE with the intended option ids, SCALE, or None: not in these figures) of a follow-up exercise."""
    try:
        kind = kind_of(kind_name)
    except KeyError:  # a kind from outside the tree that is no longer installed
        return None, ()
    if isinstance(shape_of(kind_name, content), Rating):
        return SCALE, ()
    options = kind.counted_options(content)
    if options and all(option["scene"] == CASE_SCENE for option in options):
        return CASE, tuple(option["id"] for option in options if option["best"])
    return None, ()


def _roles_of(ids: list[int]) -> dict[int, tuple[str | None, tuple[str, ...]]]:
    missing = [i for i in ids if i not in _roles]
    if len(_roles) + len(missing) > CACHE_MAX:
        _roles.clear()
        missing = ids
    for start in range(0, len(missing), CHUNK):
        for row_id, kind_name, content in db.session.execute(
                select(exercises_t.c.id, exercises_t.c.kind, exercises_t.c.content_json)
                .where(exercises_t.c.id.in_(missing[start:start + CHUNK]))):
            _roles[row_id] = role_of(kind_name, json.loads(content))
    return {i: _roles[i] for i in ids}


def _scope(organisation_id: int, filters: Filters) -> list:
    """Every answered follow-up exercise in scope: id, follow-up, exercise id, kind, title, workshop and the
    workshop's last run of the same exercise (None when the workshop did not run it)."""
    workshop_run = (select(runs_t.c.id).where(runs_t.c.workshop_id == followups_t.c.workshop_id,
                                              runs_t.c.exercise_id == exercises_t.c.exercise_id,
                                              runs_t.c.kind == exercises_t.c.kind)
                    .order_by(runs_t.c.position.desc()).limit(1).scalar_subquery())
    conditions = in_scope(organisation_id, filters, exercise=False)
    conditions.append(exists(select(answers_t.c.id).where(answers_t.c.followup_exercise_id == exercises_t.c.id)))
    if filters.exercise is not None:
        conditions.append(exercises_t.c.exercise_id == filters.exercise)
    return db.session.execute(
        select(exercises_t.c.id, exercises_t.c.followup_id, exercises_t.c.exercise_id, exercises_t.c.title,
               workshop_run.label("run_id"), exercises_t.c.kind)
        .select_from(exercises_t).join(followups_t, followups_t.c.id == exercises_t.c.followup_id)
        .join(workshops_t, workshops_t.c.id == followups_t.c.workshop_id).where(*conditions)).all()


def _temporary(name: str, *columns: Column) -> Table:
    table = Table(f"insight_{name}_{secrets.token_hex(6)}", MetaData(), *columns, prefixes=["TEMPORARY"])
    table.create(db.session.connection())
    return table


def _per_exercise_row(scoped: Table, best: Table) -> list:
    """One pass over the follow-up answers in scope, each joined with the same participant's workshop vote on the
    exercise (its last run in the follow-up's workshop) and with whether either is the intended answer (by the
    follow-up's snapshot, as workshop/followup/results.py judges both: for an exercise the workshop ran it is that
    run's own content); summed per follow-up exercise (the answer index's own order: no sort). A scale's values are
    summed as numbers."""
    scale, then_option = scoped.c.role == SCALE, best.alias("then_option")
    now_best = case((best.c.option_id.is_not(None), 1), else_=0)
    then_best = case((then_option.c.option_id.is_not(None), 1), else_=0)
    paired = case((votes_t.c.option_id.is_not(None), 1), else_=0)
    now, then = cast(answers_t.c.option_id, Integer), cast(votes_t.c.option_id, Integer)
    return db.session.execute(
        select(answers_t.c.followup_exercise_id, func.count(), func.sum(now_best), func.sum(paired),
               func.sum(case((and_(paired == 1, then_best == 0, now_best == 1), 1), else_=0)),
               func.sum(case((and_(then_best == 1, now_best == 0), 1), else_=0)),
               func.sum(case((scale, now))), func.sum(case((and_(scale, paired == 1), then))),
               func.sum(case((and_(scale, paired == 1), now))))
        .select_from(answers_t).join(scoped, scoped.c.id == answers_t.c.followup_exercise_id)
        .join(participants_t, participants_t.c.id == answers_t.c.followup_participant_id)
        .outerjoin(votes_t, and_(votes_t.c.run_id == scoped.c.run_id, votes_t.c.scene == CASE_SCENE,
                                 votes_t.c.participant_id == participants_t.c.participant_id))
        .outerjoin(best, and_(best.c.exercise_row == answers_t.c.followup_exercise_id,
                              best.c.option_id == answers_t.c.option_id))
        .outerjoin(then_option, and_(then_option.c.exercise_row == answers_t.c.followup_exercise_id,
                                     then_option.c.option_id == votes_t.c.option_id))
        .where(answers_t.c.followup_exercise_id.in_(select(scoped.c.id)), answers_t.c.scene == CASE_SCENE)
        .group_by(answers_t.c.followup_exercise_id)).all()


SUMS = ("answers", "best", "paired", "moved_to_best", "moved_away", "total", "before", "after")


def _per_exercise(rows: list, kept: dict[int, tuple[str, str]]) -> tuple[dict[str, dict], dict[str, dict]]:
    """The rows folded per exercise id: (cases, scales), each figure a sum; `followups` counts the follow-ups."""
    by_role: dict[str, dict[str, dict]] = {CASE: {}, SCALE: {}}
    for exercise_row, *sums in rows:
        exercise_id, role = kept[exercise_row]
        figures = by_role[role].setdefault(exercise_id, dict.fromkeys(("followups", *SUMS), 0))
        figures["followups"] += 1  # a follow-up holds an exercise once
        for key, value in zip(SUMS, sums, strict=True):
            figures[key] += value or 0
    return by_role[CASE], by_role[SCALE]


def _workshop_scales(organisation_id: int, filters: Filters, exercise_ids: list[str]) -> dict[str, tuple]:
    """(votes, mean) of every workshop vote in scope on these scale questions."""
    if not exercise_ids:
        return {}
    return {exercise_id: (votes, average) for exercise_id, votes, average in db.session.execute(
        select(runs_t.c.exercise_id, func.count(), func.avg(cast(votes_t.c.option_id, Integer)))
        .select_from(votes_t).join(runs_t, runs_t.c.id == votes_t.c.run_id)
        .join(workshops_t, workshops_t.c.id == runs_t.c.workshop_id)
        .where(*in_scope(organisation_id, filters, exercise=False), runs_t.c.exercise_id.in_(exercise_ids))
        .group_by(runs_t.c.exercise_id))}


def _workshop_cases(counted, exercise_ids: list[str]) -> dict[str, tuple[int, int]]:
    """(counted workshop votes, of which on the intended answer) per case exercise, from the insights' counted
    votes (same filters)."""
    if not exercise_ids:
        return {}
    return {exercise_id: (votes, best) for exercise_id, votes, best in db.session.execute(
        select(counted.c.exercise_id, func.sum(counted.c.votes), func.sum(counted.c.best * counted.c.votes))
        .where(counted.c.scene == CASE_SCENE, counted.c.exercise_id.in_(exercise_ids))
        .group_by(counted.c.exercise_id))}


def _people(scoped: Table) -> tuple[int, int, int]:
    """(follow-ups, participants with at least one counted answer, of whom how many came with their workshop
    token)."""
    answered = exists(select(answers_t.c.id).join(scoped, scoped.c.id == answers_t.c.followup_exercise_id).where(
        answers_t.c.followup_participant_id == participants_t.c.id, answers_t.c.scene == CASE_SCENE))
    return db.session.execute(
        select(func.count(func.distinct(participants_t.c.followup_id)), func.count(),
               func.count(participants_t.c.participant_id))
        .where(participants_t.c.followup_id.in_(select(scoped.c.followup_id)), answered)).one()


def _fill(rows: list) -> tuple[Table, Table, dict[int, tuple[str, str]], dict[str, str]]:
    """The temporary tables of the follow-up exercises in these figures and of their intended options; each kept
    follow-up exercise's (exercise id, role); the newest title per exercise id."""
    roles = _roles_of([row.id for row in rows])
    scoped = _temporary("followup", Column("id", Integer, primary_key=True, autoincrement=False),
                        Column("followup_id", Integer), Column("exercise_id", String(40)), Column("role", String(8)),
                        Column("run_id", Integer))
    best = _temporary("followup_best", Column("exercise_row", Integer, primary_key=True, autoincrement=False),
                      Column("option_id", String(40), primary_key=True))
    kept = sorted((row for row in rows if roles[row.id][0] is not None), key=lambda row: row.id)
    connection = db.session.connection()
    if kept:
        connection.execute(scoped.insert(), [{"id": row.id, "followup_id": row.followup_id,
                                              "exercise_id": row.exercise_id, "role": roles[row.id][0],
                                              "run_id": row.run_id} for row in kept])
        intended = [{"exercise_row": row.id, "option_id": option} for row in kept for option in roles[row.id][1]]
        if intended:
            connection.execute(best.insert(), intended)
    return (scoped, best, {row.id: (row.exercise_id, roles[row.id][0]) for row in kept},
            {row.exercise_id: row.title for row in kept})


def _mean(total: int, count: int) -> float | None:
    return round(total / count, 2) if count else None


def followup_figures(organisation_id: int, filters: Filters, counted) -> dict:
    """The `followup` key of the insights document; `counted` is the insights' table of counted workshop votes."""
    scoped, best, kept, titles = _fill(_scope(organisation_id, filters))
    try:
        by_case, by_scale = _per_exercise(_per_exercise_row(scoped, best), kept)
        followups, participants, from_workshop = _people(scoped)
    finally:
        connection = db.session.connection()
        for table in (best, scoped):
            table.drop(connection)
    room, room_scales = _workshop_cases(counted, list(by_case)), _workshop_scales(organisation_id, filters,
                                                                                 list(by_scale))
    cases = [{"exercise_id": exercise_id, "title": titles[exercise_id], "followups": f["followups"],
              "answers": f["answers"], "best_share": share(f["best"], f["answers"]),
              "workshop_votes": room.get(exercise_id, (0, 0))[0],
              "workshop_best_share": share(room.get(exercise_id, (0, 0))[1], room.get(exercise_id, (0, 0))[0]),
              "paired": f["paired"], "moved_to_best": f["moved_to_best"], "moved_away": f["moved_away"]}
             for exercise_id, f in by_case.items()]
    scales = [{"exercise_id": exercise_id, "title": titles[exercise_id], "followups": f["followups"],
               "answers": f["answers"], "mean": _mean(f["total"], f["answers"]),
               "workshop_votes": room_scales.get(exercise_id, (0, None))[0],
               "workshop_mean": mean(room_scales.get(exercise_id, (0, None))[1]), "paired": f["paired"],
               "before_mean": _mean(f["before"], f["paired"]), "after_mean": _mean(f["after"], f["paired"])}
              for exercise_id, f in by_scale.items()]
    answers, best_answers = sum(f["answers"] for f in by_case.values()), sum(f["best"] for f in by_case.values())
    room_votes, room_best = sum(v for v, _b in room.values()), sum(b for _v, b in room.values())
    return {"followups": followups, "participants": participants, "from_workshop": from_workshop,
            "answers": answers, "best_share": share(best_answers, answers), "workshop_votes": room_votes,
            "workshop_best_share": share(room_best, room_votes), "paired": sum(c["paired"] for c in cases),
            "cases": sorted(cases, key=lambda c: (-c["answers"], c["exercise_id"])),
            "scales": sorted(scales, key=lambda s: (-s["answers"], s["exercise_id"]))}

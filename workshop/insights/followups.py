"""The follow-up answers beside the workshop figures: the insights' `followup` key (contract v3, "Follow-up").

What counts: a follow-up answer as stored, one per follow-up participant and exercise (a later answer replaced the
earlier one), of a follow-up of a workshop in scope. A follow-up belongs to its workshop: the period and team
filters select the workshop (its creation day and team), whenever the follow-up was answered; the exercise filter
keeps the answers to that exercise (whether or not the workshop itself ran it). Another organisation's follow-ups
are never in scope.

Two sections: `cases` (exercises whose options a kind counts without scenes: a case) and `scales` (answered with a
value on a scale). Scenarios and orderings are left out: the workshop figures count neither. Beside each follow-up
figure stands the same exercise's workshop figure under the same filters (`workshop_votes`, `workshop_best_share`
or `workshop_mean`), and for the participants who answered in both (the phone brought its workshop token, as
workshop/followup/results.py pairs them: the workshop's last run of that exercise) how they moved.

Which option is intended is read from the follow-up exercise's snapshot once per worker process (a snapshot never
changes and ids are never reused) and handed to SQL in a temporary table; every figure is a GROUP BY in SQL.
"""
from __future__ import annotations

import json
import secrets

from sqlalchemy import Column, Integer, MetaData, String, Table, and_, case, cast, exists, func, select

from exercises.kinds import kind_of
from workshop.followup.answers import Rating, shape_of
from workshop.followup.models import Followup, FollowupAnswer, FollowupExercise, FollowupParticipant
from workshop.insights.filters import Filters
from workshop.insights.votes import CASE_SCENE, in_scope, options_t, runs_t, votes_t, workshops_t
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


def _case_figures(scoped: Table, best: Table) -> dict[str, dict]:
    answer_best = case((best.c.option_id.is_not(None), 1), else_=0)
    with_best = and_(best.c.exercise_row == answers_t.c.followup_exercise_id,
                     best.c.option_id == answers_t.c.option_id)
    found = {exercise_id: {"followups": followups, "answers": answers, "best": best_answers}
             for exercise_id, followups, answers, best_answers in db.session.execute(
                 select(scoped.c.exercise_id, func.count(func.distinct(scoped.c.followup_id)), func.count(),
                        func.sum(answer_best))
                 .select_from(answers_t).join(scoped, scoped.c.id == answers_t.c.followup_exercise_id)
                 .outerjoin(best, with_best).where(scoped.c.role == CASE, answers_t.c.scene == CASE_SCENE)
                 .group_by(scoped.c.exercise_id))}
    then_best = case((options_t.c.best, 1), else_=0)
    paired = (select(scoped.c.exercise_id, func.count(), func.sum(case((and_(then_best == 0, answer_best == 1), 1),
                                                                      else_=0)),
                     func.sum(case((and_(then_best == 1, answer_best == 0), 1), else_=0)))
              .select_from(answers_t).join(scoped, scoped.c.id == answers_t.c.followup_exercise_id)
              .join(participants_t, participants_t.c.id == answers_t.c.followup_participant_id)
              .join(votes_t, and_(votes_t.c.run_id == scoped.c.run_id, votes_t.c.scene == CASE_SCENE,
                                  votes_t.c.participant_id == participants_t.c.participant_id))
              .join(options_t, and_(options_t.c.run_id == votes_t.c.run_id, options_t.c.scene == CASE_SCENE,
                                    options_t.c.option_id == votes_t.c.option_id))
              .outerjoin(best, with_best).where(scoped.c.role == CASE, answers_t.c.scene == CASE_SCENE)
              .group_by(scoped.c.exercise_id))
    for exercise_id, pairs, moved_to_best, moved_away in db.session.execute(paired):
        found[exercise_id] |= {"paired": pairs, "moved_to_best": moved_to_best, "moved_away": moved_away}
    return found


def _scale_figures(organisation_id: int, filters: Filters, scoped: Table) -> dict[str, dict]:
    value = cast(answers_t.c.option_id, Integer)
    found = {exercise_id: {"followups": followups, "answers": answers, "mean": mean(average)}
             for exercise_id, followups, answers, average in db.session.execute(
                 select(scoped.c.exercise_id, func.count(func.distinct(scoped.c.followup_id)), func.count(),
                        func.avg(value))
                 .select_from(answers_t).join(scoped, scoped.c.id == answers_t.c.followup_exercise_id)
                 .where(scoped.c.role == SCALE, answers_t.c.scene == CASE_SCENE).group_by(scoped.c.exercise_id))}
    if not found:
        return found
    paired = (select(scoped.c.exercise_id, func.count(), func.avg(cast(votes_t.c.option_id, Integer)),
                     func.avg(value))
              .select_from(answers_t).join(scoped, scoped.c.id == answers_t.c.followup_exercise_id)
              .join(participants_t, participants_t.c.id == answers_t.c.followup_participant_id)
              .join(votes_t, and_(votes_t.c.run_id == scoped.c.run_id, votes_t.c.scene == CASE_SCENE,
                                  votes_t.c.participant_id == participants_t.c.participant_id))
              .where(scoped.c.role == SCALE, answers_t.c.scene == CASE_SCENE).group_by(scoped.c.exercise_id))
    for exercise_id, pairs, before, after in db.session.execute(paired):
        found[exercise_id] |= {"paired": pairs, "before_mean": mean(before), "after_mean": mean(after)}
    room = (select(runs_t.c.exercise_id, func.count(), func.avg(cast(votes_t.c.option_id, Integer)))
            .select_from(votes_t).join(runs_t, runs_t.c.id == votes_t.c.run_id)
            .join(workshops_t, workshops_t.c.id == runs_t.c.workshop_id)
            .where(*in_scope(organisation_id, filters, exercise=False), runs_t.c.exercise_id.in_(list(found)))
            .group_by(runs_t.c.exercise_id))
    for exercise_id, votes, average in db.session.execute(room):
        found[exercise_id] |= {"workshop_votes": votes, "workshop_mean": mean(average)}
    return found


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
    """(follow-ups, participants who answered, of whom how many came with their workshop token)."""
    return db.session.execute(
        select(func.count(func.distinct(scoped.c.followup_id)), func.count(func.distinct(participants_t.c.id)),
               func.count(func.distinct(case((participants_t.c.participant_id.is_not(None), participants_t.c.id)))))
        .select_from(answers_t).join(scoped, scoped.c.id == answers_t.c.followup_exercise_id)
        .join(participants_t, participants_t.c.id == answers_t.c.followup_participant_id)
        .where(answers_t.c.scene == CASE_SCENE)).one()


def _fill(rows: list) -> tuple[Table, Table, dict[str, str]]:
    """The temporary tables of the follow-up exercises in these figures and of their intended options, and the
    newest title per exercise id."""
    roles = _roles_of([row.id for row in rows])
    scoped = _temporary("followup", Column("id", Integer), Column("followup_id", Integer),
                        Column("exercise_id", String(40)), Column("role", String(8)), Column("run_id", Integer))
    best = _temporary("followup_best", Column("exercise_row", Integer), Column("option_id", String(40)))
    kept = [row for row in rows if roles[row.id][0] is not None]
    connection = db.session.connection()
    if kept:
        connection.execute(scoped.insert(), [{"id": row.id, "followup_id": row.followup_id,
                                              "exercise_id": row.exercise_id, "role": roles[row.id][0],
                                              "run_id": row.run_id} for row in kept])
        intended = [{"exercise_row": row.id, "option_id": option} for row in kept for option in roles[row.id][1]]
        if intended:
            connection.execute(best.insert(), intended)
    titles = {row.exercise_id: row.title for row in sorted(kept, key=lambda row: row.id)}
    return scoped, best, titles


def followup_figures(organisation_id: int, filters: Filters, counted) -> dict:
    """The `followup` key of the insights document; `counted` is the insights' table of counted workshop votes."""
    scoped, best, titles = _fill(_scope(organisation_id, filters))
    try:
        by_case = _case_figures(scoped, best)
        by_scale = _scale_figures(organisation_id, filters, scoped)
        followups, participants, from_workshop = _people(scoped)
    finally:
        connection = db.session.connection()
        scoped.drop(connection)
        best.drop(connection)
    room = _workshop_cases(counted, list(by_case))
    cases = [{"exercise_id": exercise_id, "title": titles[exercise_id], "followups": f["followups"],
              "answers": f["answers"], "best_share": share(f["best"], f["answers"]),
              "workshop_votes": room.get(exercise_id, (0, 0))[0],
              "workshop_best_share": share(room.get(exercise_id, (0, 0))[1], room.get(exercise_id, (0, 0))[0]),
              "paired": f.get("paired", 0), "moved_to_best": f.get("moved_to_best", 0),
              "moved_away": f.get("moved_away", 0)} for exercise_id, f in by_case.items()]
    scales = [{"exercise_id": exercise_id, "title": titles[exercise_id], "followups": f["followups"],
               "answers": f["answers"], "mean": f["mean"], "workshop_votes": f.get("workshop_votes", 0),
               "workshop_mean": f.get("workshop_mean"), "paired": f.get("paired", 0),
               "before_mean": f.get("before_mean"), "after_mean": f.get("after_mean")}
              for exercise_id, f in by_scale.items()]
    answers, best_answers = sum(f["answers"] for f in by_case.values()), sum(f["best"] for f in by_case.values())
    room_votes, room_best = sum(v for v, _b in room.values()), sum(b for _v, b in room.values())
    return {"followups": followups, "participants": participants, "from_workshop": from_workshop,
            "answers": answers, "best_share": share(best_answers, answers), "workshop_votes": room_votes,
            "workshop_best_share": share(room_best, room_votes), "paired": sum(c["paired"] for c in cases),
            "cases": sorted(cases, key=lambda c: (-c["answers"], c["exercise_id"])),
            "scales": sorted(scales, key=lambda s: (-s["answers"], s["exercise_id"]))}

"""Keeps `insight_run` / `insight_option` in step with the runs: each run is indexed once (its content snapshot
never changes), by asking its kind which options its votes land on and which run it pairs with.

`index_runs(organisation_id)` runs on the server before every insights read (the worker that renders the page only
reads). It costs one query when nothing is new; a large backlog (an upgrade, a seeded organisation) is read and
parsed in an offload worker process and only written here, so that the live loop never parses thousands of runs.
"""
from __future__ import annotations

import json

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError

from exercises.kinds import kind_of
from workshop import offload
from workshop.insights.models import InsightOption, InsightRun
from workshop.models import ExerciseRun, Workshop, db

INLINE_MAX = 200  # unindexed runs parsed in the request itself; more go to a worker process
CHUNK = 500  # runs per transaction and per IN (...) list


def _unindexed(organisation_id: int) -> list[int]:
    return list(db.session.scalars(
        select(ExerciseRun.id).join(Workshop, ExerciseRun.workshop_id == Workshop.id)
        .outerjoin(InsightRun, InsightRun.run_id == ExerciseRun.id)
        .where(Workshop.organisation_id == organisation_id, InsightRun.run_id.is_(None)).order_by(ExerciseRun.id)))


def index_rows(run_ids: list[int]) -> tuple[list[dict], list[dict]]:
    """(insight_run rows, insight_option rows) for these runs; reads only (runs in a worker for a backlog)."""
    runs = db.session.execute(select(ExerciseRun.id, ExerciseRun.workshop_id, ExerciseRun.position,
                                     ExerciseRun.exercise_id, ExerciseRun.kind, ExerciseRun.content_json)
                              .where(ExerciseRun.id.in_(run_ids))).all()
    pairs = {run.id: kind_of(run.kind).paired_with(json.loads(run.content_json)) for run in runs}
    wanted_workshops = {run.workshop_id for run in runs if pairs[run.id]}
    siblings = db.session.execute(
        select(ExerciseRun.id, ExerciseRun.workshop_id, ExerciseRun.position, ExerciseRun.exercise_id,
               ExerciseRun.kind).where(ExerciseRun.workshop_id.in_(wanted_workshops))).all() if wanted_workshops else []
    by_exercise: dict[tuple, list] = {}
    for sibling in siblings:
        by_exercise.setdefault((sibling.workshop_id, sibling.exercise_id, sibling.kind), []).append(sibling)
    run_rows, option_rows = [], []
    for run in runs:
        candidates = by_exercise.get((run.workshop_id, pairs[run.id], run.kind), ())
        before = next((s.id for s in sorted(candidates, key=lambda s: s.position) if s.position < run.position),
                      None)
        run_rows.append({"run_id": run.id, "pair_run_id": before})
        option_rows += [{"run_id": run.id, "scene": option["scene"], "option_id": option["id"],
                         "tag": option["tag"], "best": option["best"]}
                        for option in kind_of(run.kind).counted_options(json.loads(run.content_json))]
    return run_rows, option_rows


def _write(run_rows: list[dict], option_rows: list[dict]) -> None:
    try:
        db.session.execute(insert(InsightRun), run_rows)
        if option_rows:
            db.session.execute(insert(InsightOption), option_rows)
        db.session.commit()
    except IntegrityError:  # another request indexed (some of) these runs at the same moment: theirs stand
        db.session.rollback()


def index_runs(organisation_id: int) -> int:
    """Index the organisation's runs that are not indexed yet; answers how many were."""
    pending = _unindexed(organisation_id)
    for start in range(0, len(pending), CHUNK):
        chunk = pending[start:start + CHUNK]
        if len(pending) > INLINE_MAX:
            db.session.rollback()  # no read transaction stays open while the worker reads
            run_rows, option_rows = offload.in_app_process(index_rows, chunk)
        else:
            run_rows, option_rows = index_rows(chunk)
        _write(run_rows, option_rows)
    return len(pending)

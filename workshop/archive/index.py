"""The archive's index: one stored entry per tip (folded words, comparable text, group, votes), kept in step.

`sync_archive(organisation_id)` runs before every archive read. It is cheap when nothing changed: it adds entries
for tips newer than the organisation's newest entry (each compared only with the stored groups of its own
question), and refreshes the votes of workshops whose votes can still change (live ones, and each ended one once).
A large backlog (an upgrade, a big import) is grouped in an offload worker process, never on the live loop.
Curation calls `refresh_tip` (a corrected text) and `regroup_exercise` (hand-made groups changed): only that
question is regrouped, as a whole.
"""
from __future__ import annotations

from sqlalchemy import bindparam, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from workshop import offload
from workshop.archive.grouping import Item, cluster_leaders, place_new
from workshop.archive.models import ArchiveEntry, ArchiveGroup, ArchiveWorkshop, TipCuration
from workshop.archive.text import comparable, words
from workshop.models import ExerciseRun, Tip, Upvote, Workshop, db

INLINE_MAX = 50  # new tips grouped in the request itself; a larger batch goes to a worker process
CHUNK = 500  # ids per IN (...) list: well below every database's limit on bound parameters
SLICE = 100  # entries or groups written between two turns of the live loop in `sync_in_slices`


def folded_text(text: str, curated_text: str | None) -> str:
    """What word search looks in: the folded words of the tip and of its corrected text."""
    return " ".join(words(text)) + " | " + " ".join(words(curated_text or ""))


def _upvotes():
    return select(func.count()).select_from(Upvote).where(Upvote.tip_id == ArchiveEntry.tip_id).scalar_subquery()


def _visible():
    """Entries whose tip is not held for the trainer's approval: a group's summary counts only what pages show, so
    a group of held entries alone has no summary (and no empty place on a page)."""
    return ArchiveEntry.tip_id.not_in(select(Tip.id).where(Tip.held.is_(True)))


def _group_summary(condition):
    return (select(ArchiveEntry.cluster, func.min(ArchiveEntry.organisation_id), func.min(ArchiveEntry.exercise_id),
                   func.count(), func.max(ArchiveEntry.votes), func.sum(ArchiveEntry.votes),
                   func.max(ArchiveEntry.created), func.max(ArchiveEntry.tip_id))
            .where(condition, _visible()).group_by(ArchiveEntry.cluster))


_SUMMARY_COLUMNS = ("cluster", "organisation_id", "exercise_id", "size", "votes_max", "votes_sum", "newest",
                    "last_tip")


def refresh_groups(clusters) -> None:
    """Recompute the stored summaries (ArchiveGroup) of these groups from their entries: a group that lost every
    entry loses its summary. Called wherever entries are added, re-voted, regrouped or deleted."""
    clusters = sorted(set(clusters))
    for start in range(0, len(clusters), CHUNK):
        chunk = clusters[start:start + CHUNK]
        db.session.execute(delete(ArchiveGroup).where(ArchiveGroup.cluster.in_(chunk)))
        db.session.execute(insert(ArchiveGroup).from_select(_SUMMARY_COLUMNS,
                                                            _group_summary(ArchiveEntry.cluster.in_(chunk))))


def clusters_of_workshops(workshop_ids) -> set[int]:
    return set(db.session.scalars(select(ArchiveEntry.cluster).distinct()
                                  .where(ArchiveEntry.workshop_id.in_(list(workshop_ids)))))


def _refresh_votes(organisation_id: int) -> set[int]:
    """Votes of workshops whose votes can still change; an ended workshop is refreshed once more, then final.
    Answers the workshops refreshed."""
    final = select(ArchiveWorkshop.workshop_id).where(ArchiveWorkshop.votes_final.is_(True))
    rows = db.session.execute(select(Workshop.id, Workshop.status).where(
        Workshop.organisation_id == organisation_id, Workshop.id.not_in(final))).all()
    for workshop_id, status in rows:
        db.session.execute(update(ArchiveEntry).where(ArchiveEntry.workshop_id == workshop_id)
                           .values(votes=_upvotes()).execution_options(synchronize_session=False))
        if status == "ended":
            db.session.merge(ArchiveWorkshop(workshop_id=workshop_id, votes_final=True))
    return {workshop_id for workshop_id, _status in rows}


def _existing(organisation_id: int, exercise_id: str) -> list[tuple[int, int, str, bool]]:
    rows = db.session.execute(
        select(ArchiveEntry.tip_id, ArchiveEntry.cluster, ArchiveEntry.comparable,
               func.coalesce(TipCuration.solo, False))
        .outerjoin(TipCuration, TipCuration.tip_id == ArchiveEntry.tip_id)
        .where(ArchiveEntry.organisation_id == organisation_id, ArchiveEntry.exercise_id == exercise_id)).all()
    return [tuple(row) for row in rows]


def _end_read_transaction() -> None:
    """Before waiting for a worker: end this session's read transaction, unless it holds changes of its caller's
    (then those stay; nothing here ever discards another's work)."""
    if not (db.session.new or db.session.dirty or db.session.deleted):
        db.session.rollback()


def _place(existing, items: list[Item]) -> dict[int, int]:
    if len(items) > INLINE_MAX:
        _end_read_transaction()
        return offload.in_process(place_new, existing, items)
    return place_new(existing, items)


def _new_entries(organisation_id: int) -> list[dict]:
    """Entries for the organisation's tips that have none yet, grouped among the stored ones. Reads only: the
    grouping may wait for a worker process, and no write transaction may be open while it does."""
    newest = db.session.scalar(select(func.max(ArchiveEntry.tip_id))
                               .where(ArchiveEntry.organisation_id == organisation_id)) or 0
    rows = db.session.execute(
        select(Tip.id, Tip.text, Tip.created, ExerciseRun.exercise_id, ExerciseRun.workshop_id,
               TipCuration.curated_text, func.coalesce(TipCuration.solo, False))
        .join(ExerciseRun, Tip.run_id == ExerciseRun.id).join(Workshop, ExerciseRun.workshop_id == Workshop.id)
        .outerjoin(TipCuration, TipCuration.tip_id == Tip.id)
        .where(Tip.id > newest, Workshop.organisation_id == organisation_id).order_by(Tip.id)).all()
    by_exercise: dict[str, list] = {}
    for row in rows:
        by_exercise.setdefault(row.exercise_id, []).append(row)
    existing = {exercise_id: _existing(organisation_id, exercise_id) for exercise_id in by_exercise}
    entries = []
    for exercise_id, new in by_exercise.items():
        items = [Item(r.id, exercise_id, r.curated_text or r.text, None, bool(r[6])) for r in new]
        leaders = _place(existing[exercise_id], items)
        entries += [{"tip_id": r.id, "organisation_id": organisation_id, "workshop_id": r.workshop_id,
                     "exercise_id": exercise_id, "created": r.created, "folded": folded_text(r.text, r.curated_text),
                     "comparable": comparable(r.curated_text or r.text), "cluster": leaders[r.id], "votes": 0}
                    for r in new]
    return entries


def sync_archive(organisation_id: int) -> None:
    """Add entries for the organisation's new tips and refresh votes that can still change; commits.
    The writes come last, in one short transaction that never waits for anything else."""
    entries = _new_entries(organisation_id)
    try:
        if entries:
            db.session.execute(insert(ArchiveEntry), entries)
            first = entries[0]["tip_id"]
            db.session.execute(update(ArchiveEntry).where(
                ArchiveEntry.organisation_id == organisation_id, ArchiveEntry.tip_id >= first)
                .values(votes=_upvotes()).execution_options(synchronize_session=False))
        refreshed = _refresh_votes(organisation_id)
        changed = {entry["cluster"] for entry in entries}
        if refreshed:
            changed |= clusters_of_workshops(refreshed)
        refresh_groups(changed)
        db.session.commit()
    except IntegrityError:  # another request or process added the same entries first: theirs stand
        db.session.rollback()


def sync_in_slices(organisation_id: int, between_slices) -> None:
    """`sync_archive` for a large batch of new tips (an import): the entries are read and grouped in an offload
    worker process, and written here a slice at a time, each committed, `between_slices()` after each, so that the
    live loop serves the rooms in between. Entries another request added meanwhile stand."""
    _end_read_transaction()
    entries = offload.in_app_process(_new_entries, organisation_id)
    for start in range(0, len(entries), SLICE):
        try:
            db.session.execute(insert(ArchiveEntry), entries[start:start + SLICE])
            db.session.commit()
        except IntegrityError:
            db.session.rollback()
        between_slices()
    clusters = sorted({entry["cluster"] for entry in entries})
    for start in range(0, len(clusters), SLICE):
        refresh_groups(clusters[start:start + SLICE])
        db.session.commit()
        between_slices()
    sync_archive(organisation_id)  # what is left (tips that arrived meanwhile): usually nothing


def set_votes(tip_votes: dict[int, int]) -> None:
    """Votes an earlier tool reported for imported tips (their workshops' votes are final at once)."""
    if tip_votes:
        db.session.execute(update(ArchiveEntry.__table__).where(ArchiveEntry.__table__.c.tip_id == bindparam("id"))
                           .values(votes=bindparam("votes")),
                           [{"id": tip_id, "votes": votes} for tip_id, votes in tip_votes.items()])
        ids = list(tip_votes)
        clusters = set()
        for start in range(0, len(ids), CHUNK):
            clusters.update(db.session.scalars(select(ArchiveEntry.cluster).distinct().where(
                ArchiveEntry.tip_id.in_(ids[start:start + CHUNK]))))
        refresh_groups(clusters)


def refresh_tip(tip: Tip, curated_text: str | None) -> None:
    """A corrected text changes what search finds and what grouping compares."""
    db.session.execute(update(ArchiveEntry).where(ArchiveEntry.tip_id == tip.id).values(
        folded=folded_text(tip.text, curated_text), comparable=comparable(curated_text or tip.text)))


def regroup_exercise(organisation_id: int, exercise_id: str) -> None:
    """Group one question's tips again as a whole, around the groups made by hand (after curation); commits.
    Reads, then groups (in a worker when large, with no transaction open), then writes in one short transaction."""
    sync_archive(organisation_id)
    rows = db.session.execute(
        select(ArchiveEntry.tip_id, Tip.text, TipCuration.curated_text, TipCuration.group_id,
               func.coalesce(TipCuration.solo, False))
        .join(Tip, Tip.id == ArchiveEntry.tip_id).outerjoin(TipCuration, TipCuration.tip_id == Tip.id)
        .where(ArchiveEntry.organisation_id == organisation_id, ArchiveEntry.exercise_id == exercise_id)).all()
    items = [Item(r[0], exercise_id, r[2] or r[1], r[3], bool(r[4])) for r in rows]
    if len(items) > INLINE_MAX:
        _end_read_transaction()
        leaders = offload.in_process(cluster_leaders, items)
    else:
        leaders = cluster_leaders(items)
    by_leader: dict[int, list[int]] = {}
    for tip_id, leader in leaders.items():
        by_leader.setdefault(leader, []).append(tip_id)
    for leader, members in by_leader.items():
        db.session.execute(update(ArchiveEntry).where(ArchiveEntry.tip_id.in_(members)).values(cluster=leader)
                           .execution_options(synchronize_session=False))
    question = (ArchiveEntry.organisation_id == organisation_id) & (ArchiveEntry.exercise_id == exercise_id)
    db.session.execute(delete(ArchiveGroup).where(ArchiveGroup.organisation_id == organisation_id,
                                                  ArchiveGroup.exercise_id == exercise_id))
    db.session.execute(insert(ArchiveGroup).from_select(_SUMMARY_COLUMNS, _group_summary(question)))
    db.session.commit()

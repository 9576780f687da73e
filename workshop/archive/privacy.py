"""Data protection: removing participants' names, deleting a workshop with all its data, and exporting
everything an organisation holds. Plain functions, committed here; routes and the CLI only call them."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, func, select, text, update

from workshop.archive import index
from workshop.archive.curation import remove_empty_groups
from workshop.archive.exports import now_iso, workshop_document
from workshop.archive.models import HandoutLink, RetentionPolicy, TipCuration, TipGroup
from workshop.archive.search import iso
from workshop.models import ApiToken, ExerciseRun, Organisation, Participant, Tip, Trainer, Upvote, Vote, Workshop, db


@dataclass(frozen=True)
class WorkshopSize:
    code: str
    title: str
    participants: int
    tips: int
    votes: int


def named_participants(workshop: Workshop) -> int:
    return db.session.scalar(select(func.count(Participant.id)).where(
        Participant.workshop_id == workshop.id, Participant.name.is_not(None)))


def remove_names(workshop: Workshop) -> int:
    """Remove every participant's display name in this workshop; their tips and votes stay, anonymous.
    Returns how many names were removed."""
    result = db.session.execute(update(Participant).where(
        Participant.workshop_id == workshop.id, Participant.name.is_not(None)).values(name=None))
    db.session.commit()
    return result.rowcount


def workshop_size(workshop: Workshop) -> WorkshopSize:
    runs = select(ExerciseRun.id).where(ExerciseRun.workshop_id == workshop.id)
    return WorkshopSize(
        workshop.code, workshop.title,
        db.session.scalar(select(func.count(Participant.id)).where(Participant.workshop_id == workshop.id)),
        db.session.scalar(select(func.count(Tip.id)).where(Tip.run_id.in_(runs))),
        db.session.scalar(select(func.count(Vote.id)).where(Vote.run_id.in_(runs))))


def delete_workshops(organisation_id: int, workshop_ids: list[int]) -> None:
    """Delete workshops with everything in them: exercises, participants, tips, upvotes, votes, curation,
    hand-out link (the database's ON DELETE CASCADE), then the hand-made groups left empty."""
    if not workshop_ids:
        return
    clusters = index.clusters_of_workshops(workshop_ids)
    db.session.execute(delete(Workshop).where(Workshop.id.in_(workshop_ids),
                                              Workshop.organisation_id == organisation_id)
                       .execution_options(synchronize_session=False))
    db.session.flush()
    index.refresh_groups(clusters)  # their groups' summaries, now without the deleted tips
    remove_empty_groups(organisation_id)
    db.session.commit()
    forget_deleted()
    db.session.expire_all()


def forget_deleted() -> None:
    """SQLite: copy the write-ahead log into the database (secure_delete has zeroed what was deleted there) and
    empty it, so that no copy of deleted text stays in `klantwijs.db-wal`. Best effort: a reader still busy keeps
    the log's part it reads until the next checkpoint. PostgreSQL: nothing to do here (VACUUM reclaims)."""
    if db.engine.dialect.name == "sqlite":
        db.session.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
        db.session.commit()


def delete_workshop(workshop: Workshop) -> WorkshopSize:
    size = workshop_size(workshop)
    delete_workshops(workshop.organisation_id, [workshop.id])
    return size


def _participants(workshop: Workshop) -> list[dict]:
    people = db.session.scalars(select(Participant).where(Participant.workshop_id == workshop.id)
                                .order_by(Participant.id)).all()
    runs = select(ExerciseRun.id).where(ExerciseRun.workshop_id == workshop.id)
    authored: dict[int, list[int]] = {}
    for tip_id, participant_id in db.session.execute(
            select(Tip.id, Tip.participant_id).where(Tip.run_id.in_(runs)).order_by(Tip.id)):
        if participant_id is not None:
            authored.setdefault(participant_id, []).append(tip_id)
    return [{"id": p.id, "name": p.name, "created": iso(p.created), "has_token": p.token_hash is not None,
             "tips": authored.get(p.id, [])} for p in people]


def _workshop_everything(workshop: Workshop) -> dict:
    runs = select(ExerciseRun.id).where(ExerciseRun.workshop_id == workshop.id)
    positions = {run.id: run.position for run in workshop.runs}
    upvotes = db.session.execute(select(Upvote.tip_id, Upvote.participant_id).join(Tip, Tip.id == Upvote.tip_id)
                                 .where(Tip.run_id.in_(runs)).order_by(Upvote.tip_id, Upvote.participant_id))
    votes = db.session.scalars(select(Vote).where(Vote.run_id.in_(runs)).order_by(Vote.id)).all()
    link = db.session.scalar(select(HandoutLink).where(HandoutLink.workshop_id == workshop.id))
    return workshop_document(workshop) | {
        "participants": _participants(workshop),
        "upvotes": [{"tip_id": t, "participant_id": p} for t, p in upvotes],
        "votes": [{"exercise_index": positions[v.run_id], "participant_id": v.participant_id,
                   "option": v.option_id, "updated": iso(v.updated)} | ({"scene": v.scene} if v.scene else {})
                  for v in votes],  # a scenario's vote names its scene
        "handout_shared": link is not None}


def organisation_export(organisation_id: int) -> dict:
    """Everything Klantwijs holds for this organisation (GET /api/v1/organisation/export.json). Secrets are
    left out: password hashes, and API and participant tokens (they are stored only as hashes anyway)."""
    organisation = db.session.get(Organisation, organisation_id)
    policy = db.session.get(RetentionPolicy, organisation_id)
    trainers = db.session.scalars(select(Trainer).where(Trainer.organisation_id == organisation_id)
                                  .order_by(Trainer.id)).all()
    tokens = db.session.scalars(select(ApiToken).join(Trainer).where(Trainer.organisation_id == organisation_id)
                                .order_by(ApiToken.id)).all()
    workshops = db.session.scalars(select(Workshop).where(Workshop.organisation_id == organisation_id)
                                   .order_by(Workshop.created, Workshop.id)).all()
    groups = db.session.scalars(select(TipGroup).where(TipGroup.organisation_id == organisation_id)
                                .order_by(TipGroup.id)).all()
    members = dict.fromkeys((g.id for g in groups), None)
    for group_id, tip_id in db.session.execute(select(TipCuration.group_id, TipCuration.tip_id).where(
            TipCuration.group_id.in_(list(members))).order_by(TipCuration.tip_id)):
        members[group_id] = (members[group_id] or []) + [tip_id]
    return {
        "organisation": {"name": organisation.name, "created": iso(organisation.created),
                         "blocked_words": (organisation.blocked_words or "").splitlines()},
        "exported": now_iso(),
        "retention": {"identity_days": policy.identity_days if policy else None,
                      "workshop_days": policy.workshop_days if policy else None},
        "trainers": [{"email": t.email, "created": iso(t.created)} for t in trainers],
        "api_tokens": [{"trainer": t.trainer.email, "created": iso(t.created)} for t in tokens],
        "workshops": [_workshop_everything(w) for w in workshops],
        "manual_groups": [{"id": g.id, "exercise_id": g.exercise_id, "created": iso(g.created),
                           "tips": members[g.id] or []} for g in groups],
    }

"""Shapes of what clients see, read from the database: workshop state, participant state P, tips T, tally Y.

The broadcaster and every ack build their payloads here, so a broadcast and a fresh snapshot always agree.
"""
from __future__ import annotations

from sqlalchemy import func, select

from exercises.kinds import kind_of
from exercises.kinds.base import TALLY, TIPS
from workshop.models import ExerciseRun, Participant, Tip, Upvote, Vote, Workshop, db

TIPS_ON_WALL = 100


def participant_count(workshop: Workshop) -> int:
    return db.session.scalar(select(func.count(Participant.id)).where(Participant.workshop_id == workshop.id))


def current_run(workshop: Workshop) -> ExerciseRun | None:
    if workshop.current_index is None:
        return None
    return workshop.runs[workshop.current_index]


def exercise_summary(run: ExerciseRun) -> dict:
    return {"index": run.position, "id": run.exercise_id, "kind": run.kind, "title": run.title,
            "phase": run.phase, "results_visible": run.results_visible,
            "reveal_step": run.reveal_step if run.phase == "revealed" else None,
            "actions": sorted(kind_of(run.kind).actions), "tally": TALLY in kind_of(run.kind).live,
            "reveal_steps": kind_of(run.kind).reveal_steps(run.content)}


def workshop_state(workshop: Workshop) -> dict:
    """The trainer's view (REST API and control page)."""
    return {"code": workshop.code, "title": workshop.title, "status": workshop.status,
            "language": workshop.language, "participants": participant_count(workshop),
            "current": workshop.current_index,
            "exercises": [exercise_summary(run) for run in workshop.runs]}


def exercise_view(run: ExerciseRun) -> dict:
    """What phones and the projector see of an exercise: the kind decides (never the trainer's notes)."""
    return exercise_summary(run) | kind_of(run.kind).public_view(run.content, run.phase)


def participant_state(workshop: Workshop) -> dict:
    """State P without `me`: what every phone and the projector are sent. An ended workshop adds `recap`: the
    room's closing recap (workshop/engine/recap.py)."""
    run = current_run(workshop)
    state = {"workshop": {"code": workshop.code, "title": workshop.title, "status": workshop.status,
                          "language": workshop.language},
             "participants": participant_count(workshop),
             "exercise": exercise_view(run) if run else None}
    if workshop.status == "ended":
        from workshop.engine.recap import room_recap
        state["recap"] = room_recap(workshop)
    return state


def me_view(workshop: Workshop, participant: Participant) -> dict:
    own_tips = db.session.scalars(
        select(Tip.id).where(Tip.participant_id == participant.id).order_by(Tip.id)).all()
    upvoted = db.session.scalars(
        select(Upvote.tip_id).where(Upvote.participant_id == participant.id).order_by(Upvote.tip_id)).all()
    votes = dict(db.session.execute(
        select(ExerciseRun.position, Vote.option_id).join(Vote, Vote.run_id == ExerciseRun.id)
        .where(Vote.participant_id == participant.id, ExerciseRun.workshop_id == workshop.id)).all())
    return {"tips": list(own_tips), "upvoted": list(upvoted),
            "vote": votes.get(workshop.current_index), "votes": {str(k): v for k, v in votes.items()}}


def me_views(participants: list[tuple[Participant, Workshop]]) -> dict[int, dict]:
    """me_view for many (participant, their workshop) in three queries: a reconnect storm stays cheap."""
    if not participants:
        return {}
    ids = [p.id for p, _w in participants]
    current = {p.id: w.current_index for p, w in participants}
    mine = {p.id: {"tips": [], "upvoted": [], "votes": {}} for p, _w in participants}
    for participant_id, tip_id in db.session.execute(select(Tip.participant_id, Tip.id).where(
            Tip.participant_id.in_(ids)).order_by(Tip.id)):
        mine[participant_id]["tips"].append(tip_id)
    for participant_id, tip_id in db.session.execute(select(Upvote.participant_id, Upvote.tip_id).where(
            Upvote.participant_id.in_(ids)).order_by(Upvote.tip_id)):
        mine[participant_id]["upvoted"].append(tip_id)
    for participant_id, position, option_id in db.session.execute(
            select(Vote.participant_id, ExerciseRun.position, Vote.option_id)
            .join(ExerciseRun, Vote.run_id == ExerciseRun.id).where(Vote.participant_id.in_(ids))):
        mine[participant_id]["votes"][str(position)] = option_id
    for participant_id, me in mine.items():
        position = current[participant_id]
        me["vote"] = me["votes"].get(str(position)) if position is not None else None
    return mine


def own_vote(run: ExerciseRun, participant_id: int) -> str | None:
    return db.session.scalar(select(Vote.option_id).where(Vote.run_id == run.id,
                                                           Vote.participant_id == participant_id))


def own_tip_texts(run: ExerciseRun, participant_id: int) -> list[str]:
    return list(db.session.scalars(select(Tip.text).where(Tip.run_id == run.id, Tip.participant_id == participant_id)
                                   .order_by(Tip.id)))


def visible_tip_count(run: ExerciseRun) -> int:
    return db.session.scalar(select(func.count(Tip.id)).where(Tip.run_id == run.id, Tip.hidden.is_(False)))


def upvote_count(tip_id: int) -> int:
    return db.session.scalar(select(func.count()).select_from(Upvote).where(Upvote.tip_id == tip_id))


def tip_rows(run: ExerciseRun, include_hidden: bool, limit: int | None = None) -> list[dict]:
    votes = func.count(Upvote.participant_id).label("votes")
    query = (select(Tip.id, Tip.text, votes, Tip.hidden).outerjoin(Upvote, Upvote.tip_id == Tip.id)
             .where(Tip.run_id == run.id).group_by(Tip.id, Tip.text, Tip.hidden)
             .order_by(votes.desc(), Tip.id.desc()))
    if not include_hidden:
        query = query.where(Tip.hidden.is_(False))
    if limit:
        query = query.limit(limit)
    rows = db.session.execute(query).all()
    if include_hidden:
        return [{"id": r.id, "text": r.text, "votes": r.votes, "hidden": r.hidden} for r in rows]
    return [{"id": r.id, "text": r.text, "votes": r.votes} for r in rows]


def tips_message(workshop: Workshop) -> dict | None:
    """T: the number of visible tips and the 100 most upvoted (ties: newest first); None unless a tips exercise
    is current."""
    run = current_run(workshop)
    if run is None or TIPS not in kind_of(run.kind).live:
        return None
    total = db.session.scalar(select(func.count(Tip.id)).where(Tip.run_id == run.id, Tip.hidden.is_(False)))
    return {"index": run.position, "total": total, "tips": tip_rows(run, include_hidden=False, limit=TIPS_ON_WALL)}


def vote_counts(run: ExerciseRun) -> dict[str, int]:
    counts = {option["id"]: 0 for option in run.content["options"]}
    rows = db.session.execute(select(Vote.option_id, func.count(Vote.id)).where(Vote.run_id == run.id)
                              .group_by(Vote.option_id)).all()
    for option_id, count in rows:
        counts[option_id] = count
    return counts


def tally_message(workshop: Workshop, for_participants: bool) -> dict | None:
    """Y: the vote counts of the current case; for participants only while results are visible."""
    run = current_run(workshop)
    if run is None or TALLY not in kind_of(run.kind).live or (for_participants and not run.results_visible):
        return None
    counts = vote_counts(run)
    return {"index": run.position, "total": sum(counts.values()), "counts": counts}


def moderation_message(workshop: Workshop) -> dict:
    """For the control page: every tip of the current tips exercise, hidden ones included, and how many voted."""
    run = current_run(workshop)
    if run is None:
        return {"index": None, "tips": [], "voters": 0}
    return {"index": run.position} | kind_of(run.kind).control_view(run)

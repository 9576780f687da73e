"""Shapes of what clients see, read from the database: workshop state, participant state P, tips T, tally Y.

The broadcaster and every ack build their payloads here, so a broadcast and a fresh snapshot always agree.
"""
from __future__ import annotations

import json

from sqlalchemy import func, select

from exercises.kinds import Phase, kind_of
from exercises.kinds.base import CLOUD, TALLY, TIPS, UPVOTE
from workshop.models import ExerciseRun, Participant, Tip, Upvote, Vote, Workshop, db, utcnow

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
            "reveal_steps": kind_of(run.kind).steps(run),
            "timer": timer_view(run), "takes_text": kind_of(run.kind).takes_text,
            "upvotes": UPVOTE in kind_of(run.kind).inputs} | kind_of(run.kind).standing(run)


def workshop_state(workshop: Workshop) -> dict:
    """The trainer's view (REST API and control page)."""
    from workshop.engine.recap import recap_paging
    return {"code": workshop.code, "title": workshop.title, "status": workshop.status,
            "language": workshop.language, "team": workshop.team, "participants": participant_count(workshop),
            "max_participants": workshop.max_participants, "current": workshop.current_index,
            "premoderated": workshop.premoderated,
            "exercises": [exercise_summary(run) for run in workshop.runs]} | recap_paging(workshop)


def exercise_view(run: ExerciseRun) -> dict:
    """What phones and the projector see of an exercise: the kind decides (never the trainer's notes)."""
    return exercise_summary(run) | kind_of(run.kind).view(run)


def participant_state(workshop: Workshop, phones: bool = False) -> dict:
    """State P without `me`: what the projector (`phones` False: the complete reveal) and every phone (`phones`:
    no more than the projector shows, see ExerciseKind.phone_view) are sent. An ended workshop adds `recap`, the
    room's closing recap, with `recap_pages` and `recap_page` (workshop/engine/recap.py)."""
    run = current_run(workshop)
    exercise = exercise_view(run) if run else None
    if exercise is not None and phones:
        exercise = kind_of(run.kind).phone_view(exercise)
    state = {"workshop": {"code": workshop.code, "title": workshop.title, "status": workshop.status,
                          "language": workshop.language},
             "participants": participant_count(workshop), "exercise": exercise}
    from workshop.engine.recap import paged_recap
    recap = paged_recap(workshop) if workshop.status == "ended" else None
    if recap is not None:
        state["recap"] = recap
    return state | {"recap_pages": recap["pages"] if recap else 0, "recap_page": recap["page"] if recap else 1}


def me_view(workshop: Workshop, participant: Participant) -> dict:
    return me_views([(participant, workshop)])[participant.id]


def me_views(participants: list[tuple[Participant, Workshop]]) -> dict[int, dict]:
    """me for many (participant, their workshop) in three queries: a reconnect storm stays cheap. `votes` holds
    each exercise's answer (a case's option, a scale's value as a string, "order" for an ordering), `rankings`
    an order exercise's item ids in the participant's order."""
    if not participants:
        return {}
    ids = [p.id for p, _w in participants]
    current = {p.id: w.current_index for p, w in participants}
    mine = {p.id: {"tips": [], "upvoted": [], "votes": {}, "rankings": {}} for p, _w in participants}
    for participant_id, tip_id in db.session.execute(select(Tip.participant_id, Tip.id).where(
            Tip.participant_id.in_(ids)).order_by(Tip.id)):
        mine[participant_id]["tips"].append(tip_id)
    for participant_id, tip_id in db.session.execute(select(Upvote.participant_id, Upvote.tip_id).where(
            Upvote.participant_id.in_(ids)).order_by(Upvote.tip_id)):
        mine[participant_id]["upvoted"].append(tip_id)
    for participant_id, position, option_id, ranking, scene, kind, content, progress in db.session.execute(
            select(Vote.participant_id, ExerciseRun.position, Vote.option_id, Vote.ranking, Vote.scene,
                   ExerciseRun.kind, ExerciseRun.content_json, ExerciseRun.progress_json)
            .join(ExerciseRun, Vote.run_id == ExerciseRun.id).where(Vote.participant_id.in_(ids))):
        if scene and scene != _current_scene(kind, content, progress):
            continue  # a scenario's vote on a scene the room is not in now
        mine[participant_id]["votes"][str(position)] = option_id
        if ranking is not None:
            mine[participant_id]["rankings"][str(position)] = json.loads(ranking)
    for participant_id, me in mine.items():
        position = current[participant_id]
        me["vote"] = me["votes"].get(str(position)) if position is not None else None
    return mine


def _current_scene(kind: str, content_json: str, progress_json: str | None) -> str | None:
    from workshop.engine.votes import parsed_content  # the same parse cache as the votes' hot path
    progress = parsed_content(progress_json) if progress_json else None
    return kind_of(kind).current_scene(parsed_content(content_json), progress)


def scene_votes_of(run_id: int) -> dict[str, dict[str, int]]:
    """Stored answers of one run per scene and option (a scenario)."""
    found: dict[str, dict[str, int]] = {}
    for scene, option_id, count in db.session.execute(
            select(Vote.scene, Vote.option_id, func.count(Vote.id)).where(Vote.run_id == run_id)
            .group_by(Vote.scene, Vote.option_id)):
        found.setdefault(scene, {})[option_id] = count
    return found


def own_scene_votes(run: ExerciseRun, participant_id: int) -> dict[str, str]:
    return dict(db.session.execute(select(Vote.scene, Vote.option_id).where(
        Vote.run_id == run.id, Vote.participant_id == participant_id)).all())


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


def tip_rows(run: ExerciseRun, include_hidden: bool, limit: int | None = None, tags: bool = False,
             tagged_first: bool = False) -> list[dict]:
    """Tips of a run, most upvoted first (ties: newest first). Without `include_hidden` only what the wall shows
    (neither hidden nor held for the trainer's approval); with it, every tip with its `hidden` and `held` flags.
    `tags`: each tip carries the trainer's `tag` (a reply of `respond`); `tagged_first`: tagged tips lead."""
    votes = func.count(Upvote.participant_id).label("votes")
    order = ((Tip.tag.is_(None),) if tagged_first else ()) + (votes.desc(), Tip.id.desc())
    query = (select(Tip.id, Tip.text, votes, Tip.hidden, Tip.held, Tip.tag).outerjoin(Upvote, Upvote.tip_id == Tip.id)
             .where(Tip.run_id == run.id).group_by(Tip.id, Tip.text, Tip.hidden, Tip.held, Tip.tag)
             .order_by(*order))
    if not include_hidden:
        query = query.where(Tip.hidden.is_(False), Tip.held.is_(False))
    if limit:
        query = query.limit(limit)
    rows = db.session.execute(query).all()
    extra = (lambda r: {"tag": r.tag}) if tags else (lambda r: {})
    if include_hidden:
        return [{"id": r.id, "text": r.text, "votes": r.votes, "hidden": r.hidden, "held": r.held} | extra(r)
                for r in rows]
    return [{"id": r.id, "text": r.text, "votes": r.votes} | extra(r) for r in rows]


def visible_tips(run: ExerciseRun):
    """The condition for tips on the wall: neither hidden nor held."""
    return (Tip.run_id == run.id, Tip.hidden.is_(False), Tip.held.is_(False))


def tips_message(workshop: Workshop) -> dict | None:
    """T: the number of visible tips and the 100 most upvoted (ties: newest first); None unless a tips exercise
    is current. After the reveal of a kind that shows tags (`respond`) every tip carries its `tag`, and the tagged
    ones come first (the projector shows every one of them)."""
    run = current_run(workshop)
    if run is None or TIPS not in kind_of(run.kind).live:
        return None
    total = db.session.scalar(select(func.count(Tip.id)).where(*visible_tips(run)))
    tags = kind_of(run.kind).shows_tags(run.phase)
    return {"index": run.position, "total": total,
            "tips": tip_rows(run, include_hidden=False, limit=TIPS_ON_WALL, tags=tags, tagged_first=tags)}


def cloud_message(workshop: Workshop) -> dict | None:
    """The word cloud of the current `words` exercise (workshop/engine/cloud.py); None otherwise."""
    from workshop.engine.cloud import cloud_message as message
    run = current_run(workshop)
    if run is None or CLOUD not in kind_of(run.kind).live:
        return None
    return message(run)


def vote_counts_of(run_id: int) -> dict[str, int]:
    """Stored answers per option_id (a case's option, a scale's value) of one run."""
    return dict(db.session.execute(select(Vote.option_id, func.count(Vote.id)).where(Vote.run_id == run_id)
                                   .group_by(Vote.option_id)).all())


def both_answered(first_run_id: int, second_run_id: int) -> int:
    """How many participants answered both runs (a before/after pair of scales)."""
    second = select(Vote.participant_id).where(Vote.run_id == second_run_id)
    return db.session.scalar(select(func.count()).select_from(Vote).where(
        Vote.run_id == first_run_id, Vote.participant_id.in_(second)))


def rankings_of(run_id: int) -> list[str]:
    """Every stored ranking (JSON list of item ids) of one run (an order exercise)."""
    return list(db.session.scalars(select(Vote.ranking).where(Vote.run_id == run_id, Vote.ranking.is_not(None))))


def tally_message(workshop: Workshop, for_participants: bool) -> dict | None:
    """Y: the figures of the current exercise (its kind builds them: a case's counts, a scale's counts and mean,
    an order's mean positions); for participants only while results are visible."""
    run = current_run(workshop)
    if run is None or TALLY not in kind_of(run.kind).live or (for_participants and not run.results_visible):
        return None
    return {"index": run.position} | kind_of(run.kind).tally(run)


def moderation_message(workshop: Workshop) -> dict:
    """For the control page: every tip of the current tips exercise, hidden and held ones included, how many voted,
    and whether entries wait for approval (`premoderated`) and how many do (`held`)."""
    run = current_run(workshop)
    if run is None:
        return {"index": None, "tips": [], "voters": 0, "premoderated": workshop.premoderated, "held": 0}
    view = kind_of(run.kind).control_view(run)
    held = sum(1 for tip in view.get("tips", []) if tip.get("held"))
    return {"index": run.position, "premoderated": workshop.premoderated, "held": held} | view


def timer_view(run: ExerciseRun) -> dict | None:
    """`exercise.timer` in every state message: {"ends_at": ISO 8601 UTC, "seconds": n} while open, else null.
    `remaining` (seconds left when the message was built) lets a page with a wrong clock count down right."""
    if run.phase != Phase.OPEN or run.timer_ends_at is None:
        return None
    remaining = max(0.0, round((run.timer_ends_at - utcnow()).total_seconds(), 1))
    return {"ends_at": run.timer_ends_at.isoformat(timespec="milliseconds") + "Z", "seconds": run.timer_seconds,
            "remaining": remaining}

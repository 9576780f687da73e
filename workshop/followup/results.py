"""What a follow-up shows: the trainer's figures (per exercise the answers, the share on the intended answer beside
the workshop's, and for participants who answered in both how many moved to the intended answer, stayed or moved
away; a scale's before and after) and a participant's own "toen en nu".

Pairing is by participant: a follow-up answer pairs with the workshop vote of the workshop participant whose token
the phone sent (FollowupParticipant.participant_id). `paired_answers` is the one place that does it; the
organisation's insights can use it too.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import select

from workshop.followup.answers import Rating, Stored, shape_of
from workshop.followup.models import Followup, FollowupAnswer, FollowupExercise, FollowupParticipant
from workshop.links import public_base
from workshop.models import ExerciseRun, Vote, db


def share(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


def iso_utc(moment) -> str:
    return moment.replace(microsecond=0).isoformat() + "Z"


def followup_url(followup: Followup) -> str:
    return f"{public_base()}/f/{followup.token}"


@dataclass
class Answers:
    """The answers to one exercise in the workshop (`then`, by workshop participant id) and in the follow-up
    (`now`, by follow-up participant id, with `room_of`: follow-up participant -> workshop participant or None)."""
    then: dict[int, Stored]
    now: dict[int, Stored]
    room_of: dict[int, int | None]

    def pairs(self) -> list[tuple[Stored, Stored]]:
        """(workshop answer, follow-up answer) of every participant who answered in both."""
        return [(self.then[self.room_of[fp]], stored) for fp, stored in self.now.items()
                if self.room_of.get(fp) in self.then]


def workshop_run(followup: Followup, exercise: FollowupExercise) -> ExerciseRun | None:
    """The workshop's run of the same exercise (the last one when it ran twice); None when it did not run."""
    return db.session.scalar(select(ExerciseRun).where(
        ExerciseRun.workshop_id == followup.workshop_id, ExerciseRun.exercise_id == exercise.exercise_id,
        ExerciseRun.kind == exercise.kind).order_by(ExerciseRun.position.desc()).limit(1))


def paired_answers(followup: Followup, exercise: FollowupExercise, run: ExerciseRun | None = None) -> Answers:
    run = run or workshop_run(followup, exercise)
    then = {} if run is None else {p: Stored("", o, r) for p, o, r in db.session.execute(
        select(Vote.participant_id, Vote.option_id, Vote.ranking).where(Vote.run_id == run.id))}
    now, room_of = {}, {}
    for fp, room, option_id, ranking in db.session.execute(
            select(FollowupAnswer.followup_participant_id, FollowupParticipant.participant_id,
                   FollowupAnswer.option_id, FollowupAnswer.ranking)
            .join(FollowupParticipant, FollowupParticipant.id == FollowupAnswer.followup_participant_id)
            .where(FollowupAnswer.followup_exercise_id == exercise.id, FollowupAnswer.scene == "")):
        now[fp], room_of[fp] = Stored("", option_id, ranking), room
    return Answers(then, now, room_of)


def _mean(values: list[Stored]) -> float | None:
    return round(sum(int(s.option_id) for s in values) / len(values), 2) if values else None


def exercise_figures(followup: Followup, exercise: FollowupExercise) -> dict:
    content = exercise.content
    shape = shape_of(exercise.kind, content)
    run = workshop_run(followup, exercise)
    answers = paired_answers(followup, exercise, run)
    pairs = answers.pairs()
    counts = Counter(s.option_id for s in answers.now.values())
    before = Counter(s.option_id for s in answers.then.values())
    figures = {"id": exercise.exercise_id, "kind": exercise.kind, "title": exercise.title,
               "total": len(answers.now), "counts": dict(counts), "workshop_counts": dict(before),
               "in_workshop": run is not None, "workshop_total": len(answers.then), "paired": len(pairs),
               "answers": [{"id": key, "text": text, "intended": intended, "count": counts[key],
                            "share": share(counts[key], len(answers.now)), "workshop_count": before[key],
                            "workshop_share": share(before[key], len(answers.then))}
                           for key, text, intended in shape.choices(content)]}
    if isinstance(shape, Rating):
        return figures | {"mean": _mean(list(answers.now.values())),
                          "workshop_mean": _mean(list(answers.then.values())),
                          "before_mean": _mean([then for then, _now in pairs]),
                          "after_mean": _mean([now for _then, now in pairs])}
    if not shape.has_intended(content):
        return figures
    now_best = [shape.intended(content, s) for s in answers.now.values()]
    then_best = [shape.intended(content, s) for s in answers.then.values()]
    moves = [(shape.intended(content, then), shape.intended(content, now)) for then, now in pairs]
    return figures | {
        "best_share": share(sum(now_best), len(now_best)),
        "workshop_best_share": share(sum(then_best), len(then_best)) if run is not None else None,
        "moved_to_best": sum(1 for before, after in moves if after and not before),
        "stayed": sum(1 for before, after in moves if before == after),
        "stayed_on_best": sum(1 for before, after in moves if before and after),
        "moved_away": sum(1 for before, after in moves if before and not after)}


def participants(followup: Followup) -> int:
    """Everyone who answered at least one exercise of this follow-up."""
    return len(set(db.session.scalars(select(FollowupAnswer.followup_participant_id).join(
        FollowupParticipant, FollowupParticipant.id == FollowupAnswer.followup_participant_id)
        .where(FollowupParticipant.followup_id == followup.id))))


def followup_results(followup: Followup) -> dict:
    """One follow-up as `GET /api/v1/workshops/<code>/followup` lists it."""
    paired = set(db.session.scalars(select(FollowupParticipant.id).where(
        FollowupParticipant.followup_id == followup.id, FollowupParticipant.participant_id.is_not(None))))
    answered = set(db.session.scalars(select(FollowupAnswer.followup_participant_id).join(
        FollowupParticipant, FollowupParticipant.id == FollowupAnswer.followup_participant_id)
        .where(FollowupParticipant.followup_id == followup.id)))
    return {"token": followup.token, "url": followup_url(followup), "created": iso_utc(followup.created),
            "closes": iso_utc(followup.closes), "participants": len(answered),
            "from_workshop": len(answered & paired),
            "exercises": [exercise_figures(followup, exercise) for exercise in followup.exercises]}


# --- one participant's "toen en nu" ---------------------------------------------------------------------------

def _room_choice(shape, content: dict, then: dict[int, Stored]) -> dict | None:
    """What the room chose most in the workshop, with its share (a scale: the room's mean)."""
    if not then:
        return None
    if isinstance(shape, Rating):
        return {"text": str(_mean(list(then.values()))).replace(".", ","), "share": None, "mean": True}
    (top, votes), = Counter(then.values()).most_common(1)
    return {"text": shape.describe(content, top), "share": share(votes, len(then)), "mean": False}


def my_recap(followup: Followup, participant: FollowupParticipant | None) -> dict:
    """Per exercise: this participant's answer now, their own answer in the workshop (when the phone was there),
    the room's choice then, and the intended answer."""
    entries = []
    for exercise in followup.exercises:
        content = exercise.content
        shape = shape_of(exercise.kind, content)
        run = workshop_run(followup, exercise)
        answers = paired_answers(followup, exercise, run)
        now = answers.now.get(participant.id) if participant else None
        room = participant.participant_id if participant else None
        then = answers.then.get(room) if room is not None else None
        entries.append({
            "id": exercise.exercise_id, "title": exercise.title,
            "now": shape.describe(content, now) if now else None,
            "now_intended": shape.intended(content, now) if now else None,
            "then": shape.describe(content, then) if then else None,
            "then_intended": shape.intended(content, then) if then else None,
            "room": _room_choice(shape, content, answers.then), "in_workshop": run is not None})
    return {"paired": bool(participant and participant.participant_id), "exercises": entries}

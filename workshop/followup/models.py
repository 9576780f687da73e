"""Tables of the follow-up ("opfrisser"): a link sent after a workshop, the exercises it holds (snapshots, like a
workshop's runs), who took part (paired with a workshop participant when the phone brought its workshop token) and
their answers. Everything hangs off the workshop (ON DELETE CASCADE): deleting the workshop, by hand or by
retention, deletes its follow-ups with every answer. No IP address, no user agent.
"""
from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workshop.database import NEVER_REUSE_IDS, db, utcnow


class Followup(db.Model):
    __tablename__ = "followup"
    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), index=True)
    token: Mapped[str] = mapped_column(db.String(64), unique=True)  # in the link: /f/<token>
    created: Mapped[datetime] = mapped_column(default=utcnow)
    closes: Mapped[datetime]  # UTC; answers are refused from then on

    workshop: Mapped["Workshop"] = relationship("Workshop")  # noqa: F821  (workshop/models.py, by name: no import circle)
    exercises: Mapped[list["FollowupExercise"]] = relationship(
        order_by="FollowupExercise.position", cascade="all, delete-orphan", passive_deletes=True)
    __table_args__ = NEVER_REUSE_IDS


class FollowupExercise(db.Model):
    """One exercise of a follow-up: a copy of the document, so editing the exercise later changes nothing here."""
    __tablename__ = "followup_exercise"
    id: Mapped[int] = mapped_column(primary_key=True)
    followup_id: Mapped[int] = mapped_column(ForeignKey("followup.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    exercise_id: Mapped[str] = mapped_column(db.String(40))
    kind: Mapped[str] = mapped_column(db.String(40))
    title: Mapped[str] = mapped_column(db.String(200))
    content_json: Mapped[str] = mapped_column(db.Text)
    __table_args__ = (UniqueConstraint("followup_id", "position", name="uq_followup_exercise_position"),
                      UniqueConstraint("followup_id", "exercise_id", name="uq_followup_exercise_exercise_id"),
                      NEVER_REUSE_IDS)

    @property
    def content(self) -> dict:
        return json.loads(self.content_json)


class FollowupParticipant(db.Model):
    """Someone who answered a follow-up. `participant_id`: the workshop participant whose token the phone sent
    (then `token_hash` is that token's hash); None for a new participant, who got a token of their own.
    Retention removes `token_hash` like a workshop participant's."""
    __tablename__ = "followup_participant"
    id: Mapped[int] = mapped_column(primary_key=True)
    followup_id: Mapped[int] = mapped_column(ForeignKey("followup.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int | None] = mapped_column(ForeignKey("participant.id", ondelete="SET NULL"),
                                                       index=True)
    token_hash: Mapped[str | None] = mapped_column(db.String(64))
    created: Mapped[datetime] = mapped_column(default=utcnow)
    __table_args__ = (UniqueConstraint("followup_id", "token_hash"), NEVER_REUSE_IDS)


class FollowupAnswer(db.Model):
    """A participant's answer to one exercise (a scenario: to one scene, else `scene` is ""); a later answer
    replaces it. Stored as a kind stores a vote: `option_id` (a case's option, a scale's value as text, "order")
    and for an ordering `ranking` (JSON list of item ids)."""
    __tablename__ = "followup_answer"
    id: Mapped[int] = mapped_column(primary_key=True)
    followup_participant_id: Mapped[int] = mapped_column(
        ForeignKey("followup_participant.id", ondelete="CASCADE"), index=True)
    followup_exercise_id: Mapped[int] = mapped_column(ForeignKey("followup_exercise.id", ondelete="CASCADE"),
                                                      index=True)
    scene: Mapped[str] = mapped_column(db.String(40), default="", server_default="")
    option_id: Mapped[str] = mapped_column(db.String(40))
    ranking: Mapped[str | None] = mapped_column(db.Text, default=None)
    updated: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    __table_args__ = (UniqueConstraint("followup_participant_id", "followup_exercise_id", "scene"), NEVER_REUSE_IDS)

"""SQLAlchemy models. The database is the truth: everything a participant did is a row here.

Nothing is SQLite-only: the same models run on PostgreSQL by URL. The schema is created and upgraded by the
Alembic migrations in workshop/migrations; a test checks that the migrations and these models agree.
"""
from __future__ import annotations

import hashlib
import json
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import CheckConstraint, ForeignKey, Index, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from exercises.kinds import Phase
from workshop.database import NEVER_REUSE_IDS, db, utcnow  # noqa: F401  (re-exported: `from workshop.models import db` is the habit)

LANGUAGES = ("nl", "en")


KIND_LENGTH = 40  # a kind's name: exercises/kinds KIND_NAME allows up to 40 characters


def one_of(column: str, values) -> str:
    """SQL for a CHECK constraint: the column holds one of these (enum) values."""
    return f"{column} IN ({', '.join(repr(str(v)) for v in values)})"


# SQLite would give the id of a deleted newest row to the next row; a socket or an export that still holds the old id
# would then point at someone else's row. AUTOINCREMENT ids are never reused (PostgreSQL sequences never are).


def hash_secret(secret: str) -> str:
    """Tokens (API and participant) are stored as SHA-256: a leaked database does not leak credentials."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


class Organisation(db.Model):
    __table_args__ = NEVER_REUSE_IDS
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(db.String(120), unique=True)
    created: Mapped[datetime] = mapped_column(default=utcnow)
    accent_colour: Mapped[str | None] = mapped_column(db.String(7), default=None)  # workshop/branding.py
    blocked_words: Mapped[str | None] = mapped_column(db.Text, default=None)  # one per line: held for review


class Trainer(UserMixin, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    email: Mapped[str] = mapped_column(db.String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(db.String(256))
    created: Mapped[datetime] = mapped_column(default=utcnow)
    is_admin: Mapped[bool] = mapped_column(default=False, server_default=db.false())  # manages the team
    disabled: Mapped[bool] = mapped_column(default=False, server_default=db.false())
    # Part of the login session's id: raising it (logout, new password, disable) ends every session and
    # remember-me cookie of this trainer.
    session_version: Mapped[int] = mapped_column(default=0, server_default="0")

    organisation: Mapped[Organisation] = relationship()
    __table_args__ = NEVER_REUSE_IDS

    def get_id(self) -> str:
        return f"{self.id}.{self.session_version}"

    @property
    def is_active(self) -> bool:
        return not self.disabled


class ApiToken(db.Model):
    __table_args__ = NEVER_REUSE_IDS
    id: Mapped[int] = mapped_column(primary_key=True)
    trainer_id: Mapped[int] = mapped_column(ForeignKey("trainer.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(db.String(64), unique=True)
    created: Mapped[datetime] = mapped_column(default=utcnow)

    trainer: Mapped[Trainer] = relationship()


class Workshop(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    trainer_id: Mapped[int | None] = mapped_column(ForeignKey("trainer.id", ondelete="SET NULL"))
    code: Mapped[str] = mapped_column(db.String(6), unique=True)
    title: Mapped[str] = mapped_column(db.String(200))
    status: Mapped[str] = mapped_column(db.String(10), default="live")
    screen_key: Mapped[str] = mapped_column(db.String(64))
    current_index: Mapped[int | None] = mapped_column(default=None)
    created: Mapped[datetime] = mapped_column(default=utcnow)
    ended: Mapped[datetime | None] = mapped_column(default=None)
    language: Mapped[str] = mapped_column(db.String(2), default="nl", server_default="nl")  # phones, projector
    # Pre-moderation is the workshop's setting: while on, every new entry of every exercise waits for approval.
    premoderated: Mapped[bool] = mapped_column(default=False, server_default=db.false())
    recap_page: Mapped[int] = mapped_column(default=1, server_default="1")  # the closing recap's page on screen
    team: Mapped[str | None] = mapped_column(db.String(60), default=None)  # e.g. "Klantcontact" (insights)
    max_participants: Mapped[int | None] = mapped_column(default=None)  # new tokens beyond it: `full`

    organisation: Mapped[Organisation] = relationship()
    runs: Mapped[list["ExerciseRun"]] = relationship(
        order_by="ExerciseRun.position", cascade="all, delete-orphan", passive_deletes=True,
        back_populates="workshop")
    __table_args__ = (CheckConstraint(one_of("language", LANGUAGES), name="language"),
                      Index("ix_workshop_organisation_team", "organisation_id", "team"),
                      Index("ix_workshop_organisation_created", "organisation_id", "created"), NEVER_REUSE_IDS)


class ExerciseRun(db.Model):
    """One exercise in one workshop. `content` is a snapshot of the library file at creation time, so that
    editing the library never changes what a past workshop showed."""
    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    exercise_id: Mapped[str] = mapped_column(db.String(40), index=True)
    kind: Mapped[str] = mapped_column(db.String(KIND_LENGTH))  # a registered kind (checked when written)
    title: Mapped[str] = mapped_column(db.String(200))
    content_json: Mapped[str] = mapped_column(db.Text)
    phase: Mapped[str] = mapped_column(db.String(10), default=Phase.READY.value)
    results_visible: Mapped[bool] = mapped_column(default=False)
    timer_ends_at: Mapped[datetime | None] = mapped_column(default=None)  # UTC; the exercise closes then
    timer_seconds: Mapped[int | None] = mapped_column(default=None)
    reveal_step: Mapped[int | None] = mapped_column(default=None)  # a revealed case: None overview, n option n
    progress_json: Mapped[str | None] = mapped_column(db.Text, default=None)  # a moving run's place (a scenario)

    workshop: Mapped[Workshop] = relationship(back_populates="runs")
    __table_args__ = (UniqueConstraint("workshop_id", "position"),
                      CheckConstraint(one_of("phase", Phase), name="phase"), NEVER_REUSE_IDS)

    @property
    def content(self) -> dict:
        return json.loads(self.content_json)

    @property
    def progress(self) -> dict | None:
        """Where a moving run stands (a scenario's scene, path and ending); None until it moves."""
        return json.loads(self.progress_json) if self.progress_json else None

    @validates("kind", "phase")
    def _plain_text(self, _key, value):
        """Enum members (Phase.OPEN) are stored as their plain value: every driver writes 'open'."""
        return str(value)


class OrganisationExercise(db.Model):
    """An exercise written by an organisation (editor, API or TOML import): a document like a library file.
    Workshops copy it into their runs, so editing or deleting it never changes a workshop that used it."""
    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    slug: Mapped[str] = mapped_column(db.String(40))  # the exercise id, unique beside the library's
    kind: Mapped[str] = mapped_column(db.String(KIND_LENGTH))  # a registered kind (checked when written)
    title: Mapped[str] = mapped_column(db.String(200))
    content_json: Mapped[str] = mapped_column(db.Text)
    created: Mapped[datetime] = mapped_column(default=utcnow)
    updated: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    __table_args__ = (UniqueConstraint("organisation_id", "slug"),)

    @property
    def content(self) -> dict:
        return json.loads(self.content_json)


class Participant(db.Model):
    """Anonymous: a random token (stored hashed) and an optional display name. No IP address, no user agent."""
    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str | None] = mapped_column(db.String(64), unique=True)
    name: Mapped[str | None] = mapped_column(db.String(40))
    created: Mapped[datetime] = mapped_column(default=utcnow)
    __table_args__ = NEVER_REUSE_IDS


class Tip(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("exercise_run.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int | None] = mapped_column(ForeignKey("participant.id", ondelete="SET NULL"))
    client_id: Mapped[str | None] = mapped_column(db.String(64))
    text: Mapped[str] = mapped_column(db.String(280))
    hidden: Mapped[bool] = mapped_column(default=False)
    held: Mapped[bool] = mapped_column(default=False, server_default=db.false())  # waits for the trainer's approval
    tag: Mapped[str | None] = mapped_column(db.String(30), default=None)  # a written reply's tag (respond)
    created: Mapped[datetime] = mapped_column(default=utcnow)

    run: Mapped[ExerciseRun] = relationship()
    __table_args__ = (
        UniqueConstraint("participant_id", "client_id"),
        Index("ix_tip_participant_created", "participant_id", "created"),
        NEVER_REUSE_IDS,
    )


class Upvote(db.Model):
    tip_id: Mapped[int] = mapped_column(ForeignKey("tip.id", ondelete="CASCADE"), primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"),
                                                primary_key=True, index=True)


class Vote(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("exercise_run.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"), index=True)
    option_id: Mapped[str] = mapped_column(db.String(8))
    ranking: Mapped[str | None] = mapped_column(db.Text, default=None)  # order: JSON list of item ids
    scene: Mapped[str] = mapped_column(db.String(40), default="", server_default="")  # a scenario's scene, else ""
    updated: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    __table_args__ = (UniqueConstraint("run_id", "participant_id", "scene"), NEVER_REUSE_IDS)


class Invitation(db.Model):
    """A one-time link to set a password: a colleague's invitation (`trainer_id` None: the trainer is made when
    the link is used) or a password reset. Only the hash of the link's token is stored."""
    __table_args__ = NEVER_REUSE_IDS
    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    trainer_id: Mapped[int | None] = mapped_column(ForeignKey("trainer.id", ondelete="CASCADE"), index=True)
    email: Mapped[str] = mapped_column(db.String(254))
    token_hash: Mapped[str] = mapped_column(db.String(64), unique=True)
    created: Mapped[datetime] = mapped_column(default=utcnow)
    expires: Mapped[datetime]
    used: Mapped[datetime | None] = mapped_column(default=None)


from workshop.archive import models as archive_models  # noqa: E402,F401  the archive's tables belong to the same metadata
from workshop.followup import models as followup_models  # noqa: E402,F401  the follow-up tables, same metadata
from workshop.insights import models as insight_models  # noqa: E402,F401  so do the insights' tables

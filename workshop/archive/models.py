"""Models of the organisation's tip archive: curation, hand-made groups, shared hand-outs, retention settings.

The tip itself (workshop.models.Tip) keeps the participant's original text; everything a trainer changes lives
here, so nothing a participant wrote is ever overwritten. No table here (or anywhere) stores an IP address or a
user agent.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from workshop.database import db, utcnow


class TipGroup(db.Model):
    """A group of near-duplicate tips that a trainer made by hand (merging). Automatic groups are not stored:
    they are computed from the texts every time, around the hand-made ones."""
    __tablename__ = "tip_group"
    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    exercise_id: Mapped[str] = mapped_column(db.String(40))
    created: Mapped[datetime] = mapped_column(default=utcnow)


class TipCuration(db.Model):
    """A trainer's curation of one tip: a star, a corrected text (the original stays in Tip.text), and the
    grouping made by hand: member of a TipGroup, or `solo` (split out: never grouped automatically)."""
    __tablename__ = "tip_curation"
    tip_id: Mapped[int] = mapped_column(ForeignKey("tip.id", ondelete="CASCADE"), primary_key=True)
    starred: Mapped[bool] = mapped_column(default=False)
    curated_text: Mapped[str | None] = mapped_column(db.String(280))
    group_id: Mapped[int | None] = mapped_column(ForeignKey("tip_group.id", ondelete="SET NULL"), index=True)
    solo: Mapped[bool] = mapped_column(default=False)
    updated: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class HandoutLink(db.Model):
    """A read-only hand-out of a workshop's tips, shared with its participants by an unguessable link.
    Switching the link off deletes the row: the old URL is gone for good."""
    __tablename__ = "handout_link"
    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), unique=True)
    token: Mapped[str] = mapped_column(db.String(64), unique=True)
    created: Mapped[datetime] = mapped_column(default=utcnow)


class RetentionPolicy(db.Model):
    """How long an organisation keeps what participants left behind. None means: keep.
    identity_days: after this many days names and tokens of participants are removed (tips and votes stay,
    anonymous); workshop_days: after this many days the whole workshop is deleted."""
    __tablename__ = "retention_policy"
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"),
                                                 primary_key=True)
    identity_days: Mapped[int | None] = mapped_column(default=None)
    workshop_days: Mapped[int | None] = mapped_column(default=None)
    updated: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


# The word index of migration 0012 lives outside the models (an SQLite FTS5 table with its shadow tables, kept in
# step by triggers; a PostgreSQL trigram index): schema comparisons leave these names out.
WORD_INDEX_NAMES = ("archive_fts", "ix_archive_entry_folded_trgm")


def include_name(name: str | None, type_: str, parent_names: dict) -> bool:
    """Alembic's include_name for schema comparisons (autogenerate, the migration tests): not the word index."""
    return not (name and name.startswith(WORD_INDEX_NAMES))


class ArchiveEntry(db.Model):
    """One tip as the archive searches, sorts, pages and groups it, kept in the database so that no page view
    reads or regroups the whole archive. Filled in by archive.index.sync_archive for new tips (compared with the
    stored groups of their own question only) and refreshed by curation.

    folded: the tip's words and its curated words, folded (no case, no accents, no punctuation) for word search;
    comparable: the form grouping compares (grouping.comparable of the text a hand-out shows);
    cluster: the lowest tip id of its near-duplicate group (itself when alone); votes: upvotes (or, for an
    imported tip, the votes the earlier tool reported)."""
    __tablename__ = "archive_entry"
    tip_id: Mapped[int] = mapped_column(ForeignKey("tip.id", ondelete="CASCADE"), primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"))
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), index=True)
    exercise_id: Mapped[str] = mapped_column(db.String(40))
    created: Mapped[datetime] = mapped_column()
    folded: Mapped[str] = mapped_column(db.Text)
    comparable: Mapped[str] = mapped_column(db.Text)
    cluster: Mapped[int] = mapped_column()
    votes: Mapped[int] = mapped_column(default=0)
    __table_args__ = (
        db.Index("ix_archive_entry_org_created", "organisation_id", "created", "tip_id"),
        db.Index("ix_archive_entry_org_votes", "organisation_id", "votes", "created"),
        db.Index("ix_archive_entry_org_exercise", "organisation_id", "exercise_id", "tip_id"),
        db.Index("ix_archive_entry_org_tip", "organisation_id", "tip_id"),
        db.Index("ix_archive_entry_cluster_created", "cluster", "created", "tip_id"),
        db.Index("ix_archive_entry_cluster_votes", "cluster", "votes", "created", "tip_id"),
    )


class ArchiveWorkshop(db.Model):
    """Whether a workshop's upvotes are final in the archive (it ended, or was imported): live workshops' votes
    are refreshed on every sync, final ones never again."""
    __tablename__ = "archive_workshop"
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), primary_key=True)
    votes_final: Mapped[bool] = mapped_column(default=False)


class ArchiveGroup(db.Model):
    """A stored summary of one near-duplicate group (the entries sharing a `cluster`), kept in step with the
    entries by archive.index (`refresh_groups`): the archive page orders, counts and pages groups here, without
    aggregating every entry of the organisation on each view.

    size: entries in the group; votes_max / votes_sum: the best and the summed votes of its tips; newest: the date
    of its newest tip; last_tip: its highest tip id (the newest prompt text of a question)."""
    __tablename__ = "archive_group"
    cluster: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"))
    exercise_id: Mapped[str] = mapped_column(db.String(40))
    size: Mapped[int] = mapped_column()
    votes_max: Mapped[int] = mapped_column()
    votes_sum: Mapped[int] = mapped_column()
    newest: Mapped[datetime] = mapped_column()
    last_tip: Mapped[int] = mapped_column()
    __table_args__ = (
        db.Index("ix_archive_group_org_votes", "organisation_id", "votes_max", "newest", "cluster"),
        db.Index("ix_archive_group_org_newest", "organisation_id", "newest", "cluster"),
        db.Index("ix_archive_group_org_exercise", "organisation_id", "exercise_id", "votes_max"),
    )

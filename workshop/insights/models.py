"""What the organisation's insights read besides the live tables: each run's tagged options and its before/after
pair, copied once from the run's content snapshot (which never changes) so that every figure is a GROUP BY in SQL.

`insight_run` marks a run as indexed (and names the earlier run a paired scale compares with); `insight_option`
holds one row per option a vote can land on: its tag and whether it is the intended answer. `scene` is '' for a
case; a scenario's options carry their scene's id (see workshop/insights/votes.py).
"""
from __future__ import annotations

from sqlalchemy import ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from workshop.database import db


class InsightRun(db.Model):
    __tablename__ = "insight_run"
    run_id: Mapped[int] = mapped_column(ForeignKey("exercise_run.id", ondelete="CASCADE"), primary_key=True,
                                        autoincrement=False)
    pair_run_id: Mapped[int | None] = mapped_column(ForeignKey("exercise_run.id", ondelete="CASCADE"),
                                                    default=None, index=True)


class InsightOption(db.Model):
    __tablename__ = "insight_option"
    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("exercise_run.id", ondelete="CASCADE"))
    scene: Mapped[str] = mapped_column(db.String(40), default="", server_default="")
    option_id: Mapped[str] = mapped_column(db.String(8))
    tag: Mapped[str] = mapped_column(db.String(30))
    best: Mapped[bool] = mapped_column(default=False)
    __table_args__ = (UniqueConstraint("run_id", "scene", "option_id"),)

"""The one SQLAlchemy handle and its naming convention, shared by the core's models (workshop/models.py) and the
archive's (workshop/archive/models.py), so that neither imports the other to get it."""
from __future__ import annotations

from datetime import datetime, timezone

from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import MetaData

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
db = SQLAlchemy(metadata=MetaData(naming_convention=NAMING))


def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


# SQLite: ids are never handed out twice (a deleted workshop's ids stay unused), like PostgreSQL's sequences.
NEVER_REUSE_IDS = {"sqlite_autoincrement": True}

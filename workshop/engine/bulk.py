"""Many new rows in one statement, with their ids.

The ORM inserts rows whose id the database assigns one statement per row on SQLite: it cannot match RETURNING rows
to their parameters there. For a room's burst of 1,000 words that is 1,000 statements and a unit of work over 1,000
objects on the live loop (~0.5 s of the server's CPU in `bench/run.py --scenario words`). `insert_with_ids` writes
them with one executemany and reads their ids back.
"""
from __future__ import annotations

from sqlalchemy import Table, insert, select

from workshop.models import db


def insert_with_ids(table: Table, rows: list[dict]) -> list[int]:
    """Insert `rows` into `table` in the current transaction; their new ids, in the order of `rows`.

    SQLite: the first INSERT takes the database's write lock until the commit, and an AUTOINCREMENT id only ever
    grows (the tables keep `sqlite_autoincrement`), so the table's newest len(rows) ids are these rows, in order.
    Other databases match RETURNING to the parameters (SQLAlchemy's sorted insertmanyvalues)."""
    if not rows:
        return []
    if db.session.get_bind().dialect.name == "sqlite":
        db.session.execute(insert(table), rows)
        newest = db.session.execute(select(table.c.id).order_by(table.c.id.desc()).limit(len(rows))).scalars().all()
        return newest[::-1]
    returning = insert(table).returning(table.c.id, sort_by_parameter_order=True)
    return list(db.session.execute(returning, rows).scalars())

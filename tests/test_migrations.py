"""The schema comes from the Alembic migrations, and they agree with the models."""
from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from workshop.archive.models import include_name
from workshop.models import db


def test_migrations_build_an_empty_database_that_matches_the_models(app):
    with app.app_context():
        tables = set(inspect(db.engine).get_table_names())
        assert {"organisation", "trainer", "api_token", "workshop", "exercise_run", "participant", "tip",
                "upvote", "vote", "alembic_version"} <= tables
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"include_name": include_name})
            differences = compare_metadata(context, db.metadata)
        assert differences == []


def test_sqlite_runs_in_wal_mode_with_foreign_keys(app):
    with app.app_context():
        with db.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_sqlite_syncs_every_commit_unless_told_otherwise(app, tmp_path, monkeypatch):
    with app.app_context():
        with db.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL: survives a power cut
    from workshop import create_app
    monkeypatch.setenv("KLANTWIJS_SQLITE_SYNCHRONOUS", "normal")
    faster = create_app({"TESTING": True, "ASYNC_MODE": "threading"})
    with faster.app_context():
        with db.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 1
        db.engine.dispose()

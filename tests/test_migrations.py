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


def test_a_kind_from_outside_the_tree_is_storable_without_a_migration(app):
    """A kind's name is checked against the registry, not by a CHECK on the column: the migrated database stores a
    run and an organisation's exercise of a kind no migration has heard of, with a long name."""
    name = "a_kind_from_outside_the_tree_with_a_long"[:39]
    with app.app_context():
        with db.engine.begin() as connection:
            connection.exec_driver_sql("INSERT INTO organisation (name, created) VALUES ('Peilingen BV', '2026-12-07')")
            organisation = connection.exec_driver_sql("SELECT max(id) FROM organisation").scalar()
            connection.exec_driver_sql(
                "INSERT INTO organisation_exercise (organisation_id, slug, kind, title, content_json, created, updated)"
                " VALUES (?, 'snelle-peiling', ?, 'Peiling', '{}', '2026-12-07', '2026-12-07')", (organisation, name))
            stored = connection.exec_driver_sql("SELECT kind FROM organisation_exercise").scalar()
        assert stored == name
        columns = {table: {c["name"]: c["type"] for c in inspect(db.engine).get_columns(table)}
                   for table in ("exercise_run", "organisation_exercise")}
        assert all(columns[table]["kind"].length >= 40 for table in columns)

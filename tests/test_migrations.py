"""The schema comes from the Alembic migrations, and they agree with the models."""
from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from tests.conftest import close_app, migrating_app
from workshop.archive.models import include_name
from workshop.models import db


@pytest.fixture
def migrated_here(tmp_path, monkeypatch):
    """An app whose database this test migrates itself, every migration from an empty file (the `app` fixture copies
    a database migrated once per test process)."""
    app = migrating_app(tmp_path / "migrated-here", monkeypatch)
    yield app
    close_app(app)


def _schema(app) -> tuple[list, list]:
    """The revision and every table, index and trigger of the app's database; a table's lines sorted, since a batch
    migration writes the constraints of the table it rebuilds in no fixed order."""
    with app.app_context(), db.engine.connect() as connection:
        revision = connection.exec_driver_sql("SELECT version_num FROM alembic_version").all()
        rows = connection.exec_driver_sql("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name").all()
    return revision, [(kind, name, table, sorted(line.strip().rstrip(",") for line in (sql or "").splitlines()))
                      for kind, name, table, sql in rows]


def test_migrations_build_an_empty_database_that_matches_the_models(migrated_here):
    app = migrated_here
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


def test_every_test_app_has_its_own_copy_of_a_freshly_migrated_database(app, migrated_here):
    """The `app` fixture's database is a file of its own in the test's data dir, at the same revision and with the
    same schema as a database migrated step by step, and empty."""
    assert app.config["DATA_DIR"] != migrated_here.config["DATA_DIR"]
    assert _schema(app) == _schema(migrated_here)
    assert _schema(app)[0] != []
    database = Path(app.config["DATA_DIR"]) / "klantwijs.db"
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{database}" and database.is_file()
    with app.app_context(), db.engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM trainer").scalar() == 0
        assert connection.exec_driver_sql("SELECT count(*) FROM workshop").scalar() == 0

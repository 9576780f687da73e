"""`flask --app wsgi ...` never works on a database that is not there.

Run from another directory, or without the server's settings, the CLI used to create and migrate a second, empty
database in `./instance`: the trainer it created could not log in to the real server. Now every command that reads
or writes the database (all but `db`, `restore`, `backup` and `exercises`, which need none or check for themselves)
first looks: no database file, a database that does not answer, or one without the migrations, and it exits
non-zero naming the data dir or URL it looked at and how to set things up. It never connects to a SQLite file that
is not there (connecting would create it).
"""
from __future__ import annotations

import functools
from pathlib import Path

import click
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask, current_app
from flask.cli import with_appcontext
from sqlalchemy.engine import make_url

from workshop.models import db

NO_DATABASE_NEEDED = {"db", "restore", "backup", "exercises"}
HOW = ("De opdrachtregel heeft dezelfde instellingen nodig als de server: KLANTWIJS_DATA_DIR of "
       "KLANTWIJS_DATABASE_URL (op een server: `set -a; . /etc/klantwijs/klantwijs.env; set +a`, of "
       "deploy/klantwijs-cli). Een nieuwe installatie richt de database in met `flask --app wsgi db upgrade` (dat "
       "doet `python wsgi.py` ook bij de start).")


class NoDatabase(click.ClickException):
    def show(self, file=None) -> None:
        click.echo(f"Fout: {self.format_message()}", err=True)


def where() -> str:
    url = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() == "sqlite":
        return f"de data-map {current_app.config['DATA_DIR']} (database {url.database})"
    return f"de database {url.render_as_string(hide_password=True)}"


def database_problem() -> str | None:
    """None when the configured database exists and carries the newest migration; else what is wrong (Dutch)."""
    url = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() == "sqlite" and (not url.database or not Path(url.database).exists()):
        return f"er is geen Klantwijs-database in {where()}."
    try:
        with db.engine.connect() as connection:
            revision = MigrationContext.configure(connection).get_current_revision()
    except Exception as error:  # unreachable server, wrong password, ...: one line, not a traceback
        return f"{where()} antwoordt niet ({error.__class__.__name__}: {str(error).splitlines()[0][:200]})."
    if revision is None:
        return f"{where()} is (nog) geen ingerichte Klantwijs-database."
    config = current_app.extensions["migrate"].migrate.get_config()
    heads = ScriptDirectory.from_config(config).get_heads()
    if revision not in heads:
        return (f"{where()} heeft een ouder schema ({revision}); werk het bij met `flask --app wsgi db upgrade` "
                f"(of start de server).")
    return None


@with_appcontext
def require_database() -> None:
    problem = database_problem()
    if problem:
        raise NoDatabase(f"{problem[0].upper()}{problem[1:]}\n{HOW}")


def _guarded(callback):
    @functools.wraps(callback)
    def run(*args, **kwargs):
        require_database()
        return callback(*args, **kwargs) if callback else None
    run.klantwijs_guarded = True
    return run


def guard(app: Flask) -> None:
    """Check the database before every command of `app.cli` that needs one (a group checks before any of its
    subcommands). The click commands are shared by every app create_app makes: each is wrapped once."""
    for name, command in app.cli.commands.items():
        if name in NO_DATABASE_NEEDED or getattr(command.callback, "klantwijs_guarded", False):
            continue
        command.callback = _guarded(command.callback)

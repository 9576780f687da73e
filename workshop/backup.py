"""Backup and restore of the database: `flask --app wsgi backup FILE` and `flask --app wsgi restore FILE`.

SQLite (the default): `backup` copies the live database with SQLite's online backup API while the server runs. The
copy is made in one step, inside one read transaction, so it is a consistent snapshot: every transaction committed
before it began is in it (acknowledged tips and votes included: they are committed before their ack), none is half
in it, and the server's writers are never blocked (WAL mode). The copy is checked with `PRAGMA integrity_check` and
only then moved into place. `restore` copies a backup into an empty data dir and refuses to overwrite a database.

PostgreSQL: use its own tools (pg_dump / pg_restore); both commands say how and exit non-zero.
The messages are Dutch, like the rest of the command line.
"""
from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from sqlalchemy.engine import make_url

SIDE_FILES = ("-wal", "-shm", "-journal")


class BackupError(click.ClickException):
    """A Dutch message on stderr and exit status 1."""

    def show(self, file=None) -> None:
        click.echo(f"Fout: {self.format_message()}", err=True)


def sqlite_database() -> Path | None:
    """The SQLite database file of the configured URL; None for another database."""
    url = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() != "sqlite":
        return None
    if not url.database or url.database == ":memory:":
        raise BackupError("Een SQLite-database in het geheugen kan niet worden geback-upt.")
    return Path(url.database).resolve()


def postgres_advice(action: str) -> BackupError:
    url = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])
    plain = url.set(drivername="postgresql").render_as_string(hide_password=True)
    if action == "backup":
        how = f"pg_dump --format=custom --file BESTAND '{plain}'"
    else:
        how = f"pg_restore --no-owner --dbname '{plain}' BESTAND  (in een lege database)"
    return BackupError(f"Deze installatie gebruikt {url.get_backend_name()}, niet SQLite. Gebruik daarvoor de "
                       f"eigen gereedschappen van PostgreSQL:\n    {how}\nZie docs/deployment.md (Back-ups).")


def integrity(path: Path) -> str:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return "; ".join(row[0] for row in connection.execute("PRAGMA integrity_check"))
    finally:
        connection.close()


def copy_database(source: Path, target: Path) -> None:
    """Copy `source` into a new file `target` through the online backup API, checked, then moved into place."""
    partial = target.with_name(f".{target.name}.partial-{os.getpid()}")
    partial.unlink(missing_ok=True)
    reader = sqlite3.connect(source, timeout=30)
    try:
        writer = sqlite3.connect(partial)
        try:
            reader.backup(writer)  # pages=-1: everything in one step, one consistent snapshot
            writer.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
        finally:
            writer.close()
    finally:
        reader.close()
    try:
        os.chmod(partial, 0o600)  # names of participants and trainers: for the owner's eyes only
        checked = integrity(partial)
        if checked != "ok":
            raise BackupError(f"De kopie is niet in orde (PRAGMA integrity_check: {checked}); er is niets bewaard.")
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)


def is_klantwijs_database(path: Path) -> bool:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError:
        return False
    finally:
        connection.close()
    return "alembic_version" in tables and "workshop" in tables


@click.command("backup")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup_command(file: Path) -> None:
    """Maak een consistente kopie van de database in FILE, ook terwijl de server draait."""
    source = sqlite_database()
    if source is None:
        raise postgres_advice("backup")
    if not source.exists():
        raise BackupError(f"Er is geen database om te back-uppen: {source} bestaat niet.")
    target = file.resolve()
    if target.exists():
        raise BackupError(f"{file} bestaat al; kies een nieuwe bestandsnaam (bijvoorbeeld met de datum erin).")
    if not target.parent.is_dir():
        raise BackupError(f"De map {target.parent} bestaat niet.")
    copy_database(source, target)
    size = f"{target.stat().st_size:,}".replace(",", ".")
    click.echo(f"Back-up gemaakt: {file} ({size} bytes, integriteit gecontroleerd).")


@click.command("restore")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def restore_command(file: Path) -> None:
    """Zet de back-up FILE terug in een lege data-map; een bestaande database wordt nooit overschreven."""
    target = sqlite_database()
    if target is None:
        raise postgres_advice("restore")
    present = [str(path) for path in [target, *(target.with_name(target.name + s) for s in SIDE_FILES)]
               if path.exists()]
    if present:
        raise BackupError(f"Er staat al een database in de data-map ({', '.join(present)}). Herstel alleen in een "
                          f"lege data-map: er wordt niets overschreven.")
    source = file.resolve()
    if not is_klantwijs_database(source):
        raise BackupError(f"{file} is geen back-up van Klantwijs (geen SQLite-database met de tabellen van Klantwijs).")
    checked = integrity(source)
    if checked != "ok":
        raise BackupError(f"De back-up is beschadigd (PRAGMA integrity_check: {checked}); er is niets hersteld.")
    target.parent.mkdir(parents=True, exist_ok=True)
    copy_database(source, target)
    click.echo(f"Hersteld in {target}. Start de server: die werkt het databaseschema zo nodig bij (migraties).")


def register(app: Flask) -> None:
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)

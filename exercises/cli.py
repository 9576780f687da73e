"""`flask --app wsgi exercises check [PATH...]`: validates exercise files and names every problem."""
from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup
from flask_babel import gettext as _

from exercises.library import check_paths

exercises_cli = AppGroup("exercises", help="The exercise library.")


@exercises_cli.command("check")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
def check_command(paths: tuple[Path, ...]) -> None:
    """Validate exercise files (default: the whole library); exit non-zero on any problem."""
    targets = list(paths) or [Path(current_app.config["LIBRARY_DIR"])]
    missing = [p for p in targets if not p.exists()]
    for path in missing:
        click.echo(f"{path}: " + _("bestaat niet"), err=True)
    exercises, problems = check_paths([p for p in targets if p.exists()])
    for problem in problems:
        click.echo(str(problem), err=True)
    if problems or missing:
        raise SystemExit(1)
    click.echo(_("%(count)s oefeningen gecontroleerd: geen problemen.", count=len(exercises)))

"""`flask --app wsgi retention run`: apply every organisation's retention settings and say what was removed.

Meant for cron, e.g. every night at 03:15:
    15 3 * * *  cd /srv/klantwijs && .venv/bin/flask --app wsgi retention run >> instance/retention.log 2>&1
"""
from __future__ import annotations

import click
from flask.cli import AppGroup
from flask_babel import gettext as _
from flask_migrate import upgrade

from workshop.archive.retention import run_retention
from workshop.models import utcnow

retention_cli = AppGroup("retention", help="Retention: remove what organisations no longer keep.")


@retention_cli.command("run")
def run_command() -> None:
    """Apply every organisation's retention settings; prints what it removed."""
    upgrade()  # cron may run before the server ever did: bring the schema up to date first
    started = utcnow()
    reports = run_retention(started)
    click.echo(_("Bewaartermijnen toegepast op %(moment)s (UTC).", moment=started.strftime("%d-%m-%Y %H:%M")))
    if not reports:
        click.echo(_("Geen enkele organisatie heeft een bewaartermijn ingesteld; niets verwijderd."))
    for report in reports:
        click.echo(f"{report.organisation}:")
        for size in report.deleted:
            click.echo("  " + _("workshop %(code)s \"%(title)s\" verwijderd (%(participants)s deelnemers, "
                                "%(tips)s tips, %(votes)s stemmen)", code=size.code, title=size.title,
                                participants=size.participants, tips=size.tips, votes=size.votes))
        if report.anonymised:
            click.echo("  " + _("namen en sleutels van %(count)s deelnemers verwijderd in workshop(s) %(codes)s; "
                                "hun tips en stemmen blijven anoniem bewaard", count=report.anonymised,
                                codes=", ".join(report.anonymised_workshops)))
        if not report.removed_anything:
            click.echo("  " + _("niets te verwijderen"))

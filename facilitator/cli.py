"""`flask --app wsgi trainer create|token`."""
from __future__ import annotations

import click
from flask.cli import AppGroup
from flask_babel import gettext as _
from flask_migrate import upgrade

from facilitator.accounts import AccountError, create_trainer, issue_token, trainer_by_email

trainer_cli = AppGroup("trainer", help="Trainers: create accounts and API tokens.")


@trainer_cli.command("create")
@click.argument("email")
@click.option("--organisation", required=True, help="Organisation name; created when new.")
@click.option("--password", help="Password (at least 8 characters); asked for when absent.")
def create_command(email: str, organisation: str, password: str | None) -> None:
    """Create a trainer (and the organisation if new)."""
    if password is None:
        password = click.prompt(_("Wachtwoord"), hide_input=True, confirmation_prompt=True)
    upgrade()  # a trainer may be created before the server first ran: bring the schema up to date
    try:
        trainer = create_trainer(email, organisation, password)
    except AccountError as error:
        raise click.ClickException(str(error)) from None
    click.echo(_("Trainer %(email)s aangemaakt bij %(organisation)s.",
                 email=trainer.email, organisation=trainer.organisation.name))


@trainer_cli.command("token")
@click.argument("email")
def token_command(email: str) -> None:
    """Issue a new API token; it is printed alone on the last line."""
    upgrade()
    trainer = trainer_by_email(email)
    if trainer is None:
        raise click.ClickException(_("Er is geen trainer met e-mailadres %(email)s.", email=email))
    token = issue_token(trainer)
    click.echo(_("Nieuwe API-sleutel voor %(email)s (bewaar hem goed; hij wordt maar één keer getoond):",
                 email=trainer.email))
    click.echo(token)

"""`flask --app wsgi trainer create|token|password|revoke-tokens|disable|enable`."""
from __future__ import annotations

from contextlib import contextmanager

import click
from flask.cli import AppGroup
from flask_babel import gettext as _
from flask_babel import ngettext

from workshop.accounts import (
    AccountError,
    create_trainer,
    issue_token,
    revoke_tokens,
    set_disabled,
    set_password,
    trainer_by_email,
)
from workshop.models import Trainer

trainer_cli = AppGroup("trainer", help="Trainers: accounts, passwords and API tokens.")


def existing_trainer(email: str) -> Trainer:
    trainer = trainer_by_email(email)
    if trainer is None:
        raise click.ClickException(_("Er is geen trainer met e-mailadres %(email)s.", email=email))
    return trainer


def password_or_prompt(password: str | None, prompt: str) -> str:
    """The password given as an option, else asked for twice without echo."""
    if password is None:
        password = click.prompt(prompt, hide_input=True, confirmation_prompt=True)
    return password


@contextmanager
def account_refusal():
    """An AccountError (a short password, an e-mail address in use) ends the command with its Dutch message."""
    try:
        yield
    except AccountError as error:
        raise click.ClickException(str(error)) from None


@trainer_cli.command("create")
@click.argument("email")
@click.option("--organisation", required=True, help="Organisation name; created when new.")
@click.option("--password", help="Password (at least 8 characters); asked for when absent.")
@click.option("--admin", is_flag=True, help="Manages the organisation's team (the first trainer always does).")
def create_command(email: str, organisation: str, password: str | None, admin: bool) -> None:
    """Create a trainer (and the organisation if new)."""
    password = password_or_prompt(password, _("Wachtwoord"))
    with account_refusal():
        trainer = create_trainer(email, organisation, password, admin=admin)
    click.echo(_("Trainer %(email)s aangemaakt bij %(organisation)s.",
                 email=trainer.email, organisation=trainer.organisation.name))


@trainer_cli.command("token")
@click.argument("email")
def token_command(email: str) -> None:
    """Issue a new API token: the token alone on stdout (`TOKEN=$(... trainer token EMAIL)`), the note on stderr."""
    trainer = existing_trainer(email)
    token = issue_token(trainer)
    click.echo(_("Nieuwe API-sleutel voor %(email)s (bewaar hem goed; hij wordt maar één keer getoond):",
                 email=trainer.email), err=True)
    click.echo(token)


@trainer_cli.command("password")
@click.argument("email")
@click.option("--password", help="The new password (at least 8 characters); asked for when absent.")
def password_command(email: str, password: str | None) -> None:
    """Set a new password; every session of the trainer ends."""
    trainer = existing_trainer(email)
    password = password_or_prompt(password, _("Nieuw wachtwoord"))
    with account_refusal():
        set_password(trainer, password)
    click.echo(_("Nieuw wachtwoord ingesteld voor %(email)s; alle sessies zijn beëindigd.", email=trainer.email))


@trainer_cli.command("revoke-tokens")
@click.argument("email")
def revoke_tokens_command(email: str) -> None:
    """Revoke every API token of the trainer."""
    trainer = existing_trainer(email)
    count = revoke_tokens(trainer)
    click.echo(ngettext("%(num)s API-sleutel ingetrokken voor %(email)s.",
                        "%(num)s API-sleutels ingetrokken voor %(email)s.", count, email=trainer.email))


@trainer_cli.command("disable")
@click.argument("email")
def disable_command(email: str) -> None:
    """Disable the trainer: no login, sessions and API tokens stop working."""
    trainer = existing_trainer(email)
    set_disabled(trainer, True)
    click.echo(_("Trainer %(email)s is uitgeschakeld.", email=trainer.email))


@trainer_cli.command("enable")
@click.argument("email")
def enable_command(email: str) -> None:
    """Enable a disabled trainer again."""
    trainer = existing_trainer(email)
    set_disabled(trainer, False)
    click.echo(_("Trainer %(email)s kan weer inloggen.", email=trainer.email))

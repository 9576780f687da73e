"""Trainers and their API tokens: creating, checking passwords, issuing and resolving tokens."""
from __future__ import annotations

import secrets

from flask_babel import gettext as _
from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from workshop.models import ApiToken, Organisation, Trainer, db, hash_secret
from workshop.text import clean_line, is_blank

PASSWORD_MIN = 8


class AccountError(Exception):
    pass


def normalise_email(email: str) -> str:
    return email.strip().lower()


def create_trainer(email: str, organisation_name: str, password: str) -> Trainer:
    email = normalise_email(email)
    if "@" not in email or len(email) > 254:
        raise AccountError(_("'%(email)s' is geen geldig e-mailadres.", email=email))
    if len(password) < PASSWORD_MIN:
        raise AccountError(_("Het wachtwoord moet minstens %(minimum)s tekens hebben.", minimum=PASSWORD_MIN))
    organisation_name = clean_line(organisation_name)
    if is_blank(organisation_name):
        raise AccountError(_("Geef de naam van de organisatie."))
    if db.session.scalar(select(Trainer).where(Trainer.email == email)):
        raise AccountError(_("Er bestaat al een trainer met e-mailadres %(email)s.", email=email))
    organisation = db.session.scalar(select(Organisation).where(Organisation.name == organisation_name))
    if organisation is None:
        organisation = Organisation(name=organisation_name)
        db.session.add(organisation)
    trainer = Trainer(email=email, organisation=organisation, password_hash=generate_password_hash(password))
    db.session.add(trainer)
    db.session.commit()
    return trainer


def trainer_by_email(email: str) -> Trainer | None:
    return db.session.scalar(select(Trainer).where(Trainer.email == normalise_email(email)))


def authenticate(email: str, password: str) -> Trainer | None:
    trainer = trainer_by_email(email)
    if trainer is None or not check_password_hash(trainer.password_hash, password):
        return None
    return trainer


def issue_token(trainer: Trainer) -> str:
    """A new API token; only its hash is stored, so it is shown once."""
    token = "kw_" + secrets.token_urlsafe(32)
    db.session.add(ApiToken(trainer_id=trainer.id, token_hash=hash_secret(token)))
    db.session.commit()
    return token


def trainer_by_token(token: str) -> Trainer | None:
    api_token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_secret(token)))
    return api_token.trainer if api_token else None


def trainer_count() -> int:
    return db.session.scalar(select(func.count(Trainer.id)))

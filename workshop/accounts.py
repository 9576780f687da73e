"""Trainers and their API tokens: creating, passwords, sessions that end, disabling, issuing and revoking tokens.

Every password hash and check goes through `hash_password` and `check_password` (one place to move them off the
live loop). A login for an unknown e-mail address checks a dummy hash of the same kind, so that a refusal takes
as long whether the address exists or not.
"""
from __future__ import annotations

import secrets

from flask_babel import gettext as _
from sqlalchemy import delete, func, or_, select
from werkzeug.security import check_password_hash, generate_password_hash

from workshop import offload
from workshop.broadcast import broadcaster
from workshop.models import ApiToken, Invitation, Organisation, Trainer, db, hash_secret
from workshop.text import clean_line, is_blank

PASSWORD_MIN = 8
PASSWORD_MAX = 200
_dummy_hash: list[str] = []


def hash_password(password: str) -> str:
    """A salted scrypt hash, made in a real thread (hashlib releases the GIL): a login never stalls the room."""
    return offload.in_thread(generate_password_hash, password)


def check_password(password_hash: str, password: str) -> bool:
    return offload.in_thread(check_password_hash, password_hash, password)


class AccountError(Exception):
    pass


def dummy_hash() -> str:
    """A hash of a random password, made once, as costly to check as a real one."""
    if not _dummy_hash:
        _dummy_hash.append(hash_password(secrets.token_urlsafe(16)))
    return _dummy_hash[0]


def normalise_email(email: str) -> str:
    return clean_line(email).lower()


def valid_email(email: str) -> str:
    email = normalise_email(email)
    if "@" not in email or len(email) > 254 or " " in email:
        raise AccountError(_("'%(email)s' is geen geldig e-mailadres.", email=email))
    return email


def check_new_password(password: str) -> None:
    if len(password) < PASSWORD_MIN:
        raise AccountError(_("Het wachtwoord moet minstens %(minimum)s tekens hebben.", minimum=PASSWORD_MIN))
    if len(password) > PASSWORD_MAX:
        raise AccountError(_("Het wachtwoord mag hoogstens %(maximum)s tekens hebben.", maximum=PASSWORD_MAX))


def create_trainer(email: str, organisation_name: str, password: str, admin: bool = False) -> Trainer:
    """A trainer; the first of a new organisation is its admin (as is anyone created with admin=True)."""
    email = valid_email(email)
    check_new_password(password)
    organisation_name = clean_line(organisation_name)
    if is_blank(organisation_name):
        raise AccountError(_("Geef de naam van de organisatie."))
    organisation = db.session.scalar(select(Organisation).where(Organisation.name == organisation_name))
    if organisation is None:
        organisation = Organisation(name=organisation_name)
        db.session.add(organisation)
        admin = True
    return add_trainer(organisation, email, password, admin)


def add_trainer(organisation: Organisation, email: str, password: str, admin: bool = False) -> Trainer:
    check_new_password(password)
    if db.session.scalar(select(Trainer).where(Trainer.email == email)):
        raise AccountError(_("Er bestaat al een trainer met e-mailadres %(email)s.", email=email))
    trainer = Trainer(email=email, organisation=organisation, password_hash=hash_password(password), is_admin=admin)
    db.session.add(trainer)
    db.session.commit()
    return trainer


def trainer_by_email(email: str) -> Trainer | None:
    return db.session.scalar(select(Trainer).where(Trainer.email == normalise_email(email)))


def authenticate(email: str, password: str) -> Trainer | None:
    """The trainer with this e-mail address and password, if not disabled. Always checks one hash."""
    trainer = trainer_by_email(email) if len(email) <= 254 else None
    matches = check_password(trainer.password_hash if trainer else dummy_hash(), password[:PASSWORD_MAX + 1])
    if trainer is None or not matches or trainer.disabled:
        return None
    return trainer


def end_sessions(trainer: Trainer) -> None:
    """Every login session and remember-me cookie of this trainer stops working (see Trainer.get_id), and their
    open control pages are closed."""
    trainer.session_version += 1
    db.session.commit()
    broadcaster.sessions_ended(trainer.id)


def set_password(trainer: Trainer, password: str) -> None:
    """A new password; every other session of the trainer ends."""
    check_new_password(password)
    trainer.password_hash = hash_password(password)
    end_sessions(trainer)


def change_password(trainer: Trainer, current: str, new: str) -> None:
    if not check_password(trainer.password_hash, current[:PASSWORD_MAX + 1]):
        raise AccountError(_("Je huidige wachtwoord klopt niet."))
    set_password(trainer, new)


def set_disabled(trainer: Trainer, disabled: bool) -> None:
    """A disabled trainer cannot log in; their sessions and API tokens stop working at once, and their pending
    password-reset links are void (a link sent before must not set a password that works once re-enabled)."""
    trainer.disabled = disabled
    if disabled:
        db.session.execute(delete(Invitation).where(Invitation.used.is_(None), or_(
            Invitation.trainer_id == trainer.id, Invitation.email == trainer.email)))
    end_sessions(trainer)


def issue_token(trainer: Trainer) -> str:
    """A new API token; only its hash is stored, so it is shown once."""
    token = "kw_" + secrets.token_urlsafe(32)
    db.session.add(ApiToken(trainer_id=trainer.id, token_hash=hash_secret(token)))
    db.session.commit()
    return token


def tokens_of(trainer: Trainer) -> list[ApiToken]:
    return db.session.scalars(select(ApiToken).where(ApiToken.trainer_id == trainer.id)
                              .order_by(ApiToken.created, ApiToken.id)).all()


def revoke_token(trainer: Trainer, token_id: int) -> bool:
    """Revoke one of the trainer's own tokens; False when it is not theirs (or already gone)."""
    done = db.session.execute(delete(ApiToken).where(ApiToken.id == token_id, ApiToken.trainer_id == trainer.id))
    db.session.commit()
    return done.rowcount > 0


def revoke_tokens(trainer: Trainer) -> int:
    done = db.session.execute(delete(ApiToken).where(ApiToken.trainer_id == trainer.id))
    db.session.commit()
    return done.rowcount


def trainer_by_token(token: str) -> Trainer | None:
    api_token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_secret(token)))
    if api_token is None or api_token.trainer.disabled:
        return None
    return api_token.trainer


def colleagues(organisation_id: int) -> list[Trainer]:
    return db.session.scalars(select(Trainer).where(Trainer.organisation_id == organisation_id)
                              .order_by(Trainer.email)).all()


def trainer_count() -> int:
    return db.session.scalar(select(func.count(Trainer.id)))


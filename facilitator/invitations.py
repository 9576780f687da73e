"""One-time links to set a password: an admin invites a colleague or resets a colleague's password.

No mail server is needed: the admin copies the link and sends it. Only the hash of the link's token is stored; a
link works once and for INVITE_DAYS days. A new link for the same address or colleague replaces the old one.
"""
from __future__ import annotations

import secrets
from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import delete, select

from workshop.accounts import AccountError, add_trainer, set_password, trainer_by_email, valid_email
from workshop.models import Invitation, Organisation, Trainer, db, hash_secret, utcnow

INVITE_DAYS = 7


def _new_link(organisation_id: int, email: str, trainer_id: int | None) -> str:
    token = secrets.token_urlsafe(32)
    db.session.execute(delete(Invitation).where(Invitation.organisation_id == organisation_id,
                                                Invitation.email == email, Invitation.used.is_(None)))
    db.session.add(Invitation(organisation_id=organisation_id, trainer_id=trainer_id, email=email,
                              token_hash=hash_secret(token), expires=utcnow() + timedelta(days=INVITE_DAYS)))
    db.session.commit()
    return token


def invite(admin: Trainer, email: str) -> str:
    """A link for a new colleague in the admin's organisation; AccountError for a bad or taken address."""
    email = valid_email(email)
    if trainer_by_email(email) is not None:
        raise AccountError(_("Er bestaat al een trainer met e-mailadres %(email)s.", email=email))
    return _new_link(admin.organisation_id, email, None)


def reset_link(colleague: Trainer) -> str:
    """A link with which the colleague sets a new password (the old one keeps working until then)."""
    return _new_link(colleague.organisation_id, colleague.email, colleague.id)


def open_invitation(token: str) -> Invitation | None:
    """The unused, unexpired invitation behind a link's token."""
    if not token or len(token) > 100:
        return None
    found = db.session.scalar(select(Invitation).where(Invitation.token_hash == hash_secret(token)))
    if found is None or found.used is not None or found.expires < utcnow():
        return None
    return found


def redeem(invitation: Invitation, password: str) -> Trainer:
    """Use the link: make the invited trainer, or set the colleague's new password (ending their sessions)."""
    if invitation.trainer_id is None:
        organisation = db.session.get(Organisation, invitation.organisation_id)
        trainer = add_trainer(organisation, invitation.email, password)
    else:
        trainer = db.session.get(Trainer, invitation.trainer_id)
        set_password(trainer, password)
    invitation.used = utcnow()
    db.session.commit()
    return trainer


def pending_invitations(organisation_id: int) -> list[Invitation]:
    return db.session.scalars(select(Invitation).where(
        Invitation.organisation_id == organisation_id, Invitation.used.is_(None), Invitation.trainer_id.is_(None),
        Invitation.expires >= utcnow()).order_by(Invitation.email)).all()

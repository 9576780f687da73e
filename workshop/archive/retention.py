"""Retention: per organisation, how long participants' identities and whole workshops are kept.

- identity_days N: N days after a workshop, its participants' names and tokens are removed. Their tips, upvotes
  and votes stay, tied to an anonymous participant id that nothing links to a person or a phone any more. The same
  goes for the tokens of its follow-ups' participants (workshop/followup).
- workshop_days M: M days after a workshop, the workshop is deleted with everything in it, its follow-ups and
  their answers too.
"After a workshop" counts from the moment it ended, or, for one never ended, from when it was created.
Empty settings keep everything. `flask --app wsgi retention run` applies every organisation's settings (cron).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import func, or_, select, update

from workshop.archive.models import RetentionPolicy
from workshop.archive.privacy import WorkshopSize, delete_workshops, forget_deleted, workshop_size
from workshop.errors import EngineError
from workshop.followup.service import forget_tokens
from workshop.models import Organisation, Participant, Workshop, db, utcnow

DAYS_MAX = 3650


@dataclass
class RetentionReport:
    organisation: str
    identity_days: int | None
    workshop_days: int | None
    anonymised: int = 0  # participants whose name and token were removed
    anonymised_workshops: list[str] = field(default_factory=list)
    deleted: list[WorkshopSize] = field(default_factory=list)

    @property
    def removed_anything(self) -> bool:
        return bool(self.anonymised or self.deleted)


def parse_days(value) -> int | None:
    """Days as typed in the settings form or sent as JSON: empty/None keeps forever; else 1 to 3650."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise EngineError("invalid_retention")
    try:
        days = int(value.strip()) if isinstance(value, str) else value
    except ValueError:
        raise EngineError("invalid_retention") from None
    if not isinstance(days, int) or not 1 <= days <= DAYS_MAX:
        raise EngineError("invalid_retention")
    return days


def policy_of(organisation_id: int) -> RetentionPolicy:
    """The organisation's settings (not stored yet: keep everything)."""
    policy = db.session.get(RetentionPolicy, organisation_id)
    return policy or RetentionPolicy(organisation_id=organisation_id, identity_days=None, workshop_days=None)


def set_policy(organisation_id: int, identity_days, workshop_days) -> RetentionPolicy:
    identity, whole = parse_days(identity_days), parse_days(workshop_days)
    policy = db.session.get(RetentionPolicy, organisation_id)
    if policy is None:
        policy = RetentionPolicy(organisation_id=organisation_id)
        db.session.add(policy)
    policy.identity_days, policy.workshop_days = identity, whole
    db.session.commit()
    return policy


def _workshop_moment():
    return func.coalesce(Workshop.ended, Workshop.created)


def apply_policy(policy: RetentionPolicy, organisation_name: str, now: datetime) -> RetentionReport:
    report = RetentionReport(organisation_name, policy.identity_days, policy.workshop_days)
    org = policy.organisation_id
    if policy.workshop_days:
        old = db.session.scalars(select(Workshop).where(
            Workshop.organisation_id == org, _workshop_moment() < now - timedelta(days=policy.workshop_days))
            .order_by(Workshop.created, Workshop.id)).all()
        report.deleted = [workshop_size(w) for w in old]
        delete_workshops(org, [w.id for w in old])
    if policy.identity_days:
        workshops = select(Workshop.id).where(
            Workshop.organisation_id == org, _workshop_moment() < now - timedelta(days=policy.identity_days))
        identified = (Participant.workshop_id.in_(workshops),
                      or_(Participant.name.is_not(None), Participant.token_hash.is_not(None)))
        report.anonymised_workshops = list(db.session.scalars(
            select(Workshop.code).join(Participant, Participant.workshop_id == Workshop.id).where(*identified)
            .distinct().order_by(Workshop.code)))
        report.anonymised = db.session.execute(
            update(Participant).where(*identified).values(name=None, token_hash=None)
            .execution_options(synchronize_session=False)).rowcount
        report.anonymised += forget_tokens(workshops)  # follow-up participants (their answers stay, anonymous)
        db.session.commit()
        forget_deleted()
    return report


def run_retention(now: datetime | None = None) -> list[RetentionReport]:
    """Apply every organisation's settings; one report per organisation that has any."""
    now = now or utcnow()
    rows = db.session.execute(select(RetentionPolicy, Organisation.name)
                              .join(Organisation, Organisation.id == RetentionPolicy.organisation_id)
                              .order_by(Organisation.name)).all()
    return [apply_policy(policy, name, now) for policy, name in rows
            if policy.identity_days or policy.workshop_days]

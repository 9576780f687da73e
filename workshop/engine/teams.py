"""A workshop's team ("Klantcontact", "Wijkbeheer"): free text, set on creation and changed any time after, so
that the organisation's insights can compare teams. Suggestions are the organisation's earlier teams."""
from __future__ import annotations

from sqlalchemy import func, select

from workshop.errors import EngineError
from workshop.models import Workshop, db
from workshop.text import clean_line, has_lone_surrogate, is_blank

TEAM_MAX = 60
SUGGESTIONS_MAX = 200


def checked_team(team) -> str | None:
    """A team as stored: one clean line of 1-60 characters, or None (no team: None or an empty text).
    EngineError('invalid_team') for anything else."""
    if team is None:
        return None
    if not isinstance(team, str) or has_lone_surrogate(team):
        raise EngineError("invalid_team")
    team = clean_line(team)
    if is_blank(team):
        return None
    if len(team) > TEAM_MAX:
        raise EngineError("invalid_team")
    return team


def set_team(workshop: Workshop, team) -> Workshop:
    """Change a workshop's team (before, during or after the workshop); None takes it away."""
    workshop.team = checked_team(team)
    db.session.commit()
    return workshop


def team_suggestions(organisation_id: int) -> list[str]:
    """The organisation's teams so far, the most used first (for the team fields' suggestions)."""
    rows = db.session.execute(
        select(Workshop.team).where(Workshop.organisation_id == organisation_id, Workshop.team.is_not(None))
        .group_by(Workshop.team).order_by(func.count().desc(), Workshop.team).limit(SUGGESTIONS_MAX))
    return [team for (team,) in rows]

"""The insights' filters: a period (by the workshop's creation day in Europe/Amsterdam), a team and an exercise.

Every filter is optional. A bad date is `invalid_date`, a period that ends before it starts `invalid_period`, a team
longer than 60 characters or an exercise that is no exercise id `invalid_filter` (each a 400 JSON answer).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from exercises.kinds import EXERCISE_ID
from workshop.archive.search import parse_date
from workshop.engine.teams import TEAM_MAX
from workshop.errors import EngineError
from workshop.text import clean_line, has_lone_surrogate

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
FILTER_KEYS = ("from", "to", "team", "exercise")


def utc_start_of(day: date) -> datetime | None:
    """The UTC moment (naive, as the database stores it) at which this Amsterdam day begins; None beyond the
    calendar's ends (no bound)."""
    try:
        return datetime.combine(day, time(0), tzinfo=AMSTERDAM).astimezone(timezone.utc).replace(tzinfo=None)
    except (OverflowError, ValueError):
        return None


def amsterdam_month(created: datetime) -> str:
    """'YYYY-MM' of a stored (naive UTC) moment, in Europe/Amsterdam."""
    return created.replace(tzinfo=timezone.utc).astimezone(AMSTERDAM).strftime("%Y-%m")


@dataclass(frozen=True)
class Filters:
    date_from: date | None = None
    date_to: date | None = None
    team: str | None = None
    exercise: str | None = None

    @property
    def start(self) -> datetime | None:
        """Workshops created at or after this UTC moment (the start of `date_from` in Amsterdam)."""
        return utc_start_of(self.date_from) if self.date_from else None

    @property
    def end(self) -> datetime | None:
        """Workshops created before this UTC moment (the end of `date_to` in Amsterdam)."""
        if self.date_to is None or self.date_to == date.max:
            return None
        return utc_start_of(self.date_to + timedelta(days=1))

    def as_query(self) -> dict[str, str]:
        """The filters as query arguments (links, the CSV download), empty ones left out."""
        values = {"from": self.date_from.isoformat() if self.date_from else None,
                  "to": self.date_to.isoformat() if self.date_to else None, "team": self.team,
                  "exercise": self.exercise}
        return {key: value for key, value in values.items() if value}


def _text(args, key: str) -> str:
    value = args.get(key)
    if value is None:
        return ""
    if not isinstance(value, str) or has_lone_surrogate(value):
        raise EngineError("invalid_filter")
    return clean_line(value)


def parse_filters(args) -> Filters:
    """Filters from query arguments from, to (YYYY-MM-DD), team, exercise; an empty argument is no filter."""
    date_from, date_to = parse_date(args.get("from")), parse_date(args.get("to"))
    if date_from and date_to and date_from > date_to:
        raise EngineError("invalid_period")
    team, exercise = _text(args, "team"), _text(args, "exercise")
    if len(team) > TEAM_MAX:
        raise EngineError("invalid_filter")
    if exercise and not EXERCISE_ID.match(exercise):
        raise EngineError("invalid_filter")
    return Filters(date_from, date_to, team or None, exercise or None)

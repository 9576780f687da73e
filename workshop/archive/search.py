"""The organisation's archive: every tip of every workshop, with its prompt, workshop, date, upvotes, hidden flag,
curation and group; searching and filtering it.

Functions take plain values (an organisation id, a dict of query arguments) and are testable without a network.
Search runs in Python on folded text, so it ignores case and accents the same way on SQLite and PostgreSQL.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select

from workshop.archive.grouping import Item, group_tips
from workshop.archive.text import matches, search_terms
from workshop.archive.models import TipCuration
from workshop.engine.errors import EngineError
from workshop.models import ExerciseRun, Tip, Upvote, Workshop, db

SORTS = ("date", "votes")


@dataclass
class ArchiveTip:
    id: int
    text: str
    curated_text: str | None
    votes: int
    hidden: bool
    starred: bool
    exercise_id: str
    exercise_title: str
    prompt: str
    workshop: str
    workshop_title: str
    workshop_id: int
    run_id: int
    created: datetime
    group: int | None = None
    manual_group: int | None = None
    solo: bool = False

    @property
    def display_text(self) -> str:
        """What a hand-out shows: the trainer's corrected text if there is one, else the original."""
        return self.curated_text or self.text

    def as_json(self) -> dict:
        return {"id": self.id, "text": self.text, "votes": self.votes, "hidden": self.hidden,
                "prompt": self.prompt, "exercise_id": self.exercise_id, "workshop": self.workshop,
                "created": iso(self.created), "group": self.group,
                "curated_text": self.curated_text, "starred": self.starred}


@dataclass(frozen=True)
class Filters:
    q: str = ""
    prompt: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    sort: str = "date"
    workshop: str | None = None

    def accepts(self, tip: ArchiveTip, terms: list[str]) -> bool:
        day = tip.created.date()
        return ((self.prompt is None or tip.exercise_id == self.prompt)
                and (self.workshop is None or tip.workshop == self.workshop)
                and (self.date_from is None or day >= self.date_from)
                and (self.date_to is None or day <= self.date_to)
                and matches(terms, tip.text, tip.curated_text))


def iso(moment: datetime | None) -> str | None:
    """ISO 8601 in UTC, as the database keeps it: 2026-03-31T14:05:00Z."""
    return moment.replace(microsecond=0).isoformat() + "Z" if moment else None


def parse_date(value: str | None) -> date | None:
    """A YYYY-MM-DD date, None when empty; EngineError('invalid_date') for anything else."""
    if value is None or not value.strip():
        return None
    try:
        if len(value.strip()) != 10:
            raise ValueError(value)
        return date.fromisoformat(value.strip())
    except ValueError:
        raise EngineError("invalid_date") from None


def parse_filters(args, default_sort: str = "date") -> Filters:
    """Filters from query arguments q, prompt, from, to, sort, workshop; EngineError for bad values."""
    sort = (args.get("sort") or default_sort).strip()
    if sort not in SORTS:
        raise EngineError("invalid")
    workshop = (args.get("workshop") or "").strip().upper() or None
    return Filters(q=(args.get("q") or "").strip(), prompt=(args.get("prompt") or "").strip() or None,
                   date_from=parse_date(args.get("from")), date_to=parse_date(args.get("to")), sort=sort,
                   workshop=workshop)


def load_archive(organisation_id: int) -> list[ArchiveTip]:
    """Every tip of the organisation, oldest first, with its group filled in."""
    votes = (select(Upvote.tip_id, func.count().label("n")).group_by(Upvote.tip_id).subquery())
    rows = db.session.execute(
        select(Tip, ExerciseRun, Workshop.code, Workshop.title, Workshop.id, TipCuration,
               func.coalesce(votes.c.n, 0))
        .join(ExerciseRun, Tip.run_id == ExerciseRun.id)
        .join(Workshop, ExerciseRun.workshop_id == Workshop.id)
        .outerjoin(TipCuration, TipCuration.tip_id == Tip.id)
        .outerjoin(votes, votes.c.tip_id == Tip.id)
        .where(Workshop.organisation_id == organisation_id)
        .order_by(Tip.id)).all()
    prompts: dict[int, str] = {}
    tips = []
    for tip, run, code, title, workshop_id, curation, count in rows:
        if run.id not in prompts:
            prompts[run.id] = json.loads(run.content_json).get("prompt", "")
        tips.append(ArchiveTip(
            id=tip.id, text=tip.text, curated_text=curation.curated_text if curation else None, votes=count,
            hidden=tip.hidden, starred=bool(curation and curation.starred), exercise_id=run.exercise_id,
            exercise_title=run.title, prompt=prompts[run.id], workshop=code, workshop_title=title,
            workshop_id=workshop_id, run_id=run.id, created=tip.created,
            manual_group=curation.group_id if curation else None, solo=bool(curation and curation.solo)))
    groups = group_tips(Item(t.id, t.exercise_id, t.display_text, t.manual_group, t.solo) for t in tips)
    for tip in tips:
        tip.group = groups.get(tip.id)
    return tips


def sort_tips(tips: list[ArchiveTip], sort: str) -> list[ArchiveTip]:
    """Newest first, or most upvoted first (ties: newest first)."""
    if sort == "votes":
        return sorted(tips, key=lambda t: (t.votes, t.created, t.id), reverse=True)
    return sorted(tips, key=lambda t: (t.created, t.id), reverse=True)


def search(tips: list[ArchiveTip], filters: Filters) -> list[ArchiveTip]:
    terms = search_terms(filters.q)
    return sort_tips([t for t in tips if filters.accepts(t, terms)], filters.sort)


def archive_document(organisation_id: int, filters: Filters, limit: int | None = None, offset: int = 0) -> dict:
    """GET /api/v1/archive: {"total", "tips"}; total counts every match, tips may be a page of them."""
    found = search(load_archive(organisation_id), filters)
    page = found[offset:offset + limit] if limit is not None else found[offset:]
    return {"total": len(found), "tips": [t.as_json() for t in page]}


def prompts_in(tips: list[ArchiveTip]) -> list[dict]:
    """The exercises the archive has tips for: id, title and the newest prompt text, by title."""
    seen: dict[str, dict] = {}
    for tip in tips:  # oldest first: the newest prompt text wins
        seen[tip.exercise_id] = {"id": tip.exercise_id, "title": tip.exercise_title, "prompt": tip.prompt}
    return sorted(seen.values(), key=lambda p: (p["title"].casefold(), p["id"]))

"""The organisation's archive: every tip of every workshop, with its prompt, workshop, date, upvotes, hidden flag,
curation and group; searching and filtering it.

Functions take plain values (an organisation id, a dict of query arguments) and are testable without a network.
Search, filters, sorting and paging run in SQL on the stored index (archive.index): a folded text column, so that
case and accents are ignored the same way on SQLite and PostgreSQL; groups are read, never recomputed here.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, literal, literal_column, select, table

from exercises.kinds import kind_of
from workshop.archive.index import sync_archive
from workshop.archive.models import ArchiveEntry, ArchiveGroup, TipCuration
from workshop.archive.text import matches, search_terms
from workshop.errors import EngineError
from workshop.models import ExerciseRun, Tip, Workshop, db

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
    tag: str | None = None  # a written reply's tag (respond), in the exports

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
    group: int | None = None

    def accepts(self, tip: ArchiveTip, terms: list[str]) -> bool:
        day = tip.created.date()
        return ((self.prompt is None or tip.exercise_id == self.prompt)
                and (self.workshop is None or tip.workshop == self.workshop)
                and (self.date_from is None or day >= self.date_from)
                and (self.date_to is None or day <= self.date_to)
                and (self.group is None or tip.group == self.group)
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
    group = (args.get("group") or "").strip()
    if group and not (group.isascii() and group.isdigit() and len(group) <= 18):
        raise EngineError("invalid")
    return Filters(q=(args.get("q") or "").strip(), prompt=(args.get("prompt") or "").strip() or None,
                   date_from=parse_date(args.get("from")), date_to=parse_date(args.get("to")), sort=sort,
                   workshop=workshop, group=int(group) if group else None)


def _conditions(organisation_id: int, filters: Filters | None) -> list:
    """SQL conditions on ArchiveEntry for the filters: every word of q inside a word of the tip or its correction,
    in any case and with or without accents (both sides folded the same way), and the prompt, workshop and dates."""
    conditions = [ArchiveEntry.organisation_id == organisation_id,
                  ArchiveEntry.tip_id.not_in(select(Tip.id).where(Tip.held.is_(True)))]  # held: not yet approved
    if filters is None:
        return conditions
    if filters.prompt is not None:
        conditions.append(ArchiveEntry.exercise_id == filters.prompt)
    if filters.workshop is not None:
        conditions.append(ArchiveEntry.workshop_id.in_(select(Workshop.id).where(
            Workshop.code == filters.workshop, Workshop.organisation_id == organisation_id)))
    if filters.date_from is not None:
        conditions.append(ArchiveEntry.created >= datetime.combine(filters.date_from, time.min))
    if filters.date_to is not None:
        conditions.append(ArchiveEntry.created < datetime.combine(filters.date_to + timedelta(days=1), time.min))
    if filters.group is not None:
        conditions.append(ArchiveEntry.cluster == filters.group)
    for term in search_terms(filters.q):  # folded words: never a LIKE wildcard
        conditions.append(_contains(term))
    return conditions


WORD_INDEX_MIN = 3  # a trigram index finds terms of three characters or more; shorter ones scan the column


def _contains(term: str):
    """The entry's folded words contain `term`. On SQLite through the FTS5 trigram table of migration 0012 (kept in
    step by triggers); on PostgreSQL the trigram index serves the LIKE itself."""
    if len(term) >= WORD_INDEX_MIN and db.session.get_bind().dialect.name == "sqlite":
        matching = (select(literal_column("rowid")).select_from(table("archive_fts"))
                    .where(literal_column("archive_fts").op("MATCH")(literal(f'"{term}"'))))
        return ArchiveEntry.tip_id.in_(matching)
    return ArchiveEntry.folded.like(f"%{term}%")


def _order(sort: str) -> tuple:
    if sort == "votes":
        return ArchiveEntry.votes.desc(), ArchiveEntry.created.desc(), ArchiveEntry.tip_id.desc()
    return ArchiveEntry.created.desc(), ArchiveEntry.tip_id.desc()


def _question(kind: str, content: dict) -> str:
    try:
        return kind_of(kind).question(content)
    except KeyError:
        return content.get("prompt", "")


def _hydrate(entry_rows) -> list[ArchiveTip]:
    """ArchiveTips for the given entries, in their order; groups of one have group None."""
    ids = [row.tip_id for row in entry_rows]
    if not ids:
        return []
    sizes = dict(db.session.execute(select(ArchiveEntry.cluster, func.count()).where(
        ArchiveEntry.cluster.in_({row.cluster for row in entry_rows})).group_by(ArchiveEntry.cluster)).all())
    details = {row[0].id: row for row in db.session.execute(
        select(Tip, ExerciseRun.id, ExerciseRun.exercise_id, ExerciseRun.title, ExerciseRun.content_json,
               Workshop.code, Workshop.title, Workshop.id, TipCuration, ExerciseRun.kind)
        .join(ExerciseRun, Tip.run_id == ExerciseRun.id).join(Workshop, ExerciseRun.workshop_id == Workshop.id)
        .outerjoin(TipCuration, TipCuration.tip_id == Tip.id).where(Tip.id.in_(ids))).all()}
    prompts: dict[int, str] = {}
    tips = []
    for entry in entry_rows:
        tip, run_id, exercise_id, run_title, content_json, code, title, workshop_id, curation, kind = \
            details[entry.tip_id]
        if run_id not in prompts:  # what participants answered: a tips prompt, a reply's question
            prompts[run_id] = _question(kind, json.loads(content_json))
        tips.append(ArchiveTip(
            id=tip.id, text=tip.text, curated_text=curation.curated_text if curation else None, votes=entry.votes,
            hidden=tip.hidden, starred=bool(curation and curation.starred), exercise_id=exercise_id,
            exercise_title=run_title, prompt=prompts[run_id], workshop=code, workshop_title=title,
            workshop_id=workshop_id, run_id=run_id, created=tip.created,
            group=entry.cluster if sizes.get(entry.cluster, 1) > 1 else None,
            manual_group=curation.group_id if curation else None, solo=bool(curation and curation.solo),
            tag=tip.tag))
    return tips


def _entries(organisation_id: int, filters: Filters | None, workshop_id: int | None = None):
    query = select(ArchiveEntry.tip_id, ArchiveEntry.cluster, ArchiveEntry.votes).where(
        *_conditions(organisation_id, filters))
    if workshop_id is not None:
        query = query.where(ArchiveEntry.workshop_id == workshop_id)
    return query


def load_archive(organisation_id: int, filters: Filters | None = None, workshop_id: int | None = None,
                 sync: bool = True) -> list[ArchiveTip]:
    """The organisation's tips (those matching the filters, of one workshop if given), oldest first, with their
    groups: read from the stored index, never regrouped here. sync=False in a worker process: the server synced
    the index before it handed over the job, and only it writes."""
    if sync:
        sync_archive(organisation_id)
    rows = db.session.execute(_entries(organisation_id, filters, workshop_id).order_by(ArchiveEntry.tip_id)).all()
    return _hydrate(rows)


def find(organisation_id: int, filters: Filters, limit: int | None, offset: int = 0) -> tuple[int, list[ArchiveTip]]:
    """(how many tips match, the requested page of them), searched, sorted and paged in SQL."""
    sync_archive(organisation_id)
    conditions = _conditions(organisation_id, filters)
    total = db.session.scalar(select(func.count()).select_from(ArchiveEntry).where(*conditions))
    query = _entries(organisation_id, filters).order_by(*_order(filters.sort)).offset(offset)
    if limit is not None:
        query = query.limit(limit)
    return total, _hydrate(db.session.execute(query).all())


def archive_size(organisation_id: int) -> int:
    return db.session.scalar(select(func.count()).select_from(ArchiveEntry)
                             .where(ArchiveEntry.organisation_id == organisation_id))


def prompts_of(organisation_id: int) -> list[dict]:
    """The exercises the archive has tips for: id, title and the newest prompt text, by title (from the index)."""
    newest = db.session.execute(select(ArchiveGroup.exercise_id, func.max(ArchiveGroup.last_tip)).where(
        ArchiveGroup.organisation_id == organisation_id).group_by(ArchiveGroup.exercise_id)).all()
    runs = dict(db.session.execute(select(Tip.id, ExerciseRun).join(ExerciseRun, Tip.run_id == ExerciseRun.id)
                                   .where(Tip.id.in_([tip_id for _e, tip_id in newest]))).all())
    prompts = [{"id": exercise_id, "title": runs[tip_id].title,
                "prompt": json.loads(runs[tip_id].content_json).get("prompt", "")} for exercise_id, tip_id in newest]
    return sorted(prompts, key=lambda p: (p["title"].casefold(), p["id"]))


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
    total, page = find(organisation_id, filters, limit, offset)
    return {"total": total, "tips": [t.as_json() for t in page]}


def prompts_in(tips: list[ArchiveTip]) -> list[dict]:
    """The exercises the archive has tips for: id, title and the newest prompt text, by title."""
    seen: dict[str, dict] = {}
    for tip in tips:  # oldest first: the newest prompt text wins
        seen[tip.exercise_id] = {"id": tip.exercise_id, "title": tip.exercise_title, "prompt": tip.prompt}
    return sorted(seen.values(), key=lambda p: (p["title"].casefold(), p["id"]))

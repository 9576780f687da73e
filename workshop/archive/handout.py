"""The toolkit: a printable hand-out "Tips van <organisation>: <prompt>" with the best tips, grouped; a workshop's
hand-out adds its cases with every option's explanation (`workshop_lessons`).

Rules, in this order: hidden tips never appear; near-duplicates are one entry, headed by its best tip (starred
first, then most upvoted, then the oldest) in the trainer's corrected spelling; entries with a star come first,
then the most upvoted (the upvotes of all tips in the group together), then the most often mentioned.
One section per prompt: for one workshop (its tips exercises in order) or for the whole archive.

Tagged replies (respond) carry their tag. A pitfall is never handed out as a tip: by default pitfall-tagged entries
leave the tips and stand in a section "Zo liever niet" with their tag; the trainer may instead print them among the
tips with their tag ("Valkuil: ..." in the pitfall colour), or leave them out (`pitfalls=apart|tagged|out`).

Also the read-only link a trainer shares with participants, and the PDF (WeasyPrint, no network access).
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass, field

from flask import current_app
from sqlalchemy import select

from exercises.kinds import kind_of, tag_labels
from exercises.kinds.tags import is_pitfall, tag_family
from workshop import offload
from workshop.archive.models import HandoutLink
from workshop.archive.search import ArchiveTip
from workshop.models import Workshop, db

DEFAULT_LIMIT = 30  # entries per prompt: a hand-out people read, not the whole archive
LIMIT_MAX = 500
PITFALLS_APART, PITFALLS_TAGGED, PITFALLS_OUT = "apart", "tagged", "out"  # what a hand-out does with pitfalls
PITFALL_MODES = (PITFALLS_APART, PITFALLS_TAGGED, PITFALLS_OUT)


@dataclass
class ToolkitEntry:
    tips: list[ArchiveTip]  # the headline first

    @property
    def headline(self) -> ArchiveTip:
        return self.tips[0]

    @property
    def others(self) -> list[ArchiveTip]:
        return self.tips[1:]

    @property
    def votes(self) -> int:
        return sum(t.votes for t in self.tips)

    @property
    def starred(self) -> bool:
        return any(t.starred for t in self.tips)

    @property
    def mentions(self) -> int:
        return len(self.tips)

    @property
    def tag(self) -> str | None:
        """The trainer's tag of the entry (its headline's, else the first tagged tip's); None: untagged."""
        return next((t.tag for t in self.tips if t.tag), None)

    @property
    def tag_label(self) -> str | None:
        return tag_labels().get(self.tag) if self.tag else None

    @property
    def tag_family(self) -> str:
        return tag_family(self.tag)

    @property
    def pitfall(self) -> bool:
        return is_pitfall(self.tag)


@dataclass
class ToolkitSection:
    exercise_id: str
    title: str
    prompt: str
    entries: list[ToolkitEntry]
    total_entries: int
    avoid: list[ToolkitEntry] = field(default_factory=list)  # "Zo liever niet": pitfall-tagged entries


def _headline_order(tip: ArchiveTip):
    return (not tip.starred, -tip.votes, tip.id)


def _entry_order(entry: ToolkitEntry):
    return (not entry.starred, -entry.votes, -entry.mentions, entry.headline.id)


def build_toolkit(tips: list[ArchiveTip], exercises: list[dict], limit: int = DEFAULT_LIMIT,
                  pitfalls: str = PITFALLS_APART) -> list[ToolkitSection]:
    """Sections for the given exercises ({"id", "title", "prompt"}, in that order) from the given tips; pitfall-tagged
    entries as `pitfalls` says (apart: in the section's `avoid`; tagged: among the tips; out: nowhere)."""
    sections = []
    for exercise in exercises:
        grouped: dict[object, list[ArchiveTip]] = {}
        for tip in tips:
            if tip.exercise_id == exercise["id"] and not tip.hidden:
                grouped.setdefault(tip.group if tip.group is not None else ("alone", tip.id), []).append(tip)
        entries = sorted((ToolkitEntry(sorted(members, key=_headline_order)) for members in grouped.values()),
                         key=_entry_order)
        avoid = []
        if pitfalls != PITFALLS_TAGGED:
            avoid = [entry for entry in entries if entry.pitfall] if pitfalls == PITFALLS_APART else []
            entries = [entry for entry in entries if not entry.pitfall]
        sections.append(ToolkitSection(exercise["id"], exercise["title"], exercise["prompt"], entries[:limit],
                                       len(entries), avoid[:limit]))
    return sections


def workshop_exercises(workshop: Workshop) -> list[dict]:
    """The workshop's exercises that have a hand-out section (tips), in order, once each, as the workshop showed
    them: the kind decides."""
    seen: dict[str, dict] = {}
    for run in workshop.runs:
        section = kind_of(run.kind).handout_section(run) if run.exercise_id not in seen else None
        if section is not None:
            seen[run.exercise_id] = section
    return list(seen.values())


def workshop_lessons(workshop: Workshop) -> list[dict]:
    """What the workshop's hand-out teaches beyond the tips (a case's options, the cloud's top words, the intended
    order, a scale's before and after), as the workshop showed them, once each: the kind decides."""
    seen: dict[str, dict] = {}
    for run in workshop.runs:
        lesson = kind_of(run.kind).handout_lesson(run) if run.exercise_id not in seen else None
        if lesson is not None:
            seen[run.exercise_id] = lesson
    return list(seen.values())


def parse_limit(value, default: int = DEFAULT_LIMIT) -> int:
    try:
        limit = int(value) if value not in (None, "") else default
    except (TypeError, ValueError):
        return default
    return max(1, min(limit, LIMIT_MAX))


def parse_pitfalls(value) -> str:
    """The trainer's choice for pitfall-tagged replies; anything unknown is the default (apart)."""
    return value if value in PITFALL_MODES else PITFALLS_APART


def pdf_from_html(html: str) -> bytes:
    """A PDF of a self-contained HTML page. WeasyPrint may fetch nothing but data: URLs (no network, no files).
    Runs in an offload worker process (render_pdf): WeasyPrint is pure Python and would stall the live loop."""
    from weasyprint import HTML  # imported here: slow to load, and only the worker process needs it
    from weasyprint.urls import URLFetcher
    return HTML(string=html, url_fetcher=URLFetcher(allowed_protocols={"data"})).write_pdf()


def render_pdf(html: str) -> bytes:
    """pdf_from_html off the live loop; offload.Busy when too many PDFs are being made already."""
    return offload.in_process(pdf_from_html, html)


def print_css() -> str:
    """static/css/print.css, inlined into the PDF's page."""
    with current_app.open_resource("static/css/print.css", "r") as handle:
        return handle.read()


# --- the read-only link for participants -------------------------------------------------------------------

def handout_link(workshop: Workshop) -> HandoutLink | None:
    return db.session.scalar(select(HandoutLink).where(HandoutLink.workshop_id == workshop.id))


def share_handout(workshop: Workshop) -> HandoutLink:
    """Switch the link on (a new unguessable token, about 190 bits); an existing link stays as it is."""
    link = handout_link(workshop)
    if link is None:
        link = HandoutLink(workshop_id=workshop.id, token=secrets.token_urlsafe(24))
        db.session.add(link)
        db.session.commit()
    return link


def stop_sharing(workshop: Workshop) -> bool:
    """Switch the link off: the URL is gone for good (switching on again makes a new one)."""
    link = handout_link(workshop)
    if link is None:
        return False
    db.session.delete(link)
    db.session.commit()
    return True


def workshop_by_handout_token(token: str) -> Workshop | None:
    if not token or len(token) > 64:
        return None
    link = db.session.scalar(select(HandoutLink).where(HandoutLink.token == token))
    return db.session.get(Workshop, link.workshop_id) if link else None

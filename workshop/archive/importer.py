"""Importing tips from an earlier tool (a Mentimeter or Slido export saved as CSV) into the organisation's archive.

The file is read and checked whole first (`read_csv`, pure: it runs in an offload worker); nothing is written
unless every line is right, and every problem is reported with its line number. Each distinct question becomes
one imported, ended workshop with one tips exercise, whose exercise id is derived from the question's text, so
that the same question gets the same id on every import and its tips are searched and grouped together.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import secrets
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, time

from flask_babel import gettext as _
from sqlalchemy import insert

from workshop import offload
from workshop.archive import index
from workshop.archive.models import ArchiveWorkshop
from workshop.join_codes import new_join_code
from workshop.models import ExerciseRun, Tip, Workshop, db

BODY_MAX = 1024 * 1024
TEXT_MAX = 280
QUESTION_MAX = 300
VOTES_MAX = 1_000_000
PROBLEMS_SHOWN = 200
# Column names as the earlier tools and Dutch spreadsheets write them; matched without case and spaces.
COLUMNS = {"question": ("question", "vraag", "prompt"), "text": ("text", "tekst", "answer", "antwoord", "tip"),
           "votes": ("votes", "stemmen", "upvotes", "likes"), "date": ("date", "datum")}


@dataclass(frozen=True)
class ImportedTip:
    line: int
    question: str
    text: str
    votes: int
    day: date | None


@dataclass
class ReadResult:
    tips: list[ImportedTip] = field(default_factory=list)
    problems: list[dict] = field(default_factory=list)


def clean(text: str) -> str:
    """One line of text: control and format characters (zero-width spaces too) gone, white space folded."""
    kept = "".join(c if unicodedata.category(c)[0] != "C" else " " for c in text)
    return " ".join(kept.split())


def _problem(result: ReadResult, line: int, column: str, message: str) -> None:
    result.problems.append({"line": line, "field": column, "message": message})


def _columns(header: list[str], result: ReadResult) -> dict[str, int]:
    names = [clean(name).casefold().replace(" ", "") for name in header]
    found = {}
    for column, aliases in COLUMNS.items():
        for position, name in enumerate(names):
            if name in aliases and column not in found:
                found[column] = position
    for required in ("question", "text"):
        if required not in found:
            _problem(result, 1, required, _("kolom '%(column)s' ontbreekt in de kopregel", column=required))
    return found


def _row(number: int, row: list[str], columns: dict[str, int], result: ReadResult) -> None:
    def value(column: str) -> str:
        position = columns.get(column)
        return clean(row[position]) if position is not None and position < len(row) else ""

    question, text, votes_text, day_text = value("question"), value("text"), value("votes"), value("date")
    problems_before = len(result.problems)
    if not question:
        _problem(result, number, "question", _("de vraag is leeg"))
    elif len(question) > QUESTION_MAX:
        _problem(result, number, "question", _("de vraag is langer dan %(maximum)s tekens", maximum=QUESTION_MAX))
    if not text:
        _problem(result, number, "text", _("de tip is leeg"))
    elif len(text) > TEXT_MAX:
        _problem(result, number, "text", _("de tip is langer dan %(maximum)s tekens", maximum=TEXT_MAX))
    votes = 0
    if votes_text:
        if votes_text.isascii() and votes_text.isdigit() and int(votes_text) <= VOTES_MAX:
            votes = int(votes_text)
        else:
            _problem(result, number, "votes", _("'%(value)s' is geen aantal stemmen", value=votes_text[:20]))
    day = None
    if day_text:
        try:
            if len(day_text) != 10:
                raise ValueError(day_text)
            day = date.fromisoformat(day_text)
        except ValueError:
            _problem(result, number, "date", _("'%(value)s' is geen datum als JJJJ-MM-DD", value=day_text[:20]))
    if len(result.problems) == problems_before:
        result.tips.append(ImportedTip(number, question, text, votes, day))


def read_csv(body: bytes) -> ReadResult:
    """Every tip of the file, or every problem with its line (1 is the header). Pure: runs in a worker."""
    result = ReadResult()
    try:
        content = body.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = body[:error.start].count(b"\n") + 1
        _problem(result, line, "", _("het bestand is geen UTF-8-tekst; sla het op als CSV UTF-8"))
        return result
    lines = content.splitlines()
    if not lines or not lines[0].strip():
        _problem(result, 1, "", _("het bestand is leeg; de eerste regel moet de kolomnamen bevatten"))
        return result
    delimiter = ";" if lines[0].count(";") > lines[0].count(",") else ","
    reader = csv.reader(io.StringIO(content, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
        columns = _columns(header, result)
        if result.problems:
            return result
        for row in reader:
            if any(cell.strip() for cell in row):
                _row(reader.line_num, row, columns, result)
    except csv.Error as error:
        _problem(result, reader.line_num, "", _("de regel is geen geldige CSV (%(reason)s)", reason=str(error)))
    if not result.tips and not result.problems:
        _problem(result, 2, "", _("het bestand bevat geen tips"))
    return result


def exercise_id_for(question: str) -> str:
    """The same question text gives the same id on every import: 'import-' and a hash of the folded text."""
    digest = hashlib.sha256(" ".join(question.split()).casefold().encode("utf-8")).hexdigest()
    return f"import-{digest[:16]}"


class ImportRejected(Exception):
    def __init__(self, problems: list[dict]):
        super().__init__(f"{len(problems)} problems")
        self.problems = problems


def import_csv(organisation_id: int, trainer_id: int | None, body: bytes) -> tuple[int, list[str]]:
    """Import a whole file or nothing: ImportRejected with every problem; else (tips imported, the codes of the
    new workshops)."""
    result = offload.in_process(read_csv, body)
    if result.problems:
        raise ImportRejected(result.problems[:PROBLEMS_SHOWN])
    by_question: dict[str, list[ImportedTip]] = {}
    for tip in result.tips:
        by_question.setdefault(tip.question, []).append(tip)
    now = datetime.utcnow().replace(microsecond=0)
    codes, votes = [], {}
    for question, tips in by_question.items():
        first = min((t.day for t in tips if t.day), default=None)
        created = datetime.combine(first, time(12)) if first else now
        workshop = Workshop(organisation_id=organisation_id, trainer_id=trainer_id, code=new_join_code(),
                            title=_("Geïmporteerd: %(question)s", question=question)[:200], status="ended",
                            screen_key=secrets.token_urlsafe(18), created=created, ended=created)
        workshop.runs.append(ExerciseRun(position=0, exercise_id=exercise_id_for(question), kind="tips",
                                         title=question[:80], content_json=json.dumps({"prompt": question}),
                                         phase="closed"))
        db.session.add(workshop)
        db.session.flush()
        db.session.add(ArchiveWorkshop(workshop_id=workshop.id, votes_final=True))
        rows = [{"run_id": workshop.runs[0].id, "text": t.text,
                 "created": datetime.combine(t.day, time(12)) if t.day else created} for t in tips]
        ids = db.session.scalars(insert(Tip).returning(Tip.id, sort_by_parameter_order=True), rows).all()
        votes.update((tip_id, t.votes) for tip_id, t in zip(ids, tips) if t.votes)
        codes.append(workshop.code)
    db.session.commit()
    index.sync_archive(organisation_id)
    index.set_votes(votes)
    db.session.commit()
    return len(result.tips), codes

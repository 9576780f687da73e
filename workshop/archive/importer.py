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
import re
import secrets
import time as clock
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, time

from flask_babel import gettext as _
from sqlalchemy import insert, select

from workshop import offload
from workshop.archive import index
from workshop.archive.models import ArchiveWorkshop
from workshop.archive.privacy import delete_workshops
from workshop.extensions import socketio
from workshop.join_codes import new_join_code
from workshop.models import ExerciseRun, Tip, Workshop, db

BODY_MAX = 1024 * 1024
TEXT_MAX = 280
QUESTION_MAX = 300
VOTES_MAX = 1_000_000
PROBLEMS_SHOWN = 200
QUESTIONS_MAX = 500  # distinct questions (= imported workshops) per file (contract v3)
WRITE_SLICE = 0.01  # seconds of writing on the live loop before it commits and lets the rooms have a turn
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


DUTCH_DAY = re.compile(r"^(\d{1,2})-(\d{1,2})-(\d{4})(?: \d{1,2}:\d{2}(?::\d{2})?)?$")


def parse_day(text: str) -> date:
    """A date as YYYY-MM-DD (ISO) or as DD-MM-YYYY (what Dutch Excel saves, and what our own exports write, also
    with a time after it); ValueError for anything else."""
    text = text.strip()
    found = DUTCH_DAY.match(text)
    if found:
        day, month, year = map(int, found.groups())
        return date(year, month, day)
    if len(text) != 10:
        raise ValueError(text)
    return date.fromisoformat(text)


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
            day = parse_day(day_text)
        except ValueError:
            _problem(result, number, "date", _("'%(value)s' is geen datum als JJJJ-MM-DD of DD-MM-JJJJ",
                                               value=day_text[:20]))
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


def _too_many_questions(by_question: dict[str, list[ImportedTip]]) -> list[dict]:
    if len(by_question) <= QUESTIONS_MAX:
        return []
    first_beyond = list(by_question.values())[QUESTIONS_MAX][0].line
    return [{"line": first_beyond, "field": "question", "message": _(
        "het bestand bevat %(count)s verschillende vragen; één bestand mag er hoogstens %(maximum)s bevatten. "
        "Splits het bestand en importeer de delen na elkaar.", count=len(by_question), maximum=QUESTIONS_MAX)}]


def _write_question(organisation_id: int, trainer_id: int | None, question: str, tips: list[ImportedTip],
                    now: datetime, votes: dict[int, int]) -> Workshop:
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
    return workshop


def _let_the_rooms_in() -> None:
    """Commit what is written so far (SQLite's write lock is free again) and give every other request and phone
    a turn on the loop: a large import never holds the live loop for more than a slice."""
    db.session.commit()
    socketio.sleep(0)


def import_csv(organisation_id: int, trainer_id: int | None, body: bytes) -> tuple[int, list[str]]:
    """Import a whole file or nothing: ImportRejected with every problem; else (tips imported, the codes of the
    new workshops).

    The file is read in a worker; the writes run on the live loop in slices of WRITE_SLICE seconds, each
    committed before the loop serves the rooms again. Should a write fail halfway, the workshops written so far
    are deleted again, so that a file is still imported whole or not at all."""
    result = offload.in_process(read_csv, body)
    if result.problems:
        raise ImportRejected(result.problems[:PROBLEMS_SHOWN])
    by_question: dict[str, list[ImportedTip]] = {}
    for tip in result.tips:
        by_question.setdefault(tip.question, []).append(tip)
    if problems := _too_many_questions(by_question):
        raise ImportRejected(problems)
    now = datetime.utcnow().replace(microsecond=0)
    codes: list[str] = []
    votes: dict[int, int] = {}
    try:
        slice_started = clock.monotonic()
        for question, tips in by_question.items():
            codes.append(_write_question(organisation_id, trainer_id, question, tips, now, votes).code)
            if clock.monotonic() - slice_started > WRITE_SLICE:
                _let_the_rooms_in()
                slice_started = clock.monotonic()
        db.session.commit()
        index.sync_in_slices(organisation_id, _let_the_rooms_in)
        reported = list(votes.items())
        for start in range(0, len(reported), index.SLICE):
            index.set_votes(dict(reported[start:start + index.SLICE]))
            _let_the_rooms_in()
    except Exception:
        db.session.rollback()
        ids = [workshop_id for (workshop_id,) in db.session.execute(
            select(Workshop.id).where(Workshop.code.in_(codes)))]
        delete_workshops(organisation_id, ids)
        raise
    return len(result.tips), codes

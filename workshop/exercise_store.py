"""The exercises a trainer may use: the shipped library plus their organisation's own (database), one lookup for
both. Organisation exercises are written through the one validation of exercises/kinds/; another organisation's
exercise does not exist here (not_found).
"""
from __future__ import annotations

import json
import re
import tomllib
import unicodedata

from flask import current_app
from flask_babel import lazy_gettext as _
from sqlalchemy import select

from exercises.kinds import EXERCISE_ID, Problem, kind_of, validate_document
from exercises.library import Exercise
from exercises.tomlfile import to_toml
from workshop.errors import EngineError, InvalidExercise
from workshop.models import OrganisationExercise, db

ORGANISATION = "organisation"
ANSWER_ONLY = ("id", "source")  # fields of the API's answer that a document sent back may carry; ignored
TITLE_MAX = 80


def library() -> dict[str, Exercise]:
    return current_app.extensions["klantwijs_library"]


def _exercise(row: OrganisationExercise) -> Exercise:
    return Exercise(row.slug, row.kind, row.title, row.content, source=ORGANISATION)


def _rows(organisation_id: int) -> list[OrganisationExercise]:
    return list(db.session.scalars(select(OrganisationExercise).where(
        OrganisationExercise.organisation_id == organisation_id).order_by(OrganisationExercise.title)))


def exercises_for(organisation_id: int) -> dict[str, Exercise]:
    """Every exercise this organisation's trainers may use, by id: the library first, then their own."""
    return dict(library()) | {row.slug: _exercise(row) for row in _rows(organisation_id)}


def find(organisation_id: int, exercise_id: str) -> Exercise:
    """One exercise (library or own); EngineError('not_found') otherwise, also for another organisation's."""
    found = exercises_for(organisation_id).get(exercise_id) if isinstance(exercise_id, str) else None
    if found is None:
        raise EngineError("not_found")
    return found


def _own_row(organisation_id: int, exercise_id: str) -> OrganisationExercise:
    if exercise_id in library():
        raise EngineError("read_only")
    row = db.session.scalar(select(OrganisationExercise).where(
        OrganisationExercise.organisation_id == organisation_id, OrganisationExercise.slug == exercise_id))
    if row is None:
        raise EngineError("not_found")
    return row


def checked(document) -> dict:
    """The document without the answer-only fields, validated; InvalidExercise names every problem."""
    if isinstance(document, dict):
        document = {k: v for k, v in document.items() if k not in ANSWER_ONLY}
    _kind, problems = validate_document(document)
    if problems:
        raise InvalidExercise(problems)
    return document


def check_references(organisation_id: int, exercise_id: str | None, document: dict) -> None:
    """What the document names of other exercises (a scale's `pair`) must exist among the organisation's
    exercises and the library; the kind decides. InvalidExercise otherwise."""
    kinds = {e.id: e.kind for e in exercises_for(organisation_id).values()}
    problems = kind_of(document["kind"]).references(exercise_id or "", document, kinds)
    if problems:
        raise InvalidExercise(problems)


def slugify(title: str) -> str:
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title).strip("-")
    if len(slug) > 34:  # cut at a word boundary: ids stay readable
        slug = slug[:35].rsplit("-", 1)[0] if "-" in slug[:35] else slug[:34]
    return slug if EXERCISE_ID.match(slug) else f"oefening-{slug}".strip("-")[:34].strip("-")


def _free_id(organisation_id: int, title: str) -> str:
    taken = set(exercises_for(organisation_id))
    base = slugify(title)
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def create(organisation_id: int, document) -> Exercise:
    document = checked(document)
    check_references(organisation_id, None, document)
    row = OrganisationExercise(organisation_id=organisation_id, slug=_free_id(organisation_id, document["title"]),
                               kind=document["kind"], title=document["title"], content_json=json.dumps(document))
    db.session.add(row)
    db.session.commit()
    return _exercise(row)


def replace(organisation_id: int, exercise_id: str, document) -> Exercise:
    row = _own_row(organisation_id, exercise_id)
    document = checked(document)
    check_references(organisation_id, exercise_id, document)
    row.kind, row.title, row.content_json = document["kind"], document["title"], json.dumps(document)
    db.session.commit()
    return _exercise(row)


def delete(organisation_id: int, exercise_id: str) -> None:
    """Workshops that used it keep their snapshot (their runs hold a copy of the content)."""
    db.session.delete(_own_row(organisation_id, exercise_id))
    db.session.commit()


def duplicate(organisation_id: int, exercise_id: str) -> Exercise:
    """A copy of any exercise (a library one too) as the organisation's own, to adapt."""
    original = find(organisation_id, exercise_id)
    document = dict(original.content)
    suffix = " (kopie)"
    document["title"] = original.title[:TITLE_MAX - len(suffix)] + suffix
    return create(organisation_id, document)


def parse_toml(text: str) -> dict:
    """A TOML exercise file's document; invalid TOML is an InvalidExercise naming `(toml)`, as the check does."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise InvalidExercise([Problem("(toml)", str(_("geen geldige TOML: %(error)s", error=error)))]) from None
    except RecursionError:  # nested far deeper than an exercise ever is
        raise InvalidExercise([Problem("(toml)", str(_("geen geldige TOML: te diep genest")))]) from None


def import_toml(organisation_id: int, text: str) -> Exercise:
    return create(organisation_id, parse_toml(text))


def export_toml(exercise: Exercise) -> str:
    return to_toml(exercise.content)

"""The registry of exercise kinds: name -> kind object. Each module of this package that defines `KIND` (an
ExerciseKind) is a kind; nothing outside this package branches on a kind's name.

`validate_document` is the one validation of an exercise document, for files, the API and the editor alike.
"""
from __future__ import annotations

import importlib
import pkgutil
import re
from enum import StrEnum

from flask_babel import lazy_gettext as _

from exercises.kinds.base import ExerciseKind, Phase
from exercises.kinds.schema import Problem
from exercises.kinds.tags import OPTION_TAGS, tag_labels

__all__ = [
    "EXERCISE_ID",
    "KINDS",
    "OPTION_TAGS",
    "ExerciseKind",
    "KindName",
    "Phase",
    "Problem",
    "kind_of",
    "tag_labels",
    "validate_document",
]

_SUPPORT = {"base", "schema", "tags"}


def _discover() -> dict[str, ExerciseKind]:
    kinds = {}
    for module in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if module.name not in _SUPPORT:
            kind = importlib.import_module(f"{__name__}.{module.name}").KIND
            kinds[kind.name] = kind
    return kinds


KINDS: dict[str, ExerciseKind] = dict(sorted(_discover().items(), key=lambda item: item[0] != "tips"))
KindName = StrEnum("KindName", {name.upper(): name for name in KINDS})
EXERCISE_ID = re.compile(r"^[a-z0-9][a-z0-9-]{1,38}[a-z0-9]$")


def kind_of(name: str) -> ExerciseKind:
    """The kind object of a stored run or exercise (whose kind the database CHECK keeps valid)."""
    return KINDS[name]


def validate_document(data) -> tuple[ExerciseKind | None, list[Problem]]:
    """The kind of an exercise document and every problem in it (an empty list: valid)."""
    if not isinstance(data, dict):
        return None, [Problem("(document)", str(_("moet een blok met velden zijn")))]
    kind = KINDS.get(data.get("kind")) if isinstance(data.get("kind"), str) else None
    if kind is None:
        return None, [Problem("kind", str(_("moet een van deze soorten zijn: %(kinds)s", kinds=", ".join(KINDS))))]
    return kind, kind.validate(data)

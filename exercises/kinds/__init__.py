"""The registry of exercise kinds: name -> kind object. A kind is one folder, `exercises/kinds/<name>/` (or a folder
named by KLANTWIJS_KINDS_PATH): its `__init__.py` defines `KIND` (an ExerciseKind), `templates/` holds its page parts,
`static/` its scripts, `translations/` (optional) its own catalog. Nothing outside a kind's folder branches on a
kind's name: the engine and the host pages loop over this registry.

`validate_document` is the one validation of an exercise document, for files, the API and the editor alike.
"""
from __future__ import annotations

import importlib
import importlib.util
import os
import re
import sys
import types
from pathlib import Path

from flask_babel import lazy_gettext as _

from exercises.kinds.base import ExerciseKind, Phase
from exercises.kinds.port import KindRefusal, RunData
from exercises.kinds.schema import Problem
from exercises.kinds.tags import OPTION_TAGS, tag_labels

__all__ = [
    "EXERCISE_ID",
    "KINDS",
    "KIND_NAME",
    "OPTION_TAGS",
    "ExerciseKind",
    "KindRefusal",
    "Phase",
    "Problem",
    "RunData",
    "extend",
    "forget",
    "kind_of",
    "tag_labels",
    "validate_document",
]

BUILT_IN = Path(__file__).resolve().parent
KIND_NAME = re.compile(r"^[a-z][a-z0-9_]{1,38}$")  # a folder name that is also a Python identifier; fits the column
EXERCISE_ID = re.compile(r"^[a-z0-9][a-z0-9-]{1,38}[a-z0-9]$")
KINDS: dict[str, ExerciseKind] = {}
OUTSIDE_PACKAGE = "klantwijs_kinds"  # the package name kinds from KLANTWIJS_KINDS_PATH are imported under


class KindFolderError(ValueError):
    """A folder on KLANTWIJS_KINDS_PATH that is not a kind (no KIND, a bad or taken name)."""


def _kind_folders(folder: Path) -> list[Path]:
    """A kind folder itself, or a folder of kind folders (each with an __init__.py)."""
    if (folder / "__init__.py").is_file():
        return [folder]
    return sorted(child for child in folder.iterdir() if (child / "__init__.py").is_file())


def _adopt(kind: ExerciseKind, folder: Path) -> None:
    if not isinstance(kind, ExerciseKind) or kind.name != folder.name or not KIND_NAME.match(kind.name):
        raise KindFolderError(f"{folder}: KIND must be an ExerciseKind named like its folder ({folder.name!r})")
    known = KINDS.get(kind.name)
    if known is not None and known.folder != folder:
        raise KindFolderError(f"{folder}: the kind {kind.name!r} is already registered from {known.folder}")
    kind.folder = folder
    KINDS[kind.name] = kind


def _built_in() -> None:
    folders = [child for child in BUILT_IN.iterdir() if (child / "__init__.py").is_file()]
    kinds = [importlib.import_module(f"{__name__}.{folder.name}").KIND for folder in folders]
    for kind in sorted(kinds, key=lambda kind: (kind.rank, kind.name)):  # the rank orders every list of kinds
        _adopt(kind, BUILT_IN / kind.name)


def _import_outside(folder: Path):
    name = f"{OUTSIDE_PACKAGE}.{folder.name}"
    if OUTSIDE_PACKAGE not in sys.modules:  # a parent package, so that a kind's own submodules import
        parent = sys.modules[OUTSIDE_PACKAGE] = types.ModuleType(OUTSIDE_PACKAGE)
        parent.__path__ = []
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, folder / "__init__.py",
                                                  submodule_search_locations=[str(folder)])
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[name]
        raise
    return module


def extend(path: str | None) -> list[str]:
    """Register the kinds of KLANTWIJS_KINDS_PATH (folders separated by ":"; each a kind folder or a folder of
    them). Loading the same folder again changes nothing. Returns the names of the kinds found there."""
    names = []
    for entry in (path or "").split(":"):
        if not entry.strip():
            continue
        root = Path(entry.strip()).expanduser().resolve()
        if not root.is_dir():
            raise KindFolderError(f"KLANTWIJS_KINDS_PATH: {root} is not a folder")
        for folder in _kind_folders(root):
            module = _import_outside(folder)
            _adopt(getattr(module, "KIND", None), folder)
            names.append(folder.name)
    return names


def forget(name: str) -> None:
    """Unregister a kind from outside the tree (tests that load one for a while)."""
    kind = KINDS.get(name)
    if kind is not None and kind.folder.parent != BUILT_IN:
        del KINDS[name]
        sys.modules.pop(f"{OUTSIDE_PACKAGE}.{name}", None)


def kind_of(name: str) -> ExerciseKind:
    """The kind object of a stored run or exercise (validated against this registry when it was written)."""
    return KINDS[name]


def validate_document(data) -> tuple[ExerciseKind | None, list[Problem]]:
    """The kind of an exercise document and every problem in it (an empty list: valid)."""
    if not isinstance(data, dict):
        return None, [Problem("(document)", str(_("moet een blok met velden zijn")))]
    kind = KINDS.get(data.get("kind")) if isinstance(data.get("kind"), str) else None
    if kind is None:
        return None, [Problem("kind", str(_("moet een van deze soorten zijn: %(kinds)s", kinds=", ".join(KINDS))))]
    return kind, kind.validate(data)


_built_in()
extend(os.environ.get("KLANTWIJS_KINDS_PATH"))

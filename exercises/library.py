"""The exercise library: one TOML file per exercise in exercises/library/, the file name being the exercise id."""
from __future__ import annotations

import copy
import tomllib
from dataclasses import dataclass
from pathlib import Path

from flask_babel import lazy_gettext as _

from exercises.kinds import EXERCISE_ID, kind_of, validate_document

LIBRARY_DIR = Path(__file__).resolve().parent / "library"
MAX_PARSED_FILES = 2_000
_parsed_files: dict[Path, tuple[tuple[int, int], dict]] = {}


def _parsed(path: Path) -> dict:
    """A TOML file's data, parsed once per version of the file (its modification time and size): every app a
    process makes reads the whole library (the test suite makes about a thousand), and parsing it was half of making
    an app. Shared: read it, never change it. Raises what `tomllib.load` and `open` raise."""
    stat = path.stat()
    version = (stat.st_mtime_ns, stat.st_size)
    cached = _parsed_files.get(path)
    if cached is None or cached[0] != version:
        with path.open("rb") as handle:
            cached = (version, tomllib.load(handle))
        if len(_parsed_files) >= MAX_PARSED_FILES:
            _parsed_files.clear()
        _parsed_files[path] = cached
    return cached[1]


def read_toml(path: Path) -> dict:
    """A TOML file's data (see `_parsed`), a copy of its own: no caller changes another's."""
    return copy.deepcopy(_parsed(path))


@dataclass(frozen=True)
class Exercise:
    id: str
    kind: str
    title: str
    content: dict
    source: str = "library"  # or "organisation" (workshop/exercise_store.py)

    def summary(self) -> dict:
        return {"id": self.id, "kind": self.kind, "title": self.title, "source": self.source,
                "theme": self.content.get("theme"), "minutes": self.content.get("minutes")}

    def document(self) -> dict:
        """The whole document as the API shows it: its fields plus `id` and `source`."""
        return {"id": self.id, "source": self.source} | self.content


@dataclass(frozen=True)
class FileProblem:
    path: Path
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.field}: {self.message}"


class LibraryError(Exception):
    def __init__(self, problems: list[FileProblem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def check_file(path: Path) -> tuple[Exercise | None, list[FileProblem]]:
    """Read and validate one exercise file; every problem names the file and the field."""
    def problem(field, message) -> FileProblem:
        return FileProblem(path, str(field), str(message))

    exercise_id = path.stem
    problems = []
    if not EXERCISE_ID.match(exercise_id):
        problems.append(problem(_("(bestandsnaam)"), _(
            "de naam is het id van de oefening: 3 tot 40 tekens, kleine letters, cijfers en streepjes")))
    try:
        data = read_toml(path)
    except OSError as error:
        return None, problems + [problem(_("(bestand)"), _("kan niet gelezen worden: %(error)s", error=error))]
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        return None, problems + [problem("(toml)", _("geen geldige TOML: %(error)s", error=error))]
    kind, document_problems = validate_document(data)
    problems += [problem(p.field, p.message) for p in document_problems]
    if problems:
        return None, problems
    return Exercise(exercise_id, kind.name, data["title"], data), []


def check_paths(paths: list[Path]) -> tuple[list[Exercise], list[FileProblem]]:
    """Validate files and folders (a folder means every *.toml in it)."""
    exercises, problems, files_of = [], [], {}
    for path in paths:
        files = sorted(path.glob("*.toml")) if path.is_dir() else [path]
        if path.is_dir() and not files:
            problems.append(FileProblem(path, str(_("(map)")), str(_("bevat geen .toml-bestanden"))))
        for file in files:
            exercise, file_problems = check_file(file)
            problems += file_problems
            if exercise:
                exercises.append(exercise)
                files_of[exercise.id] = file
    return exercises, problems + reference_problems(exercises, files_of)


def _library_kinds() -> dict[str, str | None]:
    """The kind of every library file by id (None for a file that does not read): what a `pair` may name."""
    kinds = {}
    for path in LIBRARY_DIR.glob("*.toml"):
        try:
            kinds[path.stem] = _parsed(path).get("kind")  # only read: no copy
        except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
            kinds[path.stem] = None
    return kinds


def reference_problems(exercises: list[Exercise], files_of: dict[str, Path]) -> list[FileProblem]:
    """Rules between exercises, asked of each kind (a scale's `pair` must name another scale): the checked files
    and the library together are what a reference may name."""
    kinds = _library_kinds() | {e.id: e.kind for e in exercises}
    return [FileProblem(files_of[e.id], problem.field, str(problem.message))
            for e in exercises for problem in kind_of(e.kind).references(e.id, e.content, kinds)]


def load_library(directory: Path = LIBRARY_DIR) -> dict[str, Exercise]:
    """Every exercise of the library by id; raises LibraryError naming every problem."""
    exercises, problems = check_paths([directory])
    if problems:
        raise LibraryError(problems)
    return {exercise.id: exercise for exercise in exercises}


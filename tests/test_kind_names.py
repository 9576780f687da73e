"""No host file names a kind: only the kind's own folder (exercises/kinds/<name>/, or one on KLANTWIJS_KINDS_PATH)
compares against or branches on its name; the host pages, the engine and the exports loop over the registry."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from exercises.kinds import KINDS

ROOT = Path(__file__).resolve().parent.parent
OUTSIDE = ("poll",)  # tests/fixtures/kinds/: loaded by tests/test_kind_from_outside.py, named nowhere else
HOST_FILES = [path for pattern in ("workshop/**/*", "facilitator/**/*", "participant/**/*", "static/js/**/*",
                                   "exercises/*.py")
              for path in ROOT.glob(pattern)
              if path.suffix in (".py", ".html", ".js") and "migrations" not in path.parts]
HOST_FILES += [path for path in (ROOT / "exercises" / "kinds").glob("*.py")]  # the registry, base, port, schema


def comparisons(text: str, name: str) -> list[str]:
    """Lines that compare against or branch on a kind's name: `kind == "case"`, `"tips" !==`, `KINDS["case"]`,
    `kind_of("case")`, `case "case":`, `{% if kind == 'tips' %}`."""
    quoted = f"[\"']{re.escape(name)}[\"']"
    pattern = re.compile(rf"(==|!=|===|!==)\s*{quoted}|{quoted}\s*(==|!=|===|!==)|KINDS\[{quoted}\]|kind_of\({quoted}\)"
                         rf"|^\s*case\s+{quoted}\s*:|KlantwijsKinds\.{re.escape(name)}\b")
    return [line.strip() for line in text.splitlines() if pattern.search(line)]


@pytest.mark.parametrize("name", sorted(KINDS) + list(OUTSIDE))
def test_no_host_file_names_a_registered_kind(name):
    found = {str(path.relative_to(ROOT)): hits for path in HOST_FILES
             if (hits := comparisons(path.read_text(encoding="utf-8"), name))}
    assert found == {}


def test_the_name_check_sees_a_comparison():
    assert comparisons('if (e.kind === "case") renderCase(e);\n{% if kind != \'tips\' %}', "case") == [
        'if (e.kind === "case") renderCase(e);']
    assert comparisons("{% if kind != 'tips' %}", "tips") == ["{% if kind != 'tips' %}"]

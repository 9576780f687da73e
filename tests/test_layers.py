"""The layers of docs (architecture.md) hold, read from the source with `ast` (imports inside functions count too):
exercises/ imports nothing from workshop/ (nor the web packages), workshop/ never imports facilitator/ or participant/
(only create_app registers their blueprints), the two web packages never import each other, workshop/archive/ never
imports workshop/engine/, and no import circle exists. (tests/test_kind_names.py: no host file names a kind.)"""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("exercises", "workshop", "facilitator", "participant")


def _modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


MODULES = _modules()


def imported(name: str, path: Path) -> set[str]:
    """Every module of ours this one imports, at the top or inside a function: `from a.b import c` is a.b.c when
    that is a module, else a.b (a name in a.b's __init__)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[:len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([node.module] if node.module else []))
            found |= {f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base for alias in node.names}
    return found - {name}


GRAPH = {name: imported(name, path) for name, path in MODULES.items()}


def offenders(source: str, target: str, allowed: set[tuple[str, str]] = frozenset()) -> list[tuple[str, str]]:
    return sorted((name, other) for name, others in GRAPH.items() if name == source or name.startswith(source + ".")
                  for other in others if (other == target or other.startswith(target + "."))
                  and (name, other) not in allowed)


def test_exercises_import_nothing_from_workshop_or_the_web_packages():
    assert offenders("exercises", "workshop") == []
    assert offenders("exercises", "facilitator") == offenders("exercises", "participant") == []


def test_the_core_never_imports_the_web_packages_but_create_app_registers_them():
    allowed = {("workshop", "facilitator"), ("workshop", "participant")}  # create_app: register(app, socketio)
    assert offenders("workshop", "facilitator", allowed) == []
    assert offenders("workshop", "participant", allowed) == []


def test_the_web_packages_never_import_each_other():
    assert offenders("facilitator", "participant") == offenders("participant", "facilitator") == []


def test_the_archive_never_imports_the_engine():
    assert offenders("workshop.archive", "workshop.engine") == []


def test_no_import_circle():
    """Tarjan's strongly connected components over every import of ours; a component of two or more is a circle."""
    index, low, stack, on_stack, circles = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in GRAPH[node] & MODULES.keys():
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while not component or component[-1] != node:
                component.append(stack.pop())
                on_stack.discard(component[-1])
            if len(component) > 1:
                circles.append(sorted(component))

    for node in sorted(GRAPH):
        if node not in index:
            visit(node)
    assert circles == []


def test_the_layer_check_sees_a_circle_and_a_forbidden_import(tmp_path):
    """The checks above can fail: the same reading finds an import inside a function and resolves relative ones."""
    module = tmp_path / "hidden.py"
    module.write_text("def late():\n    from workshop.engine import views\n    from . import models\n")
    assert imported("workshop.archive.hidden", module) == {"workshop.engine.views", "workshop.archive.models"}

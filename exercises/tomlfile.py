"""An exercise document as a TOML file, the same shape as the library's files (so `exercises check` accepts it).

The standard library reads TOML but does not write it; exercise documents are texts, numbers, booleans and arrays
of tables (a scenario's scenes hold an array of options each), so this small writer is enough. Texts with line
breaks become multi-line strings, as a trainer would write them by hand.
"""
from __future__ import annotations

import json


def _multiline(text: str) -> str:
    escaped = []
    for char in text:
        if char == "\\":
            escaped.append("\\\\")
        elif char == '"':
            escaped.append('\\"')
        elif char == "\n":
            escaped.append("\n")
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            escaped.append(f"\\u{ord(char):04X}")
        else:
            escaped.append(char)
    return '"""\n' + "".join(escaped) + '"""'


def _value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return _multiline(value) if "\n" in value else json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(_value(item) for item in value) + "]"
    raise TypeError(f"no TOML for {type(value).__name__}")


def _is_tables(value) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(item, dict) for item in value)


def _fields(table: dict, prefix: str, lines: list[str]) -> None:
    """A table's plain fields, then each of its arrays of tables as blocks (`[[scenes.options]]`)."""
    nested = []
    for key, value in table.items():
        if value is None:
            continue
        if _is_tables(value):
            nested.append((key, value))
        else:
            lines.append(f"{key} = {_value(value)}")
    for key, items in nested:
        name = f"{prefix}.{key}" if prefix else key
        for item in items:
            lines.append("")
            lines.append(f"[[{name}]]")
            _fields(item, name, lines)


def to_toml(document: dict) -> str:
    """`kind` first, then the other plain fields, then each table of an array (`[[options]]`) as its own block."""
    lines: list[str] = []
    _fields({"kind": document.get("kind"), **{k: v for k, v in document.items() if k != "kind"}}, "", lines)
    return "\n".join(lines) + "\n"

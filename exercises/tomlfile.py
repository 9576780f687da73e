"""An exercise document as a TOML file, the same shape as the library's files (so `exercises check` accepts it).

The standard library reads TOML but does not write it; exercise documents are flat (texts, numbers, booleans and
one array of tables), so this small writer is enough. Texts with line breaks become multi-line strings, as a
trainer would write them by hand.
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
    raise TypeError(f"no TOML for {type(value).__name__}")


def to_toml(document: dict) -> str:
    """`kind` first, then the other plain fields, then each table of an array (`[[options]]`) as its own block."""
    lines, tables = [], []
    for key in ["kind"] + [k for k in document if k != "kind"]:
        value = document.get(key)
        if value is None:
            continue
        if isinstance(value, list):
            tables.append((key, value))
        else:
            lines.append(f"{key} = {_value(value)}")
    for key, items in tables:
        for item in items:
            lines.append("")
            lines.append(f"[[{key}]]")
            lines += [f"{field} = {_value(v)}" for field, v in item.items() if v is not None]
    return "\n".join(lines) + "\n"

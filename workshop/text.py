"""Clean text from participants and trainers before it is stored, and check what may never be stored.

One place decides: control characters go (a newline stays in long texts, a tab becomes a space), lone surrogates
never reach the database, and a text of only whitespace or invisible format characters (a zero-width space) counts
as empty. XLSX exports clean again when they write (`for_spreadsheet`), so an old row can never break an export.
"""
from __future__ import annotations

import re
import unicodedata

_SURROGATES = re.compile("[\ud800-\udfff]")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # C0 and C1 controls, but not \t (09) and \n (0a)
_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def has_lone_surrogate(text: str) -> bool:
    return _SURROGATES.search(text) is not None


def _emoji_part(char: str) -> bool:
    return unicodedata.category(char) in ("So", "Sk") or char == "\ufe0f"


def without_invisible(text: str) -> str:
    """`text` without invisible format characters (zero-width space, soft hyphen, word joiner, direction marks):
    they hide a word from the word lists and are never seen on a screen. A zero-width joiner inside an emoji
    (👨‍👩‍👧) and the tag letters of a flag stay: they are part of the picture."""
    kept = []
    for position, char in enumerate(text):
        if unicodedata.category(char) != "Cf":
            kept.append(char)
        elif char == "\u200d" and 0 < position < len(text) - 1 and _emoji_part(text[position - 1]) \
                and _emoji_part(text[position + 1]):
            kept.append(char)
        elif "\U000e0020" <= char <= "\U000e007f":
            kept.append(char)
    return "".join(kept)


def clean_text(text: str, multiline: bool = False) -> str:
    """`text` without lone surrogates, control characters and invisible format characters (but an emoji's
    joiners); one line unless `multiline` (then newlines stay, \\r\\n becomes \\n). Surrounding whitespace is
    trimmed; inner runs of spaces stay as typed."""
    text = without_invisible(_SURROGATES.sub("", text))
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    if not multiline:
        text = text.replace("\n", " ")
    return _CONTROL.sub("", text).strip()


def clean_line(text: str) -> str:
    """One line (a name, a title): clean_text and every run of whitespace as one space."""
    return " ".join(clean_text(text).split())


def is_blank(text: str) -> bool:
    """Nothing visible: only whitespace and format characters (zero-width space, joiners, direction marks)."""
    return all(char.isspace() or unicodedata.category(char) == "Cf" for char in text)


def for_spreadsheet(value):
    """A cell value that openpyxl can always write: strings lose what XML cannot hold."""
    if isinstance(value, str):
        return _NOT_IN_XML.sub("", value)
    return value

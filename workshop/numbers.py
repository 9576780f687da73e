"""The one rule for whole numbers typed into a URL (paging: `page`, `limit`, `offset`, and ids in forms).

Only ASCII digits count ("²" and "٣" are digits to str.isdigit but not numbers here), and a number has at most
`digits` digits, so no query makes a huge integer or an overflow in the database."""
from __future__ import annotations


def parse_whole(text: str | None, maximum: int) -> int | None:
    """The number in `text` when it is 0..maximum written in ASCII digits; otherwise None."""
    if text is None or not text.isascii() or not text.isdecimal() or len(text) > len(str(maximum)):
        return None
    value = int(text)
    return value if value <= maximum else None

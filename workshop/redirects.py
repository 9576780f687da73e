"""The one check for a `next` address after a form: only a path on this site, nothing a browser could read as
another host.

Refused: anything that is not a plain path starting with one "/", "//" (protocol-relative), backslashes (browsers
read "/\\\\evil" as "//evil"), whitespace and control characters (browsers drop a tab, so "/\\t/evil" becomes
"//evil"), non-ASCII, the same encoded with % in the path (a proxy or a later
redirect may decode them), and anything with a scheme or a host.
"""
from __future__ import annotations

import re
from urllib.parse import urlsplit

_PLAIN_PATH = re.compile(r"/(?![/\\])[\x21-\x7e]*")
_ENCODED_DANGER = re.compile(r"%(?:[01][0-9a-f]|7f|2f|5c|20)", re.IGNORECASE)  # controls, "/", "\\", space


def safe_next(target: str | None, fallback: str) -> str:
    """`target` if it is a plain path on this site, else `fallback`."""
    if not isinstance(target, str) or not _PLAIN_PATH.fullmatch(target) or "\\" in target \
            or _ENCODED_DANGER.search(re.split(r"[?#]", target, maxsplit=1)[0]):
        return fallback
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return fallback
    return target

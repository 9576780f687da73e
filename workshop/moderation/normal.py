"""The words a text is matched against the word lists in, after undoing the usual ways around a word filter.

- Unicode folding (NFKC: full-width and styled letters), case and accents (`fold`).
- Invisible format characters (zero-width space, soft hyphen, joiners, direction marks) inside a word are dropped.
- Look-alike letters from other scripts become the Latin letter they imitate (Cyrillic "о", Greek "ο" -> "o").
- Digits inside a word with more letters than digits stand for letters ("kl00tzak", "k1ut"): 0 o, 1 i (and l),
  3 e, 4 a, 5 s, 7 t, and @ a, $ s.
- Letters spelled out one at a time with separators ("k.l.o.o.t.z.a.k", "k l o o t z a k") are read as one word.
"""
from __future__ import annotations

import re
import unicodedata

from workshop.archive.text import fold

# Cyrillic and Greek letters that look like a Latin one (lower and upper case: folding comes after).
LOOK_ALIKES = str.maketrans({
    "а": "a", "в": "b", "е": "e", "ё": "e", "з": "3", "и": "u", "й": "u", "к": "k", "м": "m", "н": "h", "о": "o",
    "п": "n", "р": "p", "с": "c", "т": "t", "у": "y", "х": "x", "ѕ": "s", "і": "i", "ї": "i", "ј": "j", "ԁ": "d",
    "ɡ": "g", "ԛ": "q", "ԝ": "w", "ᴋ": "k", "ʟ": "l",
    "А": "a", "В": "b", "Е": "e", "К": "k", "М": "m", "Н": "h", "О": "o", "Р": "p", "С": "c", "Т": "t",
    "У": "y", "Х": "x", "Ѕ": "s", "І": "i", "Ј": "j",
    "α": "a", "β": "b", "ε": "e", "η": "n", "ι": "i", "κ": "k", "μ": "u", "ν": "v", "ο": "o", "ρ": "p",
    "τ": "t", "υ": "u", "χ": "x", "Α": "a", "Β": "b", "Ε": "e", "Η": "h", "Ι": "i", "Κ": "k", "Μ": "m",
    "Ν": "n", "Ο": "o", "Ρ": "p", "Τ": "t", "Υ": "y", "Χ": "x", "Ζ": "z",
})
LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"})
_TOKEN = re.compile(r"[\w@$]+", re.UNICODE)
SPELLED_OUT = 3  # single letters in a row that are read as one word


def _visible(text: str) -> str:
    return "".join(c for c in text if unicodedata.category(c) != "Cf")


def _unleet(token: str) -> list[str]:
    """The token as written, and with digits read as letters when it has more letters than digits ('1' as i and as
    l): "kl00tzak" is read, a road "A50" or "mp3" is not."""
    letters = sum(c.isalpha() for c in token)
    if token.isalpha() or letters <= len(token) - letters:
        return [token]
    read = token.translate(LEET)
    return [read, token.replace("1", "l").translate(LEET)] if "1" in token else [read]


def tokens(text: str) -> list[str]:
    """The folded words of `text` as they are matched (look-alikes and invisible characters undone)."""
    plain = fold(unicodedata.normalize("NFKC", _visible(text)).translate(LOOK_ALIKES))
    return [t.strip("_") for t in _TOKEN.findall(plain.replace("_", " ")) if t.strip("_")]


def readings(text: str) -> list[list[str]]:
    """Every way the text is read: its words with digits as written and as letters, and the single letters
    spelled out with separators joined into words."""
    found = tokens(text)
    joined, run = [], []
    for token in found + [""]:
        if len(token) == 1:
            run.append(token)
            continue
        if len(run) >= SPELLED_OUT:
            joined.append("".join(run).translate(LEET))
        run = []
    first = [_unleet(t)[0] for t in found]
    second = [_unleet(t)[-1] for t in found]
    result = [first]
    if second != first:
        result.append(second)
    if joined:
        result.append(joined)
    return result

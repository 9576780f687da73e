"""Text normalisation for search and for near-duplicate matching: case, accents, punctuation, Dutch numbers.

Search needs "cafe" to find "café" and "KOFFIE" to find "Even koffie halen!"; grouping also needs
"tot tien tellen" and "Top 10 tellen" to look alike, so number words one to twenty become digits there.
"""
from __future__ import annotations

import re
import unicodedata

# "een" is also the article "a": only the stressed "één" (written with accents) is the number one.
NUMBER_WORDS = {
    "één": "1", "eén": "1", "twee": "2", "drie": "3", "vier": "4", "vijf": "5", "zes": "6", "zeven": "7",
    "acht": "8", "negen": "9", "tien": "10", "elf": "11", "twaalf": "12", "dertien": "13", "veertien": "14",
    "vijftien": "15", "zestien": "16", "zeventien": "17", "achttien": "18", "negentien": "19", "twintig": "20",
}
# Words that carry no meaning of their own in a short tip: left out when comparing tips, never when searching.
FILLER_WORDS = frozenset(
    "de het een en of je jij jezelf u ik we wij ze zij dan even eerst ff gewoon pas te met van voor op in aan "
    "bij om is zijn naar die dat er als ook maar al heel echt wel nog zo dus toch daarna".split())
_WORD = re.compile(r"\w+", re.UNICODE)


def fold(text: str) -> str:
    """Lower case without accents: 'Café' -> 'cafe', 'ÉÉN' -> 'een'."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    """Folded words, punctuation dropped."""
    return _WORD.findall(fold(text).replace("_", " "))


SEARCH_WORDS_MAX = 50  # words of a query that are searched; more are ignored (SQLite's expression tree has a limit)


def search_terms(query: str) -> list[str]:
    """The words of a search query, folded, at most SEARCH_WORDS_MAX; an empty query has none."""
    return words((query or "")[:SEARCH_WORDS_MAX * 100])[:SEARCH_WORDS_MAX]


def matches(terms: list[str], *texts: str | None) -> bool:
    """True when every term occurs in one of the texts, inside a word too ("koffie" finds "koffiepauze")."""
    if not terms:
        return True
    haystack = " ".join(" ".join(words(t)) for t in texts if t)
    return all(term in haystack for term in terms)


def comparable(text: str) -> str:
    """The form two tips are compared in: folded, punctuation gone, number words as digits, filler dropped."""
    tokens = []
    for raw in _WORD.findall(text.casefold()):
        raw = NUMBER_WORDS.get(raw, raw)
        tokens.extend(_WORD.findall(fold(raw).replace("_", " ")))
    meaningful = [t for t in tokens if t not in FILLER_WORDS]
    return " ".join(meaningful or tokens)

"""The word cloud of a `words` exercise: entries folded (case, accents, whitespace, punctuation) and counted, each
shown in its most common spelling (ties: the earliest). Read from the database on every message, so a cloud is
always complete and right with several server processes."""
from __future__ import annotations

import unicodedata
from collections import Counter

from sqlalchemy import select

from workshop.models import ExerciseRun, Tip, db

CLOUD_SIZE = 100


def fold_word(text: str) -> str:
    """'  Luisteren! ' and 'luisteren' and 'LUISTÉREN' -> 'luisteren'; 'goed  gesprek' -> 'goed gesprek'."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    kept = "".join(c if c.isalnum() else " " for c in decomposed if not unicodedata.combining(c))
    return " ".join(kept.split())


def count_words(texts) -> list[dict]:
    """[{"text", "count"}] for entries in the order they came: most counted first (ties: alphabetical)."""
    counts: Counter[str] = Counter()
    spellings: dict[str, Counter[str]] = {}
    first_seen: dict[tuple[str, str], int] = {}
    for position, text in enumerate(texts):
        key = fold_word(text)
        if not key:
            continue
        counts[key] += 1
        shown = " ".join(text.split())
        spellings.setdefault(key, Counter())[shown] += 1
        first_seen.setdefault((key, shown), position)
    words = []
    for key, count in counts.items():
        spelling = min(spellings[key].items(), key=lambda item: (-item[1], first_seen[(key, item[0])]))[0]
        words.append({"text": spelling, "count": count})
    words.sort(key=lambda word: (-word["count"], fold_word(word["text"])))
    return words


def cloud_words(run: ExerciseRun, limit: int | None = CLOUD_SIZE) -> list[dict]:
    """The visible entries of a run (neither hidden nor held), counted; the top `limit` (None: all)."""
    texts = db.session.scalars(select(Tip.text).where(Tip.run_id == run.id, Tip.hidden.is_(False),
                                                      Tip.held.is_(False)).order_by(Tip.id)).all()
    words = count_words(texts)
    return words[:limit] if limit else words


def cloud_message(run: ExerciseRun) -> dict:
    """`cloud`: {"index", "total" (visible entries), "words": the top 100 by count}."""
    texts = db.session.scalars(select(Tip.text).where(Tip.run_id == run.id, Tip.hidden.is_(False),
                                                      Tip.held.is_(False)).order_by(Tip.id)).all()
    return {"index": run.position, "total": len(texts), "words": count_words(texts)[:CLOUD_SIZE]}

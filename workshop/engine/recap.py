"""The closing recap: what the room and each participant take home when the workshop ends.

The projector shows it in pages the server decides, each fitting a 1024x768 beamer (the smallest the room
plans for): the paired scale (before/after: what the training did) first, then every other exercise in order,
flowed into two columns per page. The clicker on the control page turns the pages (`recap_page`).

Each kind gives its own part (`recap(run)` for the room, `my_recap(run, participant_id)` for one phone); nothing
here knows a kind by name. The room's recap travels in state P (`recap`) once the workshop has ended; a phone's own
recap in `me.recap` of its `join` ack (a phone that slept or reloads after the end joins again with its token).
"""
from __future__ import annotations

from exercises.kinds import kind_of
from workshop.models import Participant, Workshop


def _entry(run) -> dict:
    return {"index": run.position, "id": run.exercise_id, "kind": run.kind, "title": run.title}


def handout_path(workshop: Workshop) -> str | None:
    """The hand-out's address when the trainer shared one (a path: it works on every host the phone used)."""
    from workshop.archive.handout import handout_link
    link = handout_link(workshop)
    return f"/handout/{link.token}" if link else None


def room_recap(workshop: Workshop) -> dict:
    """{"exercises": [{"index", "id", "kind", "title", ...the kind's part}], "handout": path or null}: every
    exercise the room answered, in order (an exercise that never started has nothing to recap)."""
    parts = []
    for run in workshop.runs:
        if run.phase == "ready" and run.progress is None:  # a run that moved on (a scenario's path) has a recap
            continue
        part = kind_of(run.kind).recap(run)
        if part is not None:
            parts.append(_entry(run) | part)
    return {"exercises": parts, "handout": handout_path(workshop)}


CHARS_PER_LINE = 38  # a card's line in a column of a 1024x768 projector at 1em = 20 px (bold text: about 40)
LINES_PER_COLUMN = 19  # what one column holds at 1280x720 as well (the lower of the two screens: about 21)
COLUMNS = 2
CARD_LINES = 2  # a card's padding, border and its line of figures


def _texts(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in {"id", "kind", "tag"}:
                yield from _texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from _texts(item)


def card_lines(part: dict) -> int:
    """An estimate on the high side of a card's height in lines: each text of the part with room for its label."""
    return CARD_LINES + sum(-(-(len(text) + 10) // CHARS_PER_LINE) for text in _texts(part))


def fitted(part: dict) -> dict:
    """A card taller than a column keeps fewer entries of its `top` list (the most upvoted stay, at least one)."""
    while card_lines(part) > LINES_PER_COLUMN and len(part.get("top") or []) > 1:
        part["top"] = part["top"][:-1]
    return part


def paginate(parts: list[dict]) -> list[dict]:
    """The parts in the order of the screen, each with its `page` (1-based): columns filled top to bottom, as the
    projector's columns flow. A card taller than a column (`wide`) has a page of its own, the whole width."""
    ordered = sorted(parts, key=lambda part: "before_mean" not in part)  # the before/after first (a stable sort)
    page, column, used = 1, 0, 0
    for part in map(fitted, ordered):
        lines = card_lines(part)
        part["wide"] = lines > LINES_PER_COLUMN
        if used and (part["wide"] or used + lines > LINES_PER_COLUMN):
            column, used = column + 1, 0
            if column == COLUMNS or part["wide"]:
                page, column = page + 1, 0
        part["page"] = page
        used += LINES_PER_COLUMN * COLUMNS if part["wide"] else lines
    return ordered


def paged_recap(workshop: Workshop) -> dict:
    """The room's recap with its pages: `exercises` in the order of the screen, each with its `page`, `pages` how
    many there are and `page` the one on the projector."""
    recap = room_recap(workshop)
    recap["exercises"] = paginate(recap["exercises"])
    recap["pages"] = max([part["page"] for part in recap["exercises"]], default=1)
    recap["page"] = min(max(workshop.recap_page or 1, 1), recap["pages"])
    return recap


def recap_paging(workshop: Workshop) -> dict:
    """`recap_pages` (0 until the workshop ends) and `recap_page` (1-based) for the workshop state."""
    if workshop.status != "ended":
        return {"recap_pages": 0, "recap_page": 1}
    recap = paged_recap(workshop)
    return {"recap_pages": recap["pages"], "recap_page": recap["page"]}


def my_recap(workshop: Workshop, participant: Participant) -> list[dict]:
    """One participant's own choices and tips, per exercise, in order ("jouw keuzes")."""
    parts = []
    for run in workshop.runs:
        part = kind_of(run.kind).my_recap(run, participant.id)
        if part is not None:
            parts.append(_entry(run) | part)
    return parts

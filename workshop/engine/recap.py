"""The closing recap: what the room and each participant take home when the workshop ends.

The projector shows it in pages the server decides, each fitting a 1024x768 beamer (the smallest the room
plans for): the paired scale (before/after: what the training did) first, then every other exercise in order,
flowed into two columns per page. The clicker on the control page turns the pages (`recap_page`).

Each kind gives its own part (`recap(run)` for the room, `my_recap(run, participant_id)` for one phone); nothing
here knows a kind by name. The room's recap travels in state P (`recap`) once the workshop has ended; a phone's own
recap in `me.recap` of its `join` ack (a phone that slept or reloads after the end joins again with its token).
"""
from __future__ import annotations

import math

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


# Measured on the projector (Chromium, DejaVu Sans) at the recap's smallest type, 1em = 20 px, in a column of each
# beamer: (characters of a bold line, of a card's title, lines a column holds). A bold line (a tip, an intended
# order) holds 31 to 33 characters in a 1024x768 column (414 px), an italic question about 40, a title (1.1em
# bold) about 30; a column is 591 px high there (22.7 lines of 26 px). At 1280x720 a column is wider (542 px: 40
# bold characters) and lower (543 px: 20.9 lines). The estimate wraps words at the narrower count of each screen
# and a card must fit both.
SCREENS = ((31, 27, 22), (40, 35, 20))
LINES_PER_COLUMN = 20  # the scale of `card_lines`: a card of 20 lines fills a column on the tighter screen
COLUMNS = 2
TITLE_HEIGHT = 1.1  # a title line in body lines
CARD_LINES = 2  # a card's border, padding, margins and the gaps between its texts (measured: 1.8 to 2.1 lines)
FIGURE_LINES = 1  # a card's line of figures ("0 van 9 precies..."); the before/after scale has two


def _texts(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in {"id", "kind", "tag", "title"}:
                yield from _texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from _texts(item)


def wrapped_lines(text: str, width: int) -> int:
    """How many lines a text takes when its words wrap at `width` characters (a longer word breaks)."""
    lines, used = 1, 0
    for word in text.split():
        if used and used + 1 + len(word) > width:
            lines, used = lines + 1, 0
        length = len(word)
        while length > width:
            lines, length = lines + 1, length - width
        used = length if not used else used + 1 + length
    return lines


def card_lines(part: dict) -> int:
    """An estimate on the high side of a card's height in one column, in lines of a column of LINES_PER_COLUMN:
    its title and each text of the part wrapped word by word, its figures and its frame, on the screen where it
    takes the largest share of the column."""
    figures = FIGURE_LINES + ("before_mean" in part)
    texts = list(_texts(part))
    share = 0.0
    for chars, title_chars, column in SCREENS:
        title = TITLE_HEIGHT * wrapped_lines(str(part.get("title") or ""), title_chars)
        body = sum(wrapped_lines(text, chars) for text in texts)
        share = max(share, (CARD_LINES + figures + title + body) / column)
    return math.ceil(share * LINES_PER_COLUMN)


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
        if part["wide"]:  # the whole page is its own: the next card starts a new one
            column, used = COLUMNS - 1, LINES_PER_COLUMN
        else:
            used += lines
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

"""Geometry of the insights page's charts, drawn as SVG on the server (templates/insights/_charts.html).

Plain numbers in, coordinates out; the templates add titles, text alternatives and the tables beside. Readable in
greyscale: the two lines differ by dash and marker shape, pitfall bars carry a hatch, every value is written out.
A figure that rests on fewer than SMALL votes is drawn hollow and greyed (`small`).
"""
from __future__ import annotations

import math

SMALL = 10  # a share on fewer votes than this is shown greyed out
FAMILIES = ("pitfall", "handle", "bad-news", "attention", "boundary", "apology")


def family(tag: str | None) -> str:
    """The tag family's CSS name (its colour); 'other' for a tag without a known family."""
    prefix = (tag or "").partition(":")[0]
    return prefix if prefix in FAMILIES else "other"


def short(text: str, limit: int) -> str:
    """A chart label that fits its column (the whole text is in the table and the text alternative)."""
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def percent(value: float) -> str:
    return f"{round(value * 100)}%"


def mean(value: float | None) -> str:
    """A mean on a scale in the reader's way (3,33 in Dutch); '–' when there is none."""
    from flask_babel import format_decimal
    return format_decimal(value, format="0.0#") if value is not None else "–"


def line_chart(months: list[dict], width: int = 720, height: int = 280) -> dict:
    """Best share and pitfall share per month: two lines over a 0-100% axis."""
    left, right, top, bottom = 48, 120, 16, 40
    inner_w, inner_h = width - left - right, height - top - bottom
    step = inner_w / max(len(months) - 1, 1)

    def x(i):
        return round(left + (i * step if len(months) > 1 else inner_w / 2), 1)

    def y(value):
        return round(top + inner_h * (1 - value), 1)
    series = []
    for key, name in (("best_share", "best"), ("pitfall_share", "pitfall")):
        points = [{"x": x(i), "y": y(m[key]), "value": m[key], "label": percent(m[key]), "small": m["votes"] < SMALL,
                   "month": m["month"]} for i, m in enumerate(months)]
        series.append({"name": name, "points": points,
                       "path": " ".join(f"{'M' if i == 0 else 'L'}{p['x']},{p['y']}" for i, p in enumerate(points)),
                       "end": points[-1] if points else None})
    ends = [s["end"] for s in series if s["end"]]
    if len(ends) == 2 and abs(ends[0]["y"] - ends[1]["y"]) < 16:  # end labels never on top of each other
        upper, lower = sorted(ends, key=lambda p: p["y"])
        middle = (upper["y"] + lower["y"]) / 2
        upper["label_y"], lower["label_y"] = middle - 9, middle + 9
    for end in ends:
        end.setdefault("label_y", end["y"])
    every = max(1, math.ceil(len(months) / 12))  # at most 12 month labels on the axis
    return {"width": width, "height": height, "left": left, "right": width - right, "top": top,
            "bottom": height - bottom, "series": series,
            "grid": [{"y": y(v), "label": percent(v)} for v in (0, 0.25, 0.5, 0.75, 1)],
            "ticks": [{"x": x(i), "label": m["month"]} for i, m in enumerate(months) if i % every == 0]}


def bar_rows(items: list[dict], value_key: str, width: int = 720, row: int = 30, label_w: int = 330) -> dict:
    """Horizontal bars on a 0-100% axis, one per item (tags, teams): each item gets x, y and the bar's width."""
    inner = width - label_w - 90
    rows = []
    for index, item in enumerate(items):
        bar_w = round(inner * item[value_key], 1)
        rows.append(item | {"y": index * row + 6, "short": short(item["label"], 44), "bar_w": bar_w,
                            "text_x": label_w + bar_w + 6, "small": item["votes"] < SMALL})
    return {"width": width, "height": max(len(items), 1) * row + 12, "label_w": label_w, "inner": inner,
            "rows": rows, "bar_h": row - 12}


def dumbbells(scales: list[dict], width: int = 720, row: int = 56, label_w: int = 250) -> dict:
    """Before and after per paired scale: two markers on the scale's axis, joined by a line."""
    top_value = 5 if all(max(s["before_mean"], s["after_mean"]) <= 5 for s in scales) else 10
    low = 1 if top_value == 5 else 0
    inner = width - label_w - 40

    def x(value):
        return round(label_w + inner * (value - low) / (top_value - low), 1)
    rows = [s | {"y": index * row + 28, "short": short(s["label"], 30), "x_before": x(s["before_mean"]),
                 "x_after": x(s["after_mean"]), "small": s["paired"] < SMALL} for index, s in enumerate(scales)]
    return {"width": width, "height": max(len(scales), 1) * row + 34, "label_w": label_w,
            "axis": [{"x": x(v), "label": str(v)} for v in range(low, top_value + 1)], "rows": rows}


def case_bar(best_share: float, width: int = 120) -> int:
    """The small bar of a case row: its best share as a width."""
    return round(width * best_share)

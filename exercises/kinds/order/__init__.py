"""Order: put replies in the order you would use them. Phones tap the items in order (numbered badges, an undo;
changeable while open); the projector shows the room's average order; the reveal shows the intended order with an
explanation per item."""
from __future__ import annotations

import hashlib
import json
from typing import ClassVar

from flask_babel import lazy_gettext as _
from pydantic import BaseModel, ConfigDict

from exercises.kinds.base import ORDER, TALLY, ExerciseKind, Phase
from exercises.kinds.port import KindRefusal, data
from exercises.kinds.schema import Document, Problem, Text, Whole

MIN_ITEMS, MAX_ITEMS = 3, 8
MARKER = "order"  # Vote.option_id of a stored ordering; the ordering itself is Vote.ranking (JSON list of ids)


class Item(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    id: Text(20)
    text: Text(200)
    position: Whole(1, MAX_ITEMS)
    explanation: Text(600)


class OrderDocument(Document):
    story: Text(1500)
    question: Text(200)
    items: list[Item]  # 3 to 8, positions 1..n: checked in OrderKind.rules beside the item errors
    summary: Text(1000) | None = None


def intended(content: dict) -> list[str]:
    """The item ids in the intended order."""
    return [item["id"] for item in sorted(content["items"], key=lambda item: item["position"])]


def shown_order(content: dict) -> list[dict]:
    """The items as phones and projector list them: mixed up, never in the intended order (a file usually lists
    them in that order), and the same for everyone every time (a stable shuffle by title and item ids)."""
    items = sorted(content["items"], key=lambda item: hashlib.sha256(
        f"{content.get('title', '')}\n{item['id']}".encode()).hexdigest())
    if [item["id"] for item in items] == intended(content):
        items = items[1:] + items[:1]
    return items


class OrderKind(ExerciseKind):
    name = "order"
    label = _("Volgorde")
    plural = _("Volgordes")
    model = OrderDocument
    overrides: ClassVar[dict] = {
        ("items", "missing"): _("ontbreekt: een volgorde heeft 3 tot 8 onderdelen"),
    }
    phases = frozenset(Phase)
    actions = frozenset({"reveal", "conceal"})
    inputs = frozenset({ORDER})
    live = frozenset({TALLY})
    sheet_columns = ("id", "text", "position", "mean_position", "total", "exact", "workshop")
    text_fields = ("title", "story", "question", "items")

    def rules(self, data: dict) -> list[Problem]:
        items = data.get("items")
        if not isinstance(items, list):
            return []
        problems = []
        if not MIN_ITEMS <= len(items) <= MAX_ITEMS:
            problems.append(Problem("items", _("heeft %(count)s onderdelen; 3 tot 8 toegestaan", count=len(items))))
        seen_ids, seen_positions = set(), set()
        for number, item in enumerate(items, start=1):
            if not isinstance(item, dict):
                continue
            item_id, position = item.get("id"), item.get("position")
            if isinstance(item_id, str):
                if item_id in seen_ids:
                    problems.append(Problem(f"items[{number}].id", _("'%(id)s' komt twee keer voor", id=item_id)))
                seen_ids.add(item_id)
            if isinstance(position, int) and not isinstance(position, bool):
                if position in seen_positions:
                    problems.append(Problem(f"items[{number}].position",
                                            _("plaats %(position)s komt twee keer voor", position=position)))
                elif position > len(items):
                    problems.append(Problem(f"items[{number}].position",
                                            _("moet tussen 1 en %(count)s liggen (het aantal onderdelen)",
                                              count=len(items))))
                seen_positions.add(position)
        return problems

    def question(self, content: dict) -> str:
        return content["question"]

    def public_view(self, content: dict, phase: str) -> dict:
        revealed = phase == Phase.REVEALED
        by_position = sorted(content["items"], key=lambda item: item["position"])
        return {"story": content["story"], "question": content["question"],
                "items": [{"id": item["id"], "text": item["text"]} for item in shown_order(content)],
                "revealed": [{"id": item["id"], "position": item["position"], "explanation": item["explanation"]}
                             for item in by_position] if revealed else None,
                "summary": content.get("summary") if revealed else None}

    def answer(self, content: dict, value) -> tuple[str, str | None]:
        ids = [item["id"] for item in content["items"]]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value) or sorted(value) != sorted(ids):
            raise KindRefusal("invalid")
        return MARKER, json.dumps(value, ensure_ascii=False)

    # --- figures -----------------------------------------------------------------------------------------------
    def figures(self, run) -> dict:
        """total orderings, each item's mean position (1 = first), and how many matched the intended order."""
        content = run.content
        ids = [item["id"] for item in content["items"]]
        rankings = [ranking for ranking in map(json.loads, data().rankings(run.id)) if sorted(ranking) == sorted(ids)]
        sums = dict.fromkeys(ids, 0)
        for ranking in rankings:
            for place, item_id in enumerate(ranking, start=1):
                sums[item_id] += place
        total = len(rankings)
        goal = intended(content)
        return {"total": total,
                "mean_position": {item_id: round(sums[item_id] / total, 2) if total else None for item_id in ids},
                "exact": sum(1 for ranking in rankings if ranking == goal)}

    def tally(self, run) -> dict:
        return self.figures(run)

    def control_view(self, run) -> dict:
        return {"tips": [], "voters": self.figures(run)["total"]}

    def results(self, run) -> dict:
        figures = self.figures(run)
        average = sorted(figures["mean_position"], key=lambda i: (figures["mean_position"][i] is None,
                                                                  figures["mean_position"][i] or 0))
        return {"question": run.content["question"], "total": figures["total"], "exact": figures["exact"],
                "intended": intended(run.content), "average_order": average,
                "items": [{"id": item["id"], "text": item["text"], "position": item["position"],
                           "explanation": item["explanation"],
                           "mean_position": figures["mean_position"][item["id"]]} for item in run.content["items"]]}

    def recap(self, run) -> dict | None:
        """The intended order (the lesson), and how many of the room put it exactly so."""
        results = self.results(run)
        text = {item["id"]: item["text"] for item in run.content["items"]}
        return {"question": results["question"], "total": results["total"], "exact": results["exact"],
                "intended": [text[item_id] for item_id in results["intended"]]}

    def export_rows(self, base: dict, run, tips: list) -> list[dict]:
        results = self.results(run)
        return [base | {"row": "item", "id": item["id"], "text": item["text"], "curated_text": "", "votes": None,
                        "total": results["total"], "percentage": None, "tag": "", "best": None, "hidden": None,
                        "starred": None, "group": None, "created": None, "position": item["position"],
                        "mean_position": item["mean_position"], "exact": results["exact"]}
                for item in sorted(results["items"], key=lambda item: item["position"])]


KIND = OrderKind()

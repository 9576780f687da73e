"""Order: put replies in the order you would use them. Phones tap the items in order (numbered badges, an undo;
changeable while open); the projector shows the room's average order; the reveal shows the intended order with an
explanation per item. An item with position 0 is a decoy (contract v3): a tempting step that does not belong; with
decoys a phone may leave items out, the tally counts who left each item out, and the reveal says "hoort er niet in"."""
from __future__ import annotations

import hashlib
import json
from typing import ClassVar

from flask_babel import lazy_gettext as _
from flask_babel import ngettext
from pydantic import BaseModel, ConfigDict

from exercises.kinds.base import ORDER, TALLY, ExerciseKind, Phase, decimal, lesson
from exercises.kinds.port import KindRefusal, data
from exercises.kinds.schema import Document, Problem, Text, Whole, unique

MIN_ITEMS, MAX_ITEMS = 3, 8
DECOY = 0  # the position of an item that does not belong in the conversation
NOT_IN_IT = _("Hoort er niet in")  # a decoy's label on the reveal, in the exports and the hand-out
MARKER = "order"  # Vote.option_id of a stored ordering; the ordering itself is Vote.ranking (JSON list of ids)


class Item(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    id: Text(20)
    text: Text(200)
    position: Whole(DECOY, MAX_ITEMS)  # 1..n: the intended place; 0: a decoy
    explanation: Text(600)


class OrderDocument(Document):
    story: Text(1500)
    question: Text(200)
    items: list[Item]  # 3 to 8, non-decoy positions 1..n: checked in OrderKind.rules beside the item errors
    summary: Text(1000) | None = None


def intended(content: dict) -> list[str]:
    """The ids of the items that belong (decoys left out), in the intended order."""
    return [item["id"] for item in sorted(content["items"], key=lambda item: item["position"])
            if item["position"] != DECOY]


def has_decoys(content: dict) -> bool:
    return any(item["position"] == DECOY for item in content["items"])


def reveal_order(content: dict) -> list[dict]:
    """The items as the reveal lists them: the intended order, then the decoys (in the file's order)."""
    return ([item for item in sorted(content["items"], key=lambda item: item["position"]) if item["position"]]
            + [item for item in content["items"] if item["position"] == DECOY])


def acceptable(content: dict, value) -> bool:
    """An ordering this exercise takes: without decoys a permutation of every item; with decoys any non-empty list
    of distinct item ids (what is not in it, the participant left out)."""
    ids = [item["id"] for item in content["items"]]
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        return False
    if not has_decoys(content):
        return sorted(value) == sorted(ids)
    return len(set(value)) == len(value) and set(value) <= set(ids)


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
    sheet_columns = ("id", "text", "position", "tag", "mean_position", "left_out", "total", "exact", "workshop")
    text_fields = ("title", "story", "question", "items")
    row_labels: ClassVar[dict] = {"item": _("Stap")}

    def counted(self, number: int) -> str:
        return ngettext("%(num)s volgorde", "%(num)s volgordes", number)

    def summary(self, run) -> dict:
        """The room's average order beside the intended places, and how many had it exactly."""
        results = self.results(run)
        items = {item["id"]: item for item in results["items"]}
        headline = str(_("%(exact)s van %(total)s precies in de bedoelde volgorde", exact=results["exact"],
                         total=results["total"])) if results["total"] else ""
        return {"count": results["total"], "counted": self.counted(results["total"]), "headline": headline,
                "rows": [{"text": item["text"],
                          "figure": str(_("gemiddelde plaats %(place)s", place=decimal(item["mean_position"]))),
                          "share": None, "mark": str(_("bedoeld: %(place)s", place=item["position"])),
                          "family": "other"} for item in (items[i] for i in results["average_order"])]}

    def rules(self, data: dict) -> list[Problem]:
        items = data.get("items")
        if not isinstance(items, list):
            return []
        problems = []
        if not MIN_ITEMS <= len(items) <= MAX_ITEMS:
            problems.append(Problem("items", _("heeft %(count)s onderdelen; 3 tot 8 toegestaan", count=len(items))))
        positions = [item.get("position") if isinstance(item, dict) else None for item in items]
        belonging = sum(1 for p in positions if isinstance(p, int) and not isinstance(p, bool) and p != DECOY)
        if belonging < 2:
            problems.append(Problem("items", _("minstens twee onderdelen moeten erin horen (plaats 1, 2, ...); "
                                               "plaats 0 is een onderdeel dat er niet in hoort")))
        problems += unique(items, "items")
        seen_positions = set()
        for number, position in enumerate(positions, start=1):
            if isinstance(position, int) and not isinstance(position, bool) and position != DECOY:
                # distinct and within 1..n (n: the items that belong) means 1..n without a gap
                if position in seen_positions:
                    problems.append(Problem(f"items[{number}].position",
                                            _("plaats %(position)s komt twee keer voor", position=position)))
                elif position > belonging:
                    problems.append(Problem(f"items[{number}].position",
                                            _("moet tussen 1 en %(count)s liggen (het aantal onderdelen dat erin "
                                              "hoort; 0 voor een onderdeel dat er niet in hoort)",
                                              count=belonging)))
                seen_positions.add(position)
        return problems

    def question(self, content: dict) -> str:
        return content["question"]

    def public_view(self, content: dict, phase: str) -> dict:
        revealed = phase == Phase.REVEALED
        return {"story": content["story"], "question": content["question"],
                "items": [{"id": item["id"], "text": item["text"]} for item in shown_order(content)],
                "leave_out": has_decoys(content),
                "revealed": [{"id": item["id"], "position": item["position"], "explanation": item["explanation"]}
                             for item in reveal_order(content)] if revealed else None,
                "summary": content.get("summary") if revealed else None}

    def presenter_view(self, content: dict) -> dict:
        """The trainer's view before the reveal: the items in the intended order (numbered), then the decoys (✕)."""
        return super().presenter_view(content) | {
            "story": content["story"], "question": content["question"], "summary": content.get("summary"),
            "options": [{"id": str(item["position"]) if item["position"] != DECOY else "✕", "text": item["text"],
                         "tag": None, "explanation": item["explanation"], "best": False}
                        for item in reveal_order(content)]}

    def answer(self, content: dict, value) -> tuple[str, str | None]:
        if not acceptable(content, value):
            raise KindRefusal("invalid")
        return MARKER, json.dumps(value, ensure_ascii=False)

    # --- figures -----------------------------------------------------------------------------------------------
    def figures(self, run) -> dict:
        """total orderings; each item's mean place (1 = first) among those who placed it; how many left each item
        out; how many lists were exactly the items that belong, in the intended order."""
        content = run.content
        ids = [item["id"] for item in content["items"]]
        rankings = [ranking for ranking in map(json.loads, data().rankings(run.id)) if acceptable(content, ranking)]
        sums, placed = dict.fromkeys(ids, 0), dict.fromkeys(ids, 0)
        for ranking in rankings:
            for place, item_id in enumerate(ranking, start=1):
                sums[item_id] += place
                placed[item_id] += 1
        total = len(rankings)
        goal = intended(content)
        return {"total": total,
                "mean_position": {item_id: round(sums[item_id] / placed[item_id], 2) if placed[item_id] else None
                                  for item_id in ids},
                "left_out": {item_id: total - placed[item_id] for item_id in ids},
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
                           "explanation": item["explanation"], "decoy": item["position"] == DECOY,
                           "mean_position": figures["mean_position"][item["id"]],
                           "left_out": figures["left_out"][item["id"]]} for item in run.content["items"]]}

    def recap(self, run) -> dict | None:
        """The intended order (the lesson), and how many of the room put it exactly so."""
        results = self.results(run)
        text = {item["id"]: item["text"] for item in run.content["items"]}
        return {"question": results["question"], "total": results["total"], "exact": results["exact"],
                "intended": [text[item_id] for item_id in results["intended"]]}

    def export_rows(self, base: dict, run, tips: list) -> list[dict]:
        results = self.results(run)
        return [base | {"row": "item", "id": item["id"], "text": item["text"], "curated_text": "", "votes": None,
                        "total": results["total"], "percentage": None, "tag": str(NOT_IN_IT) if item["decoy"] else "",
                        "best": None, "hidden": None,
                        "starred": None, "group": None, "created": None, "position": item["position"],
                        "mean_position": item["mean_position"], "exact": results["exact"],
                        "left_out": item["left_out"]}
                for item in reveal_order(results)]

    def handout_lesson(self, run) -> dict | None:
        """The hand-out's page: the story, the items in the intended order with their explanations, then the
        decoys marked "hoort er niet in", the summary, and how many in the room had it exactly."""
        results = self.results(run)
        figures = [str(_("%(exact)s van %(total)s deelnemers zetten alles precies in deze volgorde.",
                         exact=results["exact"], total=results["total"]))] if results["total"] else []
        content = run.content
        return lesson(self, run, story=content["story"], question=content["question"],
                      summary=content.get("summary"), figures=figures,
                      options=[{"id": item["id"], "letter": str(item["position"]) if item["position"] else "–",
                                "text": item["text"], "explanation": item["explanation"], "best": False,
                                "decoy": item["position"] == DECOY, "tag_family": "other",
                                "tag_label": str(NOT_IN_IT) if item["position"] == DECOY else None}
                               for item in reveal_order(content)])


KIND = OrderKind()

"""How a follow-up answer is read, checked, stored and explained, per answer shape.

A shape belongs to the participant event a kind takes in the room (`vote`, `rate`, `order`), never to a kind's
name: a kind whose room answer is a vote on options is answered the same way at home. The kind itself checks the
value (`kind.answer`, the same check as in the room). A kind whose answer has another shape (a scenario's
`{"scene", "option"}`) brings its own: an object with the methods of `Shape` as the kind's `followup_shape`
attribute; `shape_of` prefers it.

Every shape answers: `parse` (body -> Stored, or EngineError with the contract's code), `revealed` (what the
phone shows right after the answer), `intended` (whether a stored answer is the intended one; None where a kind
has no intended answer, e.g. a scale), `describe` (a stored answer as a short text, for "toen en nu").
"""
from __future__ import annotations

import json

from exercises.kinds import Phase, kind_of
from exercises.kinds.base import ORDER, RATE, VOTE
from exercises.kinds.port import Stored  # one shape of a stored answer, for the kinds' own shapes too
from workshop.errors import EngineError, kind_answer


class Shape:
    event: str = ""
    field: str = ""

    def fits(self, kind, content: dict) -> bool:
        return self.event in kind.inputs

    def parse(self, kind, content: dict, body: dict) -> Stored:
        if self.field not in body:
            raise EngineError("invalid")
        option_id, ranking = kind_answer(kind, content, body[self.field])
        return Stored("", option_id, ranking)

    def revealed(self, kind, content: dict, stored: Stored) -> dict:
        return {"summary": kind.public_view(content, Phase.REVEALED).get("summary")}

    def has_intended(self, content: dict) -> bool:
        return False

    def choices(self, content: dict) -> list[tuple[str, str, bool]]:
        """The answers one can count separately, as (stored option_id, text, intended): a case's options, a
        scale's values; [] where every answer is its own (an ordering)."""
        return []

    def intended(self, content: dict, stored: Stored) -> bool | None:
        return None

    def describe(self, content: dict, stored: Stored) -> str:
        return stored.option_id


class Choice(Shape):
    """One option of a list (`{"option": id}`): a case. After the answer: the chosen option's tag, explanation
    and the tenant's reaction (when the option has one), and the intended option."""
    event, field = VOTE, "option"

    def fits(self, kind, content: dict) -> bool:
        return super().fits(kind, content) and isinstance(content.get("options"), list)

    def parse(self, kind, content: dict, body: dict) -> Stored:
        if not isinstance(body.get(self.field), str):
            raise EngineError("invalid")
        return super().parse(kind, content, body)

    @staticmethod
    def _option(content: dict, option_id: str) -> dict | None:
        return next((o for o in content["options"] if o["id"] == option_id), None)

    def revealed(self, kind, content: dict, stored: Stored) -> dict:
        chosen = self._option(content, stored.option_id)
        best = next((o for o in content["options"] if o.get("best")), None)
        return super().revealed(kind, content, stored) | {
            "option": chosen["id"], "text": chosen["text"], "tag": chosen["tag"],
            "explanation": chosen["explanation"], "reaction": chosen.get("reaction"), "best": bool(chosen.get("best")),
            "intended": {"id": best["id"], "text": best["text"]} if best else None}

    def has_intended(self, content: dict) -> bool:
        return any(o.get("best") for o in content["options"])

    def choices(self, content: dict) -> list[tuple[str, str, bool]]:
        return [(o["id"], o["text"], bool(o.get("best"))) for o in content["options"]]

    def intended(self, content: dict, stored: Stored) -> bool | None:
        option = self._option(content, stored.option_id)
        return bool(option and option.get("best")) if self.has_intended(content) else None

    def describe(self, content: dict, stored: Stored) -> str:
        option = self._option(content, stored.option_id)
        return option["text"] if option else stored.option_id


class Rating(Shape):
    """A value on a scale (`{"value": int}`)."""
    event, field = RATE, "value"

    def revealed(self, kind, content: dict, stored: Stored) -> dict:
        return {"value": int(stored.option_id), "min": content.get("min", 1), "max": content.get("max", 5),
                "min_label": content.get("min_label"), "max_label": content.get("max_label")}

    def describe(self, content: dict, stored: Stored) -> str:
        return f"{stored.option_id} ({content.get('min', 1)}-{content.get('max', 5)})"

    def choices(self, content: dict) -> list[tuple[str, str, bool]]:
        low, high = content.get("min", 1), content.get("max", 5)
        labels = {low: content.get("min_label"), high: content.get("max_label")}
        return [(str(v), f"{v} ({labels[v]})" if labels.get(v) else str(v), False) for v in range(low, high + 1)]


class Ordering(Shape):
    """Items in an order (`{"items": [ids]}`). After the answer: the intended order with each item's explanation."""
    event, field = ORDER, "items"

    @staticmethod
    def _goal(content: dict) -> list[str]:
        return [i["id"] for i in sorted(content["items"], key=lambda i: i["position"]) if i["position"] > 0]

    def revealed(self, kind, content: dict, stored: Stored) -> dict:
        mine = json.loads(stored.ranking or "[]")
        return super().revealed(kind, content, stored) | {
            "exact": mine == self._goal(content), "yours": mine,
            "items": [{"id": i["id"], "text": i["text"], "position": i["position"], "explanation": i["explanation"]}
                      for i in sorted(content["items"], key=lambda i: (i["position"] == 0, i["position"]))]}

    def has_intended(self, content: dict) -> bool:
        return True

    def intended(self, content: dict, stored: Stored) -> bool | None:
        return json.loads(stored.ranking or "[]") == self._goal(content)

    def describe(self, content: dict, stored: Stored) -> str:
        texts = {i["id"]: i["text"] for i in content["items"]}
        return " → ".join(texts.get(i, i) for i in json.loads(stored.ranking or "[]"))


SHAPES = (Choice(), Rating(), Ordering())


def shape_of(kind_name: str, content: dict) -> Shape | None:
    """The shape of this exercise's answers at home; None: the kind cannot be practised in a follow-up (tips,
    replies, words: their answers are texts for a room)."""
    kind = kind_of(kind_name)
    own = getattr(kind, "followup_shape", None)
    if own is not None:
        return own
    return next((shape for shape in SHAPES if shape.fits(kind, content)), None)


def parse(kind_name: str, content: dict, body: dict) -> Stored:
    return shape_of(kind_name, content).parse(kind_of(kind_name), content, body)


def revealed(kind_name: str, content: dict, stored: Stored) -> dict:
    return shape_of(kind_name, content).revealed(kind_of(kind_name), content, stored)

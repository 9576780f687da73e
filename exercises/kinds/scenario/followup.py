"""A scenario in a follow-up (contract v3, "Follow-up"): a participant answers scene by scene at their own pace,
`{"scene": id, "option": id}`; one answer per scene counts, a later one replaces it. The follow-up asks a kind
whose answer has its own shape for `followup_shape` (workshop/followup/answers.py); this is the scenario's, with the
same methods, and refusals as the kind's own (KindRefusal with the contract's code)."""
from __future__ import annotations

from exercises.kinds.port import KindRefusal, Stored
from exercises.kinds.scenario import play


class SceneChoice:
    event, field = "vote", "option"

    def fits(self, kind, content: dict) -> bool:
        return isinstance(content.get("scenes"), list)

    def parse(self, kind, content: dict, body: dict) -> Stored:
        scene_id, option_id = body.get("scene"), body.get(self.field)
        if not isinstance(scene_id, str) or not isinstance(option_id, str):
            raise KindRefusal("invalid")
        scene = play.scene_of(content, scene_id)
        if scene is None or option_id not in {o["id"] for o in scene["options"]}:
            raise KindRefusal("unknown_option")
        return Stored(scene_id, option_id)

    @staticmethod
    def _option(content: dict, stored) -> dict | None:
        scene = play.scene_of(content, stored.scene) or {"options": []}
        return next((o for o in scene["options"] if o["id"] == stored.option_id), None)

    def revealed(self, kind, content: dict, stored) -> dict:
        """The chosen option's tag, explanation and the tenant's reaction, the scene's intended option, and where the
        choice leads (the next scene, or the ending)."""
        scene = play.scene_of(content, stored.scene)
        chosen = self._option(content, stored)
        best = next((o for o in scene["options"] if o.get("best")), None)
        target = chosen["next"]
        ending = play.ending_of(content, target[len(play.END):]) if target.startswith(play.END) else None
        return {"scene": stored.scene, "option": chosen["id"], "text": chosen["text"], "tag": chosen["tag"],
                "explanation": chosen["explanation"], "reaction": chosen.get("reaction"),
                "best": bool(chosen.get("best")),
                "intended": {"id": best["id"], "text": best["text"]} if best else None,
                "next": None if ending else target,
                "ending": {"id": ending["id"], "title": ending["title"], "text": ending["text"],
                           "tone": ending["tone"]} if ending else None}

    def has_intended(self, content: dict) -> bool:
        return True

    def choices(self, content: dict) -> list[tuple[str, str, bool]]:
        return []  # option ids repeat from scene to scene: every answer counts on its own

    def intended(self, content: dict, stored) -> bool | None:
        option = self._option(content, stored)
        return bool(option and option.get("best"))

    def describe(self, content: dict, stored) -> str:
        option = self._option(content, stored)
        return option["text"] if option else stored.option_id


SHAPE = SceneChoice()

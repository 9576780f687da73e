"""Scenario: a conversation with a tenant that branches, scene by scene, on the room's choice (contract v3, "Kind
`scenario`"). Each scene is voted on like a case (open, close, reveal step by step with the tenant's reactions); the
trainer then `follow`s the majority or another option to its next scene or to an ending, and can go `back`.
Votes are kept per scene (the engine stores the scene beside each vote); the progress lives in play.py."""
from __future__ import annotations

from typing import ClassVar

from flask_babel import lazy_gettext as _
from flask_babel import ngettext

from exercises.kinds.base import TALLY, VOTE, ExerciseKind, Phase, percentage
from exercises.kinds.port import KindRefusal, data
from exercises.kinds.scenario import document, followup, play
from exercises.kinds.schema import Problem
from exercises.kinds.tags import tag_labels

AT_AN_ENDING = frozenset({"open", "reveal", "reveal_step", "conceal", "timer", "add_seconds"})


def _public_scene(scene: dict | None) -> dict | None:
    return scene and {"id": scene["id"], "story": scene["story"], "question": scene.get("question"),
                      "options": [{"id": o["id"], "text": o["text"]} for o in scene["options"]]}


def _ending(content: dict, key) -> dict | None:
    found = play.ending_of(content, key)
    return found and {"id": found["id"], "title": found["title"], "text": found["text"], "tone": found["tone"]}


def next_label(content: dict, target: str) -> str:
    """Where an option leads, for the trainer: the scene's question (or id), or the ending's title and tone."""
    if target.startswith(play.END):
        ending = play.ending_of(content, target[len(play.END):]) or {}
        return str(_("Einde: %(title)s", title=ending.get("title", target)))
    scene = play.scene_of(content, target) or {}
    return str(_("Scène: %(name)s", name=scene.get("question") or target))


class ScenarioKind(ExerciseKind):
    name = "scenario"
    rank = 60
    label = _("Scenario")
    plural = _("Scenario's")
    model = document.ScenarioDocument
    overrides: ClassVar[dict] = document.OVERRIDES
    phases = frozenset(Phase)
    actions = frozenset({"reveal", "reveal_step", "conceal", "follow", "back"})
    inputs = frozenset({VOTE})
    live = frozenset({TALLY})
    by_scene = True
    followup_shape = followup.SHAPE  # a follow-up answers scene by scene: {"scene", "option"}
    row_labels: ClassVar[dict] = {"option": _("Optie"), "ending": _("Einde")}
    sheet_columns = ("scene", "id", "text", "tag", "votes", "percentage", "total", "best", "followed", "workshop")
    text_fields = ("title", "scenes")

    def rules(self, data: dict) -> list[Problem]:
        return document.rules(data)

    def question(self, content: dict) -> str:
        first = play.scene_of(content, content.get("start")) or {}
        return first.get("question") or content["title"]

    def teaser(self, content: dict) -> str:
        return (play.scene_of(content, content.get("start")) or {}).get("story", "")

    def searchable(self, content: dict) -> str:
        parts = [content.get("title", "")]
        for scene in content.get("scenes", []):
            parts += [scene.get("story", ""), scene.get("question") or ""]
            parts += [o.get("text", "") for o in scene.get("options", [])]
        return "\n".join(part for part in parts if part)

    # --- live -----------------------------------------------------------------------------------------------
    def _view(self, content: dict, phase: str, state: dict) -> dict:
        scene = play.scene_of(content, state["scene"])
        revealed = phase == Phase.REVEALED and scene is not None
        return {"scene": _public_scene(scene),
                "options": _public_scene(scene)["options"] if scene else [],  # the current scene's, as a case's
                "path": [{"scene": step["scene"], "chosen": step["chosen"]} for step in state["path"]],
                "ending": _ending(content, state["ending"]),
                "revealed": [{"id": o["id"], "tag": o["tag"], "explanation": o["explanation"],
                              "best": bool(o.get("best")), "reaction": o.get("reaction"), "next": o["next"]}
                             for o in scene["options"]] if revealed else None}

    def public_view(self, content: dict, phase: str) -> dict:
        return self._view(content, phase, {"scene": content["start"], "path": [], "ending": None})

    def view(self, run) -> dict:
        return self._view(run.content, run.phase, play.progress(run))

    def steps(self, run) -> int:
        scene = play.scene_of(run.content, play.progress(run)["scene"])
        return len(scene["options"]) if scene else 0

    def reveal_steps(self, content: dict) -> int:
        return len((play.scene_of(content, content["start"]) or {"options": []})["options"])

    def standing(self, run) -> dict:
        """For the control page and its clicker (the same `path` and `ending` as state P's, plus the scene's id)."""
        state = play.progress(run)
        return {"scene_id": state["scene"], "ending": _ending(run.content, state["ending"]),
                "path": [{"scene": step["scene"], "chosen": step["chosen"]} for step in state["path"]]}

    def current_scene(self, content: dict, progress: dict | None) -> str | None:
        return progress["scene"] if progress else content["start"]

    def refuse(self, run, action: str) -> str | None:
        return "invalid_phase" if action in AT_AN_ENDING and play.progress(run)["ending"] else None

    def act(self, run, action: dict) -> dict:
        if action["action"] == "back":
            return play.back(run)
        option = action.get("option")
        if option is not None and not isinstance(option, str):
            raise KindRefusal("invalid")
        return play.follow(run, option, self.counts(run, play.progress(run)["scene"]))

    def answer_in(self, content: dict, progress: dict | None, value) -> tuple[str, str | None, str]:
        scene = play.scene_of(content, self.current_scene(content, progress))
        if scene is None:
            raise KindRefusal("invalid_phase")
        if not isinstance(value, str) or value not in {o["id"] for o in scene["options"]}:
            raise KindRefusal("unknown_option")
        return value, None, scene["id"]

    def presenter_view(self, content: dict) -> dict:
        """The notes, and every scene with each option's tag, explanation, reaction and where it leads: the control
        page shows the current scene's (the host's generic story and options would be the start scene's only)."""
        first = play.scene_of(content, content["start"])
        scenes = [{"id": s["id"], "story": s["story"], "question": s.get("question"),
                   "options": [{"id": o["id"], "text": o["text"], "tag": o["tag"], "explanation": o["explanation"],
                                "reaction": o.get("reaction"), "best": bool(o.get("best")), "next": o["next"],
                                "next_label": next_label(content, o["next"])} for o in s["options"]]}
                  for s in content["scenes"]]
        return super().presenter_view(content) | {"start": first["id"], "scenes": scenes,
                                                   "endings": content["endings"]}

    # --- figures, through the port -------------------------------------------------------------------------
    def counts(self, run, scene_id: str | None) -> dict[str, int]:
        scene = play.scene_of(run.content, scene_id)
        if scene is None:
            return {}
        found = data().scene_votes(run.id).get(scene_id, {})
        return {o["id"]: found.get(o["id"], 0) for o in scene["options"]}

    def tally(self, run) -> dict:
        scene_id = play.progress(run)["scene"]
        counts = self.counts(run, scene_id)
        return {"scene": scene_id, "total": sum(counts.values()), "counts": counts}

    def control_view(self, run) -> dict:
        return {"tips": [], "voters": self.tally(run)["total"]}

    def visited(self, run) -> list[dict]:
        """The scenes the room has been in, in the order of its first visit: the path, then the current scene."""
        state = play.progress(run)
        keys = [step["scene"] for step in state["path"]] + ([state["scene"]] if state["scene"] else [])
        return [play.scene_of(run.content, key) for key in dict.fromkeys(keys)]

    def results(self, run) -> dict:
        state, votes = play.progress(run), data().scene_votes(run.id)
        scenes = []
        for scene in self.visited(run):
            counts = votes.get(scene["id"], {})
            scenes.append({"id": scene["id"], "total": sum(counts.get(o["id"], 0) for o in scene["options"]),
                           "options": [{"id": o["id"], "text": o["text"], "tag": o["tag"],
                                        "votes": counts.get(o["id"], 0), "best": bool(o.get("best"))}
                                       for o in scene["options"]]})
        return {"path": [{"scene": step["scene"], "chosen": step["chosen"]} for step in state["path"]],
                "ending": state["ending"], "scenes": scenes}

    def counted(self, number: int) -> str:
        return ngettext("%(num)s stem", "%(num)s stemmen", number)

    def summary(self, run) -> dict:
        """The path the room took (each scene's question and the followed option with its share) and the ending."""
        recap = self.recap(run)
        count = sum(scene["total"] for scene in self.results(run)["scenes"])
        ending = recap["ending"]
        return {"count": count, "counted": self.counted(count),
                "headline": str(_("Einde: %(title)s", title=ending["title"])) if ending else "",
                "rows": [{"text": f"{step['question']} {step['chosen']}", "figure": self.counted(step["votes"]),
                          "share": step["votes"] / step["total"] if step["total"] else None, "mark": None}
                         for step in recap["path"]]}

    def counted_options(self, content: dict) -> list[dict]:
        """Every scene's options for the insights (a scenario vote is a vote on one scene's option)."""
        return [{"scene": scene["id"], "id": o["id"], "tag": o["tag"], "best": bool(o.get("best"))}
                for scene in content["scenes"] for o in scene["options"]]

    def document_entry(self, run, tips: dict) -> dict:
        entry = self.results(run)
        for scene in entry["scenes"]:
            scene["question"] = (play.scene_of(run.content, scene["id"]) or {}).get("question")
            for option in scene["options"]:
                option["percentage"] = percentage(option["votes"], scene["total"])
        return entry

    def export_rows(self, base: dict, run, tips: list) -> list[dict]:
        """One block of rows per visited scene (one row per option, the followed one marked), then the ending."""
        results = self.results(run)
        chosen = {step["scene"]: step["chosen"] for step in results["path"]}
        rows = []
        for scene in results["scenes"]:
            question = (play.scene_of(run.content, scene["id"]) or {}).get("question") or base.get("question")
            rows += [base | {
                "question": question, "scene": scene["id"], "row": "option", "id": o["id"], "text": o["text"],
                "curated_text": "", "votes": o["votes"], "total": scene["total"],
                "percentage": percentage(o["votes"], scene["total"]), "tag": o["tag"], "best": o["best"],
                "followed": chosen.get(scene["id"]) == o["id"] if scene["id"] in chosen else None,
                "hidden": None, "starred": None, "group": None, "created": None} for o in scene["options"]]
        ending = _ending(run.content, results["ending"])
        if ending:
            rows.append(base | {"row": "ending", "id": ending["id"], "text": ending["title"], "tag": ending["tone"],
                                "curated_text": "", "scene": None, "followed": None, "votes": None, "total": None,
                                "percentage": None, "best": None, "hidden": None, "starred": None, "group": None,
                                "created": None})
        return rows

    # --- recap and hand-out -----------------------------------------------------------------------------------
    def recap(self, run) -> dict | None:
        """The path the room took (each scene's question and the followed option) and the ending."""
        results, content = self.results(run), run.content
        totals = {scene["id"]: scene for scene in results["scenes"]}
        path = []
        for step in results["path"]:
            scene = play.scene_of(content, step["scene"])
            option = next(o for o in totals[step["scene"]]["options"] if o["id"] == step["chosen"])
            path.append({"scene": step["scene"], "question": scene.get("question") or scene["story"][:120],
                         "chosen": option["text"], "tag": option["tag"], "votes": option["votes"],
                         "total": totals[step["scene"]]["total"]})
        return {"question": run.title, "path": path, "ending": _ending(content, results["ending"])}

    def my_recap(self, run, participant_id: int) -> dict | None:
        mine = data().own_scene_answers(run, participant_id)
        lines = []
        for scene in self.visited(run):
            option = next((o for o in scene["options"] if o["id"] == mine.get(scene["id"])), None)
            if option:
                lines.append({"scene": scene["id"], "question": scene.get("question") or scene["story"][:120],
                              "text": option["text"], "best": bool(option.get("best"))})
        if not lines:
            return None
        answer = " · ".join(str(_("Scène %(n)s: %(text)s", n=number, text=line["text"]))
                            for number, line in enumerate(lines, start=1))
        return {"question": run.title, "choices": lines, "answer": answer}

    def handout_lesson(self, run) -> dict | None:
        """Every scene with its options, tags, explanations and reactions; the path the room took marked."""
        labels, content, state = tag_labels(), run.content, play.progress(run)
        chosen = {step["scene"]: step["chosen"] for step in state["path"]}
        scenes = [{"id": s["id"], "story": s["story"], "question": s.get("question"), "visited": s["id"] in chosen
                   or s["id"] == state["scene"],
                   "options": [{"letter": o["id"].upper(), "text": o["text"], "tag_label": labels[o["tag"]],
                                "explanation": o["explanation"], "reaction": o.get("reaction"),
                                "best": bool(o.get("best")), "followed": chosen.get(s["id"]) == o["id"],
                                "next_label": next_label(content, o["next"])} for o in s["options"]]}
                  for s in content["scenes"]]
        return {"part": "kinds/scenario/handout.html", "title": run.title, "scenes": scenes,
                "endings": content["endings"], "ending": state["ending"],
                "path": [str(_("%(scene)s: %(option)s", scene=step["scene"], option=step["chosen"].upper()))
                         for step in state["path"]]}


KIND = ScenarioKind()

"""The scenario document (contract v3, "Kind `scenario`"): scenes with options that lead to another scene or to an
ending, validated whole. The graph rules (every `next` names a scene or an ending, every scene reachable from
`start`, from every scene some ending reachable) report each problem on its field, e.g. `scenes[2].options[3].next`.
"""
from __future__ import annotations

from typing import Annotated, Literal

from flask_babel import lazy_gettext as _
from pydantic import AfterValidator, BaseModel, ConfigDict
from pydantic_core import PydanticCustomError

from exercises.kinds.schema import Document, Problem, Tag, Text, one_best, unique

MIN_SCENES, MAX_SCENES = 1, 12
MIN_OPTIONS, MAX_OPTIONS = 2, 6
END = "end:"
TONES = ("good", "mixed", "bad")


def _slug(value: str) -> str:
    if not value.replace("-", "").replace("_", "").isalnum() or not value.isascii() or value != value.lower():
        raise PydanticCustomError("bad_id", "bad id")
    return value


Key = Annotated[Text(40), AfterValidator(_slug)]


class Option(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    id: Annotated[Text(8), AfterValidator(_slug)]  # stored as Vote.option_id
    text: Text(200)
    tag: Tag
    explanation: Text(600)
    reaction: Text(400) | None = None
    best: bool = False
    next: Text(45)


class Scene(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    id: Key
    story: Text(1500)
    question: Text(200) | None = None
    options: list[Option]


class Ending(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    id: Key
    title: Text(80)
    text: Text(1000)
    tone: Literal["good", "mixed", "bad"]


class ScenarioDocument(Document):
    start: Text(40)
    scenes: list[Scene]
    endings: list[Ending]


OVERRIDES = {
    ("scenes", "missing"): _("ontbreekt: een scenario heeft 1 tot 12 scènes"),
    ("endings", "missing"): _("ontbreekt: een scenario heeft minstens één einde"),
    ("endings[].tone", "literal_error"): _("moet good, mixed of bad zijn"),
    "bad_id": _("mag alleen kleine letters, cijfers, - en _ bevatten"),
}


def _dicts(value) -> list[dict]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def targets(scene: dict) -> list[str]:
    return [o["next"] for o in _dicts(scene.get("options")) if isinstance(o.get("next"), str)]


def reachable(start, scenes: dict[str, dict]) -> set[str]:
    """The scene ids reachable from `start` (itself included when it is a scene)."""
    seen, todo = set(), [start]
    while todo:
        key = todo.pop()
        if isinstance(key, str) and key in scenes and key not in seen:
            seen.add(key)
            todo += targets(scenes[key])
    return seen


def reaching_an_ending(scenes: dict[str, dict], endings: set[str]) -> set[str]:
    """The scene ids from which some ending can be reached."""
    found = {key for key, scene in scenes.items() if any(t[len(END):] in endings for t in targets(scene)
                                                         if t.startswith(END))}
    while True:
        more = {key for key, scene in scenes.items() if key not in found and set(targets(scene)) & found}
        if not more:
            return found
        found |= more


def _scene_rules(number: int, scene: dict, scene_ids: set, ending_ids: set) -> list[Problem]:
    where = f"scenes[{number}]"
    options = scene.get("options")
    if not isinstance(options, list):
        return []
    problems = []
    if not MIN_OPTIONS <= len(options) <= MAX_OPTIONS:
        problems.append(Problem(f"{where}.options",
                                _("heeft %(count)s opties; 2 tot 6 toegestaan", count=len(options))))
    problems += unique(options, f"{where}.options") + one_best(options, f"{where}.options")
    for index, option in enumerate(options, start=1):
        if not isinstance(option, dict):
            continue
        target = option.get("next")
        if isinstance(target, str) and target.strip():
            known = target[len(END):] in ending_ids if target.startswith(END) else target in scene_ids
            if not known:
                problems.append(Problem(f"{where}.options[{index}].next",
                                        _("'%(next)s' is geen scène of einde (een einde: end:<id>)", next=target)))
    if options and not any(isinstance(o, dict) and o.get("best") is True for o in options):
        problems.append(Problem(f"{where}.options", _("precies één optie moet de beste zijn (best = true)")))
    return problems


def rules(data: dict) -> list[Problem]:
    """The rules across fields; on a raw document too, so a half-filled editor gets every problem at once."""
    scenes_list, endings_list = _dicts(data.get("scenes")), _dicts(data.get("endings"))
    problems = []
    if isinstance(data.get("scenes"), list) and not MIN_SCENES <= len(data["scenes"]) <= MAX_SCENES:
        problems.append(Problem("scenes", _("heeft %(count)s scènes; 1 tot 12 toegestaan", count=len(data["scenes"]))))
    if isinstance(data.get("endings"), list) and not data["endings"]:
        problems.append(Problem("endings", _("een scenario heeft minstens één einde")))
    problems += unique(data.get("scenes") or [], "scenes") if isinstance(data.get("scenes"), list) else []
    problems += unique(data.get("endings") or [], "endings") if isinstance(data.get("endings"), list) else []
    scenes = {s["id"]: s for s in scenes_list if isinstance(s.get("id"), str)}
    ending_ids = {e["id"] for e in endings_list if isinstance(e.get("id"), str)}
    for clash in sorted(set(scenes) & ending_ids):
        number = next(i for i, e in enumerate(endings_list, start=1) if e.get("id") == clash)
        problems.append(Problem(f"endings[{number}].id", _("'%(id)s' is ook de naam van een scène", id=clash)))
    for number, scene in enumerate(data.get("scenes") if isinstance(data.get("scenes"), list) else [], start=1):
        if isinstance(scene, dict):
            problems += _scene_rules(number, scene, set(scenes), ending_ids)
    start = data.get("start")
    if isinstance(start, str) and start.strip() and start not in scenes:
        problems.append(Problem("start", _("'%(id)s' is geen scène van dit scenario", id=start)))
    if start in scenes:
        seen = reachable(start, scenes)
        ending = reaching_an_ending(scenes, ending_ids)
        for number, scene in enumerate(data["scenes"], start=1):
            key = scene.get("id") if isinstance(scene, dict) else None
            if not isinstance(key, str) or key not in scenes:
                continue
            if key not in seen:
                problems.append(Problem(f"scenes[{number}].id",
                                        _("deze scène is vanaf de start niet te bereiken")))
            elif key not in ending:
                problems.append(Problem(f"scenes[{number}].id",
                                        _("vanuit deze scène is geen einde te bereiken")))
    return problems

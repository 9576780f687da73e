"""Where a scenario run stands: its progress (`run.progress`, stored by the engine as JSON) is
`{"scene": id | None, "path": [{"scene", "chosen", "phase", "reveal_step", "results_visible"}], "ending": id | None}`.
The current scene's phase, reveal step and results visibility are the run's own; each scene left behind keeps them
in its path step, so that `back` restores it as it was left. `follow` and `back` answer with the run's new values,
which the engine stores (a kind never writes the database)."""
from __future__ import annotations

from exercises.kinds.base import Phase
from exercises.kinds.port import KindRefusal

END = "end:"


def progress(run) -> dict:
    """The run's progress; a run that has not moved yet stands at `start`."""
    found = getattr(run, "progress", None)
    return found if found else {"scene": run.content["start"], "path": [], "ending": None}


def scene_of(content: dict, key: str | None) -> dict | None:
    return next((scene for scene in content["scenes"] if scene["id"] == key), None)


def ending_of(content: dict, key: str | None) -> dict | None:
    return next((ending for ending in content["endings"] if ending["id"] == key), None)


def majority(scene: dict, counts: dict[str, int]) -> dict:
    """The option with the most votes; a tie goes to the tied option that comes first."""
    return max(scene["options"], key=lambda o: counts.get(o["id"], 0))  # max keeps the first of equals


def follow(run, option_id, counts: dict[str, int]) -> dict:
    """From a closed or revealed scene to the chosen option's `next` (None: the majority)."""
    state = progress(run)
    scene = scene_of(run.content, state["scene"])
    if scene is None or run.phase not in (Phase.CLOSED, Phase.REVEALED):
        raise KindRefusal("invalid_phase")
    if option_id is None:
        option = majority(scene, counts)
    else:
        option = next((o for o in scene["options"] if o["id"] == option_id), None)
        if option is None:
            raise KindRefusal("unknown_option")
    step = {"scene": scene["id"], "chosen": option["id"], "phase": str(run.phase),
            "reveal_step": run.reveal_step, "results_visible": bool(run.results_visible)}
    target = option["next"]
    ending = target[len(END):] if target.startswith(END) else None
    moved = {"scene": None if ending else target, "path": [*state["path"], step], "ending": ending}
    return {"progress": moved, "phase": Phase.CLOSED if ending else Phase.READY, "reveal_step": None,
            "results_visible": False}


def back(run) -> dict:
    """To the previous scene of the path as it was left (its phase, reveal step and results visibility)."""
    state = progress(run)
    if not state["path"]:
        raise KindRefusal("invalid_phase")
    *rest, last = state["path"]
    return {"progress": {"scene": last["scene"], "path": rest, "ending": None}, "phase": last["phase"],
            "reveal_step": last["reveal_step"], "results_visible": last["results_visible"]}

"""The trainer's control actions. The REST route and the control page both call `control`: one path."""
from __future__ import annotations

import json

from exercises.kinds import Phase, kind_of
from workshop.engine import moderation, views
from workshop.engine.timers import add_seconds, clear, set_timer
from workshop.engine.values import is_whole
from workshop.errors import EngineError, kind_call
from workshop.models import Workshop, db, utcnow
from workshop.result import CLOUD, MODERATION, STATE, TALLY, TIPS, Result


def _current(workshop: Workshop):
    run = views.current_run(workshop)
    if run is None:
        raise EngineError("no_current")
    return run


def _goto(workshop: Workshop, action: dict) -> frozenset:
    index = action.get("index")
    if not is_whole(index):
        raise EngineError("invalid")
    if not 0 <= index < len(workshop.runs):
        raise EngineError("bad_index")
    workshop.current_index = index
    return frozenset({STATE, TIPS, TALLY, CLOUD, MODERATION})


def _open(workshop: Workshop, action: dict) -> frozenset:
    run = _current(workshop)
    if run.phase == Phase.REVEALED:
        raise EngineError("invalid_phase")
    if run.phase != Phase.OPEN:
        clear(run)  # a fresh opening starts without a timer
    run.phase = Phase.OPEN
    return frozenset({STATE})


def _close(workshop: Workshop, action: dict) -> frozenset:
    run = _current(workshop)
    if run.phase != Phase.REVEALED:
        run.phase = Phase.CLOSED
    clear(run)
    return frozenset({STATE})


def _kind_action(workshop: Workshop, name: str):
    """The current run, if its kind accepts the action `name` (reveal, reveal_step, conceal)."""
    run = _current(workshop)
    if name not in kind_of(run.kind).actions or Phase.REVEALED not in kind_of(run.kind).phases:
        raise EngineError("wrong_kind")
    return run


def _reveal(workshop: Workshop, action: dict) -> frozenset:
    """Reveal (implies close); a kind with steps starts at step 1, one option at a time."""
    run = _kind_action(workshop, "reveal")
    if run.phase != Phase.REVEALED:
        run.reveal_step = 1 if kind_of(run.kind).steps(run) else None
    run.phase = Phase.REVEALED
    clear(run)
    return frozenset({STATE, TALLY, TIPS})  # a revealed `respond` sends its tips again, now with tags


def _reveal_step(workshop: Workshop, action: dict) -> frozenset:
    """`step`: n (1..number of steps) shows step n alone; null the overview."""
    run = _kind_action(workshop, "reveal_step")
    if "step" not in action:
        raise EngineError("invalid")
    step = action["step"]
    if step is not None and not (is_whole(step) and 1 <= step <= kind_of(run.kind).steps(run)):
        raise EngineError("invalid")
    if run.phase != Phase.REVEALED:
        raise EngineError("invalid_phase")
    run.reveal_step = step
    return frozenset({STATE})


def _conceal(workshop: Workshop, action: dict) -> frozenset:
    """Undo a reveal clicked by mistake: the exercise is `closed` again, its explanations hidden."""
    run = _kind_action(workshop, "conceal")
    if run.phase != Phase.REVEALED:
        raise EngineError("invalid_phase")
    run.phase = Phase.CLOSED
    run.reveal_step = None
    return frozenset({STATE, TALLY, TIPS})  # a concealed `respond` sends its tips again, without tags


def _kind_act(workshop: Workshop, action: dict) -> frozenset:
    """A control action of the current kind's own (a scenario's `follow` and `back`): the kind says where the run
    goes; the engine stores it. The new place starts without a timer."""
    run = _current(workshop)
    moved = kind_call(kind_of(run.kind).act, run, action)
    run.phase, run.reveal_step = moved["phase"], moved["reveal_step"]
    run.results_visible, run.progress_json = moved["results_visible"], json.dumps(moved["progress"])
    clear(run)
    return frozenset({STATE, TALLY, MODERATION})


def _results(workshop: Workshop, action: dict) -> frozenset:
    visible = action.get("visible")
    if not isinstance(visible, bool):
        raise EngineError("invalid")
    _current(workshop).results_visible = visible
    return frozenset({STATE, TALLY})


def _end(workshop: Workshop, action: dict) -> frozenset:
    workshop.status = "ended"
    workshop.ended = utcnow()
    for run in workshop.runs:
        if run.phase == Phase.OPEN:
            run.phase = Phase.CLOSED
        clear(run)
    return frozenset({STATE})


def _recap_page(workshop: Workshop, action: dict) -> frozenset:
    """`{"page": n}`: the closing recap's page n (1..recap_pages) on the projector; only once the workshop ended."""
    from workshop.engine.recap import recap_paging
    if workshop.status != "ended":
        raise EngineError("not_ended")
    page = action.get("page")
    if not is_whole(page):
        raise EngineError("invalid")
    if not 1 <= page <= recap_paging(workshop)["recap_pages"]:
        raise EngineError("bad_page")
    workshop.recap_page = page
    return frozenset({STATE})


ENDED_ACTIONS = {"recap_page": _recap_page}  # the actions an ended workshop accepts
ACTIONS = {"goto": _goto, "open": _open, "close": _close, "reveal": _reveal, "reveal_step": _reveal_step,
           "conceal": _conceal, "results": _results, "end": _end, "timer": set_timer, "add_seconds": add_seconds,
           **moderation.ACTIONS, **ENDED_ACTIONS}


def control(workshop: Workshop, action: dict) -> Result:
    """Apply one action (`{"action": name, ...}`) and answer with the new workshop state."""
    if not isinstance(action, dict) or not isinstance(action.get("action"), str):
        raise EngineError("invalid")
    name = action["action"]
    run = views.current_run(workshop)
    handler = ACTIONS.get(name)
    if handler is None and run is not None and name in kind_of(run.kind).actions:
        handler = _kind_act
    if handler is None:
        raise EngineError("unknown_action")
    if workshop.status == "ended" and action["action"] not in ENDED_ACTIONS:
        raise EngineError("ended")
    refusal = kind_of(run.kind).refuse(run, name) if run is not None else None
    if refusal:
        raise EngineError(refusal)
    changed = handler(workshop, action)
    db.session.commit()
    return Result(views.workshop_state(workshop), workshop.code, changed)

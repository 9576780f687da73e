"""The trainer's moderation of posted texts: hide and show, pre-moderation of the whole workshop (entries wait in
a queue until approved), approve one or all, and a reply's tag. Control actions (workshop/engine/control.py
dispatches here)."""
from __future__ import annotations

from sqlalchemy import update

from exercises.kinds import OPTION_TAGS, kind_of
from workshop.engine import views
from workshop.engine.values import is_whole
from workshop.errors import EngineError
from workshop.models import Tip, Workshop, db
from workshop.result import CLOUD, MODERATION, TIPS

WALL = frozenset({TIPS, CLOUD, MODERATION})  # what a change of a tip's visibility touches


def _tip(workshop: Workshop, action: dict) -> Tip:
    tip_id = action.get("tip_id")
    if not is_whole(tip_id):
        raise EngineError("invalid")
    tip = db.session.get(Tip, tip_id)
    if tip is None or tip.run.workshop_id != workshop.id:
        raise EngineError("unknown_tip")
    return tip


def _text_run(workshop: Workshop):
    run = views.current_run(workshop)
    if run is None:
        raise EngineError("no_current")
    if not kind_of(run.kind).takes_text:
        raise EngineError("wrong_kind")
    return run


def hide_tip(workshop: Workshop, action: dict) -> frozenset:
    """Hidden: off the wall and out of the queue (a held entry that is hidden was looked at)."""
    tip = _tip(workshop, action)
    tip.hidden, tip.held = True, False
    return WALL


def show_tip(workshop: Workshop, action: dict) -> frozenset:
    """Shown: on the wall again; showing a held entry approves it."""
    tip = _tip(workshop, action)
    tip.hidden, tip.held = False, False
    return WALL


def approve_tip(workshop: Workshop, action: dict) -> frozenset:
    tip = _tip(workshop, action)
    tip.held = False
    return WALL


def approve_all(workshop: Workshop, action: dict) -> frozenset:
    """Every held entry of the current exercise reaches the wall."""
    run = _text_run(workshop)
    db.session.execute(update(Tip).where(Tip.run_id == run.id, Tip.held.is_(True)).values(held=False)
                       .execution_options(synchronize_session=False))
    return WALL


def premoderate(workshop: Workshop, action: dict) -> frozenset:
    """`{"on": bool}`: a setting of the whole workshop, whichever exercise is current (also none): while on, every
    new entry of every exercise waits for approval. Switching it off leaves the queue as it is: the trainer still
    approves or hides what waits."""
    on = action.get("on")
    if not isinstance(on, bool):
        raise EngineError("invalid")
    workshop.premoderated = on
    return frozenset({MODERATION})


def tag_tip(workshop: Workshop, action: dict) -> frozenset:
    """`{"tip_id", "tag"}`: a reply's tag (an option tag, or null to remove it); only kinds with `tag_tip`."""
    tag = action.get("tag")
    if tag is not None and not isinstance(tag, str):
        raise EngineError("invalid")
    tip = _tip(workshop, action)
    if tag is not None and tag not in OPTION_TAGS:
        raise EngineError("unknown_tag")
    if "tag_tip" not in kind_of(tip.run.kind).actions:
        raise EngineError("wrong_kind")
    tip.tag = tag
    return frozenset({TIPS, MODERATION})


ACTIONS = {"hide_tip": hide_tip, "show_tip": show_tip, "approve_tip": approve_tip, "approve_all": approve_all,
           "premoderate": premoderate, "tag_tip": tag_tip}

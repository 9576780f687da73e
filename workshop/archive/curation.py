"""Curating the archive: star, hide, fix spelling (the original stays), merge groups, split a tip out of its group.

`curate(organisation_id, body)` is the one entry point for the archive page's forms and for
POST /api/v1/archive/curate. It takes plain values, validates, commits and returns a Result whose `code` and
`changed` tell the caller what to broadcast (hiding a tip of a live workshop takes it off projector and phones).
"""
from __future__ import annotations

from sqlalchemy import delete, exists

from workshop.archive import index
from workshop.archive.models import TipCuration, TipGroup
from workshop.archive.search import Filters, load_archive
from workshop.errors import EngineError
from workshop.models import Tip, db
from workshop.result import MODERATION, TIPS, Result
from workshop.text import clean_line, is_blank

TEXT_MAX = 280
MERGE_MAX = 500


def _int(value) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value < 2**63:
        raise EngineError("invalid")
    return value


def tip_of_organisation(tip_id, organisation_id: int) -> Tip:
    """The tip if it belongs to one of the organisation's workshops; 'not_found' otherwise (never a hint that
    another organisation has it)."""
    tip = db.session.get(Tip, _int(tip_id))
    if tip is None or tip.run.workshop.organisation_id != organisation_id:
        raise EngineError("not_found")
    return tip


def curation_of(tip_id: int) -> TipCuration:
    curation = db.session.get(TipCuration, tip_id)
    if curation is None:
        curation = TipCuration(tip_id=tip_id)
        db.session.add(curation)
    return curation


def _star(on: bool):
    def apply(organisation_id: int, body: dict) -> Result:
        tip = tip_of_organisation(body.get("tip_id"), organisation_id)
        curation_of(tip.id).starred = on
        return Result({"tip_id": tip.id, "starred": on})
    return apply


def _visibility(hidden: bool):
    def apply(organisation_id: int, body: dict) -> Result:
        tip = tip_of_organisation(body.get("tip_id"), organisation_id)
        changed = frozenset()
        if tip.hidden != hidden:
            tip.hidden = hidden
            changed = frozenset({TIPS, MODERATION})
        workshop = tip.run.workshop
        live = workshop.status == "live"
        return Result({"tip_id": tip.id, "hidden": hidden}, workshop.code if live else None,
                      changed if live else frozenset())
    return apply


def _edit(organisation_id: int, body: dict) -> Result:
    tip = tip_of_organisation(body.get("tip_id"), organisation_id)
    text = body.get("text")
    if not isinstance(text, str):
        raise EngineError("invalid")
    text = clean_line(text)
    if len(text) > TEXT_MAX:
        raise EngineError("too_long")
    # empty or the original again: back to the original
    curated = text if not is_blank(text) and text != tip.text else None
    curation_of(tip.id).curated_text = curated
    index.refresh_tip(tip, curated)
    return Result({"tip_id": tip.id, "curated_text": curated, "text": tip.text})


def _merge(organisation_id: int, body: dict) -> Result:
    """Merge the groups of the given tips (a tip without a group counts as a group of one) into one group made
    by hand. Every member is pinned to it, so automatic grouping never undoes the merge."""
    ids = body.get("tip_ids")
    if not isinstance(ids, list) or not 2 <= len(set(map(_int, ids))) <= MERGE_MAX:
        raise EngineError("invalid")
    exercises = {tip_of_organisation(tip_id, organisation_id).run.exercise_id for tip_id in ids}
    if len(exercises) != 1:
        raise EngineError("mixed_prompts")
    archive = {tip.id: tip for tip in load_archive(organisation_id, Filters(prompt=exercises.pop()))}
    members: dict[int, object] = {}
    for tip_id in ids:
        tip = archive.get(_int(tip_id))
        if tip is None:  # held for review (not in the archive until approved) or hidden from it
            raise EngineError("invalid")
        group = [t for t in archive.values() if t.group is not None and t.group == tip.group] or [tip]
        members.update((t.id, t) for t in group)
    if len({t.exercise_id for t in members.values()}) != 1:
        raise EngineError("mixed_prompts")
    group = TipGroup(organisation_id=organisation_id, exercise_id=next(iter(members.values())).exercise_id)
    db.session.add(group)
    db.session.flush()
    for tip_id in members:
        curation = curation_of(tip_id)
        curation.group_id, curation.solo = group.id, False
    return Result({"group": min(members), "tip_ids": sorted(members)})


def _split(organisation_id: int, body: dict) -> Result:
    """Take a tip out of its group for good: it stays alone, also when new look-alikes arrive."""
    tip = tip_of_organisation(body.get("tip_id"), organisation_id)
    curation = curation_of(tip.id)
    curation.group_id, curation.solo = None, True
    return Result({"tip_id": tip.id, "group": None})


def _automatic(organisation_id: int, body: dict) -> Result:
    """Forget what a trainer did by hand to this tip's grouping: automatic grouping decides again."""
    tip = tip_of_organisation(body.get("tip_id"), organisation_id)
    curation = curation_of(tip.id)
    curation.group_id, curation.solo = None, False
    return Result({"tip_id": tip.id})


ACTIONS = {"star": _star(True), "unstar": _star(False), "hide": _visibility(True), "show": _visibility(False),
           "edit": _edit, "merge": _merge, "split": _split, "auto": _automatic}


REGROUPING = frozenset({"edit", "merge", "split", "auto"})


def remove_empty_groups(organisation_id: int) -> None:
    used = exists().where(TipCuration.group_id == TipGroup.id)
    db.session.execute(delete(TipGroup).where(TipGroup.organisation_id == organisation_id, ~used)
                       .execution_options(synchronize_session=False))


def curate(organisation_id: int, body) -> Result:
    """Apply one curation action: {"action": "star"|"unstar"|"hide"|"show"|"split"|"auto", "tip_id": n},
    {"action": "edit", "tip_id": n, "text": str} or {"action": "merge", "tip_ids": [n, ...]}."""
    if not isinstance(body, dict) or not isinstance(body.get("action"), str):
        raise EngineError("invalid")
    handler = ACTIONS.get(body["action"])
    if handler is None:
        raise EngineError("unknown_action")
    result = handler(organisation_id, body)
    db.session.flush()
    remove_empty_groups(organisation_id)
    db.session.commit()
    if body["action"] in REGROUPING:  # hand-made grouping or a text changed: that question is grouped again
        tip_id = result.data["tip_ids"][0] if "tip_ids" in result.data else result.data["tip_id"]
        index.regroup_exercise(organisation_id, db.session.get(Tip, tip_id).run.exercise_id)
    return result


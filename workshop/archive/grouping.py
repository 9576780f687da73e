"""Near-duplicate grouping of tips ("Top 10 tellen", "tot tien tellen", "10 tellen!") with rapidfuzz.

Pure and deterministic: the same tips give the same groups, whatever order they come in. Only tips answering the
same exercise are ever grouped. Groups a trainer made by hand are kept as they are; automatic grouping fills in
the rest:

- every tip is compared in its `comparable` form (folded, no punctuation, "tien" -> "10", filler words dropped)
  with rapidfuzz's token set ratio, which forgives word order, extra words and small typos;
- tips are taken in id order; a tip joins the group whose members it ALL resembles (score >= THRESHOLD for each
  member: complete linkage, so "koffie halen" and "koffie of thee aanbieden" never meet through a third tip),
  the best one if several qualify, or starts a new group;
- a tip split out by a trainer (`solo`) stays alone; a group merged by hand may still take new look-alikes.

A group's id is the id of its lowest tip: stable while that tip stays in the group. A tip alone has group None.
The threshold was tuned on tests/archive_data.py (realistic tips with known groups, in many orders).
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from workshop.archive.text import comparable

THRESHOLD = 70
_CACHE_SIZE = 32
_cache: OrderedDict = OrderedDict()  # the same archive is grouped once, not on every page view
_cache_lock = threading.Lock()


@dataclass(frozen=True)
class Item:
    id: int
    exercise_id: str
    text: str
    manual_group: int | None = None
    solo: bool = False


@dataclass
class _Cluster:
    members: list[int] = field(default_factory=list)
    open: bool = True  # False for a tip split out by hand


def _cluster_exercise(items: list[Item], threshold: int) -> list[_Cluster]:
    clusters: list[_Cluster] = []
    texts = {item.id: comparable(item.text) for item in items}
    leaders: list[str] = []  # the text of each cluster's first member, aligned with clusters

    def start(item: Item, open_: bool = True) -> None:
        clusters.append(_Cluster([item.id], open_))
        leaders.append(texts[item.id])

    def best_cluster(text: str) -> int | None:
        """Complete linkage: the open cluster all of whose members score >= threshold, the best if several.
        Comparing with the leaders first keeps this far below n * n comparisons for a large archive."""
        best, best_score = None, -1.0
        for _leader, leader_score, index in process.extract(
                text, leaders, scorer=fuzz.token_set_ratio, score_cutoff=threshold, limit=None):
            cluster = clusters[index]
            if not cluster.open:
                continue
            others = [texts[m] for m in cluster.members[1:]]
            scores = [score for _t, score, _i in process.extract(
                text, others, scorer=fuzz.token_set_ratio, score_cutoff=threshold, limit=None)]
            if len(scores) < len(others):
                continue
            score = min([leader_score, *scores])
            if score > best_score or (score == best_score and index < best):
                best, best_score = index, score
        return best

    manual: dict[int, list[Item]] = {}
    for item in items:
        if item.manual_group is not None and not item.solo:
            manual.setdefault(item.manual_group, []).append(item)
    placed = set()
    for members in sorted(manual.values(), key=lambda m: min(i.id for i in m)):
        members = sorted(members, key=lambda i: i.id)
        start(members[0])
        clusters[-1].members.extend(i.id for i in members[1:])
        placed.update(i.id for i in members)
    for item in items:
        if item.id in placed:
            continue
        if item.solo:
            start(item, open_=False)
            continue
        index = best_cluster(texts[item.id])
        if index is None:
            start(item)
        else:
            clusters[index].members.append(item.id)
    return clusters


def group_tips(items, threshold: int = THRESHOLD) -> dict[int, int | None]:
    """tip id -> group id (the lowest tip id in its group), or None for a tip without near-duplicates."""
    items = sorted(items, key=lambda i: i.id)
    key = (threshold, tuple(items))
    with _cache_lock:
        if key in _cache:
            _cache.move_to_end(key)
            return dict(_cache[key])
    by_exercise: dict[str, list[Item]] = {}
    for item in items:
        by_exercise.setdefault(item.exercise_id, []).append(item)
    groups: dict[int, int | None] = {}
    for exercise_id in sorted(by_exercise):
        for cluster in _cluster_exercise(by_exercise[exercise_id], threshold):
            group = min(cluster.members) if len(cluster.members) > 1 else None
            for tip_id in cluster.members:
                groups[tip_id] = group
    with _cache_lock:
        _cache[key] = groups
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return dict(groups)

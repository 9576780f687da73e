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


class Clusters:
    """The clusters of one exercise, built up one tip at a time (in id order): what grouping stores, and what a
    new tip is placed into without regrouping the rest."""

    def __init__(self, threshold: int = THRESHOLD):
        self.threshold = threshold
        self.clusters: list[_Cluster] = []
        self.leaders: list[str] = []  # the comparable text of each cluster's first member, aligned with clusters
        self.texts: dict[int, str] = {}

    def start(self, tip_id: int, text: str, open_: bool = True) -> None:
        self.texts[tip_id] = text
        self.clusters.append(_Cluster([tip_id], open_))
        self.leaders.append(text)

    def join(self, index: int, tip_id: int, text: str) -> None:
        self.texts[tip_id] = text
        self.clusters[index].members.append(tip_id)

    def best(self, text: str) -> int | None:
        """Complete linkage: the open cluster all of whose members score >= threshold, the best if several.
        Comparing with the leaders first keeps this far below n * n comparisons for a large archive."""
        best, best_score = None, -1.0
        for _leader, leader_score, index in process.extract(
                text, self.leaders, scorer=fuzz.token_set_ratio, score_cutoff=self.threshold, limit=None):
            cluster = self.clusters[index]
            if not cluster.open:
                continue
            others = [self.texts[m] for m in cluster.members[1:]]
            scores = [score for _t, score, _i in process.extract(
                text, others, scorer=fuzz.token_set_ratio, score_cutoff=self.threshold, limit=None)]
            if len(scores) < len(others):
                continue
            score = min([leader_score, *scores])
            if score > best_score or (score == best_score and index < best):
                best, best_score = index, score
        return best

    def place(self, item: "Item") -> None:
        """A new tip: alone for good when split out by hand, else into its best cluster or a new one."""
        text = comparable(item.text)
        if item.solo:
            self.start(item.id, text, open_=False)
            return
        index = self.best(text)
        if index is None:
            self.start(item.id, text)
        else:
            self.join(index, item.id, text)

    def leader_of(self) -> dict[int, int]:
        """tip id -> the lowest tip id of its cluster (also for a cluster of one)."""
        return {tip_id: min(cluster.members) for cluster in self.clusters for tip_id in cluster.members}


def _cluster_exercise(items: list[Item], threshold: int) -> Clusters:
    clusters = Clusters(threshold)
    manual: dict[int, list[Item]] = {}
    for item in items:
        if item.manual_group is not None and not item.solo:
            manual.setdefault(item.manual_group, []).append(item)
    placed = set()
    for members in sorted(manual.values(), key=lambda m: min(i.id for i in m)):
        members = sorted(members, key=lambda i: i.id)
        clusters.start(members[0].id, comparable(members[0].text))
        for member in members[1:]:
            clusters.join(len(clusters.clusters) - 1, member.id, comparable(member.text))
        placed.update(i.id for i in members)
    for item in items:
        if item.id not in placed:
            clusters.place(item)
    return clusters


def cluster_leaders(items, threshold: int = THRESHOLD) -> dict[int, int]:
    """tip id -> cluster leader (lowest tip id of its cluster, itself when alone), for items of ONE exercise."""
    return _cluster_exercise(sorted(items, key=lambda i: i.id), threshold).leader_of()


def place_new(existing: list[tuple[int, int, str, bool]], new: list[Item],
              threshold: int = THRESHOLD) -> dict[int, int]:
    """Place new tips of one exercise among the stored clusters without regrouping them.

    existing: (tip id, cluster leader, comparable text, split out by hand) of the exercise's stored tips;
    new: the new tips, in id order. Returns tip id -> cluster leader for the new tips. Pure: may run in a worker.
    """
    clusters = Clusters(threshold)
    index_of: dict[int, int] = {}
    for tip_id, leader, text, solo in sorted(existing):
        if leader in index_of:
            clusters.join(index_of[leader], tip_id, text)
        else:
            index_of[leader] = len(clusters.clusters)
            clusters.start(tip_id, text, open_=not solo)
    for item in sorted(new, key=lambda i: i.id):
        clusters.place(item)
    new_ids = {item.id for item in new}
    return {tip_id: leader for tip_id, leader in clusters.leader_of().items() if tip_id in new_ids}


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
        for cluster in _cluster_exercise(by_exercise[exercise_id], threshold).clusters:
            group = min(cluster.members) if len(cluster.members) > 1 else None
            for tip_id in cluster.members:
                groups[tip_id] = group
    with _cache_lock:
        _cache[key] = groups
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return dict(groups)

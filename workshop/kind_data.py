"""The core's side of the kinds' port (exercises/kinds/port.py): the figures a kind asks of a run, read from the
database by the engine's views and the archive's export rows. `create_app` provides it once."""
from __future__ import annotations

from exercises.kinds import port
from workshop.archive.exports import tip_row
from workshop.archive.search import iso
from workshop.engine import cloud, views


class KindData:
    def vote_counts(self, run_id: int) -> dict[str, int]:
        return views.vote_counts_of(run_id)

    def scene_votes(self, run_id: int) -> dict[str, dict[str, int]]:
        return views.scene_votes_of(run_id)

    def own_scene_answers(self, run, participant_id: int) -> dict[str, str]:
        return views.own_scene_votes(run, participant_id)

    def rankings(self, run_id: int) -> list[str]:
        return views.rankings_of(run_id)

    def both_answered(self, first_run_id: int, second_run_id: int) -> int:
        return views.both_answered(first_run_id, second_run_id)

    def own_answer(self, run, participant_id: int) -> str | None:
        return views.own_vote(run, participant_id)

    def own_texts(self, run, participant_id: int) -> list[str]:
        return views.own_tip_texts(run, participant_id)

    def tip_rows(self, run, include_hidden: bool, limit: int | None = None, tags: bool = False) -> list[dict]:
        return views.tip_rows(run, include_hidden=include_hidden, limit=limit, tags=tags)

    def visible_tip_count(self, run) -> int:
        return views.visible_tip_count(run)

    def cloud_words(self, run, limit: int | None = None) -> list[dict]:
        return cloud.cloud_words(run, limit=limit)

    def tip_export_row(self, base: dict, tip) -> dict:
        return tip_row(base, tip)

    def iso(self, moment) -> str | None:
        return iso(moment)


def provide() -> None:
    port.provide(KindData())

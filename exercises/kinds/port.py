"""The port between the engine and the kinds: what a kind may ask of a run's data, and how it refuses an answer.

A kind never imports the engine or the database. The core provides a RunData (workshop/kind_data.py) once, at
start-up (`provide`); a kind asks `data()` for vote counts, tip rows, rankings, its participant's own answer or the
cloud's words. A run (`run` below) is the engine's object: a kind reads only `run.id`, `run.position`,
`run.exercise_id`, `run.kind`, `run.title`, `run.content`, `run.phase`, `run.reveal_step`,
`run.results_visible`, `run.progress` (a moving run's place, e.g. a scenario's scene; None until it moves) and
`run.workshop.runs` (the other runs of its workshop).
A kind's refusal of an answer is a KindRefusal carrying the contract's error code (`invalid`, `unknown_option`,
...); the engine turns it into its own error with that code.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class Stored:
    """An answer as a follow-up stores it (workshop/followup): the scene ("" outside a scenario), the Vote-like
    option_id and ranking. A kind's own `followup_shape` parses a body into one."""
    scene: str
    option_id: str
    ranking: str | None = None


class KindRefusal(Exception):
    """A participant's answer does not fit this exercise; `code` is the contract's error code."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


class RunData(Protocol):
    def vote_counts(self, run_id: int) -> dict[str, int]:
        """Stored answers (Vote.option_id) of a run -> how many participants gave each."""

    def scene_votes(self, run_id: int) -> dict[str, dict[str, int]]:
        """Stored answers of a run per scene (Vote.scene) -> option id -> how many participants gave it."""

    def own_scene_answers(self, run, participant_id: int) -> dict[str, str]:
        """The participant's stored answer per scene of this run: {scene: option id}."""

    def rankings(self, run_id: int) -> list[str]:
        """Every stored ordering of a run (Vote.ranking: a JSON list of item ids)."""

    def both_answered(self, first_run_id: int, second_run_id: int) -> int:
        """How many participants answered both runs."""

    def own_answer(self, run, participant_id: int) -> str | None:
        """The participant's stored answer (Vote.option_id) to this run, or None."""

    def own_texts(self, run, participant_id: int) -> list[str]:
        """The texts (tips, replies, words) the participant posted to this run, oldest first."""

    def tip_rows(self, run, include_hidden: bool, limit: int | None = None, tags: bool = False) -> list[dict]:
        """The run's tips, most upvoted first: [{"id", "text", "votes", "hidden", ("tag")}]."""

    def visible_tip_count(self, run) -> int:
        """How many of the run's tips are on the wall."""

    def cloud_words(self, run, limit: int | None = None) -> list[dict]:
        """The run's words, folded and counted: [{"text", "count"}], biggest first."""

    def tip_export_row(self, base: dict, tip) -> dict:
        """An archive tip as a CSV/XLSX row (`base`: the exercise's columns)."""

    def iso(self, moment) -> str | None:
        """A stored moment as the exports write it (ISO 8601, UTC)."""


_provided: list[RunData] = []


def provide(data: RunData) -> None:
    """The core hands the kinds its RunData (once per process; again replaces it)."""
    _provided[:] = [data]


def data() -> RunData:
    if not _provided:
        raise RuntimeError("no RunData provided: create_app() provides it (workshop/kind_data.py)")
    return _provided[0]

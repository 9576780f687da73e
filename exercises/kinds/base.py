"""What every exercise kind provides. The engine, the exports, the workbook and the hand-out ask the kind; nothing
else knows a kind by name. A new kind is one folder (exercises/kinds/<name>/ or on KLANTWIJS_KINDS_PATH) whose
`__init__.py` holds a `KIND` object (a subclass of ExerciseKind), plus its templates, script and strings; the
registry in `exercises/kinds/__init__.py` finds it. Data comes through the port (exercises/kinds/port.py).
"""
from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import ClassVar

from flask_babel import ngettext

from exercises.kinds.port import KindRefusal
from exercises.kinds.schema import Document, Problem, schema_problems

TIP, UPVOTE, VOTE, RATE, ORDER, WORD = "tip", "upvote", "vote", "rate", "order", "word"  # events a kind may accept
ANSWERS = frozenset({VOTE, RATE, ORDER})  # events stored as one changeable answer per participant (a Vote row)
TEXT_INPUTS = frozenset({TIP, WORD})  # events that post a text: moderation before the wall applies
TIPS, TALLY, CLOUD = "tips", "tally", "cloud"  # live messages a kind may feed (see workshop/engine/views.py)


class Phase(StrEnum):
    READY = "ready"
    OPEN = "open"
    CLOSED = "closed"
    REVEALED = "revealed"


class ExerciseKind:
    name: ClassVar[str]  # the name of its folder
    folder: Path  # its folder (templates/, static/, translations/); set by the registry
    rank: ClassVar[int] = 100  # where it comes in lists of kinds (then by name)
    label: ClassVar[object]  # lazy Dutch name, e.g. "Casus"
    plural: ClassVar[object]  # e.g. "Casussen" (headings)
    model: ClassVar[type[Document]]  # the content schema (pydantic)
    overrides: ClassVar[dict] = {}  # (field path, error type) -> Dutch message, where the generic one is vague
    phases: ClassVar[frozenset[Phase]] = frozenset({Phase.READY, Phase.OPEN, Phase.CLOSED})
    actions: ClassVar[frozenset[str]] = frozenset()  # control actions only this kind accepts (e.g. "reveal")
    inputs: ClassVar[frozenset[str]] = frozenset()  # participant events accepted while open
    live: ClassVar[frozenset[str]] = frozenset()  # live messages for phones and projector
    in_archive: ClassVar[bool] = False  # its answers are tips of the organisation's archive
    sheet_columns: ClassVar[tuple[str, ...]] = ()  # XLSX columns of its sheet (keys of the export rows)
    text_fields: ClassVar[tuple[str, ...]] = ("title",)  # what the library search looks through
    entry_max: ClassVar[int] = 280  # characters of one posted text (tip, reply, word)
    by_scene: ClassVar[bool] = False  # answers are kept per scene (Vote.scene): a run moves through scenes

    @property
    def uses_wall(self) -> bool:
        """Its entries are shown on the tip wall (phones and projector draw the wall; the kind adds its parts)."""
        return TIPS in self.live

    @property
    def takes_text(self) -> bool:
        """Participants post texts (tips, replies, words): the trainer can moderate them before the wall."""
        return bool(self.inputs & TEXT_INPUTS)

    def entry_limit(self, content: dict) -> int | None:
        """How many texts one participant may post to one run (None: only the rate limit)."""
        return None

    def entry_messages(self) -> dict:
        """Error code -> a more precise Dutch message for this kind's texts (e.g. a word's length)."""
        return {}

    def shows_tags(self, phase: str) -> bool:
        """Whether the tips on the wall carry the trainer's tags (a revealed `respond`)."""
        return False

    # --- content ---------------------------------------------------------------------------------------------
    def validate(self, data: dict) -> list[Problem]:
        """Every problem of a document of this kind: field rules (schema) and rules across fields."""
        return schema_problems(self.model, data, self.overrides) + self.rules(data)

    def rules(self, data: dict) -> list[Problem]:
        """Rules across fields; runs on the raw document too, so a half-filled form gets every problem at once."""
        return []

    def references(self, exercise_id: str, content: dict, kinds: dict) -> list[Problem]:
        """Problems with what this exercise names of other exercises; `kinds` maps every known id to its kind."""
        return []

    def question(self, content: dict) -> str:
        """The one line that says what participants answer (exports, workbook sheets)."""
        return content.get("title", "")

    def teaser(self, content: dict) -> str:
        """The text that says what the exercise is about (its first text field after the title)."""
        value = content.get(self.text_fields[1]) if len(self.text_fields) > 1 else None
        return value if isinstance(value, str) else ""

    def trainer_notes(self, content: dict) -> str:
        """What the control page shows the trainer only (never phones or projector)."""
        return content.get("notes") or ""

    def searchable(self, content: dict) -> str:
        parts = []
        for name in self.text_fields:
            value = content.get(name)
            if isinstance(value, str):
                parts.append(value)
            elif isinstance(value, list):
                parts += [str(item.get("text", "")) for item in value if isinstance(item, dict)]
        return "\n".join(parts)

    # --- live views ------------------------------------------------------------------------------------------
    def public_view(self, content: dict, phase: str) -> dict:
        """Fields for phones and projector (state P's `exercise`). Never `notes`."""
        return {"revealed": None}

    def phone_view(self, view: dict) -> dict:
        """A phone's copy of the exercise view (`exercise_summary` and `public_view`): never more than the projector
        shows. At reveal step n only the entries 1..n of `revealed`, without the intended-answer marker (`best`)
        and the summary; at the overview (step null) all of it. The projector always has the complete list."""
        step = view.get("reveal_step")
        if step is None or not isinstance(view.get("revealed"), list):
            return view
        shown = [{key: value for key, value in entry.items() if key != "best"} for entry in view["revealed"][:step]]
        return view | {"revealed": shown} | ({"summary": None} if "summary" in view else {})

    def reveal_steps(self, content: dict) -> int:
        """How many steps a reveal walks through one at a time (`reveal_step` 1..n); 0: no steps."""
        return 0

    def presenter_view(self, content: dict) -> dict:
        """What only the control page shows the trainer before and during the exercise: the whole document's
        teaching parts. Generic shape: {"notes", "story", "question", "options": [{"id", "text", "tag",
        "explanation", "best"}], "summary"}; a kind fills what it has."""
        return {"notes": self.trainer_notes(content)}

    def control_view(self, run) -> dict:
        """Extra figures for the control page's `moderation` message."""
        return {"tips": [], "voters": 0}

    def tally(self, run) -> dict | None:
        """The `tally` message's figures for this run (without `index`), for kinds that feed TALLY."""
        return None

    def answer(self, content: dict, value) -> tuple[str, str | None]:
        """A participant's answer (vote, rate, order) as stored: (Vote.option_id, Vote.ranking);
        KindRefusal with the contract's code when it does not fit this exercise."""
        raise KindRefusal("wrong_kind")

    # --- a run that moves (scenes): the run's own state, read from `run.progress` -----------------------------
    def view(self, run) -> dict:
        """state P's `exercise` fields of this run (a kind whose run moves adds where it stands)."""
        return self.public_view(run.content, run.phase)

    def steps(self, run) -> int:
        """The reveal steps of the run as it stands now."""
        return self.reveal_steps(run.content)

    def standing(self, run) -> dict:
        """Extra fields of the run in the trainer's workshop state (e.g. a scenario's scene, path and ending)."""
        return {}

    def current_scene(self, content: dict, progress: dict | None) -> str | None:
        """The scene an answer goes to now (Vote.scene; "" for a kind without scenes, None: none is current)."""
        return ""

    def answer_in(self, content: dict, progress: dict | None, value) -> tuple[str, str | None, str]:
        """An answer as stored, with the scene it belongs to: (Vote.option_id, Vote.ranking, Vote.scene)."""
        return (*self.answer(content, value), "")

    def refuse(self, run, action: str) -> str | None:
        """The contract's error code when the run refuses a control action where it stands now, else None."""
        return None

    def act(self, run, action: dict) -> dict:
        """A control action of this kind's own (in `actions`, not one of the engine's): the run's new `phase`,
        `reveal_step`, `results_visible` and `progress`, which the engine stores; KindRefusal otherwise."""
        raise KindRefusal("unknown_action")

    # --- the closing recap ---------------------------------------------------------------------------------
    def recap(self, run) -> dict | None:
        """This run's part of the room's recap when the workshop ends (projector and phones); None: no part."""
        return None

    def my_recap(self, run, participant_id: int) -> dict | None:
        """One participant's own part of the recap ("jouw keuzes"); None when they gave nothing here."""
        return None

    # --- results and exports ---------------------------------------------------------------------------------
    def results(self, run) -> dict:
        """This kind's part of the results document (`GET .../results`)."""
        return {}

    def export_rows(self, base: dict, run, tips: list) -> list[dict]:
        """CSV/XLSX rows: `base` holds the exercise's columns, `tips` the archive's tips of this run. A row's
        `row` is a code of row_labels, its `tag` a tag code: the CSV and the workbook show both in Dutch."""
        return []

    row_labels: ClassVar[dict] = {}  # the codes of its export rows' `row` column -> a lazy Dutch word

    def row_label(self, code: str) -> str:
        return str(self.row_labels.get(code, code))

    def counted(self, number: int) -> str:
        """How many answers this kind got, in words ("12 tips", "40 woorden"): results page and summary sheet."""
        return ngettext("%(num)s antwoord", "%(num)s antwoorden", number)

    def summary(self, run) -> dict:
        """The figure that matters of this run, for the results page and the workbook's "Samenvatting":
        {"count": int, "counted": "12 tips", "headline": one line, "rows": [{"text", "figure", "share" (0..1 for a
        bar, or None), "mark" (a word beside it, e.g. the intended answer, or None)}]}."""
        return {"count": 0, "counted": self.counted(0), "headline": "", "rows": []}

    def document_entry(self, run, tips: dict) -> dict:
        """The JSON export's entry: the results plus what the export adds (dates, curation, percentages)."""
        return self.results(run)

    def handout_lesson(self, run) -> dict | None:
        """What the workshop's hand-out teaches of this run beyond the tips; None: nothing. One shape for every kind
        (the hand-out's template knows no kind): {"kicker", "title", "story", "question", "options": [{"letter",
        "text", "tag_label", "tag_family", "explanation", "best"}], "figures": [str], "summary"}; see lesson()."""
        return None

    def handout_section(self, run) -> dict | None:
        """{"id", "title", "prompt"} when the run's answers belong in the toolkit hand-out, else None."""
        return None

    # --- the organisation's insights (workshop/insights) -----------------------------------------------------
    def counted_options(self, content: dict) -> list[dict]:
        """The options whose votes the insights count: [{"scene": "" (a case) or a scene id, "id", "tag", "best"}].
        Only a case lists its options under scene "" (the insights' `cases`); a kind with scenes uses their ids."""
        return []

    def paired_with(self, content: dict) -> str | None:
        """The exercise id of the earlier run this one compares with (a paired scale's `pair`), or None."""
        return None


def lesson(kind: ExerciseKind, run, **parts) -> dict:
    """A hand-out lesson of `run` with the parts a kind has; the rest empty."""
    return {"kicker": str(kind.label), "title": run.title, "story": None, "question": None, "options": [],
            "figures": [], "summary": None} | parts


def base_entry(run) -> dict:
    return {"index": run.position, "id": run.exercise_id, "kind": run.kind, "title": run.title}


def decimal(value: float | None) -> str:
    """A figure people read (a mean, a place), with one decimal in the reader's way (3,4 in Dutch); "-": none."""
    from flask_babel import format_decimal
    return format_decimal(value, format="0.0") if value is not None else "-"


def percentage(votes: int, total: int) -> float:
    return round(100.0 * votes / total, 1) if total else 0.0

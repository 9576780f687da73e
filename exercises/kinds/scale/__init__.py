"""Scale: a self-assessment. A statement, a scale (0 or 1 up to at most 10) with a label at both ends; phones pick a
value (changeable while open); the projector shows the distribution and the mean. A scale at the end of a workshop
may name one at the start (`pair`): then the projector, the results and the exports show before and after side by
side, with how many participants answered both. It gives an organisation a measure of what a training did."""
from __future__ import annotations

from typing import ClassVar

from flask_babel import lazy_gettext as _

from exercises.kinds.base import RATE, TALLY, ExerciseKind, decimal, lesson, percentage
from exercises.kinds.port import KindRefusal, data
from exercises.kinds.schema import Document, Problem, Text, Whole

MAX_VALUE = 10


class ScaleDocument(Document):
    statement: Text(300)
    min: Whole(0, 1) = 1
    max: Whole(2, MAX_VALUE) = 5
    min_label: Text(40)
    max_label: Text(40)
    pair: Text(40) | None = None  # the id of an earlier scale exercise in the same workshop (before/after)


def values(content: dict) -> range:
    return range(content.get("min", 1), content.get("max", 5) + 1)


def mean(counts: dict[str, int]) -> float | None:
    total = sum(counts.values())
    return round(sum(int(value) * n for value, n in counts.items()) / total, 2) if total else None


class ScaleKind(ExerciseKind):
    name = "scale"
    label = _("Schaalvraag")
    plural = _("Schaalvragen")
    model = ScaleDocument
    overrides: ClassVar[dict] = {
        ("min", "out_of_range"): _("moet 0 of 1 zijn"),
        ("max", "out_of_range"): _("moet tussen 2 en 10 liggen"),
    }
    inputs = frozenset({RATE})
    live = frozenset({TALLY})
    sheet_columns = ("id", "text", "votes", "percentage", "total", "mean", "before_mean", "after_mean", "paired",
                     "workshop")
    text_fields = ("title", "statement", "min_label", "max_label")
    row_labels: ClassVar[dict] = {"value": _("Waarde")}

    def summary(self, run) -> dict:
        """The mean (a paired scale: before and after), and how many chose each value."""
        results = self.results(run)
        total = results["total"]
        if "before_mean" in results:
            headline = str(_("voor %(before)s, na %(after)s (%(paired)s deelnemers vulden beide in)",
                             before=decimal(results["before_mean"]), after=decimal(results["after_mean"]),
                             paired=results["paired"]))
        else:
            headline = str(_("gemiddeld %(mean)s", mean=decimal(results["mean"]))) if total else ""
        ends = {str(results["min"]): results["min_label"], str(results["max"]): results["max_label"]}
        return {"count": total, "counted": self.counted(total), "headline": headline,
                "rows": [{"text": f"{value} ({ends[value]})" if value in ends else value, "figure": str(votes),
                          "share": votes / total if total else 0.0, "mark": None, "family": "other"}
                         for value, votes in results["counts"].items()]}

    def rules(self, data: dict) -> list[Problem]:
        from exercises.kinds import EXERCISE_ID
        pair = data.get("pair")
        if isinstance(pair, str) and pair.strip() and not EXERCISE_ID.match(pair):
            return [Problem("pair", _("moet het id van een eerdere schaalvraag zijn (kleine letters, cijfers en "
                                      "streepjes)"))]
        return []

    def references(self, exercise_id: str, content: dict, kinds: dict) -> list[Problem]:
        pair = content.get("pair")
        if pair is None or (pair != exercise_id and kinds.get(pair) == self.name):
            return []
        return [Problem("pair", _("'%(pair)s' is geen andere schaalvraag; noem het id van de schaalvraag van het "
                                  "begin", pair=pair))]

    def question(self, content: dict) -> str:
        return content["statement"]

    def public_view(self, content: dict, phase: str) -> dict:
        return {"statement": content["statement"], "min": content.get("min", 1), "max": content.get("max", 5),
                "min_label": content["min_label"], "max_label": content["max_label"],
                "paired": bool(content.get("pair")), "revealed": None}

    def answer(self, content: dict, value) -> tuple[str, str | None]:
        if not isinstance(value, int) or isinstance(value, bool) or value not in values(content):
            raise KindRefusal("invalid")
        return str(value), None

    # --- figures -----------------------------------------------------------------------------------------------
    def counts(self, run) -> dict[str, int]:
        found = data().vote_counts(run.id)
        return {str(v): found.get(str(v), 0) for v in values(run.content)}

    def paired_with(self, content: dict) -> str | None:
        return content.get("pair") or None

    def before_run(self, run):
        """The paired scale that came earlier in the same workshop (`pair`), or None."""
        pair = run.content.get("pair")
        if not pair:
            return None
        return next((other for other in run.workshop.runs if other.exercise_id == pair and other.kind == self.name
                     and other.position < run.position), None)

    def comparison(self, run) -> dict | None:
        """Before and after side by side: both distributions, both means, and who answered both."""
        before = self.before_run(run)
        if before is None:
            return None
        before_counts = self.counts(before)
        return {"before_index": before.position, "before_title": before.title, "before_counts": before_counts,
                "before_total": sum(before_counts.values()), "before_mean": mean(before_counts),
                "paired": data().both_answered(before.id, run.id)}

    def tally(self, run) -> dict:
        counts = self.counts(run)
        figures = {"total": sum(counts.values()), "counts": counts, "mean": mean(counts)}
        comparison = self.comparison(run)
        return figures | ({"before": comparison} if comparison else {})

    def control_view(self, run) -> dict:
        return {"tips": [], "voters": sum(self.counts(run).values())}

    def results(self, run) -> dict:
        counts = self.counts(run)
        results = {"statement": run.content["statement"], "min": run.content.get("min", 1),
                   "max": run.content.get("max", 5), "min_label": run.content["min_label"],
                   "max_label": run.content["max_label"], "total": sum(counts.values()), "counts": counts,
                   "mean": mean(counts)}
        comparison = self.comparison(run)
        if comparison:
            results |= {"pair": run.content["pair"], "before_counts": comparison["before_counts"],
                        "before_total": comparison["before_total"], "before_mean": comparison["before_mean"],
                        "after_mean": results["mean"], "paired": comparison["paired"]}
        return results

    def recap(self, run) -> dict | None:
        """The room's mean, and for a paired scale before beside after (the measure of what the training did)."""
        results = self.results(run)
        part = {"statement": results["statement"], "total": results["total"], "mean": results["mean"],
                "min": results["min"], "max": results["max"]}
        if "before_mean" in results:
            part |= {"before_mean": results["before_mean"], "after_mean": results["after_mean"],
                     "paired": results["paired"]}
        return part

    def my_recap(self, run, participant_id: int) -> dict | None:
        value = data().own_answer(run, participant_id)
        if value is None:
            return None
        return {"statement": run.content["statement"],
                "answer": str(_("Jouw antwoord: %(value)s (van %(min)s tot %(max)s)", value=value,
                                min=run.content.get("min", 1), max=run.content.get("max", 5)))}

    def is_before(self, run) -> bool:
        """A later scale of the same workshop pairs with this one: the after's lesson shows both."""
        return any(other.kind == self.name and other.content.get("pair") == run.exercise_id
                   and other.position > run.position for other in run.workshop.runs)

    def handout_lesson(self, run) -> dict | None:
        """The room's mean; for a paired scale before beside after and how many answered both."""
        results = self.results(run)
        if self.is_before(run) or not (results["total"] or results.get("before_total")):
            return None
        scale = str(_("op een schaal van %(min)s (%(min_label)s) tot %(max)s (%(max_label)s)", **{
            key: results[key] for key in ("min", "max", "min_label", "max_label")}))

        mean_text = decimal
        if "before_mean" in results:
            figures = [str(_("Aan het begin: gemiddeld %(mean)s", mean=mean_text(results["before_mean"]))),
                       str(_("Aan het eind: gemiddeld %(mean)s", mean=mean_text(results["after_mean"]))),
                       str(_("%(paired)s deelnemers vulden beide in.", paired=results["paired"]))]
        else:
            figures = [str(_("Gemiddeld %(mean)s (%(total)s antwoorden)", mean=mean_text(results["mean"]),
                             total=results["total"]))]
        return lesson(self, run, question=f"{results['statement']} ({scale})", figures=figures)

    def export_rows(self, base: dict, run, tips: list) -> list[dict]:
        results = self.results(run)
        total = results["total"]
        shared = {"curated_text": "", "tag": "", "best": None, "hidden": None, "starred": None, "group": None,
                  "created": None, "mean": results["mean"], "before_mean": results.get("before_mean"),
                  "after_mean": results.get("after_mean"), "paired": results.get("paired")}
        rows = []
        for value, votes in results["counts"].items():
            label = {str(results["min"]): results["min_label"], str(results["max"]): results["max_label"]}.get(value)
            rows.append(base | shared | {"row": "value", "id": value, "text": f"{value} ({label})" if label else value,
                                         "votes": votes, "total": total, "percentage": percentage(votes, total)})
        return rows

    def document_entry(self, run, tips: dict) -> dict:
        entry = self.results(run)
        entry["percentages"] = {value: percentage(n, entry["total"]) for value, n in entry["counts"].items()}
        return entry


KIND = ScaleKind()

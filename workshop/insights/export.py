"""The insights as a CSV file for Dutch Excel (like every export: UTF-8 with BOM, `;`, decimal comma): one table
whose first column says which figure a row holds (totaal, maand, label, casus, optie, team, zelfbeoordeling, and
the follow-up's opfrisser, opfrisser casus, opfrisser zelfbeoordeling)."""
from __future__ import annotations

import csv
import io

from flask_babel import gettext as _

from exercises.kinds import tag_labels
from workshop.archive.exports import CSV_DELIMITER, csv_value
from workshop.insights.figures import insights
from workshop.insights.filters import Filters

COLUMNS = ("section", "key", "title", "tag", "workshops", "participants", "votes", "share", "best_share",
           "pitfall_share", "top_pitfall", "paired", "before_mean", "after_mean",
           "followups", "workshop_votes", "workshop_best_share", "mean", "workshop_mean", "moved_to_best", "moved_away")
SHARES = ("share", "best_share", "pitfall_share", "workshop_best_share")


def column_labels() -> dict[str, str]:
    return {"section": _("Onderdeel"), "key": _("Sleutel"), "title": _("Titel"), "tag": _("Label"),
            "workshops": _("Workshops"), "participants": _("Deelnemers"), "votes": _("Stemmen"),
            "share": _("Aandeel"), "best_share": _("Aandeel bedoeld antwoord"),
            "pitfall_share": _("Aandeel valkuil"), "top_pitfall": _("Meest gekozen valkuil"),
            "paired": _("Voor en na ingevuld"), "before_mean": _("Gemiddelde voor"),
            "after_mean": _("Gemiddelde na"), "followups": _("Opfrissers"),
            "workshop_votes": _("Stemmen in workshop"),
            "workshop_best_share": _("Aandeel bedoeld antwoord in workshop"), "mean": _("Gemiddelde"),
            "workshop_mean": _("Gemiddelde in workshop"), "moved_to_best": _("Naar bedoeld antwoord"),
            "moved_away": _("Van bedoeld antwoord af")}


def rows(document: dict) -> list[dict]:
    labels = tag_labels()

    def label(tag):
        return labels.get(tag, tag) if tag else None
    found = [{"section": _("totaal"), "workshops": document["workshops"], "participants": document["participants"],
              "votes": document["votes"], "best_share": document["best_share"]}]
    found += [{"section": _("maand"), "key": m["month"], "workshops": m["workshops"], "votes": m["votes"],
               "best_share": m["best_share"], "pitfall_share": m["pitfall_share"]} for m in document["months"]]
    found += [{"section": _("label"), "key": t["tag"], "tag": label(t["tag"]), "votes": t["votes"],
               "share": t["share"]} for t in document["tags"]]
    for case in document["cases"]:
        found.append({"section": _("casus"), "key": case["exercise_id"], "title": case["title"],
                      "workshops": case["workshops"], "votes": case["votes"], "best_share": case["best_share"],
                      "top_pitfall": label(case["top_pitfall"])})
        found += [{"section": _("optie"), "key": f"{case['exercise_id']}/{o['id']}", "title": case["title"],
                   "tag": label(o["tag"]), "votes": o["votes"], "share": o["share"]} for o in case["options"]]
    found += [{"section": _("team"), "key": t["team"] or _("(geen team)"), "workshops": t["workshops"],
               "votes": t["votes"], "best_share": t["best_share"]} for t in document["teams"]]
    found += [{"section": _("zelfbeoordeling"), "key": f"{s['pair']} > {s['exercise_id']}",
               "workshops": s["workshops"], "paired": s["paired"], "before_mean": s["before_mean"],
               "after_mean": s["after_mean"]} for s in document["scales"]]
    return found + followup_rows(document["followup"])


def followup_rows(followup: dict) -> list[dict]:
    """The follow-up figures (the `followup` key): a total, then per case and per scale; a follow-up answer counts
    in the votes column, beside the same exercise's workshop votes. None when no follow-up was answered."""
    if not followup["followups"]:
        return []
    found = [{"section": _("opfrisser"), "participants": followup["participants"]}
             | {key: followup[key] for key in ("followups", "best_share", "workshop_votes", "workshop_best_share",
                                               "paired")} | {"votes": followup["answers"]}]
    found += [{"section": _("opfrisser casus"), "key": c["exercise_id"], "votes": c["answers"]}
              | {key: c[key] for key in ("title", "followups", "best_share", "workshop_votes",
                                         "workshop_best_share", "paired", "moved_to_best", "moved_away")}
              for c in followup["cases"]]
    found += [{"section": _("opfrisser zelfbeoordeling"), "key": s["exercise_id"], "votes": s["answers"]}
              | {key: s[key] for key in ("title", "followups", "mean", "workshop_votes", "workshop_mean", "paired",
                                         "before_mean", "after_mean")}
              for s in followup["scales"]]
    return found


def cell(column: str, value) -> str:
    if value is not None and column in SHARES:
        return f"{value:.3f}".replace(".", ",")  # a share as the JSON has it, 3 decimals, decimal comma
    if isinstance(value, float):
        return f"{value:.2f}".replace(".", ",")
    return csv_value(value)


def insights_csv(organisation_id: int, filters: Filters) -> bytes:
    """The CSV download (`GET /api/v1/insights.csv`); runs in an offload worker."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=CSV_DELIMITER, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    labels = column_labels()
    writer.writerow([labels[c] for c in COLUMNS])
    for row in rows(insights(organisation_id, filters)):
        writer.writerow([cell(c, row.get(c)) for c in COLUMNS])
    return "\ufeff".encode("utf-8") + out.getvalue().encode("utf-8")

"""Exports of one workshop and of the archive: rows (shared by CSV and XLSX), CSV and JSON documents.

CSV is what Dutch Excel opens by a double click: UTF-8 with a byte order mark (so accents survive), `;` between
fields and a decimal comma (Dutch Excel's list separator is `;`, because the comma is its decimal sign), one header
row. JSON is for scripts: the results document of the REST API plus dates, titles and the archive's curation.
"""
from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timezone

from flask_babel import gettext as _
from sqlalchemy import select

from exercises.kinds import kind_of, tag_labels
from exercises.kinds.base import base_entry
from workshop.archive.search import ArchiveTip, Filters, iso, load_archive, sort_tips
from workshop.followup.exports import followup_rows, followups_document
from workshop.models import Organisation, Workshop, db

CSV_DELIMITER = ";"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # a cell starting so is a formula to Excel: never for user text
COLUMNS = ("workshop", "workshop_title", "team", "workshop_date", "exercise_number", "exercise_id", "kind",
           "exercise_title", "question", "row", "id", "text", "curated_text", "votes", "total", "percentage",
           "tag", "hidden", "starred", "group", "created", "best",
           # scale (before/after) and order figures; empty on other rows
           "mean", "before_mean", "after_mean", "paired", "position", "mean_position", "exact",
           # follow-ups (workshop/followup/exports.py)
           "followup", "workshop_percentage", "moved_to_best", "stayed", "moved_away",
           "count",  # a word of a word cloud: how often the room sent it
           # contract v3: a case option's tenant reaction; how many left an order item out
           "reaction", "left_out",
           # scenario: the scene of a row, and whether the room followed that option
           "scene", "followed")


def column_labels() -> dict[str, str]:
    """Header texts (Dutch by default); the keys are the order of the CSV columns."""
    return {"workshop": _("Workshop"), "workshop_title": _("Workshoptitel"), "team": _("Team"),
            "workshop_date": _("Datum"),
            "exercise_number": _("Oefening nr."), "exercise_id": _("Oefening"), "kind": _("Soort"),
            "exercise_title": _("Titel oefening"), "question": _("Vraag"), "row": _("Rij"), "id": _("Id"),
            "text": _("Tekst"), "curated_text": _("Verbeterde tekst"), "votes": _("Stemmen"),
            "total": _("Totaal"), "percentage": _("Percentage"), "tag": _("Label"), "best": _("Beste"),
            "hidden": _("Verborgen"),
            "starred": _("Ster"), "group": _("Groep"), "created": _("Aangemaakt"),
            "mean": _("Gemiddelde"), "before_mean": _("Gemiddelde voor"), "after_mean": _("Gemiddelde na"),
            "paired": _("Voor en na ingevuld"), "position": _("Bedoelde plaats"),
            "mean_position": _("Gemiddelde plaats"), "exact": _("Precies goed"),
            "followup": _("Opfrisser"), "workshop_percentage": _("Percentage in de workshop"),
            "moved_to_best": _("Naar het bedoelde antwoord"), "stayed": _("Gebleven"), "moved_away": _("Er vanaf"),
            "count": _("Aantal"),
            "reaction": _("Reactie huurder"), "left_out": _("Weggelaten"),
            "scene": _("Scène"), "followed": _("Gevolgd")}


def row_types() -> dict[str, str]:
    """Row types of the host's own rows (not a kind's): a follow-up's."""
    return {"followup": _("Opfrisser")}


def readable(row: dict) -> dict:
    """A row as people read it (CSV, XLSX): the kind, the row type and the tag in Dutch words, never a code such as
    `pitfall:cutting-off` (the JSON keeps the codes)."""
    kind = kind_of(row["kind"])
    tag, code = row.get("tag"), row.get("row")
    return row | {"kind": str(kind.label), "row": row_types().get(code) or kind.row_label(code),
                  "tag": tag_labels().get(tag, tag) if tag else ""}


def dutch_date(moment: datetime | None, with_time: bool = False) -> str:
    """Dates in texts and sheets people read: dd-mm-jjjj (with the time in UTC, hh:mm); JSON keeps ISO 8601."""
    if moment is None:
        return ""
    return moment.strftime("%d-%m-%Y %H:%M" if with_time else "%d-%m-%Y")


def now_iso() -> str:
    return iso(datetime.now(timezone.utc).replace(tzinfo=None))


def _exercise_columns(workshop: Workshop, run) -> dict:
    content = run.content
    return {"workshop": workshop.code, "workshop_title": workshop.title, "team": workshop.team,
            "workshop_date": dutch_date(workshop.created), "exercise_number": run.position + 1,
            "exercise_id": run.exercise_id, "kind": run.kind, "exercise_title": run.title,
            "question": kind_of(run.kind).question(content)}


def tip_row(base: dict, tip: ArchiveTip) -> dict:
    """`base`: the exercise's columns (_exercise_columns), computed once per exercise."""
    return base | {
        "row": "tip", "id": tip.id, "text": tip.text, "curated_text": tip.curated_text or "", "votes": tip.votes,
        "total": None, "percentage": None, "tag": tip.tag or "", "best": None, "hidden": tip.hidden,
        "starred": tip.starred, "group": tip.group, "created": dutch_date(tip.created, with_time=True)}


def workshop_tips(workshop: Workshop) -> list[ArchiveTip]:
    """The workshop's tips as the archive knows them (groups, curation), most upvoted first, ties newest first."""
    tips = load_archive(workshop.organisation_id, workshop_id=workshop.id)
    return sorted(tips, key=lambda t: (t.votes, t.id), reverse=True)


def workshop_rows(workshop: Workshop) -> list[dict]:
    """Every exercise's rows in exercise order (one per tip, one per case option): the kind writes them."""
    tips = workshop_tips(workshop)
    rows = []
    for run in workshop.runs:
        rows += kind_of(run.kind).export_rows(_exercise_columns(workshop, run), run,
                                              [t for t in tips if t.run_id == run.id])
    return rows + followup_rows(workshop)


def archive_workshops(organisation_id: int, filters: Filters) -> list[Workshop]:
    """The organisation's workshops that the date and workshop filters let through, oldest first."""
    workshops = db.session.scalars(select(Workshop).where(Workshop.organisation_id == organisation_id)
                                   .order_by(Workshop.created, Workshop.id)).all()
    return [w for w in workshops
            if (filters.workshop is None or w.code == filters.workshop)
            and (filters.date_from is None or w.created.date() >= filters.date_from)
            and (filters.date_to is None or w.created.date() <= filters.date_to)]


def archive_rows(organisation_id: int, filters: Filters, sync: bool = True) -> list[dict]:
    """The archive's matching tips (in the chosen order), then the results of the matching workshops' other
    exercises, such as cases (only without a search text: they have no tips to search)."""
    every_workshop = {w.id: w for w in archive_workshops(organisation_id, Filters())}
    bases = {run.id: _exercise_columns(w, run) for w in every_workshop.values() for run in w.runs}
    rows = [tip_row(bases[tip.run_id], tip)
            for tip in sort_tips(load_archive(organisation_id, filters, sync=sync), filters.sort)]
    if not filters.q:
        for workshop in archive_workshops(organisation_id, filters):
            for run in workshop.runs:
                if not kind_of(run.kind).in_archive and filters.prompt in (None, run.exercise_id):
                    rows += kind_of(run.kind).export_rows(_exercise_columns(workshop, run), run, [])
    return rows


def csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("ja") if value else _("nee")
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    text = str(value)
    if isinstance(value, str) and text.startswith(FORMULA_START):
        return "'" + text  # a tip "=HYPERLINK(...)" stays text in Excel (CSV injection)
    return text


def csv_bytes(rows: list[dict]) -> bytes:
    """UTF-8 with BOM, `;`-separated, one header row, CRLF line ends (what Excel writes itself)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=CSV_DELIMITER, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    labels = column_labels()
    writer.writerow([labels[c] for c in COLUMNS])
    for row in map(readable, rows):
        writer.writerow([csv_value(row.get(c)) for c in COLUMNS])
    return "\ufeff".encode("utf-8") + out.getvalue().encode("utf-8")


def workshop_document(workshop: Workshop) -> dict:
    """The REST results document plus dates, the title and the archive's curation of every tip."""
    tips = {t.id: t for t in workshop_tips(workshop)}
    exercises = []
    for run in workshop.runs:
        exercises.append(base_entry(run) | kind_of(run.kind).document_entry(run, tips))
    return {"code": workshop.code, "title": workshop.title, "status": workshop.status, "team": workshop.team,
            "created": iso(workshop.created), "ended": iso(workshop.ended), "exported": now_iso(),
            "exercises": exercises, "followups": followups_document(workshop)}


def archive_json(organisation_id: int, filters: Filters, sync: bool = True) -> dict:
    """The archive API's answer for these filters, plus the case results of the matching workshops."""
    tips = sort_tips(load_archive(organisation_id, filters, sync=sync), filters.sort)
    cases = []
    if not filters.q:
        for workshop in archive_workshops(organisation_id, filters):
            for run in workshop.runs:
                if not kind_of(run.kind).in_archive and filters.prompt in (None, run.exercise_id):
                    entry = base_entry(run) | kind_of(run.kind).document_entry(run, {})
                    cases.append({"workshop": workshop.code, "workshop_title": workshop.title,
                                  "date": workshop.created.date().isoformat()} | entry)
    organisation = db.session.get(Organisation, organisation_id)
    return {"organisation": organisation.name, "exported": now_iso(),
            "filters": {"q": filters.q, "prompt": filters.prompt,
                        "from": filters.date_from.isoformat() if filters.date_from else None,
                        "to": filters.date_to.isoformat() if filters.date_to else None},
            "total": len(tips), "tips": [t.as_json() for t in tips], "cases": cases}


# --- whole-archive exports, made in an offload worker process (offload.in_app_process) --------------------------

def archive_csv_file(organisation_id: int, filters: Filters) -> bytes:
    return csv_bytes(archive_rows(organisation_id, filters, sync=False))


def archive_json_file(organisation_id: int, filters: Filters) -> bytes:
    document = archive_json(organisation_id, filters, sync=False)
    return json.dumps(document, ensure_ascii=False).encode("utf-8")

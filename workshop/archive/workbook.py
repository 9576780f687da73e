"""XLSX exports (openpyxl): one sheet per exercise, for a workshop or for the archive.

Each sheet starts with the exercise's title and question, then a table with a header row (frozen, filterable).
Percentages are real numbers formatted as percentages, so Excel can calculate with them.
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from exercises.kinds import kind_of
from workshop.archive.exports import column_labels, readable
from workshop.followup.exports import followup_sheets
from workshop.text import for_spreadsheet

WIDTHS = {"text": 60, "curated_text": 40, "tag": 22, "created": 21, "workshop": 11}
TABLE_ROW = 5  # the header row; title, question and subtitle above it
PERCENTAGES = ("percentage", "workshop_percentage")  # stored as 0-100, shown by Excel as a percentage
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def _fit(text: str, limit: int) -> str:
    """At most `limit` characters, cut between words (with "…"), never in the middle of one."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit - 1]
    if " " in cut and not text[limit - 1].isspace():
        cut = cut[:cut.rindex(" ")]
    return cut.rstrip(" .,;-") + "…"


def sheet_title(number: int, title: str, taken: set[str]) -> str:
    """Excel allows 31 characters and no []:*?/\\ in a sheet name, and every name once; a long title is cut
    between words."""
    base = _BAD_SHEET_CHARS.sub(" ", for_spreadsheet(f"{number}. {title}")).strip()
    name, suffix = _fit(base, 31), 2
    while name.casefold() in taken:
        tail = f" ({suffix})"
        name, suffix = _fit(base, 31 - len(tail)) + tail, suffix + 1
    taken.add(name.casefold())
    return name


def _cell_value(key: str, value):
    if value is None:
        return None
    if isinstance(value, str):
        return for_spreadsheet(value)
    if isinstance(value, bool):
        return _("ja") if value else _("nee")
    if key in PERCENTAGES:
        return value / 100.0
    return value


def _fill_sheet(sheet, heading: str, question: str, subtitle: str, columns: tuple[str, ...],
                rows: list[dict]) -> None:
    labels = column_labels()
    for ref, text in (("A1", heading), ("A2", question), ("A3", subtitle)):
        sheet[ref] = for_spreadsheet(text)
        sheet[ref].data_type = "s"
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A2"].alignment = Alignment(wrap_text=False)
    sheet["A3"].font = Font(italic=True)
    for col, key in enumerate(columns, start=1):
        cell = sheet.cell(row=TABLE_ROW, column=col, value=labels[key])
        cell.font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(col)].width = WIDTHS.get(key, 12)
    for offset, row in enumerate(map(readable, rows), start=1):
        for col, key in enumerate(columns, start=1):
            value = _cell_value(key, row.get(key))
            cell = sheet.cell(row=TABLE_ROW + offset, column=col, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # text stays text: a tip "=HYPERLINK(...)" is never a formula
            if key in PERCENTAGES:
                cell.number_format = "0.0%"
            elif key in ("text", "curated_text"):
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = sheet.cell(row=TABLE_ROW + 1, column=1)
    last = get_column_letter(len(columns))
    sheet.auto_filter.ref = f"A{TABLE_ROW}:{last}{TABLE_ROW + max(len(rows), 1)}"


@dataclass
class Sheet:
    title: str
    question: str
    kind: str
    rows: list[dict] = field(default_factory=list)
    columns: tuple[str, ...] | None = None  # None: the kind's sheet_columns


def workshop_sheets(workshop, rows: list[dict]) -> list[Sheet]:
    """Every exercise of the workshop, in order, also one without tips or votes yet."""
    sheets = []
    for run in workshop.runs:
        sheets.append(Sheet(run.title, kind_of(run.kind).question(run.content), run.kind,
                            [r for r in rows if r["exercise_number"] == run.position + 1]))
    return sheets + followup_sheets(workshop, rows, Sheet)


def archive_sheets(rows: list[dict]) -> list[Sheet]:
    """One sheet per exercise (by id) across workshops, in the order the rows first mention them."""
    sheets: dict[tuple, Sheet] = {}
    for row in rows:
        key = (row["exercise_id"], row["kind"])
        if key not in sheets:
            sheets[key] = Sheet(row["exercise_title"], row["question"], row["kind"])
        sheets[key].rows.append(row)
    return list(sheets.values())


def summary_rows(workshop) -> list[dict]:
    """The first sheet's rows: per exercise the figure that matters, as the kind says it (read in the request)."""
    rows = []
    for run in workshop.runs:
        kind = kind_of(run.kind)
        summary = kind.summary(run)
        rows.append({"number": run.position + 1, "title": run.title, "kind": str(kind.label),
                     "counted": summary["counted"], "headline": summary["headline"]})
    return rows


def _fill_summary(sheet, subtitle: str, rows: list[dict]) -> None:
    sheet["A1"] = _("Samenvatting")
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A2"] = for_spreadsheet(subtitle)
    sheet["A2"].data_type = "s"
    headers = (_("Nr."), _("Oefening"), _("Soort"), _("Aantal"), _("Uitkomst"))
    for col, (text, width) in enumerate(zip(headers, (6, 45, 16, 16, 70)), start=1):
        sheet.cell(row=4, column=col, value=text).font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(col)].width = width
    for offset, row in enumerate(rows, start=5):
        for col, key in enumerate(("number", "title", "kind", "counted", "headline"), start=1):
            value = row[key] if key == "number" else for_spreadsheet(row[key])
            cell = sheet.cell(row=offset, column=col, value=value)
            if isinstance(value, str):
                cell.data_type = "s"
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A5"


def workbook_bytes(sheets: list[Sheet], subtitle: str, summary: list[dict] | None = None) -> bytes:
    """The workbook; with `summary` (summary_rows) a first sheet "Samenvatting"."""
    book = Workbook()
    book.remove(book.active)
    taken: set[str] = set()
    if summary is not None:
        name = _("Samenvatting")
        _fill_summary(book.create_sheet(name), subtitle, summary)
        taken.add(name.casefold())
    for number, sheet in enumerate(sheets, start=1):
        columns = sheet.columns or kind_of(sheet.kind).sheet_columns
        _fill_sheet(book.create_sheet(sheet_title(number, sheet.title, taken)), sheet.title, sheet.question,
                    subtitle, columns, sheet.rows)
    if not sheets:
        book.create_sheet(_("Leeg"))["A1"] = _("Er zijn (nog) geen tips of stemmen.")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def archive_workbook_file(organisation_id: int, filters, subtitle: str) -> bytes:
    """The filtered archive as a workbook; made in an offload worker process (offload.in_app_process)."""
    from workshop.archive.exports import archive_rows
    return workbook_bytes(archive_sheets(archive_rows(organisation_id, filters, sync=False)), subtitle)

"""Exports in the manager's words: the CSV and the workbook show every tag, kind and row type in Dutch (never a code
such as `pitfall:giving-right`), a word cloud as one row per word with its count, and a first sheet "Samenvatting"
with per exercise the figure that matters; the JSON keeps the codes. The import takes YYYY-MM-DD and DD-MM-YYYY."""
from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from exercises.kinds import KINDS, OPTION_TAGS
from tests.every_kind import build_organisation

CODES = set(OPTION_TAGS) | set(KINDS) | {"tip", "option", "value", "item", "word"}


@pytest.fixture(scope="module")
def org(tmp_path_factory):
    yield from build_organisation(tmp_path_factory)


def _get(org, path: str):
    response = org["client"].get("/api/v1" + path.format(code=org["code"]), headers=org["api"])
    assert response.status_code == 200
    return response


def _csv(org, path: str) -> list[dict]:
    text = _get(org, path).data.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text), delimiter=";"))


@pytest.mark.parametrize("path", ["/workshops/{code}/export.csv", "/archive/export.csv"])
def test_the_csv_speaks_dutch(org, path):
    rows = _csv(org, path)
    for row in rows:
        assert not {row["Soort"], row["Rij"], row["Label"]} & CODES, row
    assert {"Tipvraag", "Casus", "Eigen antwoord", "Woordwolk", "Schaalvraag", "Volgorde"} <= {r["Soort"] for r in rows}
    labels = {r["Label"] for r in rows}
    assert {"Valkuil: de klant gelijk geven", "Handvat: weg van de inhoud"} <= labels
    assert {"Tip", "Optie", "Reactie", "Waarde", "Stap"} <= {r["Rij"] for r in rows}


def test_a_word_cloud_is_one_row_per_word_with_its_count(org):
    words = [r for r in _csv(org, "/workshops/{code}/export.csv") if r["Soort"] == "Woordwolk"]
    assert {r["Tekst"].casefold(): r["Aantal"] for r in words} == {"rust": "2", "geduld": "1"}
    assert all(r["Rij"] == "Woord" for r in words)


def test_the_workbook_starts_with_a_summary_and_speaks_dutch(org):
    book = load_workbook(io.BytesIO(_get(org, "/workshops/{code}/export.xlsx").data))
    assert book.sheetnames[0] == "Samenvatting" and len(book.sheetnames) == 8
    summary = {row[1]: row for row in book["Samenvatting"].iter_rows(min_row=5, values_only=True)}
    case = summary["Vier keer bellen voor één woning"]
    assert case[2] == "Casus" and case[3] == "3 stemmen" and "bedoeld antwoord" in case[4]
    cloud = summary["Woordwolk: een goed gesprek"]
    assert cloud[3] == "3 woorden" and cloud[4].casefold().startswith("rust (2)")
    assert summary["Vier handvatten op volgorde"][4] == "1 van 2 precies in de bedoelde volgorde"
    assert summary["Slecht nieuws brengen: hoe zeker ben je nu, na afloop?"][4].startswith("voor 3,0, na 4,5")
    cells = {str(c) for sheet in book for row in sheet.iter_rows(values_only=True) for c in row if c is not None}
    assert not cells & CODES
    assert "Valkuil: de klant gelijk geven" in cells


def test_the_json_keeps_the_codes(org):
    document = _get(org, "/workshops/{code}/export.json").get_json()
    kinds = [e["kind"] for e in document["exercises"]]
    assert kinds == ["scale", "tips", "case", "respond", "words", "order", "scale"]
    tags = {t.get("tag") for t in document["exercises"][3]["tips"]}
    assert "pitfall:giving-right" in tags


IMPORT = ("vraag;tekst;stemmen;datum\n"
          "Hoe blijf je fris?;Tot tien tellen;2;2025-04-02\n"
          "Hoe blijf je fris?;Even koffie halen;1;02-04-2025\n"
          "Hoe blijf je fris?;Een rondje lopen;0;3-4-2025\n"
          "Hoe blijf je fris?;Water drinken;0;04-04-2025 14:05\n")


def test_the_import_takes_iso_and_dutch_dates(api):
    response = api.client.post("/api/v1/archive/import", data=IMPORT.encode(),
                               headers=api.headers | {"Content-Type": "text/csv"})
    assert response.status_code == 201, response.get_json()
    days = {t["text"]: t["created"][:10] for t in api.get("/archive?limit=10").get_json()["tips"]}
    assert days == {"Tot tien tellen": "2025-04-02", "Even koffie halen": "2025-04-02",
                    "Een rondje lopen": "2025-04-03", "Water drinken": "2025-04-04"}


@pytest.mark.parametrize("day", ["31-02-2025", "2025/04/02", "02-04-25", "april"])
def test_a_date_that_is_neither_is_refused_with_its_line(api, day):
    body = f"vraag;tekst;datum\nHoe blijf je fris?;Tot tien tellen;{day}\n".encode()
    response = api.client.post("/api/v1/archive/import", data=body, headers=api.headers | {"Content-Type": "text/csv"})
    assert response.status_code == 400
    assert "DD-MM-JJJJ" in str(response.get_json()) and "2" in str(response.get_json())

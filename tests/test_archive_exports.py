"""Exports read back as a user's tools would: csv module (Excel's dialect for Dutch), openpyxl, JSON."""
from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from tests.archive_helpers import other_trainer, upvote, vote_case, workshop_with_tips
from tests.conftest import ApiActions

TITLE = "Lastige boodschappen brengen"


@pytest.fixture
def finished(app, api, trainer):
    """A workshop with three tips (one upvoted twice, one hidden) and a case with 3 votes: a, a, b."""
    code, ids = workshop_with_tips(app, trainer, ["Tot tien tellen", "Even koffie halen!", "Café; \"pauze\""],
                                   title=TITLE)
    upvote(app, code, ids[0], 2)
    api.control(code, action="hide_tip", tip_id=ids[2])
    vote_case(app, code, 1, ["a", "a", "b"])
    api.control(code, action="end")
    return code, ids


def read_csv(response) -> list[dict]:
    body = response.get_data()
    assert body.startswith(b"\xef\xbb\xbf"), "UTF-8 byte order mark, so Excel reads the accents right"
    text = body.decode("utf-8-sig")
    assert text.splitlines()[0].count(";") >= 10, "one header row, ;-separated"
    return list(csv.DictReader(io.StringIO(text), delimiter=";"))


def test_workshop_csv(api, finished):
    code, ids = finished
    response = api.get(f"/workshops/{code}/export.csv")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/csv")
    assert "attachment" in response.headers["Content-Disposition"] and code in response.headers["Content-Disposition"]
    rows = read_csv(response)
    tips = [r for r in rows if r["Rij"] == "Tip"]
    options = [r for r in rows if r["Rij"] == "Optie"]
    # most upvoted first, then newest first, as in the results document; ; and " survive the quoting
    assert [r["Tekst"] for r in tips] == ["Tot tien tellen", "Café; \"pauze\"", "Even koffie halen!"]
    top = tips[0]
    assert top["Stemmen"] == "2" and top["Verborgen"] == "nee" and top["Workshop"] == code
    assert top["Workshoptitel"] == TITLE and top["Oefening"] == "fris-blijven" and top["Vraag"].startswith("Hoe")
    assert [r["Verborgen"] for r in tips if r["Tekst"].startswith("Café")] == ["ja"]
    assert len(options) == 5 and all(r["Totaal"] == "3" for r in options)
    by_id = {r["Id"]: r for r in options}
    assert by_id["a"]["Stemmen"] == "2" and by_id["a"]["Percentage"] == "66,7"
    assert by_id["b"]["Percentage"] == "33,3" and by_id["c"]["Percentage"] == "0,0"
    # people read the tags' Dutch names (the JSON export keeps the codes)
    assert by_id["a"]["Label"] == "Valkuil: de discussie afkappen"
    assert by_id["b"]["Label"] == "Handvat: weg van de inhoud"
    assert by_id["a"]["Oefening nr."] == "2" and by_id["a"]["Soort"] == "Casus"


def test_workshop_xlsx_one_sheet_per_exercise(api, finished):
    code, _ids = finished
    response = api.get(f"/workshops/{code}/export.xlsx")
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    book = load_workbook(io.BytesIO(response.get_data()))
    assert book.sheetnames == ["Samenvatting", "1. Fris blijven", "2. Vier keer bellen voor één…"]  # 31 chars
    summary, tips, case = book.worksheets
    assert summary["A1"].value == "Samenvatting"
    assert [c.value for c in summary[4]] == ["Nr.", "Oefening", "Soort", "Aantal", "Uitkomst"]
    assert [c.value for c in summary[5]][:4] == [1, "Fris blijven", "Tipvraag", "2 tips"]  # the hidden tip not
    assert [c.value for c in summary[6]][:4] == [2, "Vier keer bellen voor één woning", "Casus", "3 stemmen"]
    assert "meeste stemmen: A (67%)" in summary["E6"].value
    assert tips["A1"].value == "Fris blijven" and tips["A2"].value.startswith("Hoe blijf jij fris")
    header = [c.value for c in tips[5]]
    assert header[:4] == ["Id", "Tekst", "Verbeterde tekst", "Stemmen"]
    texts = {row[1]: row for row in tips.iter_rows(min_row=6, values_only=True)}
    assert texts["Tot tien tellen"][3] == 2
    assert texts["Café; \"pauze\""][5] == "ja"  # hidden
    header = [c.value for c in case[5]]
    assert header[:5] == ["Id", "Tekst", "Label", "Stemmen", "Percentage"]
    options = {row[0]: row for row in case.iter_rows(min_row=6, values_only=True)}
    assert options["a"][2] == "Valkuil: de discussie afkappen" and options["a"][3] == 2
    assert options["a"][4] == pytest.approx(0.667, abs=0.001)
    assert case.cell(row=6, column=5).number_format == "0.0%"


def test_workshop_json(api, finished):
    code, ids = finished
    response = api.get(f"/workshops/{code}/export.json")
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    document = response.get_json()
    assert document["code"] == code and document["title"] == TITLE and document["status"] == "ended"
    assert document["created"].endswith("Z") and document["ended"].endswith("Z")
    results = api.get(f"/workshops/{code}/results").get_json()
    tips, case = document["exercises"]
    assert [t["id"] for t in tips["tips"]] == [t["id"] for t in results["exercises"][0]["tips"]]
    assert tips["tips"][0]["text"] == "Tot tien tellen" and tips["tips"][0]["votes"] == 2
    assert all(t["created"].endswith("Z") for t in tips["tips"])
    assert case["total"] == 3
    a = [o for o in case["options"] if o["id"] == "a"][0]
    assert a["votes"] == 2 and a["percentage"] == 66.7 and a["tag"] == "pitfall:cutting-off"


def test_empty_workshop_exports_still_have_every_exercise(api):
    code = api.create_workshop(["fris-blijven", "vier-keer-bellen"])["code"]
    rows = read_csv(api.get(f"/workshops/{code}/export.csv"))
    assert all(r["Rij"] == "Optie" and r["Percentage"] == "0,0" for r in rows) and len(rows) == 5
    book = load_workbook(io.BytesIO(api.get(f"/workshops/{code}/export.xlsx").get_data()))
    assert len(book.sheetnames) == 3  # the summary and one sheet per exercise


def test_archive_exports_follow_the_filters(app, api, trainer, finished):
    code, _ids = finished
    other_code, _ = workshop_with_tips(app, trainer, ["Koffie of thee aanbieden"], title="Tweede workshop")
    rows = read_csv(api.get("/archive/export.csv"))
    assert {r["Tekst"] for r in rows if r["Rij"] == "Tip"} == {
        "Tot tien tellen", "Even koffie halen!", "Café; \"pauze\"", "Koffie of thee aanbieden"}
    assert len([r for r in rows if r["Rij"] == "Optie"]) == 10  # both workshops have the case
    searched = read_csv(api.get("/archive/export.csv?q=koffie"))
    assert {r["Tekst"] for r in searched} == {"Even koffie halen!", "Koffie of thee aanbieden"}
    assert {r["Workshop"] for r in searched} == {code, other_code}

    book = load_workbook(io.BytesIO(api.get("/archive/export.xlsx").get_data()))
    assert book.sheetnames[0] == "1. Fris blijven" and len(book.sheetnames) == 2
    tip_texts = {row[1] for row in book.worksheets[0].iter_rows(min_row=6, values_only=True)}
    assert "Koffie of thee aanbieden" in tip_texts and "Tot tien tellen" in tip_texts

    document = api.get("/archive/export.json?q=koffie").get_json()
    assert document["organisation"] == "Woonstad Voorbeeld" and document["total"] == 2
    assert {t["text"] for t in document["tips"]} == {"Even koffie halen!", "Koffie of thee aanbieden"}
    document = api.get("/archive/export.json").get_json()
    assert {c["workshop"] for c in document["cases"]} == {code, other_code}
    finished_case = [c for c in document["cases"] if c["workshop"] == code][0]
    assert {o["id"]: o["percentage"] for o in finished_case["options"]}["a"] == 66.7
    assert api.get("/archive/export.csv?from=1-1-2025").get_json()["error"] == "invalid_date"


def test_exports_of_another_organisation_are_404(app, api, finished, client):
    code, _ids = finished
    stranger = ApiActions(client, other_trainer(app).token)
    for extension in ("csv", "xlsx", "json"):
        response = stranger.get(f"/workshops/{code}/export.{extension}")
        assert response.status_code == 404 and response.get_json()["error"] == "not_found"
        assert client.get(f"/api/v1/workshops/{code}/export.{extension}").status_code == 401
    assert read_csv(stranger.get("/archive/export.csv")) == []
    assert stranger.get("/archive/export.json").get_json()["total"] == 0


def test_exports_work_with_the_trainers_session(app, trainer, auth, client, finished):
    code, _ids = finished
    auth.login()
    page = client.get(f"/facilitator/archive/workshops/{code}").get_data(as_text=True)
    for extension in ("csv", "xlsx", "json"):
        assert f"/api/v1/workshops/{code}/export.{extension}" in page
        assert client.get(f"/api/v1/workshops/{code}/export.{extension}").status_code == 200


def test_tips_that_look_like_formulas_stay_text(app, api, trainer):
    code, _ids = workshop_with_tips(app, trainer, ['=HYPERLINK("http://example.org";"klik")', "+31 6 bellen",
                                                   "- even koffie"])
    rows = read_csv(api.get(f"/workshops/{code}/export.csv"))
    assert {r["Tekst"] for r in rows if r["Rij"] == "Tip"} == {
        '\'=HYPERLINK("http://example.org";"klik")', "'+31 6 bellen", "'- even koffie"}
    book = load_workbook(io.BytesIO(api.get(f"/workshops/{code}/export.xlsx").get_data()))
    cells = [row[1] for row in book.worksheets[1].iter_rows(min_row=6)]  # after the summary
    assert {c.value for c in cells} == {'=HYPERLINK("http://example.org";"klik")', "+31 6 bellen", "- even koffie"}
    assert all(c.data_type == "s" for c in cells), "never a formula"

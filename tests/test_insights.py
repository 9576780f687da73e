"""The organisation's insights against hand-counted fixtures (tests/insights_data.py): changed votes count the
last only, several workshops and teams, Amsterdam months, a paired scale, empty periods, filters and bad input,
another organisation's votes, and the CSV."""
from __future__ import annotations

import pytest

from tests import factories
from tests.conftest import ApiActions
from tests.insights_data import END, START, THI, VKB, organisation_app, seed
from workshop import offload


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    """One hand-counted organisation for the whole file (read-only tests)."""
    with organisation_app(tmp_path_factory.mktemp("insights")) as app:
        trainer = factories.make_trainer(app)
        other = factories.make_trainer(app, email="trainer@anders.example", organisation="Andere Corporatie")
        codes = seed(app, trainer, other)
        yield app, trainer, other, codes
        offload.stop_workers()


@pytest.fixture
def api(seeded):
    app, trainer, _other, _codes = seeded
    return ApiActions(app.test_client(), trainer.token)


@pytest.fixture
def client(seeded):
    return seeded[0].test_client()


def figures(api, query: str = "") -> dict:
    response = api.get(f"/insights{query}")
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_the_whole_organisation_hand_counted(api, seeded):
    found = figures(api)
    assert (found["workshops"], found["participants"], found["votes"]) == (4, 8, 9)
    assert found["best_share"] == 0.333  # 3 of 9: two b's in the first workshop (one a changed to b), one e
    assert found["tags"] == [
        {"tag": "pitfall:cutting-off", "votes": 2, "share": 0.222},
        {"tag": "handle:feeling", "votes": 2, "share": 0.222},
        {"tag": "pitfall:giving-right", "votes": 1, "share": 0.111},
        {"tag": "pitfall:explaining", "votes": 1, "share": 0.111},
        {"tag": "handle:facts", "votes": 1, "share": 0.111},
        {"tag": "handle:possible", "votes": 1, "share": 0.111},
        {"tag": "handle:round-off", "votes": 1, "share": 0.111}]
    vkb, thi = found["cases"]
    assert (vkb["exercise_id"], vkb["title"], vkb["workshops"], vkb["votes"], vkb["best_share"],
            vkb["top_pitfall"]) == (VKB, "Vier keer bellen voor één woning", 3, 7, 0.286, "pitfall:cutting-off")
    assert [(o["id"], o["tag"], o["votes"], o["share"]) for o in vkb["options"]] == [
        ("a", "pitfall:cutting-off", 2, 0.286), ("b", "handle:feeling", 2, 0.286),
        ("c", "pitfall:giving-right", 1, 0.143), ("d", "handle:facts", 1, 0.143), ("e", "handle:round-off", 1, 0.143)]
    assert (thi["exercise_id"], thi["workshops"], thi["votes"], thi["best_share"], thi["top_pitfall"]) == (
        THI, 1, 2, 0.5, "pitfall:explaining")
    # The third workshop began 31 March 23:30 UTC: in Amsterdam that is April.
    assert found["months"] == [
        {"month": "2026-03", "workshops": 1, "votes": 5, "best_share": 0.6, "pitfall_share": 0.4},
        {"month": "2026-04", "workshops": 2, "votes": 4, "best_share": 0.0, "pitfall_share": 0.5}]
    assert found["teams"] == [
        {"team": "Klantcontact", "workshops": 2, "votes": 5, "best_share": 0.6},
        {"team": "Wijkbeheer", "workshops": 1, "votes": 3, "best_share": 0.0},
        {"team": None, "workshops": 1, "votes": 1, "best_share": 0.0}]
    assert found["scales"] == [{"exercise_id": END, "pair": START, "workshops": 1, "paired": 2,
                                "before_mean": 2.5, "after_mean": 4.5}]


def test_another_organisation_sees_only_its_own(client, seeded):
    found = figures(ApiActions(client, seeded[2].token))
    assert (found["workshops"], found["participants"], found["votes"]) == (1, 2, 0 + 2)
    assert found["tags"] == [{"tag": "pitfall:cutting-off", "votes": 2, "share": 1.0}]
    assert found["teams"] == [{"team": "Klantcontact", "workshops": 1, "votes": 2, "best_share": 0.0}]


@pytest.mark.parametrize(("query", "expected"), [
    ("?team=Klantcontact", (2, 4, 5, ["2026-03"], ["Klantcontact"], 0)),
    ("?from=2026-04-01", (3, 5, 4, ["2026-04"], ["Klantcontact", "Wijkbeheer", None], 1)),
    ("?to=2026-03-31", (1, 3, 5, ["2026-03"], ["Klantcontact"], 0)),
    ("?exercise=te-hoog-inkomen", (1, 3, 2, ["2026-03"], ["Klantcontact"], 0)),
    ("?exercise=zeker-slecht-nieuws-eind&team=Wijkbeheer", (1, 3, 0, [], ["Wijkbeheer"], 1)),
    ("?from=2025-01-01&to=2025-12-31", (0, 0, 0, [], [], 0)),
    ("?team=Niemand", (0, 0, 0, [], [], 0)),
    ("?from=&to=&team=&exercise=", (4, 8, 9, ["2026-03", "2026-04"], ["Klantcontact", "Wijkbeheer", None], 1)),
    ("?from=0001-01-01&to=9999-12-31", (4, 8, 9, ["2026-03", "2026-04"], ["Klantcontact", "Wijkbeheer", None], 1)),
    ("?exercise=nooit-gebruikt", (0, 0, 0, [], [], 0)),
])
def test_filters(api, seeded, query, expected):
    found = figures(api, query)
    assert (found["workshops"], found["participants"], found["votes"], [m["month"] for m in found["months"]],
            [t["team"] for t in found["teams"]], len(found["scales"])) == expected
    if not found["votes"]:
        assert (found["best_share"], found["tags"], found["cases"]) == (0.0, [], [])
    if "exercise=te-hoog" in query:
        assert [c["exercise_id"] for c in found["cases"]] == [THI]


@pytest.mark.parametrize(("query", "code"), [
    ("?from=2026-13-01", "invalid_date"), ("?to=31-03-2026", "invalid_date"), ("?from=yesterday", "invalid_date"),
    ("?from=2026-05-01&to=2026-04-01", "invalid_period"), ("?team=" + "x" * 61, "invalid_filter"),
    ("?exercise=../../etc", "invalid_filter"), ("?exercise=%F0%9F%92%A9", "invalid_filter"),
])
def test_bad_filters_are_400_json(api, seeded, query, code):
    for path in ("/insights", "/insights.csv"):
        response = api.get(f"{path}{query}")
        assert response.status_code == 400
        assert response.get_json()["error"] == code and response.get_json()["message"]


def test_insights_need_a_trainer(client):
    for path in ("/api/v1/insights", "/api/v1/insights.csv"):
        response = client.get(path)
        assert response.status_code == 401 and response.get_json()["error"] == "unauthorized"
        response = client.get(path, headers={"Authorization": "Bearer wrong"})
        assert response.status_code == 401


def test_the_csv_download(api, seeded):
    response = api.get("/insights.csv?team=Klantcontact")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    body = response.get_data()
    assert body.startswith("\ufeff".encode("utf-8"))
    lines = body.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Onderdeel;Sleutel;Titel;Label;Workshops;Deelnemers;Stemmen;Aandeel")
    rows = [line.split(";") for line in lines[1:]]
    assert rows[0][:7] == ["totaal", "", "", "", "2", "4", "5"] and rows[0][8] == "0,600"
    assert ["maand", "2026-03", "", "", "1", "", "5", "", "0,600", "0,400"] == rows[1][:10]
    labels = {row[1]: row[3] for row in rows if row[0] == "label"}
    assert labels["pitfall:giving-right"] == "Valkuil: de klant gelijk geven"
    assert any(row[0] == "casus" and row[1] == VKB and row[10] == "Valkuil: de klant gelijk geven" for row in rows)
    assert any(row[0] == "team" and row[1] == "Klantcontact" for row in rows)


def test_the_csv_in_english(api, seeded):
    response = api.client.get("/api/v1/insights.csv?lang=en", headers=api.headers)
    header = response.get_data().decode("utf-8-sig").splitlines()[0]
    assert header.startswith("Section;Key;Title;Label;Workshops;Participants;Votes;Share")


def logged_in(seeded):
    from tests.conftest import AuthActions
    client = seeded[0].test_client()
    AuthActions(client).login()
    return client


def test_the_page_draws_every_chart_with_its_text_alternative_and_table(seeded):
    client = logged_in(seeded)
    response = client.get("/facilitator/insights")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    for chart in ("months", "tags", "teams", "scales"):
        assert f'data-testid="chart-{chart}"' in page
        assert f'aria-labelledby="{chart}-chart-title {chart}-chart-desc"' in page
        assert f'<desc id="{chart}-chart-desc">' in page
    for table in ("months", "tags", "cases", "teams", "scales"):
        assert f'data-testid="table-{table}"' in page
    assert "2026-03: bedoeld antwoord 60%, valkuil 40%" in page  # the line chart's text alternative
    assert "Valkuil: de discussie afkappen: 22% van 2 stemmen" in page
    assert "33% <span class=\"n\">(9 stemmen)</span>" in page  # every share with its number of votes
    assert 'class="small-n"' in page  # shares on fewer than 10 votes are greyed out
    assert "/api/v1/insights.csv" in page and "<script" not in page
    # Readable in greyscale: the lines differ by marker shape (and dash, in the CSS), pitfall bars carry a hatch.
    assert page.count('<circle class="marker marker-best') == 2
    assert page.count('<rect class="marker marker-pitfall') == 2
    assert page.count('class="bar-hatch"') == 3  # three pitfall tags were chosen


def test_the_page_filters_sorts_and_reports_a_bad_filter(seeded):
    client = logged_in(seeded)
    page = client.get("/facilitator/insights?team=Wijkbeheer&sort=title&order=asc").get_data(as_text=True)
    assert '<option value="Wijkbeheer" selected>' in page and 'aria-sort="ascending"' in page
    assert "/api/v1/insights.csv?team=Wijkbeheer" in page
    assert 'data-exercise="te-hoog-inkomen"' not in page  # that case ran for Klantcontact only
    sorted_page = client.get("/facilitator/insights?sort=votes&order=asc").get_data(as_text=True)
    assert sorted_page.index('data-exercise="te-hoog-inkomen"') < sorted_page.index('data-exercise="vier-keer-bellen"')
    response = client.get("/facilitator/insights?from=2026-02-30")
    assert response.status_code == 400 and 'data-testid="filter-problem"' in response.get_data(as_text=True)
    empty = client.get("/facilitator/insights?from=2020-01-01&to=2020-01-31").get_data(as_text=True)
    assert 'data-testid="insights-empty"' in empty and 'data-testid="chart-months"' not in empty
    assert seeded[0].test_client().get("/facilitator/insights").status_code == 302  # to the login

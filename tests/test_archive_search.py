"""The archive: every tip of the organisation, searchable ignoring case and accents, filtered by prompt and date."""
from __future__ import annotations

from datetime import datetime

import pytest

from tests import factories
from tests.archive_helpers import age_workshop, other_trainer, upvote, workshop_with_tips
from tests.conftest import ApiActions
from workshop.archive.text import comparable, fold, matches, search_terms

TIPS = ["Even koffie halen!", "Naar het café om de hoek", "Tot tien tellen", "Koffiepauze nemen met een collega",
        "Rondje lopen", "CAFE-bezoek na het werk"]


@pytest.mark.parametrize("query, text", [
    ("koffie", "Even koffie halen!"), ("KOFFIE", "Even koffie halen!"), ("Koffie", "even KOFFIE halen"),
    ("cafe", "Naar het café om de hoek"), ("café", "Naar het cafe om de hoek"), ("CAFÉ", "café"),
    ("koffie", "Koffiepauze nemen"), ("tien tellen", "Tot tien tellen voor je reageert"),
    ("reeel", "Een reëel verwachtingspatroon"), ("een", "Eén ding tegelijk"),
])
def test_search_ignores_case_and_accents_and_finds_words_inside_tips(query, text):
    assert matches(search_terms(query), text)


@pytest.mark.parametrize("query, text", [
    ("koffie", "Even thee halen"), ("tien tellen", "Tot tien wachten"), ("cafe", "Naar de kantine"),
])
def test_search_does_not_find_what_is_not_there(query, text):
    assert not matches(search_terms(query), text)


def test_normalisation_for_grouping():
    assert fold("Café ÉÉN Reëel") == "cafe een reeel"
    assert comparable("Tot TIEN tellen!!!") == comparable("tot 10 tellen") == "tot 10 tellen"
    assert comparable("Even een kop koffie halen") == "kop koffie halen"  # filler words dropped
    assert comparable("Eén ding") == "1 ding" and comparable("een ding") == "ding"  # "een" is an article
    assert comparable("  ...!  ") == ""


def test_every_tip_is_in_the_archive_with_its_details(app, api, trainer):
    code, ids = workshop_with_tips(app, trainer, TIPS)
    upvote(app, code, ids[0], 3)
    body = api.get("/archive").get_json()
    assert body["total"] == len(TIPS)
    by_id = {tip["id"]: tip for tip in body["tips"]}
    assert set(by_id) == set(ids)
    coffee = by_id[ids[0]]
    assert set(coffee) >= {"id", "text", "votes", "hidden", "prompt", "exercise_id", "workshop", "created", "group"}
    assert coffee["text"] == "Even koffie halen!" and coffee["votes"] == 3 and coffee["hidden"] is False
    assert coffee["exercise_id"] == "fris-blijven" and coffee["prompt"].startswith("Hoe blijf jij fris")
    assert coffee["workshop"] == code
    assert datetime.fromisoformat(coffee["created"].replace("Z", "+00:00")).year >= 2024
    assert all(tip["group"] is None or isinstance(tip["group"], int) for tip in body["tips"])
    # nothing that identifies a participant
    assert not any(key in coffee for key in ("participant", "participant_id", "name", "token"))


@pytest.mark.parametrize("query, expected", [
    ("koffie", {"Even koffie halen!", "Koffiepauze nemen met een collega"}),
    ("KOFFIE", {"Even koffie halen!", "Koffiepauze nemen met een collega"}),
    ("cafe", {"Naar het café om de hoek", "CAFE-bezoek na het werk"}),
    ("Café", {"Naar het café om de hoek", "CAFE-bezoek na het werk"}),
    ("koffie collega", {"Koffiepauze nemen met een collega"}),
    ("tellen", {"Tot tien tellen"}),
    ("thee", set()),
    ("om", {"Naar het café om de hoek"}),  # shorter than the word index: scanned
    ("na het", {"Naar het café om de hoek", "CAFE-bezoek na het werk"}),
])
def test_archive_api_search(app, api, trainer, query, expected):
    workshop_with_tips(app, trainer, TIPS)
    body = api.get(f"/archive?q={query}").get_json()
    assert {tip["text"] for tip in body["tips"]} == expected
    assert body["total"] == len(expected)


def test_search_also_finds_the_corrected_text(app, api, trainer):
    _code, ids = workshop_with_tips(app, trainer, ["Kofie haalen"])
    assert api.get("/archive?q=koffie").get_json()["total"] == 0
    api.post("/archive/curate", {"action": "edit", "tip_id": ids[0], "text": "Koffie halen"})
    found = api.get("/archive?q=koffie").get_json()["tips"]
    assert [(t["text"], t["curated_text"]) for t in found] == [("Kofie haalen", "Koffie halen")]


def test_a_deleted_workshop_leaves_no_words_behind_in_the_search_index(app, api, trainer):
    code, _ids = workshop_with_tips(app, trainer, ["Zwijgen als het graf"])
    _other, _more = workshop_with_tips(app, trainer, ["Eerst luisteren"])
    assert api.get("/archive?q=graf").get_json()["total"] == 1
    assert api.client.delete(f"/api/v1/workshops/{code}", headers=api.headers).status_code in (200, 204)
    assert api.get("/archive?q=graf").get_json()["total"] == 0
    with app.app_context():
        from sqlalchemy import text

        from workshop.models import db
        if db.engine.dialect.name == "sqlite":  # the FTS5 word index (migration 0012) forgot the deleted words
            assert db.session.execute(text("SELECT count(*) FROM archive_fts WHERE archive_fts MATCH 'graf'")
                                      ).scalar() == 0
            assert db.session.execute(text("SELECT count(*) FROM archive_fts WHERE archive_fts MATCH 'luisteren'")
                                      ).scalar() == 1


def test_filter_by_prompt_and_dates(app, api, trainer):
    old_code, _ = workshop_with_tips(app, trainer, ["Koffie halen in maart"])
    age_workshop(app, old_code, 60)
    new_code, _ = workshop_with_tips(app, trainer, ["Koffie halen vandaag"])
    no_code, _ = workshop_with_tips(app, trainer, ["Dat kan ik helaas niet veranderen"],
                                    exercises=("nee-zeggen",))
    everything = api.get("/archive").get_json()
    assert everything["total"] == 3
    assert [t["workshop"] for t in everything["tips"]] == [no_code, new_code, old_code]  # newest first

    only_fresh = api.get("/archive?prompt=fris-blijven").get_json()
    assert {t["workshop"] for t in only_fresh["tips"]} == {old_code, new_code}
    only_no = api.get("/archive?prompt=nee-zeggen").get_json()
    assert [t["text"] for t in only_no["tips"]] == ["Dat kan ik helaas niet veranderen"]

    old_day = [t for t in everything["tips"] if t["workshop"] == old_code][0]["created"][:10]
    new_day = [t for t in everything["tips"] if t["workshop"] == new_code][0]["created"][:10]
    assert {t["workshop"] for t in api.get(f"/archive?to={old_day}").get_json()["tips"]} == {old_code}
    assert {t["workshop"] for t in api.get(f"/archive?from={new_day}").get_json()["tips"]} == {new_code, no_code}
    between = api.get(f"/archive?from={old_day}&to={old_day}&q=koffie").get_json()
    assert [t["text"] for t in between["tips"]] == ["Koffie halen in maart"]


@pytest.mark.parametrize("query", ["from=31-12-2025", "to=2025-13-01", "from=gisteren", "to=2025-1-1"])
def test_bad_dates_are_a_400_with_a_dutch_message(api, query):
    response = api.get(f"/archive?{query}")
    assert response.status_code == 400
    body = response.get_json()
    assert body["error"] == "invalid_date" and "JJJJ-MM-DD" in body["message"]


def test_sort_by_votes_and_paging(app, api, trainer):
    code, ids = workshop_with_tips(app, trainer, ["Eerste", "Tweede", "Derde"])
    upvote(app, code, ids[1], 2)
    upvote(app, code, ids[2], 1)
    by_votes = api.get("/archive?sort=votes").get_json()["tips"]
    assert [t["text"] for t in by_votes] == ["Tweede", "Derde", "Eerste"]
    page = api.get("/archive?sort=votes&limit=1&offset=1").get_json()
    assert page["total"] == 3 and [t["text"] for t in page["tips"]] == ["Derde"]
    assert api.get("/archive?sort=random").get_json()["error"] == "invalid"
    assert api.get("/archive?limit=-1").status_code == 400


def test_hidden_tips_are_in_the_archive_marked_hidden(app, api, trainer):
    code, ids = workshop_with_tips(app, trainer, ["Goede tip", "Vrijdagmiddagborrel!!"])
    factories.control(app, code, action="hide_tip", tip_id=ids[1])
    tips = {t["text"]: t["hidden"] for t in api.get("/archive").get_json()["tips"]}
    assert tips == {"Goede tip": False, "Vrijdagmiddagborrel!!": True}


def test_the_archive_is_the_callers_organisation_only(app, api, trainer, client):
    workshop_with_tips(app, trainer, ["Alleen voor Woonstad"])
    stranger = ApiActions(client, other_trainer(app).token)
    assert stranger.get("/archive").get_json() == {"total": 0, "tips": []}
    assert stranger.get("/archive?q=woonstad").get_json()["total"] == 0
    assert client.get("/api/v1/archive").status_code == 401


def test_archive_page_searches_and_shows_groups(app, trainer, auth, client):
    workshop_with_tips(app, trainer, ["Top 10 tellen", "tot tien tellen", "10 tellen!", "Even koffie halen!",
                                      "Naar het café"])
    assert client.get("/facilitator/archive").status_code == 302  # login first
    auth.login()
    page = client.get("/facilitator/archive?q=koffie").get_data(as_text=True)
    assert "Even koffie halen!" in page and "tot tien tellen" not in page
    page = client.get("/facilitator/archive?q=CAFE").get_data(as_text=True)
    assert "Naar het café" in page
    page = client.get("/facilitator/archive").get_data(as_text=True)
    assert "Groep van 3 vergelijkbare tips" in page
    response = client.get("/facilitator/archive?from=morgen")
    assert response.status_code == 400 and "JJJJ-MM-DD" in response.get_data(as_text=True)


def test_archive_page_shows_only_the_own_organisation(app, trainer, auth, client):
    stranger = other_trainer(app)
    workshop_with_tips(app, stranger, ["Geheime tip van de concurrent"])
    workshop_with_tips(app, trainer, ["Onze eigen tip"])
    auth.login()
    page = client.get("/facilitator/archive").get_data(as_text=True)
    assert "Onze eigen tip" in page and "Geheime tip van de concurrent" not in page

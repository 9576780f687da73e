"""The follow-up answers beside the workshop figures in the organisation's insights (the `followup` key, the CSV
rows and the page's section), against hand-counted follow-ups answered through `POST /f/<token>/answer`: a changed
answer counts once, pairing by the phone's workshop token, newcomers, the filters (a follow-up belongs to its
workshop), and another organisation's follow-up answers never count."""
from __future__ import annotations

import pytest

from tests.conftest import ApiActions, AuthActions
from tests.insights_data import END, START, THI, VKB, organisation_with_followups
from workshop import offload


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    with organisation_with_followups(tmp_path_factory.mktemp("insights-followup")) as seeded:
        yield seeded
        offload.stop_workers()


def followup(seeded, query: str = "", trainer=None) -> dict:
    app, own, _other = seeded
    response = ApiActions(app.test_client(), (trainer or own).token).get(f"/insights{query}")
    assert response.status_code == 200, response.get_json()
    return response.get_json()["followup"]


def test_the_followup_beside_the_workshop_hand_counted(seeded):
    found = followup(seeded)
    assert {key: found[key] for key in ("followups", "participants", "from_workshop", "answers", "best_share",
                                        "workshop_votes", "workshop_best_share", "paired")} == {
        "followups": 2, "participants": 6, "from_workshop": 4,
        "answers": 7, "best_share": 0.571,  # b, b, c / d, e / b, d: 4 of 7
        "workshop_votes": 9, "workshop_best_share": 0.333,  # the same cases in the workshops: 3 of 9
        "paired": 5}
    assert found["cases"] == [
        {"exercise_id": VKB, "title": "Vier keer bellen voor één woning", "followups": 2, "answers": 5,
         "best_share": 0.6, "workshop_votes": 7, "workshop_best_share": 0.286, "paired": 4, "moved_to_best": 2,
         "moved_away": 0},
        {"exercise_id": THI, "title": found["cases"][1]["title"], "followups": 1, "answers": 2, "best_share": 0.5,
         "workshop_votes": 2, "workshop_best_share": 0.5, "paired": 1, "moved_to_best": 0, "moved_away": 1}]
    assert found["scales"] == [
        {"exercise_id": END, "title": found["scales"][0]["title"], "followups": 1, "answers": 3, "mean": 3.33,
         "workshop_votes": 2, "workshop_mean": 4.5, "paired": 1, "before_mean": 4.0, "after_mean": 5.0}]


def test_the_workshop_figures_stay_as_they_were(seeded):
    app, trainer, _other = seeded
    document = ApiActions(app.test_client(), trainer.token).get("/insights").get_json()
    assert (document["workshops"], document["participants"], document["votes"]) == (4, 8, 9)  # no newcomer added


def test_another_organisation_sees_only_its_own_followup(seeded):
    found = followup(seeded, trainer=seeded[2])
    assert (found["followups"], found["participants"], found["from_workshop"], found["answers"],
            found["best_share"]) == (1, 3, 2, 3, 1.0)
    assert [(c["exercise_id"], c["answers"], c["workshop_votes"], c["workshop_best_share"], c["paired"],
             c["moved_to_best"]) for c in found["cases"]] == [(VKB, 3, 2, 0.0, 2, 2)]
    assert found["scales"] == []


@pytest.mark.parametrize(("query", "expected"), [
    # (follow-ups, participants, answers, best share, [(case, answers, best share, workshop votes, its share)], scales)
    ("?team=Klantcontact", (1, 3, 5, 0.6, [(VKB, 3, 0.667, 3, 0.667), (THI, 2, 0.5, 2, 0.5)], [])),
    ("?team=Wijkbeheer", (1, 3, 2, 0.5, [(VKB, 2, 0.5, 3, 0.0)], [END])),
    # A follow-up belongs to its workshop's day: from April on, only w2's; w3 (1 April in Amsterdam) adds a vote.
    ("?from=2026-04-01", (1, 3, 2, 0.5, [(VKB, 2, 0.5, 4, 0.0)], [END])),
    ("?to=2026-03-31", (1, 3, 5, 0.6, [(VKB, 3, 0.667, 3, 0.667), (THI, 2, 0.5, 2, 0.5)], [])),
    ("?exercise=te-hoog-inkomen", (1, 2, 2, 0.5, [(THI, 2, 0.5, 2, 0.5)], [])),
    (f"?exercise={END}", (1, 3, 0, 0.0, [], [END])),
    (f"?exercise={START}", (0, 0, 0, 0.0, [], [])),  # ran in a workshop, never in a follow-up
    ("?from=2025-01-01&to=2025-12-31", (0, 0, 0, 0.0, [], [])),
    ("?team=Niemand", (0, 0, 0, 0.0, [], [])),
])
def test_filters(seeded, query, expected):
    found = followup(seeded, query)
    assert (found["followups"], found["participants"], found["answers"], found["best_share"],
            [(c["exercise_id"], c["answers"], c["best_share"], c["workshop_votes"], c["workshop_best_share"])
             for c in found["cases"]], [s["exercise_id"] for s in found["scales"]]) == expected


def test_the_scale_of_a_team(seeded):
    scale, = followup(seeded, "?team=Wijkbeheer")["scales"]
    assert (scale["answers"], scale["mean"], scale["workshop_votes"], scale["workshop_mean"], scale["paired"],
            scale["before_mean"], scale["after_mean"]) == (3, 3.33, 2, 4.5, 1, 4.0, 5.0)


def test_the_csv_has_the_followup_rows(seeded):
    app, trainer, _other = seeded
    response = ApiActions(app.test_client(), trainer.token).get("/insights.csv")
    lines = response.get_data().decode("utf-8-sig").splitlines()
    header = lines[0].split(";")
    rows = [dict(zip(header, line.split(";"), strict=True)) for line in lines[1:]]
    total, = [row for row in rows if row["Onderdeel"] == "opfrisser"]
    assert (total["Opfrissers"], total["Deelnemers"], total["Stemmen"], total["Aandeel bedoeld antwoord"],
            total["Stemmen in workshop"], total["Aandeel bedoeld antwoord in workshop"],
            total["Voor en na ingevuld"]) == ("2", "6", "7", "0,571", "9", "0,333", "5")
    vkb, thi = [row for row in rows if row["Onderdeel"] == "opfrisser casus"]
    assert (vkb["Sleutel"], vkb["Titel"], vkb["Stemmen"], vkb["Aandeel bedoeld antwoord"],
            vkb["Aandeel bedoeld antwoord in workshop"], vkb["Naar bedoeld antwoord"]) == (
        VKB, "Vier keer bellen voor één woning", "5", "0,600", "0,286", "2")
    assert (thi["Sleutel"], thi["Van bedoeld antwoord af"]) == (THI, "1")
    scale, = [row for row in rows if row["Onderdeel"] == "opfrisser zelfbeoordeling"]
    assert (scale["Sleutel"], scale["Stemmen"], scale["Gemiddelde"], scale["Gemiddelde in workshop"],
            scale["Gemiddelde voor"], scale["Gemiddelde na"]) == (END, "3", "3,33", "4,50", "4,00", "5,00")
    english = ApiActions(app.test_client(), trainer.token).client.get(
        "/api/v1/insights.csv?lang=en&team=Wijkbeheer", headers={"Authorization": f"Bearer {trainer.token}"})
    text = english.get_data().decode("utf-8-sig")
    assert "Follow-ups" in text.splitlines()[0] and "\r\nfollow-up case;vier-keer-bellen;" in "\r\n" + text


def test_the_page_shows_the_followup_beside_the_workshop(seeded):
    client = seeded[0].test_client()
    AuthActions(client).login()
    page = client.get("/facilitator/insights").get_data(as_text=True)
    assert 'data-testid="followup"' in page and 'data-testid="table-followup"' in page
    assert 'data-testid="table-followup-scales"' in page
    row = page[page.index(f'data-followup="{VKB}"'):]
    row = row[:row.index("</tr>")]
    for figure in ("60%", "(5 antwoorden)", "29%", "(7 stemmen)", "4", "2"):
        assert figure in row, (figure, row)
    assert "3,33" in page and "4,5" in page  # the scale's mean now beside the workshop's
    assert "<script" not in page
    team = client.get("/facilitator/insights?team=Klantcontact").get_data(as_text=True)
    assert f'data-followup="{THI}"' in team and 'data-testid="table-followup-scales"' not in team
    none = client.get("/facilitator/insights?from=2025-01-01&to=2025-12-31").get_data(as_text=True)
    assert 'data-testid="followup"' not in none

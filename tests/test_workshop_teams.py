"""A workshop's team: on creation (API and dashboard form), changed by PATCH and on the control page, in the
workshop state, on the dashboard with suggestions, and in the exports."""
from __future__ import annotations

from tests import factories
from tests.conftest import AuthActions


def test_team_on_creation_in_the_state_and_changed_by_patch(api, client, app):
    code = api.post("/workshops", {"title": "Nee zeggen", "exercises": ["vier-keer-bellen"],
                                   "team": "  Klantcontact  "}).get_json()["code"]
    assert api.get(f"/workshops/{code}").get_json()["team"] == "Klantcontact"
    response = client.patch(f"/api/v1/workshops/{code}", json={"team": "Wijkbeheer"}, headers=api.headers)
    assert response.status_code == 200 and response.get_json()["team"] == "Wijkbeheer"
    response = client.patch(f"/api/v1/workshops/{code}", json={"team": None}, headers=api.headers)
    assert response.status_code == 200 and response.get_json()["team"] is None
    plain = api.create_workshop(["fris-blijven"])["code"]
    assert api.get(f"/workshops/{plain}").get_json()["team"] is None


def test_bad_teams_are_400_and_change_nothing(api, client, app):
    code = api.post("/workshops", {"title": "Nee zeggen", "exercises": ["vier-keer-bellen"],
                                   "team": "Klantcontact"}).get_json()["code"]
    for body in ({"team": "x" * 61}, {"team": 12}, {"team": ["a"]}, {"title": "ander"}, {"team": "a", "x": 1},
                 [1], "team"):
        response = client.patch(f"/api/v1/workshops/{code}", json=body, headers=api.headers)
        assert response.status_code == 400, body
        assert response.get_json()["error"] in ("invalid_team", "invalid", "bad_json")
    assert api.get(f"/workshops/{code}").get_json()["team"] == "Klantcontact"
    response = api.post("/workshops", {"title": "Te lang", "exercises": ["fris-blijven"], "team": "x" * 61})
    assert response.status_code == 400 and response.get_json()["error"] == "invalid_team"


def test_another_organisation_cannot_change_the_team(api, client, app):
    code = api.create_workshop(["fris-blijven"])["code"]
    other = factories.make_trainer(app, email="ander@elders.example", organisation="Elders")
    response = client.patch(f"/api/v1/workshops/{code}", json={"team": "Overgenomen"},
                            headers={"Authorization": f"Bearer {other.token}"})
    assert response.status_code == 404
    assert api.get(f"/workshops/{code}").get_json()["team"] is None


def test_dashboard_form_control_page_and_suggestions(client, app, trainer):
    auth = AuthActions(client)
    auth.login()
    token = auth.csrf_token("/facilitator/")
    response = client.post("/facilitator/workshops", data={"csrf_token": token, "title": "Lastig gesprek",
                                                           "exercises": ["vier-keer-bellen"], "team": "Wijkbeheer"})
    code = response.headers["Location"].rstrip("/").split("/")[-1]
    dashboard = client.get("/facilitator/").get_data(as_text=True)
    assert f'data-testid="team-{code}"' in dashboard and "Team: Wijkbeheer" in dashboard
    assert '<option value="Wijkbeheer">' in dashboard  # a suggestion for the next workshop
    control = client.get(f"/facilitator/workshops/{code}").get_data(as_text=True)
    assert 'value="Wijkbeheer"' in control and 'list="team-suggestions"' in control
    response = client.post(f"/facilitator/workshops/{code}/team",
                           data={"csrf_token": auth.csrf_token(f"/facilitator/workshops/{code}"),
                                 "team": "Klantcontact"})
    assert response.status_code == 302
    assert "Team opgeslagen: Klantcontact." in client.get(response.headers["Location"]).get_data(as_text=True)
    response = client.post(f"/facilitator/workshops/{code}/team",
                           data={"csrf_token": auth.csrf_token(f"/facilitator/workshops/{code}"), "team": "y" * 70},
                           follow_redirects=True)
    assert "Geef het team een naam van 1 tot 60 tekens" in response.get_data(as_text=True)
    assert client.post(f"/facilitator/workshops/{code}/team", data={"team": "zonder token"}).status_code == 400
    assert client.post("/facilitator/workshops/ZZZZZZ/team",
                       data={"csrf_token": auth.csrf_token("/facilitator/"), "team": "x"}).status_code == 404


def test_exports_carry_the_team(api, client, app):
    code = api.post("/workshops", {"title": "Nee zeggen", "exercises": ["vier-keer-bellen"],
                                   "team": "Klantcontact"}).get_json()["code"]
    csv_text = api.get(f"/workshops/{code}/export.csv").get_data().decode("utf-8-sig")
    header, first = csv_text.splitlines()[:2]
    assert header.split(";")[2] == "Team" and first.split(";")[2] == "Klantcontact"
    assert api.get(f"/workshops/{code}/export.json").get_json()["team"] == "Klantcontact"
    duplicate = api.post(f"/workshops/{code}/duplicate").get_json()["code"]
    assert api.get(f"/workshops/{duplicate}").get_json()["team"] == "Klantcontact"

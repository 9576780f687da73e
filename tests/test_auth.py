"""Trainer login and logout through the real forms; CSRF on every form; other organisations' workshops are 404."""
from __future__ import annotations

from tests import factories


def test_login_logout(client, auth, trainer):
    assert client.get("/facilitator/").status_code == 302  # not logged in: to the login page
    response = auth.login()
    assert response.status_code == 302 and response.headers["Location"].endswith("/facilitator/")
    dashboard = client.get("/facilitator/")
    assert dashboard.status_code == 200 and "Woonstad Voorbeeld" in dashboard.get_data(as_text=True)
    assert auth.logout().status_code == 302
    assert client.get("/facilitator/").status_code == 302


def test_wrong_password_is_refused_with_a_dutch_message(client, auth, trainer):
    response = auth.login(password="fout-wachtwoord")
    assert response.status_code == 401
    assert "Dit e-mailadres en wachtwoord horen niet bij elkaar." in response.get_data(as_text=True)
    assert client.get("/facilitator/").status_code == 302


def test_forms_without_csrf_token_are_refused(client, trainer):
    response = client.post("/facilitator/login", data={"email": factories.TRAINER_EMAIL,
                                                       "password": factories.TRAINER_PASSWORD})
    assert response.status_code == 400
    assert "Sessie verlopen" in response.get_data(as_text=True)
    assert client.get("/facilitator/").status_code == 302


def test_session_api_calls_need_the_csrf_header(app, client, auth, trainer):
    auth.login()
    code = factories.make_workshop(app, trainer)
    refused = client.post(f"/api/v1/workshops/{code}/control", json={"action": "goto", "index": 0})
    assert refused.status_code == 400 and refused.get_json()["error"] == "csrf"
    token = auth.csrf_token(f"/facilitator/workshops/{code}")
    accepted = client.post(f"/api/v1/workshops/{code}/control", json={"action": "goto", "index": 0},
                           headers={"X-CSRFToken": token})
    assert accepted.status_code == 200 and accepted.get_json()["current"] == 0


def test_dashboard_creates_a_workshop_in_the_chosen_order(app, client, auth, trainer):
    auth.login()
    token = auth.csrf_token("/facilitator/")
    response = client.post("/facilitator/workshops", data={
        "title": "Lastige boodschappen", "exercises": ["vier-keer-bellen", "fris-blijven"], "csrf_token": token})
    assert response.status_code == 302
    code = response.headers["Location"].rsplit("/", 1)[1]
    control = client.get(f"/facilitator/workshops/{code}")
    assert control.status_code == 200 and "Lastige boodschappen" in control.get_data(as_text=True)
    state = client.get(f"/api/v1/workshops/{code}").get_json()
    assert [e["id"] for e in state["exercises"]] == ["vier-keer-bellen", "fris-blijven"]
    assert code in client.get("/facilitator/").get_data(as_text=True)


def test_dashboard_refuses_an_empty_title_with_a_message(client, auth, trainer):
    auth.login()
    token = auth.csrf_token("/facilitator/")
    response = client.post("/facilitator/workshops", data={"title": " ", "exercises": ["fris-blijven"],
                                                           "csrf_token": token}, follow_redirects=True)
    assert "Geef de workshop een titel." in response.get_data(as_text=True)


def test_other_organisations_pages_are_404(app, client, auth, trainer):
    stranger = factories.make_trainer(app, email="ander@concurrent.example", organisation="Andere Corporatie")
    their_code = factories.make_workshop(app, stranger, title="Geheime workshop")
    auth.login()
    assert client.get(f"/facilitator/workshops/{their_code}").status_code == 404
    assert "Geheime workshop" not in client.get("/facilitator/").get_data(as_text=True)
    assert client.get(f"/api/v1/workshops/{their_code}").status_code == 404


def test_next_parameter_cannot_send_a_trainer_elsewhere(client, auth, trainer):
    token = auth.csrf_token()
    response = client.post("/facilitator/login?next=//evil.example/x", data={
        "email": factories.TRAINER_EMAIL, "password": factories.TRAINER_PASSWORD, "csrf_token": token})
    assert response.headers["Location"].endswith("/facilitator/")

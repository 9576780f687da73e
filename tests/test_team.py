"""Trainer management: the trainer's account page (password, API tokens) and the admin's Team page (invite by a
one-time link, disable, enable, reset a colleague's password by a new link)."""
from __future__ import annotations

import re

from tests import factories
from tests.conftest import AuthActions

COLLEAGUE = "collega@woonstad.example"


def form_post(client, auth, page: str, action: str, data: dict):
    return client.post(action, data={**data, "csrf_token": auth.csrf_token(page)})


def one_time_link(response) -> str:
    found = re.search(r'<code class="secret">([^<]+)</code>', response.get_data(as_text=True))
    assert found, response.get_data(as_text=True)[:2000]
    return found.group(1).replace("http://localhost", "")


def test_the_first_trainer_of_an_organisation_is_its_admin_and_others_are_not(app, runner, trainer):
    from workshop.models import Trainer, db
    runner.invoke(args=["trainer", "create", COLLEAGUE, "--organisation", factories.ORGANISATION,
                        "--password", "geheim-123"])
    runner.invoke(args=["trainer", "create", "baas@woonstad.example", "--organisation", factories.ORGANISATION,
                        "--password", "geheim-123", "--admin"])
    with app.app_context():
        admins = {t.email: t.is_admin for t in db.session.query(Trainer)}
    assert admins == {factories.TRAINER_EMAIL: True, COLLEAGUE: False, "baas@woonstad.example": True}


def test_change_password_on_the_account_page_ends_other_sessions(app, client, auth, trainer):
    auth.login()
    other_device = app.test_client()
    AuthActions(other_device).login()
    wrong = form_post(client, auth, "/facilitator/account", "/facilitator/account/password",
                      {"current": "fout", "new": "nieuw-geheim-9", "repeat": "nieuw-geheim-9"})
    assert wrong.status_code == 400 and "Je huidige wachtwoord klopt niet." in wrong.get_data(as_text=True)
    done = form_post(client, auth, "/facilitator/account", "/facilitator/account/password",
                     {"current": factories.TRAINER_PASSWORD, "new": "nieuw-geheim-9", "repeat": "nieuw-geheim-9"})
    assert done.status_code == 302
    assert client.get("/facilitator/").status_code == 200, "this session goes on"
    assert other_device.get("/facilitator/").status_code == 302, "the other device is logged out"
    assert AuthActions(app.test_client()).login(password="nieuw-geheim-9").status_code == 302


def test_the_account_page_lists_issues_and_revokes_own_tokens(app, client, auth, api, trainer):
    auth.login()
    page = client.get("/facilitator/account").get_data(as_text=True)
    assert page.count('data-testid="revoke-token"') == 1
    made = form_post(client, auth, "/facilitator/account", "/facilitator/account/tokens", {})
    new_token = re.search(r'<code class="secret">([^<]+)</code>', made.get_data(as_text=True)).group(1)
    assert client.get("/api/v1/exercises", headers={"Authorization": f"Bearer {new_token}"}).status_code == 200
    account = client.get("/facilitator/account").get_data(as_text=True)
    ids = re.findall(r"/facilitator/account/tokens/(\d+)/revoke", account)
    assert len(ids) == 2
    for token_id in ids:
        assert form_post(client, auth, "/facilitator/account",
                         f"/facilitator/account/tokens/{token_id}/revoke", {}).status_code == 302
    assert api.get("/exercises").status_code == 401
    assert client.get("/api/v1/exercises", headers={"Authorization": f"Bearer {new_token}"}).status_code == 401


def test_a_trainer_cannot_revoke_someone_elses_token(app, client, auth, trainer):
    stranger = factories.make_trainer(app, email="ander@concurrent.example", organisation="Andere Corporatie")
    from workshop.models import ApiToken, db
    with app.app_context():
        their_id = db.session.query(ApiToken).filter_by(trainer_id=stranger.id).one().id
    auth.login()
    assert form_post(client, auth, "/facilitator/account", f"/facilitator/account/tokens/{their_id}/revoke",
                     {}).status_code == 404
    assert app.test_client().get("/api/v1/exercises",
                                 headers={"Authorization": f"Bearer {stranger.token}"}).status_code == 200


def test_admin_invites_a_colleague_by_a_one_time_link(app, client, auth, trainer):
    auth.login()
    made = form_post(client, auth, "/facilitator/team", "/facilitator/team/invite", {"email": COLLEAGUE})
    assert made.status_code == 200
    link = one_time_link(made)
    newcomer = app.test_client()
    page = newcomer.get(link)
    assert page.status_code == 200 and COLLEAGUE in page.get_data(as_text=True)
    new_auth = AuthActions(newcomer)
    short = newcomer.post(link, data={"new": "kort", "repeat": "kort", "csrf_token": new_auth.csrf_token(link)})
    assert short.status_code == 400
    done = newcomer.post(link, data={"new": "collega-geheim", "repeat": "collega-geheim",
                                     "csrf_token": new_auth.csrf_token(link)})
    assert done.status_code == 302 and newcomer.get("/facilitator/").status_code == 200
    assert "Woonstad Voorbeeld" in newcomer.get("/facilitator/").get_data(as_text=True)
    assert app.test_client().get(link).status_code == 404, "a link works once"
    assert newcomer.get("/facilitator/team").status_code == 403, "a colleague is no admin"


def test_admin_disables_enables_and_resets_a_colleague(app, client, auth, trainer):
    colleague = factories.make_trainer(app, email=COLLEAGUE)
    auth.login()
    colleague_client = app.test_client()
    assert AuthActions(colleague_client).login(email=COLLEAGUE).status_code == 302
    disabled = form_post(client, auth, "/facilitator/team", f"/facilitator/team/{colleague.id}/disable", {})
    assert disabled.status_code == 302
    assert colleague_client.get("/facilitator/").status_code == 302
    assert AuthActions(app.test_client()).login(email=COLLEAGUE).status_code == 401
    assert app.test_client().get("/api/v1/exercises",
                                 headers={"Authorization": f"Bearer {colleague.token}"}).status_code == 401
    assert form_post(client, auth, "/facilitator/team", f"/facilitator/team/{colleague.id}/enable",
                     {}).status_code == 302
    assert AuthActions(app.test_client()).login(email=COLLEAGUE).status_code == 302
    link = one_time_link(form_post(client, auth, "/facilitator/team", f"/facilitator/team/{colleague.id}/reset", {}))
    fresh = app.test_client()
    fresh.post(link, data={"new": "opnieuw-geheim", "repeat": "opnieuw-geheim",
                           "csrf_token": AuthActions(fresh).csrf_token(link)})
    assert AuthActions(app.test_client()).login(email=COLLEAGUE, password="opnieuw-geheim").status_code == 302


def test_disabling_a_colleague_voids_their_pending_reset_link(app, client, auth, trainer):
    colleague = factories.make_trainer(app, email=COLLEAGUE)
    auth.login()
    link = one_time_link(form_post(client, auth, "/facilitator/team", f"/facilitator/team/{colleague.id}/reset", {}))
    form_post(client, auth, "/facilitator/team", f"/facilitator/team/{colleague.id}/disable", {})
    fresh = app.test_client()
    page = fresh.get(link)
    assert page.status_code in (404, 410)
    fresh.post(link, data={"new": "opnieuw-geheim", "repeat": "opnieuw-geheim",
                           "csrf_token": AuthActions(fresh).csrf_token("/facilitator/login")})
    form_post(client, auth, "/facilitator/team", f"/facilitator/team/{colleague.id}/enable", {})
    assert AuthActions(app.test_client()).login(email=COLLEAGUE, password="opnieuw-geheim").status_code == 401
    assert AuthActions(app.test_client()).login(email=COLLEAGUE).status_code == 302  # the old password stands


def test_the_team_page_is_the_admins_own_organisation_only(app, client, auth, trainer):
    stranger = factories.make_trainer(app, email="ander@concurrent.example", organisation="Andere Corporatie")
    auth.login()
    page = client.get("/facilitator/team").get_data(as_text=True)
    assert "ander@concurrent.example" not in page
    assert form_post(client, auth, "/facilitator/team", f"/facilitator/team/{stranger.id}/disable",
                     {}).status_code == 404
    assert form_post(client, auth, "/facilitator/team", f"/facilitator/team/{trainer.id}/disable",
                     {}).status_code == 400, "an admin cannot lock themselves out"

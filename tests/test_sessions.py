"""Issue 13, point 4: sessions end. Logout, a new password, revoked tokens and a disabled trainer stop the old
cookies, tokens and open control pages; the CLI does it for someone with server access."""
from __future__ import annotations

from tests import factories
from tests.test_security_headers import login


def cookies_of(client) -> dict:
    return {name: client.get_cookie(name).value for name in ("session", "remember_token") if client.get_cookie(name)}


def with_cookies(app, cookies: dict):
    client = app.test_client()
    for name, value in cookies.items():
        client.set_cookie(name, value)
    return client


def test_after_logout_neither_the_old_session_nor_the_remember_cookie_works(app, client, auth, trainer):
    assert login(client).status_code == 302
    old = cookies_of(client)
    assert set(old) == {"session", "remember_token"}
    assert with_cookies(app, old).get("/facilitator/").status_code == 200
    assert auth.logout().status_code == 302
    assert with_cookies(app, old).get("/facilitator/").status_code == 302
    assert with_cookies(app, {"remember_token": old["remember_token"]}).get("/facilitator/").status_code == 302
    assert login(client).status_code == 302
    assert cookies_of(client)["remember_token"] != old["remember_token"], "a new remember cookie per login"


def test_the_remember_cookie_is_only_set_when_asked(client, auth, trainer):
    assert auth.login().status_code == 302
    assert client.get_cookie("remember_token") is None


def test_cli_password_ends_sessions_and_the_new_password_works(app, client, auth, runner, trainer):
    auth.login()
    result = runner.invoke(args=["trainer", "password", factories.TRAINER_EMAIL, "--password", "nieuw-geheim-1"])
    assert result.exit_code == 0, result.output
    assert client.get("/facilitator/").status_code == 302
    assert auth.login().status_code == 401
    assert auth.login(password="nieuw-geheim-1").status_code == 302


def test_cli_revoke_tokens_gives_401(app, api, runner, trainer):
    assert api.get("/exercises").status_code == 200
    result = runner.invoke(args=["trainer", "revoke-tokens", factories.TRAINER_EMAIL])
    assert result.exit_code == 0 and "1" in result.output
    refused = api.get("/exercises")
    assert refused.status_code == 401 and refused.get_json()["error"] == "unauthorized"


def test_cli_disable_stops_login_session_and_tokens_and_enable_restores_them(app, client, auth, api, runner,
                                                                               trainer):
    auth.login()
    assert runner.invoke(args=["trainer", "disable", factories.TRAINER_EMAIL]).exit_code == 0
    assert client.get("/facilitator/").status_code == 302
    assert client.get("/api/v1/exercises").status_code == 401
    assert api.get("/exercises").status_code == 401
    assert auth.login().status_code == 401
    assert runner.invoke(args=["trainer", "enable", factories.TRAINER_EMAIL]).exit_code == 0
    assert api.get("/exercises").status_code == 200
    assert auth.login().status_code == 302


def test_cli_commands_name_an_unknown_trainer(runner, app):
    for command in ("password", "revoke-tokens", "disable"):
        result = runner.invoke(args=["trainer", command, "niemand@example.org", "--password", "x" * 10]
                               if command == "password" else ["trainer", command, "niemand@example.org"])
        assert result.exit_code != 0 and "niemand@example.org" in result.output


def test_logout_closes_the_trainers_open_control_pages(app, client, auth, trainer, socket_user):
    code = factories.make_workshop(app, trainer)
    auth.login()
    control_page = socket_user(client)
    assert control_page.emit("control", {"code": code})["ok"]
    phone_of_someone_else = socket_user()
    phone_of_someone_else.join(code)
    auth.logout()
    assert not control_page.client.is_connected()
    assert phone_of_someone_else.client.is_connected()


def test_a_new_secret_key_ends_the_session_cookies_and_an_old_one_kept_as_fallback_does_not(app, client, auth,
                                                                                               trainer):
    """The session's signing serializer is made once per set of keys (workshop/cookie_session.py): a key rotated with
    the old one kept in SECRET_KEY_FALLBACKS keeps people logged in; a new key without it logs every session out,
    even though a serializer for the old key was made and kept before."""
    assert auth.login().status_code == 302
    old = cookies_of(client)
    assert with_cookies(app, old).get("/facilitator/").status_code == 200
    first_key = app.secret_key
    app.config.update(SECRET_KEY="a-new-key-of-at-least-32-characters-long", SECRET_KEY_FALLBACKS=[first_key])
    assert with_cookies(app, old).get("/facilitator/").status_code == 200
    app.config.update(SECRET_KEY_FALLBACKS=[])
    assert with_cookies(app, old).get("/facilitator/").status_code == 302
    app.config.update(SECRET_KEY=first_key)  # and back: the first key's serializer is still right
    assert with_cookies(app, old).get("/facilitator/").status_code == 200

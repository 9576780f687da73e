"""Issue 13, point 1: failed logins are limited per e-mail address and client address, each attempt needs a fresh
CSRF token, and an unknown e-mail address is refused after the same password check as a known one."""
from __future__ import annotations

import re

import pytest

from tests import factories
from tests.conftest import CSRF_PATTERNS
from workshop import accounts

ELSEWHERE = {"REMOTE_ADDR": "198.51.100.7"}


def csrf(client, environ=None) -> str:
    page = client.get("/facilitator/login", environ_base=environ or {}).get_data(as_text=True)
    return re.search(CSRF_PATTERNS[0], page).group(1)


def attempt(client, email=factories.TRAINER_EMAIL, password="fout-wachtwoord", environ=None, headers=None):
    return client.post("/facilitator/login", environ_base=environ or {}, headers=headers or {},
                       data={"email": email, "password": password, "csrf_token": csrf(client, environ)})


def test_ten_failures_for_one_address_and_email_lock_out_even_the_right_password(app, client, trainer):
    for _ in range(10):
        assert attempt(client).status_code == 401
    locked = attempt(client, password=factories.TRAINER_PASSWORD)
    assert locked.status_code == 429
    assert "Te veel pogingen" in locked.get_data(as_text=True)
    elsewhere = app.test_client()
    assert attempt(elsewhere, password=factories.TRAINER_PASSWORD, environ=ELSEWHERE).status_code == 302


def test_thirty_failures_from_one_address_lock_that_address_for_every_email(app, client, trainer):
    for number in range(30):
        assert attempt(client, email=f"gok{number}@woonstad.example").status_code == 401
    assert attempt(client, password=factories.TRAINER_PASSWORD).status_code == 429
    assert attempt(app.test_client(), password=factories.TRAINER_PASSWORD, environ=ELSEWHERE).status_code == 302


def test_successful_logins_are_not_counted(app, trainer):
    for _ in range(12):
        client = app.test_client()
        assert attempt(client, password=factories.TRAINER_PASSWORD).status_code == 302


def test_a_csrf_token_serves_one_attempt(client, trainer):
    token = csrf(client)
    first = client.post("/facilitator/login", data={"email": factories.TRAINER_EMAIL, "password": "fout",
                                                    "csrf_token": token})
    assert first.status_code == 401
    again = client.post("/facilitator/login", data={"email": factories.TRAINER_EMAIL,
                                                    "password": factories.TRAINER_PASSWORD, "csrf_token": token})
    assert again.status_code == 400
    fresh = re.search(CSRF_PATTERNS[0], first.get_data(as_text=True)).group(1)
    assert fresh != token
    assert client.post("/facilitator/login", data={"email": factories.TRAINER_EMAIL, "csrf_token": fresh,
                                                   "password": factories.TRAINER_PASSWORD}).status_code == 302


def test_unknown_and_known_addresses_are_refused_after_the_same_kind_of_hash_check(app, client, trainer,
                                                                                     monkeypatch):
    """Same time to refuse: both paths check one password hash of the same method and cost."""
    checked: list[str] = []
    real_check = accounts.check_password

    def recording_check(password_hash, password):
        checked.append(password_hash.split("$", 1)[0])
        return real_check(password_hash, password)
    monkeypatch.setattr(accounts, "check_password", recording_check)
    assert attempt(client, email="niemand@woonstad.example").status_code == 401
    assert attempt(client).status_code == 401
    assert len(checked) == 2 and checked[0] == checked[1] and checked[0].startswith(("scrypt:", "pbkdf2:"))


@pytest.mark.parametrize("trusted, expect_locked", [(0, True), (1, False)])
def test_forwarded_addresses_count_only_behind_trusted_proxies(tmp_path, monkeypatch, trusted, expect_locked):
    """Without KLANTWIJS_TRUSTED_PROXIES a client cannot dodge the limit with X-Forwarded-For; behind one trusted
    proxy the address the proxy reports is the one that counts."""
    from tests.test_security_headers import make_app
    app = make_app(tmp_path, monkeypatch, TRUSTED_PROXIES=trusted)
    factories.make_trainer(app)
    client = app.test_client()
    for _ in range(10):
        assert attempt(client, headers={"X-Forwarded-For": "203.0.113.1"}).status_code == 401
    status = attempt(client, password=factories.TRAINER_PASSWORD, headers={"X-Forwarded-For": "203.0.113.2"})
    assert status.status_code == (429 if expect_locked else 302)

"""Journey: an attacker sends 40 wrong passwords for one trainer's e-mail address at the same moment to a real
eventlet server. The failure limit (10 per address and e-mail address) holds for simultaneous attempts too: each
attempt takes its place before its password is checked, so at most 10 are checked and the rest get 429 at once."""
from __future__ import annotations

import html
import http.cookiejar
import re
import threading
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.server import ServerProcess, setup_trainer

SIMULTANEOUS = 40


class LoginForm:
    """One browser with its own cookies and a fresh login form (CSRF token) in hand."""

    def __init__(self, server: ServerProcess):
        self.server = server
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        page = self.opener.open(server.url + "/facilitator/login", timeout=60).read().decode()
        self.csrf = html.unescape(re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1))

    def post(self, email: str, password: str) -> int:
        form = urllib.parse.urlencode({"email": email, "password": password, "csrf_token": self.csrf}).encode()
        try:
            return self.opener.open(self.server.url + "/facilitator/login", data=form, timeout=120).status
        except urllib.error.HTTPError as error:
            return error.code


@pytest.fixture
def server(tmp_path):
    process = ServerProcess(tmp_path / "data", async_mode="eventlet")
    process.start()
    yield process
    process.stop()


def test_forty_simultaneous_wrong_passwords_check_at_most_ten(server):
    setup_trainer(server)
    forms = [LoginForm(server) for _ in range(SIMULTANEOUS)]
    start = threading.Barrier(SIMULTANEOUS)

    def wrong_password(form: LoginForm) -> int:
        start.wait(timeout=60)
        return form.post("trainer@woonstad.example", "fout-wachtwoord")

    with ThreadPoolExecutor(SIMULTANEOUS) as pool:
        statuses = list(pool.map(wrong_password, forms))
    checked = statuses.count(401)  # "does not match": the password was checked
    assert 1 <= checked <= 10, statuses
    assert statuses.count(429) == SIMULTANEOUS - checked, statuses
    # the right password from the same address is refused too now, and nothing answered 500
    assert LoginForm(server).post("trainer@woonstad.example", "geheim-123") == 429
    assert "Traceback" not in server.output()

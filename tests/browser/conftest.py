"""Browser journeys: Playwright drives Debian's headless Chromium against a real `python wsgi.py` subprocess.

Fixtures:
- `browser`: one Chromium for the whole session (fails under CI=true when Chromium or Playwright is missing,
  skips elsewhere);
- `live`: a fresh server (own data dir, trainer, API token) per test module, with helpers to create a workshop and
  run control actions over the REST API;
- `trainer_page`, `phone`, `projector`: pages as the trainer's laptop, a participant's phone (390x844, touch) and
  the projector (1920x1080) see them.
"""
from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.server import ServerProcess, setup_trainer

CHROMIUM = os.environ.get("KLANTWIJS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
PROJECTOR = {"viewport": {"width": 1920, "height": 1080}}
LAPTOP = {"viewport": {"width": 1366, "height": 768}}
TRAINER_EMAIL = "trainer@woonstad.example"
TRAINER_PASSWORD = "geheim-123"
TIMEOUT_MS = 20_000  # waits for a condition: a passing test never waits it out; a machine at load 9 needed >10 s


def _missing(what: str):
    message = f"{what} is missing (make test installs it)"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser():
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        _missing(f"Chromium ({CHROMIUM})")
    try:
        from playwright.sync_api import expect, sync_playwright
    except ImportError:
        _missing("Playwright for Python")
    expect.set_options(timeout=TIMEOUT_MS)  # a loaded CI machine may take longer than the default 5 s
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass
class Live:
    """A running server with one trainer; REST helpers as a trainer's script would use them."""
    server: ServerProcess
    token: str
    library: list = field(default_factory=list)

    @property
    def url(self) -> str:
        return self.server.url

    def exercise_id(self, kind: str, n: int = 0) -> str:
        return [e["id"] for e in self.library if e["kind"] == kind][n]

    def create_workshop(self, exercises: list[str], title: str = "Lastige boodschappen brengen") -> dict:
        status, created = self.server.request("POST", "/api/v1/workshops",
                                              {"title": title, "exercises": exercises}, token=self.token)
        assert status == 201, created
        return created

    def control(self, code: str, **action) -> dict:
        status, state = self.server.request("POST", f"/api/v1/workshops/{code}/control", action, token=self.token)
        assert status == 200, state
        return state

    def results(self, code: str) -> dict:
        status, results = self.server.request("GET", f"/api/v1/workshops/{code}/results", token=self.token)
        assert status == 200, results
        return results


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    server = ServerProcess(tmp_path_factory.mktemp("browser-data"))
    server.start()
    try:
        token = setup_trainer(server, TRAINER_EMAIL)
        status, library = server.request("GET", "/api/v1/exercises", token=token)
        assert status == 200, library
        yield Live(server, token, library)
    finally:
        server.stop()


class Pages:
    """Opens pages in fresh browser contexts (one per device) and closes them all at the end of the test."""

    def __init__(self, browser, live: Live):
        self.browser, self.live, self.contexts = browser, live, []
        self.script_errors: list[str] = []  # uncaught errors of every page, popups included

    def _watch(self, page) -> None:
        page.on("pageerror", lambda error: self.script_errors.append(f"{page.url}: {error}"))

    def context(self, device: dict, **options):
        options.setdefault("locale", "nl-NL")
        context = self.browser.new_context(base_url=self.live.url, **device, **options)
        context.set_default_timeout(TIMEOUT_MS)
        context.on("page", self._watch)
        self.contexts.append(context)
        return context

    def page(self, device: dict, path: str | None = None, **options):
        page = self.context(device, **options).new_page()
        if path:
            page.goto(path)
        return page

    def phone(self, code: str, **options):
        """A phone that opened the join URL and has joined the workshop (its token is stored)."""
        page = self.page(PHONE, f"/j/{code}", **options)
        connected(page)
        page.wait_for_function("key => localStorage.getItem(key) !== null", arg=f"klantwijs:token:{code}")
        return page

    def projector(self, created: dict):
        page = self.page(PROJECTOR, created["screen_url"].replace(self.live.url, ""))
        connected(page)
        return page

    def trainer(self):
        """The trainer's laptop, logged in through the real form."""
        page = self.page(LAPTOP, "/facilitator/login")
        page.get_by_test_id("login-email").fill(TRAINER_EMAIL)
        page.get_by_test_id("login-password").fill(TRAINER_PASSWORD)
        page.get_by_test_id("login-submit").click()
        page.wait_for_url("**/facilitator/")
        return page

    def control(self, created: dict):
        """The trainer's control page of a workshop, logged in and connected."""
        page = self.trainer()
        page.goto(created["control_url"].replace(self.live.url, ""))
        connected(page)
        return page

    def close(self):
        for context in self.contexts:
            context.close()


def connected(page) -> None:
    """Wait until the page's Socket.IO connection is up (the visible connection status says so)."""
    page.wait_for_selector('[data-testid="connection-status"][data-state="connected"]')


@pytest.fixture
def pages(browser, live):
    """Pages of one test; the test fails if any page threw an uncaught script error."""
    opened = Pages(browser, live)
    yield opened
    opened.close()
    assert opened.script_errors == [], "script errors in the pages"

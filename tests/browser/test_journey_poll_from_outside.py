"""A kind from outside the tree in real pages: a server started with KLANTWIJS_KINDS_PATH naming a copy of
tests/fixtures/kinds/poll/ runs a poll; a phone taps an answer, the projector counts it and shows the bars when the
trainer turns the results on, the control page draws the poll's own figures, all from the poll's folder."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import Live
from tests.server import ServerProcess, setup_trainer
from tests.test_kind_from_outside import POLL, copy_poll

TRAINER_EMAIL = "trainer@woonstad.example"


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    folder = copy_poll(tmp_path_factory.mktemp("elsewhere"))
    server = ServerProcess(tmp_path_factory.mktemp("browser-data"), extra_env={"KLANTWIJS_KINDS_PATH": str(folder)})
    server.start()
    try:
        token = setup_trainer(server, TRAINER_EMAIL)
        yield Live(server, token, [])
    finally:
        server.stop()


def test_a_poll_from_outside_on_phone_projector_and_control_page(pages, live):
    status, created = live.server.request("POST", "/api/v1/exercises", POLL, token=live.token)
    assert status == 201, created
    workshop = live.create_workshop([created["id"]], title="Pauze")
    code = workshop["code"]
    projector = pages.projector(workshop)
    control = pages.control(workshop)
    live.control(code, action="goto", index=0)
    live.control(code, action="open")
    phone = pages.phone(code)
    expect(phone.get_by_test_id("poll-question")).to_have_text("Wat drink je in de pauze?")
    phone.locator('#poll-options [data-option-id="thee"]').tap()
    expect(phone.locator('#poll-options [data-option-id="thee"]')).to_have_attribute("aria-pressed", "true")
    expect(projector.get_by_test_id("poll-screen-question")).to_have_text("Wat drink je in de pauze?")
    expect(projector.get_by_test_id("poll-screen-count")).to_have_text("1 antwoord")
    live.control(code, action="results", visible=True)
    bar = projector.locator('[data-testid="poll-screen-bars"] [data-option-id="thee"] .bar-num')
    expect(bar).to_have_text("1 · 100%")
    expect(phone.get_by_test_id("poll-tally")).to_be_visible()
    expect(control.locator('#live-kind [data-testid="control-tally"] [data-option-id="thee"]')).to_contain_text("Thee")
    assert live.results(code)["exercises"][0]["options"][1] == {"id": "thee", "text": "Thee", "votes": 1,
                                                                "percentage": 100.0}

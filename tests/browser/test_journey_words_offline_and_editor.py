"""Journeys: a word typed while the phone is offline reaches the cloud once when the network is back (and not again
after a reload); a trainer writes a word cloud in the editor, sees the problem beside the field, fixes it and saves."""
from playwright.sync_api import expect

from tests.browser.conftest import connected


def test_a_word_typed_offline_is_sent_once_when_back_online(pages, live):
    created = live.create_workshop(["woord-goed-gesprek"])
    code = created["code"]
    live.control(code, action="goto", index=0)
    live.control(code, action="open")
    projector = pages.projector(created)
    phone = pages.phone(code)
    expect(phone.get_by_test_id("word-input")).to_be_visible()

    phone.context.set_offline(True)
    expect(phone.get_by_test_id("connection-status")).to_have_attribute("data-state", "offline")
    phone.get_by_test_id("word-input").fill("Geduld")
    phone.get_by_test_id("word-submit").click()
    queued = phone.get_by_test_id("own-words").locator(".queued", has_text="Geduld")
    expect(queued).to_contain_text("Nog niet verstuurd")
    phone.wait_for_timeout(1000)
    assert live.results(code)["exercises"][0]["words"] == []

    phone.context.set_offline(False)
    connected(phone)
    expect(phone.get_by_test_id("own-words").locator(".queued")).to_have_count(0)
    expect(projector.get_by_test_id("word-cloud")).to_contain_text("Geduld")
    phone.reload()
    connected(phone)
    expect(phone.get_by_test_id("own-words")).to_contain_text("Geduld")
    expect(phone.get_by_test_id("word-left")).to_have_text("Nog 2 van 3 woorden")
    assert live.results(code)["exercises"][0]["words"] == [{"text": "Geduld", "count": 1}]


def test_a_trainer_writes_a_word_cloud_in_the_editor(pages, live):
    page = pages.trainer()
    page.goto("/facilitator/exercises/new?kind=words")
    page.get_by_test_id("field-title").fill("Woordwolk: de eerste minuut")
    page.get_by_test_id("field-prompt").fill("Welk woord hoort bij de eerste minuut aan de balie?")
    page.get_by_test_id("field-max_per_participant").fill("9")
    page.get_by_test_id("save").click()
    expect(page.get_by_test_id("error-max_per_participant")).to_contain_text("1 en 5")
    page.get_by_test_id("field-max_per_participant").fill("2")
    page.get_by_test_id("save").click()
    expect(page.get_by_test_id("error-max_per_participant")).to_be_hidden()
    expect(page.get_by_test_id("save-status")).not_to_be_empty()
    expect(page.locator("#preview-phone")).to_contain_text("Welk woord hoort bij de eerste minuut aan de balie?")

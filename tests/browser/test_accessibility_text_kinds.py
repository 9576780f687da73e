"""Accessibility of the text kinds (respond, words) and moderation before the wall: axe-core finds no serious or
critical violation on phones, projector and control page, in Dutch and English; the moderation queue and the reply
tags work by keyboard alone."""
import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE
from tests.browser.test_accessibility import check

RESPOND, WORDS = "zeg-nee-te-hoog-inkomen", "woord-goed-gesprek"


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_phones_projector_and_control_page_with_replies_and_words(pages, live, lang):
    created = live.create_workshop([RESPOND, WORDS])
    code = created["code"]
    control = pages.control(created)
    control.goto(control.url + f"?lang={lang}")
    projector = pages.page({"viewport": {"width": 1280, "height": 720}},
                           created["screen_url"].replace(live.url, "") + f"&lang={lang}")
    phone = pages.page(PHONE, f"/j/{code}?lang={lang}")
    other = pages.phone(code)
    expect(phone.get_by_test_id("connection-status")).to_have_attribute("data-state", "connected")
    live.control(code, action="goto", index=0)
    live.control(code, action="open")
    live.control(code, action="premoderate", on=True)
    phone.get_by_test_id("tip-input").fill("Ik hoor dat dit u raakt.")
    phone.get_by_test_id("tip-submit").click()
    expect(phone.get_by_test_id("held-note")).to_be_visible()
    other.get_by_test_id("tip-input").fill("Regels zijn regels.")
    other.get_by_test_id("tip-submit").click()
    expect(control.get_by_test_id("moderation-tips").locator("li[data-held=true]")).to_have_count(2)
    check(phone, f"respond open, a reply waiting ({lang})")
    check(control, f"control page with a moderation queue and tags ({lang})")
    control.get_by_test_id("approve-all").click()
    expect(projector.get_by_test_id("tip-wall").locator("[data-tip-id]")).to_have_count(2)
    replies = live.results(code)["exercises"][0]["tips"]
    live.control(code, action="tag_tip", tip_id=replies[0]["id"], tag="handle:feeling")
    live.control(code, action="reveal")
    expect(projector.get_by_test_id("wall-tag")).to_have_count(1)
    expect(phone.get_by_test_id("tip-tag")).to_have_count(1)
    check(projector, f"projector: replies with tags after the reveal ({lang})")
    check(phone, f"phone: replies with tags after the reveal ({lang})")

    live.control(code, action="goto", index=1)
    live.control(code, action="open")
    for word in ("Luisteren", "Rust"):
        phone.get_by_test_id("word-input").fill(word)
        phone.get_by_test_id("word-submit").click()
    other.get_by_test_id("word-input").fill("luisteren")
    other.get_by_test_id("word-submit").click()
    # Pre-moderation is the workshop's setting: switched on for the replies, it holds the words too until approved.
    expect(phone.get_by_test_id("held-note")).to_have_count(2)
    expect(other.get_by_test_id("held-note")).to_have_count(1)
    expect(projector.get_by_test_id("word-cloud").locator(".cloud-word")).to_have_count(0)
    expect(control.get_by_test_id("moderation-tips").locator("li[data-held=true]").first).to_be_visible()
    check(control, f"control page with words waiting ({lang})")
    control.get_by_test_id("approve-all").click()
    expect(projector.get_by_test_id("word-cloud").locator(".cloud-word")).to_have_count(2)
    expect(phone.get_by_test_id("phone-cloud").locator(".cloud-word")).to_have_count(2)
    expect(phone.get_by_test_id("word-left")).to_have_text(
        {"nl": "Nog 1 van 3 woorden", "en": "1 of 3 words left"}[lang])
    expect(projector.get_by_test_id("word-cloud").locator(".cloud-word").first).to_have_text("Luisteren")
    check(projector, f"projector word cloud ({lang})")
    check(phone, f"phone word cloud ({lang})")
    check(control, f"control page during a word cloud ({lang})")


def test_the_organisations_word_list_page(pages):
    page = pages.trainer()
    page.get_by_test_id("blocked-words-link").click()
    page.get_by_test_id("blocked-words-input").fill("Jansen\nde Baas")
    page.get_by_test_id("blocked-words-save").click()
    expect(page.get_by_test_id("blocked-words-input")).to_have_value("de baas\njansen")
    check(page, "blocked words page")


def test_moderation_and_tags_by_keyboard_alone(pages, live):
    created = live.create_workshop([RESPOND])
    code = created["code"]
    control = pages.control(created)
    phone = pages.phone(code)

    def tab_to(selector: str, limit: int = 80) -> None:
        for _ in range(limit):
            control.keyboard.press("Tab")
            if control.evaluate("selector => !!document.activeElement?.matches(selector)", selector):
                return
        raise AssertionError(f"{selector} cannot be reached with Tab")

    live.control(code, action="goto", index=0)
    live.control(code, action="open")
    tab_to('[data-testid="premoderate"]')
    control.keyboard.press("Enter")
    expect(control.get_by_test_id("premoderate")).to_have_attribute("aria-pressed", "true")
    phone.get_by_test_id("tip-input").fill("Ik begrijp dat dit een klap is.")
    phone.get_by_test_id("tip-submit").click()
    expect(control.get_by_test_id("held-count")).not_to_be_empty()
    tab_to('[data-testid="approve-all"]')
    control.keyboard.press("Enter")
    expect(phone.get_by_test_id("tip-wall").locator("[data-tip-id]")).to_have_count(1)
    tab_to('[data-testid="tag-select"]')
    control.keyboard.press("ArrowDown")  # the first tag below "Geen tag"
    expect(control.get_by_test_id("tag-select")).to_have_value("pitfall:giving-right")
    control.wait_for_timeout(300)
    assert live.results(code)["exercises"][0]["tips"][0]["tag"] == "pitfall:giving-right"

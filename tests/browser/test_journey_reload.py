"""Journey e: a reload keeps the participant's identity, own tips and vote."""
from playwright.sync_api import expect

from tests.browser.conftest import connected

TIP = "Eerst de vervelende boodschap, dan stil zijn"


def test_reload_keeps_identity_tips_and_vote(pages, live):
    created = live.create_workshop([live.exercise_id("tips"), live.exercise_id("case")])
    code = created["code"]
    live.control(code, action="goto", index=0)
    live.control(code, action="open")
    phone = pages.phone(code)
    other = pages.phone(code)
    token = phone.evaluate("key => localStorage.getItem(key)", f"klantwijs:token:{code}")
    assert token

    phone.get_by_test_id("tip-input").fill(TIP)
    phone.get_by_test_id("tip-submit").click()
    expect(phone.get_by_test_id("own-tips")).to_contain_text(TIP)
    expect(phone.get_by_test_id("tip-sent")).to_have_text("Verstuurd ✓")
    expect(phone.get_by_test_id("tip-sent")).to_be_in_viewport()
    expect(phone.get_by_test_id("own-tips").locator("li", has_text=TIP)).to_be_in_viewport()

    phone.reload()
    connected(phone)
    expect(phone.get_by_test_id("own-tips")).to_contain_text(TIP)
    own = phone.get_by_test_id("tip-wall").locator("li[data-tip-id]", has_text=TIP)
    expect(own).to_contain_text("Jouw tip")  # still recognised as this phone's own tip
    expect(own.get_by_test_id("upvote")).to_have_count(0)
    assert phone.evaluate("key => localStorage.getItem(key)", f"klantwijs:token:{code}") == token

    live.control(code, action="goto", index=1)
    live.control(code, action="open")
    option = phone.get_by_test_id("case-options").locator("[data-option-id]").nth(1)
    option.tap()
    expect(option).to_have_attribute("aria-pressed", "true")

    phone.reload()
    connected(phone)
    option = phone.get_by_test_id("case-options").locator("[data-option-id]").nth(1)
    expect(option).to_have_attribute("aria-pressed", "true")
    expect(option).to_contain_text("Jouw keuze")
    # the same participant: still two people in the workshop, one vote
    status, state = live.server.request("GET", f"/api/v1/workshops/{code}", token=live.token)
    assert status == 200 and state["participants"] == 2
    assert live.results(code)["exercises"][1]["total"] == 1
    expect(other.get_by_text("2 deelnemers")).to_be_visible()

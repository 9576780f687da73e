"""Phones in the room: the page does not jump while the exercise arrives (layout shift measured in the browser),
and the end of the workshop leaves each phone its own recap, also after a reload; the projector shows the room's."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import PHONE, connected

CASE = "vier-keer-bellen"
MAX_SHIFT = 0.05

RECORD_SHIFTS = """
window.__shifts = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__shifts.push(entry.value);
}).observe({type: "layout-shift", buffered: true});
"""


def test_the_case_does_not_move_while_the_page_connects(pages, live):
    created = live.create_workshop([CASE])
    code = created["code"]
    live.control(code, action="goto", index=0)
    live.control(code, action="open")
    context = pages.context(PHONE)
    context.add_init_script(RECORD_SHIFTS)
    phone = context.new_page()
    phone.goto(f"/j/{code}")
    expect(phone.get_by_test_id("case-options").locator("[data-option-id]").first).to_be_visible()
    connected(phone)
    phone.wait_for_function("key => localStorage.getItem(key) !== null", arg=f"klantwijs:token:{code}")
    expect(phone.locator("#participant-count")).not_to_be_empty()  # the join ack is in and rendered
    phone.wait_for_timeout(300)
    shift = phone.evaluate("() => window.__shifts.reduce((a, b) => a + b, 0)")
    print(f"layout shift until the exercise is on screen: {shift:.4f}")
    assert shift <= MAX_SHIFT, f"cumulative layout shift {shift:.3f} from load until the exercise is on screen"


def test_each_phone_keeps_its_own_recap_and_the_projector_shows_the_room(pages, live):
    created = live.create_workshop([live.exercise_id("tips"), CASE])
    code = created["code"]
    projector = pages.projector(created)
    phone = pages.phone(code)
    live.control(code, action="goto", index=0)
    live.control(code, action="open")
    phone.get_by_test_id("tip-input").fill("Eerst tot tien tellen")
    phone.get_by_test_id("tip-submit").click()
    expect(phone.get_by_test_id("tip-sent")).to_have_text("Verstuurd ✓")
    expect(phone.get_by_test_id("tip-sent")).to_be_in_viewport()
    live.control(code, action="goto", index=1)
    live.control(code, action="open")
    choice = phone.get_by_test_id("case-options").locator('[data-option-id="c"]')
    choice.tap()
    expect(choice).to_have_attribute("aria-pressed", "true")
    live.control(code, action="end")

    recap = phone.get_by_test_id("my-recap")
    expect(recap).to_be_visible()
    expect(recap).to_contain_text("Jouw keuzes")
    expect(recap).to_contain_text("Eerst tot tien tellen")
    expect(recap).to_contain_text("Valkuil: de klant gelijk geven")
    phone.reload()  # a phone that slept or reloads after the end still gets it
    expect(phone.get_by_test_id("my-recap")).to_contain_text("Valkuil: de klant gelijk geven")

    latecomer = pages.page(PHONE, f"/j/{code}")
    expect(latecomer.get_by_test_id("final")).to_contain_text("afgelopen")
    expect(latecomer.get_by_test_id("my-recap")).to_be_hidden()

    # the trainer shares the hand-out: a phone that comes back finds the link beside its recap
    trainer = pages.trainer()
    trainer.goto(f"/facilitator/archive/workshops/{code}")
    trainer.get_by_role("button", name="Link maken").click()
    expect(trainer.get_by_test_id("handout-url")).to_be_visible()
    phone.reload()
    link = phone.get_by_test_id("handout-link")
    expect(link).to_be_visible()
    link.click()
    expect(phone.locator("body")).to_contain_text("Eerst tot tien tellen")  # the hand-out with the room's tips
    expect(phone.locator("body")).to_contain_text("Vier keer bellen voor één woning")  # and the case, explained

    room = projector.get_by_test_id("recap")
    expect(room).to_contain_text("Eerst tot tien tellen")  # the top tip
    expect(room.locator('[data-kind="case"]')).to_contain_text("De groep koos: C.")
    expect(room.locator('[data-kind="case"]')).to_contain_text("Bedoeld antwoord: B.")


def test_a_vote_tapped_before_the_page_connected_is_sent_once_it_has(pages, live):
    created = live.create_workshop([CASE])
    code = created["code"]
    live.control(code, action="goto", index=0)
    live.control(code, action="open")
    phone = pages.context(PHONE).new_page()
    held, released = [], []

    def slow_network(route):
        if released:
            route.continue_()
        else:
            held.append(route)
    phone.route("**/socket.io/?*", slow_network)  # the connection is late
    phone.goto(f"/j/{code}")
    option = phone.get_by_test_id("case-options").locator('[data-option-id="d"]')
    option.tap()  # the case is on screen from the HTML already, the socket not yet there
    expect(option).to_have_attribute("aria-pressed", "true")
    released.append(True)
    for route in held:
        route.continue_()
    connected(phone)
    expect(option).to_contain_text("Jouw keuze")
    phone.wait_for_function("() => document.querySelector('#announce').textContent !== ''")
    assert live.results(code)["exercises"][0]["total"] == 1


def test_a_phone_moves_from_long_polling_to_a_websocket(pages, live):
    """The page connects with long-polling and then upgrades (static/js/common.js): on a WebSocket each message is a
    frame, not a request. The upgrade failed on every server until the JSON guard for Socket.IO events stopped
    answering Engine.IO's "probe" (every phone stayed on polling); here the phone gets the server's "3probe" and a
    vote then travels over the WebSocket."""
    created = live.create_workshop([CASE])
    code = created["code"]
    live.control(code, action="goto", index=0)
    live.control(code, action="open")
    context = pages.context(PHONE)
    phone = context.new_page()
    frames: list[str] = []
    phone.on("websocket", lambda socket: socket.on(
        "framereceived", lambda payload: frames.append(payload if isinstance(payload, str) else "")))
    with phone.expect_websocket() as opened:
        phone.goto(f"/j/{code}")
    assert "/socket.io/" in opened.value.url and "transport=websocket" in opened.value.url
    phone.wait_for_function("key => localStorage.getItem(key) !== null", arg=f"klantwijs:token:{code}")
    expect(phone.get_by_test_id("case-options").locator("[data-option-id]").first).to_be_visible()
    assert frame_arrives(phone, frames, lambda frame: frame == "3probe"), frames[:5]  # the upgrade's answer
    before = len(frames)
    phone.get_by_test_id("case-options").locator("[data-option-id]").first.click()
    expect(phone.get_by_test_id("case-options").locator('[aria-pressed="true"]')).to_have_count(1)
    assert frame_arrives(phone, frames, lambda frame: frame.startswith("43"), since=before), frames[before:]  # ack


def frame_arrives(page, frames: list[str], matches, since: int = 0, seconds: float = 10) -> bool:
    """Whether a received WebSocket frame matches within `seconds` (the page's own clock keeps Playwright's events
    flowing meanwhile)."""
    for _ in range(int(seconds / 0.05)):
        if any(matches(frame) for frame in frames[since:]):
            return True
        page.wait_for_timeout(50)
    return False

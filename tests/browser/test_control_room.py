"""The control page in the room: the presenter view (notes, tags, explanations, the intended answer) only there; a
reveal that was never opened asks first and `conceal` undoes it; a presentation clicker (PageDown, PageUp, "b")
steps through the exercise one visible step per press, and blanks the projector."""
from __future__ import annotations

from playwright.sync_api import expect

CASE = "vier-keer-bellen"  # five options, b is the intended answer
NOTES = "Begin met de irritatie"


def control_page(pages, created):
    """The control page once its state is in (the exercise list is drawn from it)."""
    control = pages.control(created)
    expect(control.get_by_test_id("exercise-item").first.locator("button")).to_be_visible()
    return control


def state_of(live, code) -> dict:
    status, state = live.server.request("GET", f"/api/v1/workshops/{code}", token=live.token)
    assert status == 200
    return state


def test_presenter_view_and_notes_only_on_the_control_page(pages, live):
    created = live.create_workshop([CASE, live.exercise_id("tips")])
    code = created["code"]
    control = control_page(pages, created)
    projector = pages.projector(created)
    phone = pages.phone(code)
    control.get_by_test_id("next").click()
    presenter = control.get_by_test_id("presenter")
    expect(presenter).to_be_visible()
    expect(control.get_by_test_id("trainer-notes")).to_contain_text(NOTES)  # before anything was revealed
    options = control.get_by_test_id("presenter-options")
    expect(options.locator("li")).to_have_count(5)
    expect(options.locator('[data-option-id="a"]')).to_contain_text("Valkuil: de discussie afkappen")
    expect(options.locator('[data-option-id="b"]').get_by_test_id("best-mark")).to_have_text("★ Bedoeld antwoord")
    expect(presenter).to_contain_text("Deze vader is niet lastig")  # the summary
    expect(phone.get_by_test_id("case-story")).to_be_visible()
    for page in (projector, phone):
        assert NOTES not in page.content()
        assert "Valkuil" not in page.get_by_test_id("case-options").inner_text()  # no tags before the reveal
    expect(control.get_by_test_id("shortcuts")).to_contain_text("PageDown")


def test_a_misclicked_reveal_asks_first_and_can_be_taken_back(pages, live):
    created = live.create_workshop([CASE])
    code = created["code"]
    control = control_page(pages, created)
    control.get_by_test_id("next").click()
    expect(control.get_by_test_id("current-title")).not_to_have_text("Welkom en QR-code")
    asked = []
    control.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    control.get_by_test_id("reveal").click()
    expect(control.get_by_test_id("open")).to_have_attribute("aria-disabled", "false")
    assert asked and "nog niet geopend" in asked[0]
    assert state_of(live, code)["exercises"][0]["phase"] == "ready"

    control.once("dialog", lambda dialog: dialog.accept())
    control.get_by_test_id("reveal").click()
    conceal = control.get_by_test_id("conceal")
    expect(conceal).to_be_visible()
    assert state_of(live, code)["exercises"][0]["phase"] == "revealed"
    conceal.click()
    expect(control.get_by_test_id("reveal")).to_be_visible()
    expect(control.get_by_test_id("open")).to_have_attribute("aria-disabled", "false")  # voting can still open
    assert state_of(live, code)["exercises"][0]["phase"] == "closed"
    # the phase words cannot be misread as "finished"
    expect(control.get_by_test_id("exercise-item").first).to_contain_text("Gesloten")


def test_a_clicker_steps_through_the_exercise_one_press_at_a_time(pages, live):
    created = live.create_workshop([CASE, live.exercise_id("tips")])
    code = created["code"]
    control = control_page(pages, created)
    projector = pages.projector(created)
    control.locator("body").click(position={"x": 5, "y": 5})

    def press(key: str, check) -> None:
        control.keyboard.press(key)
        check()

    def phase(expected):
        def check():
            # the projector got the broadcast of this phase: so did the control page (the same room, in order)
            expect(projector.locator("#case-phase")).to_have_attribute("data-phase", expected)
            expect(control.get_by_test_id("exercise-item").first).to_have_attribute("data-phase", expected)
        return check

    step = projector.get_by_test_id("reveal")
    press("PageDown", phase("ready"))
    press("PageDown", phase("open"))
    press("PageDown", phase("closed"))
    press("PageDown", lambda: expect(step).to_have_attribute("data-step", "1"))
    expect(step).to_contain_text("Antwoord 1 van 5")
    for n in range(2, 6):
        press("PageDown", lambda n=n: expect(step).to_have_attribute("data-step", str(n)))
    press("PageDown", lambda: expect(projector.get_by_test_id("reveal").locator(".option.revealed")).to_have_count(5))
    assert state_of(live, code)["exercises"][0]["reveal_step"] is None
    press("PageDown", lambda: expect(projector.get_by_test_id("screen-prompt")).to_be_visible())
    assert state_of(live, code)["current"] == 1

    press("PageUp", lambda: expect(control.get_by_test_id("exercise-item").first)
          .to_have_attribute("data-current", "true"))
    press("PageUp", lambda: expect(projector.get_by_test_id("reveal")).to_have_attribute("data-step", "5"))
    press("ArrowLeft", lambda: expect(projector.get_by_test_id("reveal")).to_have_attribute("data-step", "4"))
    for n in (3, 2, 1):
        press("PageUp", lambda n=n: expect(step).to_have_attribute("data-step", str(n)))
    press("PageUp", phase("closed"))  # before option 1: the reveal is taken back

    press("b", lambda: expect(projector.get_by_test_id("blank")).to_be_visible())
    press("b", lambda: expect(projector.get_by_test_id("blank")).to_be_hidden())

"""Accessibility: axe-core finds no serious or critical violation on any page, in every state a participant sees;
the control page works by keyboard alone."""
import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.conftest import PHONE

AXE = Axe()
BLOCKING = {"serious", "critical"}  # color-contrast (WCAG AA) is one of the serious rules


def blocking_violations(page) -> list[str]:
    results = AXE.run(page)
    return [f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:5]}"
            for v in results.response["violations"] if v["impact"] in BLOCKING]


def check(page, what: str) -> None:
    page.wait_for_timeout(400)  # let entrance animations settle, so colours are measured at rest
    found = blocking_violations(page)
    assert found == [], f"{what}: {found}"


def test_the_checker_catches_a_real_violation(pages):
    """The check is live: a page with grey-on-white text and an unlabelled field fails it."""
    page = pages.page(PHONE)  # about:blank: the site's own CSP would block the inline style this test needs
    page.set_content('<html lang="nl"><body><main><p style="color:#bbb;background:#fff">Zwak contrast</p>'
                     '<input type="text"></main></body></html>')
    found = " ".join(blocking_violations(page))
    assert "color-contrast" in found and "label" in found


@pytest.mark.parametrize("path", ["/", "/j/ZZZZZZ", "/privacy", "/facilitator/login", "/?lang=en"])
def test_public_pages_have_no_serious_violations(pages, path):
    page = pages.page(PHONE, path)
    check(page, path)


def test_participant_page_in_every_state(pages, live):
    created = live.create_workshop([live.exercise_id("tips"), live.exercise_id("case")])
    code = created["code"]
    phone = pages.phone(code)
    other = pages.phone(code)
    check(phone, "waiting for the first exercise")

    live.control(code, action="goto", index=0)
    live.control(code, action="open")
    expect(phone.get_by_test_id("tip-input")).to_be_visible()
    for page, text in ((phone, "Tot tien tellen"), (other, "Koffie halen")):
        page.get_by_test_id("tip-input").fill(text)
        page.get_by_test_id("tip-submit").click()
    expect(phone.get_by_test_id("tip-wall").locator("[data-tip-id]")).to_have_count(2)
    phone.get_by_test_id("upvote").first.tap()
    check(phone, "tips open, with own and others' tips")
    live.control(code, action="close")
    expect(phone.locator("#tip-form")).to_be_hidden()
    check(phone, "tips closed")

    live.control(code, action="goto", index=1)
    live.control(code, action="open")
    phone.get_by_test_id("case-options").locator("[data-option-id]").first.tap()
    check(phone, "case open, a vote chosen")
    live.control(code, action="results", visible=True)
    expect(phone.get_by_test_id("tally")).to_be_visible()
    live.control(code, action="reveal")
    expect(phone.get_by_test_id("my-choice")).to_be_visible()
    check(phone, "case revealed with results")
    live.control(code, action="end")
    expect(phone.get_by_test_id("my-recap")).to_be_visible()
    check(phone, "workshop ended, own recap")


def test_projector_control_and_dashboard(pages, live):
    created = live.create_workshop([live.exercise_id("tips"), live.exercise_id("case", 2)])
    code = created["code"]
    control = pages.control(created)
    projector = pages.projector(created)
    phone = pages.phone(code)
    check(projector, "projector welcome with QR code")
    check(control, "control page before the start")

    live.control(code, action="goto", index=0)
    live.control(code, action="open")
    phone.get_by_test_id("tip-input").fill("Zeg wat je doet en doe wat je zegt")
    phone.get_by_test_id("tip-submit").click()
    expect(projector.get_by_test_id("tip-wall").locator("[data-tip-id]")).to_have_count(1)
    check(projector, "projector tips wall")
    expect(control.get_by_test_id("moderation-tips").locator("li")).to_have_count(1)
    check(control, "control page with tips")

    live.control(code, action="goto", index=1)
    live.control(code, action="open")
    phone.get_by_test_id("case-options").locator("[data-option-id]").first.tap()
    live.control(code, action="results", visible=True)
    expect(projector.get_by_test_id("tally")).to_be_visible()
    check(projector, "projector case with bars")
    live.control(code, action="reveal")
    expect(projector.get_by_test_id("reveal")).to_have_attribute("data-step", "1")
    check(projector, "projector revealing one option")
    check(control, "control page after the reveal (presenter view, steps)")
    live.control(code, action="reveal_step", step=None)
    expect(projector.get_by_test_id("reveal").locator(".option.revealed").first).to_be_visible()
    check(projector, "projector reveal overview")
    live.control(code, action="end")
    expect(projector.get_by_test_id("recap")).to_be_visible()
    check(projector, "projector closing recap")

    dashboard = pages.trainer()
    check(dashboard, "dashboard")


def test_control_page_works_by_keyboard_alone(pages, live):
    created = live.create_workshop([live.exercise_id("tips"), live.exercise_id("case")])
    code = created["code"]
    control = pages.control(created)
    phone = pages.phone(code)

    def tab_to(test_id: str, inside: str = "", limit: int = 80) -> None:
        """Press Tab until the element with this test id (or a button inside it) has the focus."""
        selector = f'[data-testid="{test_id}"]' + (f" {inside}" if inside else "")
        for _ in range(limit):
            control.keyboard.press("Tab")
            if control.evaluate("selector => !!document.activeElement?.matches(selector)", selector):
                return
        raise AssertionError(f"{selector} cannot be reached with Tab")

    def focus_ring_visible() -> bool:
        return control.evaluate("() => getComputedStyle(document.activeElement).outlineStyle !== 'none'"
                                " || getComputedStyle(document.activeElement).boxShadow !== 'none'")

    tab_to("next")
    assert focus_ring_visible(), "the focused button shows no focus indicator"
    control.keyboard.press("Enter")
    expect(control.get_by_test_id("current-title")).to_have_text(
        next(e["title"] for e in live.library if e["id"] == live.exercise_id("tips")))
    tab_to("open")
    control.keyboard.press("Space")
    expect(phone.get_by_test_id("tip-input")).to_be_visible()
    phone.get_by_test_id("tip-input").fill("Eerst koffie aanbieden")
    phone.get_by_test_id("tip-submit").click()
    hide = control.get_by_test_id("moderation-tips").get_by_role("button", name="Verbergen")
    expect(hide).to_be_visible()
    tab_to("moderation-tips", inside="button")
    expect(hide).to_be_focused()
    control.keyboard.press("Enter")
    expect(phone.get_by_test_id("tip-wall")).not_to_contain_text("Eerst koffie aanbieden")
    tab_to("next")
    control.keyboard.press("Enter")
    expect(control.get_by_test_id("current-title")).to_have_text(
        next(e["title"] for e in live.library if e["id"] == live.exercise_id("case")))
    tab_to("open")
    control.keyboard.press("Enter")
    expect(phone.get_by_test_id("case-options").locator("[data-option-id]").first).to_be_enabled()
    tab_to("reveal")
    control.once("dialog", lambda dialog: dialog.accept())  # voting is open: the page asks first
    control.keyboard.press("Enter")
    expect(phone.get_by_test_id("case-options").get_by_test_id("explanation").first).to_be_visible()
    assert pages.live.results(code)["exercises"][0]["tips"][0]["hidden"] is True

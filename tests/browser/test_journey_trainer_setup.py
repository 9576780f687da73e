"""Journey a: a trainer logs in, creates a workshop from the library, opens the control page and the projector."""
from playwright.sync_api import expect

from tests.browser.conftest import connected


def test_trainer_creates_a_workshop_and_opens_control_page_and_projector(pages, live):
    case_id, tips_id = live.exercise_id("case", 1), live.exercise_id("tips", 2)
    page = pages.trainer()
    expect(page.get_by_role("heading", name="Jouw workshops")).to_be_visible()

    page.get_by_test_id("workshop-title").fill("Klantgericht communiceren")
    # chosen in this order: the case first, then the tip question
    page.locator(f'label[for="ex-{case_id}"]').click()
    page.locator(f'label[for="ex-{tips_id}"]').click()
    chosen = page.get_by_test_id("chosen-exercises").locator("li")
    expect(chosen).to_have_count(2)
    case_title = next(e["title"] for e in live.library if e["id"] == case_id)
    tips_title = next(e["title"] for e in live.library if e["id"] == tips_id)
    expect(chosen.nth(0)).to_contain_text(case_title)
    # the trainer moves the tip question up: it becomes the first exercise
    chosen.nth(1).get_by_role("button", name=f"{tips_title} omhoog").click()
    expect(chosen.nth(0)).to_contain_text(tips_title)
    page.get_by_test_id("create-workshop").click()

    page.wait_for_url("**/facilitator/workshops/*")
    connected(page)
    code = page.get_by_test_id("join-code-display").inner_text().strip()
    assert len(code) == 6
    items = page.get_by_test_id("exercise-item")
    expect(items).to_have_count(2)
    expect(items.nth(0)).to_contain_text(tips_title)
    expect(items.nth(1)).to_contain_text(case_title)
    expect(page.get_by_test_id("join-url")).to_have_value(f"{live.url}/j/{code}")
    expect(page.get_by_test_id("participants")).to_have_text("0")

    with page.context.expect_page() as opened:
        page.get_by_test_id("open-projector").click()
    projector = opened.value
    projector.wait_for_load_state()
    connected(projector)
    expect(projector.get_by_test_id("screen-code")).to_have_text(code)
    expect(projector.get_by_test_id("welcome")).to_contain_text("Klantgericht communiceren")
    qr_width = projector.get_by_test_id("screen-qr").evaluate("img => img.complete ? img.naturalWidth : 0")
    assert qr_width > 0, "the QR code image did not load on the projector"

    # the workshop is on the dashboard too
    page.get_by_role("link", name="Overzicht").click()
    expect(page.get_by_test_id("workshops")).to_contain_text("Klantgericht communiceren")

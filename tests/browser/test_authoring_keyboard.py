"""The editor and the library work by keyboard alone, and the pages of reusable workshops are axe clean."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.test_accessibility import check


def tab_to(page, selector: str, limit: int = 120) -> None:
    """Press Tab until the element matching `selector` has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("selector => !!document.activeElement?.matches(selector)", selector):
            return
    raise AssertionError(f"{selector} cannot be reached with Tab")


def test_editor_options_by_keyboard(pages):
    page = pages.trainer()
    page.goto("/facilitator/exercises/new?kind=case")
    tab_to(page, '[data-testid="field-title"]')
    page.keyboard.type("Alleen met het toetsenbord")
    tab_to(page, '[data-testid="option-text-0"]')
    page.keyboard.type("Eerste reactie")
    tab_to(page, '[data-testid="option-tag-0"]')
    page.keyboard.press("ArrowDown")  # the first label in the list
    expect(page.get_by_test_id("option-tag-0")).not_to_have_value("")
    tab_to(page, 'li.option-row[data-index="0"] button[data-act="down"]')
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("option-text-1")).to_have_value("Eerste reactie")
    # the focus stays with the moved option, on its own move button
    assert page.evaluate("() => document.activeElement.closest('li').dataset.index") == "1"
    tab_to(page, '[data-testid="add-option"]')
    page.keyboard.press("Enter")
    expect(page.locator("li.option-row")).to_have_count(4)
    assert page.evaluate("() => document.activeElement.dataset.testid") == "option-text-3"
    tab_to(page, '[data-testid="save"]')
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("problems")).to_be_visible()
    expect(page.get_by_test_id("field-title")).to_have_value("Alleen met het toetsenbord")


def test_library_preview_and_workshop_pages_are_axe_clean_and_open_by_keyboard(pages, live):
    page = pages.trainer()
    page.goto("/facilitator/exercises?kind=case")
    tab_to(page, '[data-testid="library-item"] summary')
    page.keyboard.press("Enter")
    preview = page.get_by_test_id("preview").first
    expect(preview).to_be_visible()
    expect(preview.locator(".preview-options li").first).to_be_visible()
    check(page, "library with an open preview")
    created = live.create_workshop([live.exercise_id("tips"), live.exercise_id("case")])
    page.goto(f"/facilitator/workshops/{created['code']}/exercises")
    check(page, "a workshop's exercises")
    tab_to(page, '[data-testid="sequence-item"] button[value="down"]')
    page.keyboard.press("Enter")
    case_title = next(e["title"] for e in live.library if e["id"] == live.exercise_id("case"))
    expect(page.get_by_test_id("sequence-item").first).to_contain_text(case_title)
    page.goto("/facilitator/")
    check(page, "dashboard with copy buttons")

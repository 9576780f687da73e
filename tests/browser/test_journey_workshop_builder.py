"""Journey: a trainer prepares a workshop in the builder on the dashboard: filters the library by theme, kind and
words, looks at an exercise's preview, picks three, sees the planned minutes added up, reorders by dragging and by
keyboard, creates the workshop; then duplicates it under a new title and lands on the copy's edit page."""
import re

from playwright.sync_api import expect


def test_filter_preview_minutes_reorder_and_duplicate(pages, live):
    page = pages.trainer()
    items = page.get_by_test_id("lib-item")
    total = items.count()
    count = page.get_by_test_id("builder-count")
    expect(count).to_have_text(f"{total} van {total} oefeningen")

    themed = [e for e in live.library if e.get("theme")]
    theme = themed[0]["theme"]
    with_theme = [e for e in live.library if e.get("theme") == theme]
    page.get_by_test_id("builder-theme").select_option(theme)
    expect(count).to_have_text(f"{len(with_theme)} van {total} oefeningen")
    expect(page.locator(".lib-item:visible")).to_have_count(len(with_theme))
    page.get_by_test_id("builder-theme").select_option("")

    page.get_by_test_id("builder-kind").select_option("case")
    cases = [e for e in live.library if e["kind"] == "case"]
    expect(page.locator(".lib-item:visible")).to_have_count(len(cases))
    page.get_by_test_id("builder-search").fill("vier keer bellen")
    expect(page.locator(".lib-item:visible")).to_have_count(1)
    page.get_by_test_id("preview-vier-keer-bellen").click()
    preview = page.locator('.lib-item:visible [data-testid="preview"]')
    expect(preview).to_be_visible()
    expect(preview).to_contain_text("beste antwoord")  # the options with their tags, as on the library page
    page.locator('label[for="ex-vier-keer-bellen"]').click()

    page.get_by_test_id("builder-search").fill("")
    page.get_by_test_id("builder-kind").select_option("")
    expect(count).to_have_text(f"{total} van {total} oefeningen")
    for exercise_id in ("fris-blijven", "woord-goed-gesprek"):
        page.locator(f'label[for="ex-{exercise_id}"]').click()
    minutes = sum(int(page.get_by_test_id(f"exercise-{e}").get_attribute("data-minutes"))
                  for e in ("vier-keer-bellen", "fris-blijven", "woord-goed-gesprek"))
    assert minutes > 0
    expect(page.get_by_test_id("planned-minutes")).to_have_text(f"Geplande tijd: {minutes} minuten")

    chosen = page.get_by_test_id("chosen-exercises").locator("li")
    expect(chosen).to_have_count(3)
    titles = {e["id"]: e["title"] for e in live.library}
    chosen.nth(2).drag_to(chosen.nth(0))  # the word cloud to the front
    expect(chosen.nth(0)).to_contain_text(titles["woord-goed-gesprek"])
    expect(chosen.nth(1)).to_contain_text(titles["vier-keer-bellen"])
    down = chosen.nth(0).get_by_role("button", name=f"{titles['woord-goed-gesprek']} omlaag")
    down.focus()
    page.keyboard.press("Enter")  # by keyboard: one place down, the focus stays on the moved exercise
    expect(chosen.nth(1)).to_contain_text(titles["woord-goed-gesprek"])
    expect(page.locator(":focus")).to_have_accessible_name(f"{titles['woord-goed-gesprek']} omlaag")

    page.get_by_test_id("workshop-title").fill("Voorbereid in vijf minuten")
    page.get_by_test_id("create-workshop").click()
    page.wait_for_url(re.compile(r"/facilitator/workshops/[A-Z0-9]{6}$"))
    code = page.url.rsplit("/", 1)[1]
    status, state = live.server.request("GET", f"/api/v1/workshops/{code}", token=live.token)
    assert [e["id"] for e in state["exercises"]] == ["vier-keer-bellen", "woord-goed-gesprek", "fris-blijven"]

    page.goto("/facilitator/")
    page.get_by_test_id(f"duplicate-{code}").click()
    expect(page.get_by_test_id("copy-title")).to_have_value("Voorbereid in vijf minuten (kopie)")
    page.get_by_test_id("copy-title").fill("Voorbereid, tweede groep")
    page.get_by_test_id("duplicate-submit").click()
    page.wait_for_url(re.compile(r"/facilitator/workshops/[A-Z0-9]{6}/exercises$"))
    expect(page.get_by_test_id("details-title")).to_have_value("Voorbereid, tweede groep")
    expect(page.get_by_test_id("planned-minutes")).to_have_text(f"Geplande tijd: {minutes} minuten")
    page.get_by_test_id("details-language").select_option("en")
    page.get_by_test_id("details-submit").click()
    expect(page.get_by_test_id("details-language")).to_have_value("en")


def test_the_editor_leads_to_each_problem_and_names_the_saved_exercise(pages, live):
    page = pages.trainer()
    page.goto("/facilitator/exercises/new?kind=tips")
    expect(page.get_by_test_id("editor-heading")).to_have_text("Nieuwe oefening: Tipvraag")
    page.get_by_test_id("save").click()
    problems = page.get_by_test_id("problems")
    expect(problems).to_be_visible()
    expect(problems).to_be_focused()  # after a failed save the focus is on the summary, not on "Opslaan"
    links = problems.locator("a")
    expect(links).to_have_count(problems.locator("li").count())
    prompt_link = links.filter(has_text="Vraag")
    prompt_link.first.focus()
    page.keyboard.press("Enter")
    focused = page.locator(":focus")
    expect(focused).to_have_attribute("aria-invalid", "true")
    expect(focused).to_have_attribute("data-testid", re.compile("field-prompt"))

    page.get_by_test_id("field-title").fill("Na een lastig gesprek")
    page.get_by_test_id("field-prompt").fill("Wat helpt jou na een lastig gesprek?")
    page.get_by_test_id("save").click()
    expect(page.get_by_test_id("save-status")).to_have_text("Opgeslagen.")
    expect(page.get_by_test_id("editor-heading")).to_have_text("Oefening bewerken: Na een lastig gesprek")
    page.reload()
    expect(page.get_by_test_id("editor-heading")).to_have_text("Oefening bewerken: Na een lastig gesprek")


def test_the_presenter_notes_are_in_view_beside_the_controls_on_a_laptop(pages, live):
    """1366x768, the trainer's laptop: the notes of the current exercise without scrolling, beside the controls."""
    created = live.create_workshop(["vier-keer-bellen", "fris-blijven"])
    control = pages.control(created)  # LAPTOP: 1366x768
    expect(control.get_by_test_id("exercise-item").first.locator("button")).to_be_visible()
    control.get_by_test_id("next").click()
    notes = control.get_by_test_id("trainer-notes")
    expect(notes).to_contain_text("Begin met de irritatie")
    assert control.evaluate("window.scrollY") == 0
    box, controls = notes.bounding_box(), control.get_by_test_id("open").bounding_box()
    assert box["y"] >= 0 and box["y"] + min(box["height"], 120) <= 768, box  # its first lines in the first screen
    assert box["x"] > controls["x"] + controls["width"], (box, controls)  # beside the controls, not under them
    expect(control.get_by_test_id("next")).to_be_in_viewport()

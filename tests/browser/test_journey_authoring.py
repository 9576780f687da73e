"""Journey: a trainer writes a case with six options in the editor, sees every problem of the half-filled form next
to its field (nothing typed lost), fixes them, previews it as phone and projector, runs it with two phones and
reveals it (the best option marked), then duplicates the workshop. The library and editor pages are axe clean."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.test_accessibility import check

OPTIONS = [
    ("U heeft gelijk, dit beleid is eigenlijk niet uit te leggen.", "pitfall:giving-right"),
    ("Ik zie dat u hier echt van schrikt, dat snap ik.", "handle:feeling"),
    ("Dat is nu eenmaal de regel, daar ga ik niet over.", "pitfall:cutting-off"),
    ("Het contract zegt het zo; dat kan ik helaas niet veranderen.", "handle:facts"),
    ("Laat me nog één keer precies uitleggen hoe de planning werkt.", "pitfall:explaining"),
    ("Wat wel kan: ik zoek samen met u uit of de gemeente kan helpen.", "handle:possible"),
]
BEST = 1


def fill_option(editor, i: int, text: str, tag: str) -> None:
    editor.get_by_test_id(f"option-text-{i}").fill(text)
    editor.get_by_test_id(f"option-tag-{i}").select_option(tag)
    editor.get_by_test_id(f"option-explanation-{i}").fill(f"Uitleg bij reactie {i + 1}: waarom dit werkt of niet.")


def test_write_run_reveal_and_duplicate(pages, live):
    trainer = pages.trainer()
    trainer.get_by_test_id("library-link").click()
    check(trainer, "library page")
    trainer.get_by_test_id("new-case").click()
    editor = trainer
    expect(editor.get_by_test_id("editor")).to_be_visible()
    expect(editor.locator("li.option-row")).to_have_count(3)
    for _ in range(3):
        editor.get_by_test_id("add-option").click()
    expect(editor.locator("li.option-row")).to_have_count(6)
    expect(editor.get_by_test_id("add-option")).to_be_disabled()

    # half filled: a title, a story, two options
    editor.get_by_test_id("field-title").fill("Keuken wordt niet vervangen")
    editor.get_by_test_id("field-story").fill("Mevrouw De Vries hoort dat haar keuken pas over vijf jaar aan de "
                                              "beurt is."
                                              "\n\n\"Dat meent u niet! Ik kook al twintig jaar in dat hok.\"")
    fill_option(editor, 0, *OPTIONS[0])
    editor.get_by_test_id("option-text-1").fill(OPTIONS[1][0])
    editor.get_by_test_id("field-minutes").fill("tien")
    editor.get_by_test_id("save").click()
    problems = editor.get_by_test_id("problems")
    expect(problems).to_be_visible()
    expect(problems).to_contain_text("problemen")
    expect(editor.get_by_test_id("error-summary")).to_have_text("moet een niet-lege tekst zijn")
    expect(editor.get_by_test_id("error-minutes")).to_have_text("moet een heel getal zijn")
    expect(editor.locator('[data-field="options[2].tag"] .field-error')).to_have_text("ontbreekt")
    expect(editor.locator('[data-field="options[3].text"] .field-error')).to_have_text("moet een niet-lege tekst zijn")
    expect(editor.get_by_test_id("error-options")).to_contain_text("handvat")
    expect(editor.get_by_test_id("field-summary")).to_have_attribute("aria-invalid", "true")
    # nothing typed is lost
    expect(editor.get_by_test_id("field-title")).to_have_value("Keuken wordt niet vervangen")
    expect(editor.get_by_test_id("option-text-1")).to_have_value(OPTIONS[1][0])

    # fix everything
    editor.get_by_test_id("field-minutes").fill("15")
    editor.get_by_test_id("field-question").fill("Wat zeg je tegen haar?")
    editor.get_by_test_id("field-summary").fill("Eerst de klap uitdelen, dan helpen opvangen: geen uitlegstand.")
    editor.get_by_test_id("field-notes").fill("Alleen voor mij: vraag wie dit herkent.")
    for i, (text, tag) in enumerate(OPTIONS):
        fill_option(editor, i, text, tag)
    editor.get_by_test_id(f"option-best-{BEST}").check()

    # preview as phone and projector, before and after the reveal
    expect(editor.get_by_test_id("preview-phone")).to_contain_text("Keuken wordt niet vervangen")
    expect(editor.get_by_test_id("preview-phone")).to_contain_text(OPTIONS[5][0])
    expect(editor.get_by_test_id("preview-screen")).to_contain_text("F. " + OPTIONS[5][0])
    expect(editor.get_by_test_id("preview-phone")).not_to_contain_text("Alleen voor mij")
    editor.get_by_test_id("preview-revealed").check()
    expect(editor.get_by_test_id("preview-screen").locator(".pv-option.best")).to_contain_text("beste antwoord")
    check(editor, "editor with preview")

    editor.get_by_test_id("save").click()
    expect(editor.get_by_test_id("save-status")).to_have_text("Opgeslagen.")
    expect(editor.get_by_test_id("problems")).to_be_hidden()
    editor.wait_for_url(re.compile(r"/facilitator/exercises/[a-z0-9-]+/edit$"))
    exercise_id = editor.url.rsplit("/", 2)[1]
    status, document = live.server.request("GET", f"/api/v1/exercises/{exercise_id}", token=live.token)
    assert status == 200 and document["source"] == "organisation"
    assert len(document["options"]) == 6 and [o.get("best", False) for o in document["options"]].count(True) == 1

    # run it with two phones and reveal it
    created = live.create_workshop([exercise_id], title="Slecht nieuws brengen")
    control = pages.control(created)
    projector = pages.projector(created)
    phones = [pages.phone(created["code"]) for _ in range(2)]
    control.get_by_test_id("next").click()
    control.get_by_test_id("open").click()
    for phone, option in zip(phones, ("b", "e"), strict=True):
        button = phone.get_by_test_id("case-options").locator(f'[data-option-id="{option}"]')
        button.tap()
        expect(button).to_have_attribute("aria-pressed", "true")
    expect(control.get_by_test_id("voters")).to_have_text("2")
    control.once("dialog", lambda dialog: dialog.accept())  # voting is still open: the control page asks first
    control.get_by_test_id("reveal").click()
    # the reveal goes one option at a time: the projector shows option A (no best mark in sight before the overview;
    # its hidden overview list already holds every option, so only what is visible counts), a phone no more than that
    expect(projector.get_by_test_id("reveal")).to_have_attribute("data-step", "1")
    expect(projector.locator("#step-card")).to_have_attribute("data-option-id", "a")
    expect(projector.locator(".is-best:visible")).to_have_count(0)
    for phone in phones:
        expect(phone.get_by_test_id("my-choice")).to_be_visible()
        expect(phone.get_by_test_id("case-options").get_by_test_id("explanation")).to_have_count(1)  # step 1 is in
        expect(phone.get_by_test_id("case-options").get_by_test_id("best-mark")).to_have_count(0)
    control.get_by_test_id("reveal-steps").get_by_role("button", name="Overzicht").click()
    expect(projector.locator('.option.is-best[data-option-id="b"]')).to_contain_text("Bedoeld antwoord")
    for phone in phones:
        options = phone.get_by_test_id("case-options")
        expect(options.get_by_test_id("best-mark")).to_have_count(1)
        expect(options.locator('[data-option-id="b"]').get_by_test_id("best-mark")).to_have_text("★ Bedoeld antwoord")
        expect(phone.locator("#case-ex")).not_to_contain_text("Alleen voor mij")

    # duplicate the workshop: a new code, the same exercise, nobody in it
    control.get_by_test_id("duplicate-workshop").click()
    expect(control.get_by_test_id("copy-title")).to_have_value("Slecht nieuws brengen (kopie)")
    control.get_by_test_id("duplicate-submit").click()
    control.wait_for_url(re.compile(r"/facilitator/workshops/(?!" + created["code"] + r")[A-Z0-9]{6}/exercises$"))
    copy_code = control.url.rsplit("/", 2)[1]
    status, state = live.server.request("GET", f"/api/v1/workshops/{copy_code}", token=live.token)
    assert status == 200 and state["title"] == "Slecht nieuws brengen (kopie)" and state["participants"] == 0
    assert [e["id"] for e in state["exercises"]] == [exercise_id] and state["current"] is None

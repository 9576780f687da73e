"""Journey (contract v3): the tenant answers back. A trainer writes a case with a reaction per option and an order
with a decoy in the editor (each problem beside its field); the projector shows each option's reaction as a speech
bubble at its reveal step, readable at 1024x768 with the longest texts the schema allows; a phone shows the reaction
to its own choice only once the projector reached that option; the presenter view shows every reaction; a phone
leaves the decoy out with the keyboard alone. Every page axe clean."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.test_accessibility import check
from tests.browser.test_projector_room import readable_everywhere

HANDLES, DECOY = "vier-handvatten-op-volgorde", "lokzin"
INTENDED = ["gevoel", "feiten", "mogelijk", "afronden"]
TAGS = ("pitfall:giving-right", "apology:sincere", "boundary:limit", "handle:feeling")


def longest_case() -> dict:
    """A case at the schema's limits: 200-character options, 600-character explanations, 400-character reactions
    (option b has none)."""
    def words(prefix: str, length: int) -> str:
        text = prefix
        while len(text) < length:
            text += " en dan zeg ik nog iets"
        return text[:length - 1].rstrip() + "."

    return {"kind": "case", "title": "Schimmel in de badkamer, voor de derde keer",
            "story": "Meneer Yilmaz belt voor de derde keer over schimmel. \"Ik heb er genoeg van.\"",
            "question": "Wat zeg je?", "summary": "Waar wij tekortschoten, helpt een oprecht excuus.",
            "options": [{"id": letter, "text": words(f"Optie {letter}:", 200), "tag": tag,
                         "explanation": words(f"Uitleg {letter}:", 600), "best": letter == "b",
                         **({} if letter == "b" else {"reaction": words(f"Reactie {letter}: Dus u", 400)})}
                        for letter, tag in zip("abcd", TAGS, strict=True)]}


def test_reactions_step_by_step_on_the_projector_and_the_phone_never_ahead(pages, live):
    status, exercise = live.server.request("POST", "/api/v1/exercises", longest_case(), token=live.token)
    assert status == 201, exercise
    created = live.create_workshop([exercise["id"]], title="Reacties")
    code = created["code"]
    control = pages.control(created)
    projector = pages.projector(created)
    phone = pages.phone(code)
    live.control(code, action="goto", index=0)
    live.control(code, action="open")
    presenter = control.get_by_test_id("presenter-reaction")
    expect(presenter).to_have_count(3)  # the trainer sees every reaction before the reveal
    expect(presenter.first).to_contain_text("Reactie a: Dus u")
    choice = phone.get_by_test_id("case-options").locator('[data-option-id="c"]')
    choice.tap()
    expect(choice).to_have_attribute("aria-pressed", "true")
    expect(control.get_by_test_id("voters")).to_have_text("1")

    live.control(code, action="reveal")
    step = projector.get_by_test_id("reveal")
    expect(step).to_have_attribute("data-step", "1")
    bubble = step.get_by_test_id("reaction")
    expect(bubble).to_contain_text("De huurder:")
    expect(bubble).to_contain_text("Reactie a: Dus u")
    readable_everywhere(projector, "reaction at step 1")
    expect(phone.get_by_test_id("explanation").first).to_be_visible()
    expect(phone.get_by_test_id("my-reaction")).to_have_count(0)  # option c is not on the projector yet

    live.control(code, action="reveal_step", step=2)
    expect(step).to_have_attribute("data-step", "2")
    expect(step.get_by_test_id("reaction")).to_have_count(0)  # option b has no reaction: no empty bubble
    readable_everywhere(projector, "step without a reaction")
    expect(phone.get_by_test_id("my-reaction")).to_have_count(0)

    live.control(code, action="reveal_step", step=3)
    expect(step).to_have_attribute("data-step", "3")
    expect(step.get_by_test_id("reaction")).to_contain_text("Reactie c: Dus u")
    readable_everywhere(projector, "reaction at step 3")
    mine = phone.get_by_test_id("my-reaction")
    expect(mine).to_have_count(1)
    expect(mine).to_contain_text("Reactie c: Dus u")
    expect(phone.locator('[data-wrap-id="c"]').get_by_test_id("my-reaction")).to_be_visible()
    check(phone, "phone with the reaction to its choice")
    check(projector, "projector with a reaction bubble")
    check(control, "control page with the reactions")

    live.control(code, action="reveal_step", step=None)
    expect(projector.get_by_test_id("reveal").locator(".option.revealed")).to_have_count(4)
    readable_everywhere(projector, "overview after reactions")
    expect(phone.get_by_test_id("my-reaction")).to_contain_text("Reactie c: Dus u")


def test_a_phone_leaves_the_decoy_out_with_the_keyboard(pages, live):
    created = live.create_workshop([HANDLES], title="Handvatten, met een lokzin")
    code = created["code"]
    projector = pages.projector(created)
    phone = pages.phone(code)
    live.control(code, action="goto", index=0)
    live.control(code, action="open")
    items = phone.get_by_test_id("order-items")
    expect(items.locator("[data-item-id]")).to_have_count(5)
    leave = items.locator(f'[data-out-id="{DECOY}"]')
    box = leave.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44  # a large target on a cheap phone
    for place, item_id in enumerate(INTENDED, start=1):
        items.locator(f'[data-item-id="{item_id}"]').focus()
        phone.keyboard.press("Enter")
        expect(items.locator(f'[data-item-id="{item_id}"] .letter')).to_have_text(str(place))
    leave.focus()
    phone.keyboard.press("Space")
    expect(leave).to_have_attribute("aria-pressed", "true")
    expect(leave).to_be_focused()  # the focus stays where the keyboard left it
    expect(items.locator(f'[data-item-id="{DECOY}"]')).to_contain_text("weggelaten")
    expect(phone.get_by_test_id("order-progress")).to_have_text("Je volgorde is opgeslagen.")
    check(phone, "phone leaving an item out")
    assert live.results(code)["exercises"][0]["exact"] == 1

    leave.focus()  # and back in: the ordering waits until the item has a place or is left out again
    phone.keyboard.press("Enter")
    expect(leave).to_have_attribute("aria-pressed", "false")
    expect(phone.get_by_test_id("order-progress")).to_have_text("4 geplaatst, 0 weggelaten, van 5")
    leave.focus()
    phone.keyboard.press("Enter")
    expect(phone.get_by_test_id("order-progress")).to_have_text("Je volgorde is opgeslagen.")

    live.control(code, action="results", visible=True)
    expect(projector.get_by_test_id("order-average").locator(f'li[data-item-id="{DECOY}"]')).to_contain_text(
        "1× weggelaten")
    live.control(code, action="reveal")
    decoy = projector.get_by_test_id("order-intended").locator(f'li[data-item-id="{DECOY}"]')
    expect(decoy.get_by_test_id("decoy-mark")).to_have_text("Hoort er niet in")
    expect(decoy).to_contain_text("dit is gelijk geven")  # with its explanation
    expect(phone.get_by_test_id("order-reveal").locator(".reveal-item.is-decoy")).to_contain_text("jij liet dit weg")
    check(phone, "phone: the reveal with a decoy")
    check(projector, "projector: the reveal with a decoy")


def test_the_editor_writes_reactions_and_decoys(pages, live):
    editor = pages.trainer()
    editor.goto("/facilitator/exercises/new?kind=case")
    editor.get_by_test_id("field-title").fill("Derde keer schimmel")
    editor.get_by_test_id("field-story").fill("Meneer Yilmaz belt voor de derde keer over schimmel.")
    editor.get_by_test_id("field-summary").fill("Waar wij tekortschoten: een oprecht excuus.")
    for i, (text, tag) in enumerate((("U heeft gelijk, het is een schande.", "pitfall:giving-right"),
                                     ("Het spijt me echt dat u zo lang wacht.", "apology:sincere"),
                                     ("Ik hoor hoe vervelend dit voor u is.", "handle:feeling"))):
        editor.get_by_test_id(f"option-text-{i}").fill(text)
        editor.get_by_test_id(f"option-tag-{i}").select_option(tag)
        editor.get_by_test_id(f"option-explanation-{i}").fill(f"Uitleg {i + 1}.")
    tags = editor.get_by_test_id("option-tag-0").locator("option")
    for label in ("Aandacht: eerst de mens, dan de procedure", "Grens: een grens stellen",
                  "Excuus: oprecht excuus waar wij tekortschoten"):
        expect(tags.filter(has_text=label)).to_have_count(1)
    editor.get_by_test_id("option-reaction-0").fill("Dus u weet het en u doet er niets aan? " * 11)
    editor.get_by_test_id("save").click()
    error = editor.locator('[data-field="options[1].reaction"] .field-error')
    expect(error).to_contain_text("maximaal 400")
    expect(editor.get_by_test_id("option-reaction-0")).to_have_attribute("aria-invalid", "true")
    editor.get_by_test_id("option-reaction-0").fill("Dus u weet het en u doet er niets aan?")
    editor.get_by_test_id("option-best-1").check()
    editor.get_by_test_id("option-explanation-2").fill("Aandacht voor de mens, pas dan de procedure.")
    editor.get_by_test_id("preview-revealed").check()
    expect(editor.get_by_test_id("preview-phone")).to_contain_text("Dus u weet het en u doet er niets aan?")
    editor.get_by_test_id("save").click()
    expect(editor.get_by_test_id("save-status")).to_have_text("Opgeslagen.")
    check(editor, "case editor with a reaction")
    _status, exercises = live.server.request("GET", "/api/v1/exercises", token=live.token)
    saved = next(e for e in exercises if e["title"] == "Derde keer schimmel")
    _status, document = live.server.request("GET", f"/api/v1/exercises/{saved['id']}", token=live.token)
    assert document["options"][0]["reaction"] == "Dus u weet het en u doet er niets aan?"
    assert "reaction" not in document["options"][1]  # an empty field is no reaction

    editor.goto("/facilitator/exercises/new?kind=order")
    editor.get_by_test_id("field-title").fill("Nee zeggen, met een lokstap")
    editor.get_by_test_id("field-story").fill("Een huurder wil een extra parkeerplaats; die is er niet.")
    editor.get_by_test_id("field-question").fill("In welke volgorde? Laat weg wat er niet in hoort.")
    for i, text in enumerate(("Ik hoor dat u er echt een nodig hebt.", "Ik snap het, eigenlijk is het regelement "
                              "ook niet eerlijk.", "Er is helaas geen plek vrij.")):
        editor.get_by_test_id(f"item-text-{i}").fill(text)
        editor.get_by_test_id(f"item-explanation-{i}").fill(f"Uitleg {i + 1}.")
    editor.get_by_test_id("item-decoy-1").check()
    expect(editor.get_by_test_id("items").locator('li[data-index="1"] legend')).to_have_text(
        "Onderdeel 2: hoort er niet in")
    expect(editor.get_by_test_id("item-decoy-1")).to_be_focused()
    editor.get_by_test_id("save").click()
    expect(editor.get_by_test_id("save-status")).to_have_text("Opgeslagen.")
    check(editor, "order editor with a decoy")
    _status, exercises = live.server.request("GET", "/api/v1/exercises", token=live.token)
    saved = next(e for e in exercises if e["title"] == "Nee zeggen, met een lokstap")
    _status, document = live.server.request("GET", f"/api/v1/exercises/{saved['id']}", token=live.token)
    assert [item["position"] for item in document["items"]] == [1, 0, 2]
    editor.get_by_test_id("item-decoy-2").check()  # two decoys of three: one item left is too few
    editor.get_by_test_id("save").click()
    expect(editor.get_by_test_id("error-items")).to_contain_text("minstens twee onderdelen moeten erin horen")

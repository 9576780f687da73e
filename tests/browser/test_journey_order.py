"""Journey: phones put four replies in order by tapping them (numbered badges, undo) and leave the decoy out ('Laat
weg'); the projector shows the room's average order; the reveal shows the intended order with explanations on phones
and projector, the decoy marked; the control page is used with the keyboard alone, and a timer set there runs out and
closes the exercise."""
from playwright.sync_api import expect

HANDLES = "vier-handvatten-op-volgorde"
INTENDED = ["gevoel", "feiten", "mogelijk", "afronden"]
DECOY = "lokzin"  # position 0 in the library: it does not belong


def tap_in_order(phone, ids, start: int = 1) -> None:
    items = phone.get_by_test_id("order-items")
    for place, item_id in enumerate(ids, start=start):
        button = items.locator(f'[data-item-id="{item_id}"]')
        button.tap()
        expect(button.locator(".letter")).to_have_text(str(place))


def leave_out(phone, item_id: str = DECOY) -> None:
    button = phone.get_by_test_id("order-items").locator(f'[data-out-id="{item_id}"]')
    button.tap()
    expect(button).to_have_attribute("aria-pressed", "true")


def test_tap_in_order_average_order_and_the_reveal(pages, live):
    created = live.create_workshop([HANDLES], title="Handvatten")
    code = created["code"]
    control = pages.control(created)
    projector = pages.projector(created)
    phones = [pages.phone(code) for _ in range(3)]

    # the control page with the keyboard alone: next, open
    control.get_by_test_id("next").focus()
    control.keyboard.press("Enter")
    expect(control.get_by_test_id("current-title")).to_have_text("Vier handvatten op volgorde")
    control.get_by_test_id("open").focus()
    control.keyboard.press("Enter")
    expect(phones[0].get_by_test_id("order-items").locator("[data-item-id]")).to_have_count(5)

    # a phone taps two, undoes one, and finishes; the ordering is sent once every item is placed or left out
    tap_in_order(phones[0], ["feiten", "gevoel"])
    phones[0].get_by_test_id("order-undo").tap()
    expect(phones[0].get_by_test_id("order-progress")).to_have_text("1 geplaatst, 0 weggelaten, van 5")
    tap_in_order(phones[0], ["gevoel", "mogelijk", "afronden"], start=2)
    leave_out(phones[0])
    expect(phones[0].get_by_test_id("order-items").locator('[data-item-id="feiten"] .letter')).to_have_text("1")
    tap_in_order(phones[1], INTENDED)
    expect(phones[1].get_by_test_id("order-progress")).to_have_text("4 geplaatst, 0 weggelaten, van 5")
    leave_out(phones[1])
    expect(phones[1].get_by_test_id("order-progress")).to_have_text("Je volgorde is opgeslagen.")
    tap_in_order(phones[2], INTENDED)
    leave_out(phones[2])
    expect(control.get_by_test_id("voters")).to_have_text("3")
    expect(projector.get_by_test_id("order-count")).to_have_text("3 antwoorden")
    expect(projector.get_by_test_id("order-average")).to_be_hidden()  # until the trainer shows the results
    control.get_by_test_id("results-on").focus()
    control.keyboard.press("Enter")
    average = projector.get_by_test_id("order-average")
    expect(average.locator("li").first).to_have_attribute("data-item-id", "gevoel")
    expect(average.locator("li").first).to_contain_text("gemiddeld 1,3")
    expect(projector.get_by_test_id("order-exact")).to_have_text("2 van 3 precies in de bedoelde volgorde")
    expect(projector.get_by_test_id("order-intended")).to_be_hidden()

    # a changed mind: start again, same result as the others
    phones[0].get_by_test_id("order-reset").tap()
    expect(phones[0].get_by_test_id("order-items").locator(f'[data-out-id="{DECOY}"]')).to_have_attribute(
        "aria-pressed", "false")
    tap_in_order(phones[0], INTENDED)
    leave_out(phones[0])
    expect(projector.get_by_test_id("order-exact")).to_have_text("3 van 3 precies in de bedoelde volgorde")

    control.once("dialog", lambda dialog: dialog.accept())  # still open: the control page asks first
    control.get_by_test_id("reveal").focus()
    control.keyboard.press("Enter")
    for phone in phones:
        reveal = phone.get_by_test_id("order-reveal")
        expect(reveal).to_be_visible()
        expect(reveal.locator(".reveal-item")).to_have_count(5)
        expect(reveal.locator(".reveal-item").first).to_contain_text("Weg van de inhoud")
        expect(reveal.locator(".reveal-item").last).to_contain_text("Hoort er niet in")
        expect(reveal.locator(".reveal-item").last).to_contain_text("jij liet dit weg")
    intended = projector.get_by_test_id("order-intended")
    expect(intended).to_be_visible()
    expect(intended.locator("li").first).to_have_attribute("data-item-id", "gevoel")
    expect(intended.locator(f'li[data-item-id="{DECOY}"]')).to_contain_text("Hoort er niet in")
    results = live.results(code)["exercises"][0]
    assert results["exact"] == 3 and results["average_order"] == INTENDED + [DECOY]  # nobody placed it: last


def test_a_timer_from_the_control_page_runs_out_and_closes_the_order(pages, live):
    created = live.create_workshop([HANDLES], title="Handvatten met timer")
    code = created["code"]
    control = pages.control(created)
    phone = pages.phone(code)
    live.control(code, action="goto", index=0)
    live.control(code, action="open")
    expect(control.get_by_test_id("timer-30")).to_be_visible()
    control.get_by_test_id("timer-30").focus()
    control.keyboard.press("Enter")
    expect(phone.get_by_test_id("timer")).to_be_visible()
    live.control(code, action="timer", seconds=5)  # shorter than any button, to keep the test quick
    control.close()  # the server closes the exercise without the control page
    tap_in_order(phone, INTENDED[:2])
    expect(phone.get_by_test_id("order-exercise").get_by_test_id("phase")).to_contain_text("gesloten", timeout=15_000)
    expect(phone.get_by_test_id("order-items").locator("[data-item-id]").first).to_be_disabled()
    assert live.results(code)["exercises"][0]["total"] == 0

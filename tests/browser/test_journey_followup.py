"""Journey: the follow-up two weeks later. A participant who voted in the workshop opens the follow-up on the same
phone (390x844), answers three exercises at their own pace (one while the network is gone and back), sees the
explanation and "jouw keuzes toen en nu"; the trainer made the follow-up on the workshop's page and sees the paired
figures. The pages are axe clean and the phone page works by keyboard alone."""
import sqlite3

from playwright.sync_api import expect

from tests.browser.conftest import PHONE
from tests.browser.page_weight import record_transfer
from tests.browser.test_accessibility import check
from tests.browser.test_page_weight import BUDGET_BYTES

ROUND_TRIP_MS = 25_000  # an answer's way to a busy test server and back: waited for, never assumed
START, CASE, ORDER, END = ("zeker-slecht-nieuws-start", "vier-keer-bellen", "vier-handvatten-op-volgorde",
                           "zeker-slecht-nieuws-eind")


def exercise(live, exercise_id: str) -> dict:
    status, document = live.server.request("GET", f"/api/v1/exercises/{exercise_id}", token=live.token)
    assert status == 200, document
    return document


def vote_in_room(phone, option_id: str) -> None:
    button = phone.get_by_test_id("case-options").locator(f'[data-option-id="{option_id}"]')
    button.tap()
    expect(button).to_have_attribute("aria-pressed", "true")
    # the button is pressed at once (a vote without a connection waits on the phone); the vote counts once the
    # server said so: wait for that before the trainer closes the exercise
    expect(phone.locator("#announce")).to_have_text("Je stem is opgeslagen.", timeout=ROUND_TRIP_MS)


def test_followup_journey(pages, live):
    case = exercise(live, CASE)
    best = next(o["id"] for o in case["options"] if o.get("best"))
    pitfall = next(o["id"] for o in case["options"] if not o.get("best"))
    order = exercise(live, ORDER)
    intended = [i["id"] for i in sorted(order["items"], key=lambda i: i["position"]) if i["position"] > 0]
    created = live.create_workshop([START, CASE, ORDER, END], title="Slecht nieuws brengen")
    code = created["code"]

    # The workshop: this phone chooses a pitfall, another phone the intended answer.
    phone, other = pages.phone(code), pages.phone(code)
    live.control(code, action="goto", index=1)
    live.control(code, action="open")
    vote_in_room(phone, pitfall)
    vote_in_room(other, best)
    live.control(code, action="close")
    live.control(code, action="end")

    # The trainer makes the follow-up on the workshop's page: the defaults plus the ordering, two weeks.
    trainer = pages.trainer()
    trainer.goto(f"/facilitator/workshops/{code}")
    panel = trainer.get_by_test_id("followup-panel")
    expect(panel.locator(f'input[value="{CASE}"]')).to_be_checked()
    expect(panel.locator(f'input[value="{END}"]')).to_be_checked()
    expect(panel.locator(f'input[value="{START}"]')).not_to_be_checked()
    panel.locator(f'input[value="{ORDER}"]').check()
    expect(panel.locator("#fu-days")).to_have_value("14")
    panel.get_by_test_id("make-followup").click()
    trainer.wait_for_url("**/followups/*")
    url = trainer.get_by_test_id("followup-url").input_value()
    assert "/f/" in url
    check(trainer, "the trainer's follow-up page")
    path = url[url.index("/f/"):]

    # Two weeks later, the same phone (its workshop token is still in localStorage).
    phone.goto(path)
    expect(phone.get_by_test_id("progress-label")).to_have_text("Oefening 1 van 3")
    check(phone, "follow-up: a case")
    box = phone.get_by_test_id("fu-exercise")
    box.locator(f'[data-option-id="{best}"]').tap()
    revealed = box.get_by_test_id("revealed")
    expect(revealed).to_contain_text("Dat is het bedoelde antwoord.", timeout=ROUND_TRIP_MS)
    expect(revealed).to_contain_text(next(o["explanation"] for o in case["options"] if o["id"] == best)[:40])
    expect(phone.get_by_test_id("progress")).to_have_attribute("value", "1")
    check(phone, "follow-up: the explanation after an answer")
    box.get_by_test_id("next").tap()

    # The ordering, answered while the network is gone: kept on the phone, sent when it is back.
    expect(phone.get_by_test_id("progress-label")).to_have_text("Oefening 2 van 3")
    phone.context.set_offline(True)
    decoys = [i["id"] for i in order["items"] if i["position"] == 0]
    assert decoys, "the library's ordering has a decoy"
    send = box.get_by_role("button", name="Versturen")
    for item_id in decoys:  # a decoy: left out, with its own large target
        leave = box.locator(f'[data-out-id="{item_id}"]')
        leave.tap()
        expect(leave).to_have_attribute("aria-pressed", "true")
        expect(box.locator(f'[data-item-id="{item_id}"]')).to_have_attribute("aria-disabled", "true")
    expect(send).to_be_disabled()
    for item_id in intended:
        box.locator(f'[data-item-id="{item_id}"]').tap()
    send.tap()
    expect(box.get_by_test_id("saved-offline")).to_be_visible()
    expect(phone.get_by_test_id("fu-status")).to_have_text("1 antwoord wacht op verbinding")
    outbox = f"klantwijs:followup-outbox:{path[3:]}"
    assert phone.evaluate("key => JSON.parse(localStorage.getItem(key)).length", outbox) == 1
    phone.context.set_offline(False)
    # Sent when the browser says it is online again (or by the page's retry a few seconds later).
    expect(box.get_by_test_id("revealed")).to_contain_text("Precies de bedoelde volgorde!", timeout=ROUND_TRIP_MS)
    expect(phone.get_by_test_id("fu-status")).to_have_text("")

    # The closing self-assessment by keyboard alone: Tab to the value, Enter; Enter on "next".
    box.get_by_test_id("next").focus()
    phone.keyboard.press("Enter")
    expect(phone.get_by_test_id("progress-label")).to_have_text("Oefening 3 van 3")
    for _n in range(5):
        phone.keyboard.press("Tab")
    expect(box.locator('[data-value="5"]')).to_be_focused()
    phone.keyboard.press("Enter")
    expect(box.get_by_test_id("revealed")).to_contain_text("Jouw antwoord: 5 (van 1 tot 5)")
    expect(box.get_by_test_id("next")).to_be_focused()
    phone.keyboard.press("Enter")

    # Toen en nu: their own pitfall then, the intended answer now, the room's split.
    end = phone.get_by_test_id("fu-end")
    expect(end.get_by_test_id("now").first).to_be_visible(timeout=ROUND_TRIP_MS)
    expect(end.get_by_test_id("now").first).to_contain_text("(bedoeld antwoord)")
    expect(end.get_by_test_id("then").first).not_to_contain_text("bedoeld")
    expect(end.get_by_test_id("then").first).not_to_contain_text("niet ingevuld")
    expect(end.get_by_test_id("room").first).to_contain_text("50%")
    expect(phone.get_by_test_id("progress-label")).to_have_text("Klaar: alle 3 oefeningen gedaan")
    check(phone, "follow-up: toen en nu")

    # The trainer sees the paired figures: this participant moved to the intended answer.
    trainer.reload()
    row = trainer.locator(f'[data-testid="followup-row"][data-exercise="{CASE}"]')
    expect(row.get_by_test_id("best-share")).to_have_text("100%")
    expect(row.get_by_test_id("workshop-share")).to_have_text("50%")
    expect(row.get_by_test_id("paired")).to_have_text("1")
    expect(row.get_by_test_id("moved-to-best")).to_have_text("1")
    expect(row.get_by_test_id("moved-away")).to_have_text("0")

    # Practising once more starts at the first exercise again; the new answer replaces the earlier one.
    phone.get_by_test_id("again").click()
    expect(phone.get_by_test_id("progress-label")).to_have_text("Oefening 1 van 3")
    box.locator(f'[data-option-id="{pitfall}"]').tap()
    expect(box.get_by_test_id("revealed")).not_to_contain_text("Dat is het bedoelde antwoord.")
    best_text = next(o["text"] for o in case["options"] if o["id"] == best)
    expect(box.get_by_test_id("revealed")).to_contain_text(best_text)  # the intended answer is shown
    phone.reload()
    expect(phone.get_by_test_id("progress-label")).to_have_text("Oefening 2 van 3")  # resumes where it was
    box.locator(f'[data-item-id="{intended[0]}"]').wait_for()

    # The later answer counts: back on the pitfall they chose in the workshop.
    trainer.reload()
    expect(trainer.get_by_test_id("followup-participants")).to_contain_text("1 deelnemer deed mee")
    expect(trainer.get_by_test_id("followup-participants")).to_contain_text("waarvan 1 ook in de workshop")
    expect(row.get_by_test_id("best-share")).to_have_text("0%")
    expect(row.get_by_test_id("workshop-share")).to_have_text("50%")
    expect(row.get_by_test_id("stayed")).to_have_text("1")
    expect(row.get_by_test_id("moved-to-best")).to_have_text("0")
    order_row = trainer.locator(f'[data-testid="followup-row"][data-exercise="{ORDER}"]')
    expect(order_row.get_by_test_id("best-share")).to_have_text("100%")
    scale = trainer.locator(f'[data-testid="followup-row"][data-exercise="{END}"]')
    expect(scale.get_by_test_id("after")).to_contain_text("5")


def test_a_new_phone_takes_part_and_the_results_page_offers_a_followup(pages, live):
    created = live.create_workshop([CASE], title="Nee zeggen")
    status, followup = live.server.request("POST", f"/api/v1/workshops/{created['code']}/followup", {"days": 3},
                                           token=live.token)
    assert status == 201, followup
    phone = pages.page(PHONE)
    transfer = record_transfer(phone)
    phone.goto(followup["url"].replace(live.url, ""))
    phone.get_by_test_id("fu-exercise").locator("[data-option-id]").first.tap()
    expect(phone.get_by_test_id("revealed")).to_be_visible()
    # A small page for a weak mobile network: the page, its script and styles and one answer, compressed.
    print(f"follow-up page and first answer: {transfer.http_bytes} bytes over HTTP")
    assert transfer.http_bytes <= BUDGET_BYTES and transfer.websocket_bytes == 0, transfer.responses
    expect(phone.get_by_test_id("revealed")).to_be_visible()
    kept = phone.evaluate("key => JSON.parse(localStorage.getItem(key))", f"klantwijs:followup:{followup['token']}")
    assert isinstance(kept, str) and len(kept) > 20  # a new phone keeps the token its first answer brought
    phone.get_by_test_id("next").tap()
    expect(phone.get_by_test_id("fu-end")).to_contain_text("Zo antwoordde je nu, naast de keuzes van de groep")
    trainer = pages.trainer()
    trainer.goto(f"/facilitator/archive/workshops/{created['code']}")
    expect(trainer.get_by_test_id("followup-list")).to_contain_text("1 deelnemer")
    check(trainer, "the results page with the follow-up panel")

    # After `closes` the same link is a friendly closed page.
    with sqlite3.connect(live.server.data_dir / "klantwijs.db") as database:
        database.execute("UPDATE followup SET closes = '2000-01-01 00:00:00.000000' WHERE token = ?",
                         (followup["token"],))
    phone.reload()
    expect(phone.get_by_test_id("followup-closed")).to_contain_text("Deze opfrisser is gesloten")
    check(phone, "the closed follow-up")

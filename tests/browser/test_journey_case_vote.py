"""Journey c: phones vote on a case and one changes its mind; the projector shows bars once results are on; the
reveal shows every option's tag and explanation on the phones, right under the option, and each phone scrolls to
its own choice."""
from playwright.sync_api import expect


def choose(phone, option_id: str) -> None:
    button = phone.get_by_test_id("case-options").locator(f'[data-option-id="{option_id}"]')
    button.tap()
    expect(button).to_have_attribute("aria-pressed", "true")
    expect(button).to_contain_text("Jouw keuze")


def test_case_votes_bars_and_reveal(pages, live):
    case_id = live.exercise_id("case")
    case = next(e for e in live.library if e["id"] == case_id)
    created = live.create_workshop([case_id], title="Omgaan met boosheid")
    code = created["code"]
    control = pages.control(created)
    projector = pages.projector(created)
    phones = [pages.phone(code) for _ in range(3)]

    control.get_by_test_id("next").click()
    control.get_by_test_id("open").click()
    expect(projector.get_by_test_id("case-story")).to_be_visible()
    options = phones[0].get_by_test_id("case-options").locator("[data-option-id]")
    expect(options.first).to_be_visible()
    ids = options.evaluate_all("nodes => nodes.map(n => n.dataset.optionId)")
    assert len(ids) >= 3
    first, second = ids[0], ids[1]

    choose(phones[0], first)
    choose(phones[1], first)
    choose(phones[2], first)
    choose(phones[2], second)  # changes its mind while the case is open
    expect(phones[2].get_by_test_id("case-options").locator(f'[data-option-id="{first}"]')) \
        .to_have_attribute("aria-pressed", "false")
    expect(projector.get_by_test_id("vote-count")).to_have_text("3 stemmen")
    expect(control.get_by_test_id("voters")).to_have_text("3")
    expect(projector.get_by_test_id("tally")).to_be_hidden()  # no bars before the trainer turns results on

    control.get_by_test_id("results-on").click()
    bars = projector.get_by_test_id("tally")
    expect(bars).to_be_visible()
    expect(bars.locator(f'[data-option-id="{first}"]')).to_contain_text("2 stemmen · 67%")
    expect(bars.locator(f'[data-option-id="{second}"]')).to_contain_text("1 stem · 33%")
    expect(phones[0].get_by_test_id("tally")).to_be_visible()
    expect(phones[0].get_by_test_id("tally")).to_contain_text("67%")

    control.once("dialog", lambda dialog: dialog.accept())  # voting is still open: the control page asks first
    control.get_by_test_id("reveal").click()
    expect(projector.get_by_test_id("reveal")).to_contain_text("Antwoord 1 van")
    for phone in phones:  # step 1: a phone shows what the projector shows, option A's explanation, no marker yet
        options = phone.get_by_test_id("case-options")
        expect(options.get_by_test_id("explanation")).to_have_count(1)
        expect(options.get_by_test_id("best-mark")).to_have_count(0)
    live.control(code, action="reveal_step", step=None)  # the overview: every option on the projector and phones
    for phone, mine in zip(phones, (first, first, second), strict=True):
        options = phone.get_by_test_id("case-options")
        expect(options.get_by_test_id("explanation")).to_have_count(len(ids))  # each option its explanation
        expect(options).to_contain_text("Valkuil")  # every case has a pitfall option
        expect(options).to_contain_text("Handvat")  # and a handle option
        expect(options.get_by_test_id("best-mark")).to_have_count(1)
        # the phone says what it chose, and its own explanation is on screen
        expect(phone.get_by_test_id("my-choice")).to_contain_text(f"Jouw keuze: {mine.upper()}")
        expect(phone.get_by_test_id("my-choice")).to_be_in_viewport()
        expect(options.locator(f'[data-wrap-id="{mine}"]').get_by_test_id("explanation")).to_be_in_viewport()
        # voting is over: the buttons no longer take a vote
        expect(options.locator("[data-option-id]").first).to_be_disabled()
    results = live.results(code)["exercises"][0]
    assert results["total"] == 3
    assert {o["id"]: o["votes"] for o in results["options"]}[first] == 2
    assert case["title"] in projector.locator("#case-title").inner_text()

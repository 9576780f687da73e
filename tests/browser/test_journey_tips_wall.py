"""Journey b: three phones post tips and upvote; the projector shows them in order; the trainer hides one."""
from playwright.sync_api import expect

TIPS = ["Tot tien tellen", "Even koffie halen", "Eerst luisteren, dan samenvatten"]


def post_tip(phone, text: str) -> None:
    phone.get_by_test_id("tip-input").fill(text)
    expect(phone.get_by_test_id("tip-counter")).to_have_text(f"{len(text)}/280")
    phone.get_by_test_id("tip-submit").click()
    expect(phone.get_by_test_id("own-tips")).to_contain_text(text)


def wall_texts(page) -> list[str]:
    return [t.strip() for t in page.get_by_test_id("tip-wall").locator("[data-tip-id] p:first-child").all_inner_texts()]


def upvote(phone, text: str) -> None:
    tip = phone.get_by_test_id("tip-wall").locator("li[data-tip-id]", has_text=text)
    button = tip.get_by_test_id("upvote")
    button.tap()
    expect(button).to_have_attribute("aria-pressed", "true")


def test_tips_are_posted_upvoted_ordered_and_hidden(pages, live):
    created = live.create_workshop([live.exercise_id("tips")], title="Fris blijven")
    code = created["code"]
    control = pages.control(created)
    projector = pages.projector(created)
    phones = [pages.phone(code) for _ in TIPS]
    expect(control.get_by_test_id("participants")).to_have_text("3")
    expect(projector.get_by_test_id("screen-participants")).to_have_text("3 deelnemers")

    control.get_by_test_id("next").click()
    control.get_by_test_id("open").click()
    prompt = next(e for e in live.library if e["kind"] == "tips")["title"]
    expect(control.get_by_test_id("current-title")).to_have_text(prompt)
    for phone, text in zip(phones, TIPS):
        expect(phone.get_by_test_id("tip-input")).to_be_visible()
        post_tip(phone, text)

    # everyone sees all three; one's own tip has no upvote button
    for phone, own in zip(phones, TIPS):
        expect(phone.get_by_test_id("tip-wall").locator("li[data-tip-id]")).to_have_count(3)
        expect(phone.get_by_test_id("tip-wall").locator("li[data-tip-id]", has_text=own)
               .get_by_test_id("upvote")).to_have_count(0)

    # "Even koffie halen" gets two upvotes, "Eerst luisteren" one, "Tot tien tellen" none
    upvote(phones[0], TIPS[1])
    upvote(phones[2], TIPS[1])
    upvote(phones[1], TIPS[2])
    expected_order = [TIPS[1], TIPS[2], TIPS[0]]
    expect(projector.get_by_test_id("tip-wall").locator("[data-tip-id]").first).to_contain_text(TIPS[1])
    projector.wait_for_function(
        "want => Array.from(document.querySelectorAll('#tip-wall [data-tip-id] .wall-text'), n => n.textContent)"
        ".join('|') === want", arg="|".join(expected_order))
    expect(projector.get_by_test_id("tip-wall").locator("[data-tip-id]").first).to_contain_text("▲ 2")
    phones[0].wait_for_function(
        "want => Array.from(document.querySelectorAll('#tip-wall [data-tip-id] .tip-text'), n => n.textContent)"
        ".join('|') === want", arg="|".join(expected_order))

    # the trainer hides "Tot tien tellen": it leaves the projector and every phone, and stays in the results
    row = control.get_by_test_id("moderation-tips").locator("li", has_text=TIPS[0])
    row.get_by_role("button", name="Verbergen").click()
    expect(row).to_contain_text("Verborgen")
    expect(projector.get_by_test_id("tip-wall")).not_to_contain_text(TIPS[0])
    expect(projector.get_by_test_id("tip-wall").locator("[data-tip-id]")).to_have_count(2)
    for phone in phones:
        expect(phone.get_by_test_id("tip-wall")).not_to_contain_text(TIPS[0])
    tips = live.results(code)["exercises"][0]["tips"]
    assert {t["text"]: (t["votes"], t["hidden"]) for t in tips} == {
        TIPS[0]: (0, True), TIPS[1]: (2, False), TIPS[2]: (1, False)}

    # and the trainer can show it again
    row.get_by_role("button", name="Tonen").click()
    expect(projector.get_by_test_id("tip-wall")).to_contain_text(TIPS[0])

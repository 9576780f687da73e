"""Journey: write your own reply. Phones read the story and write how they would answer the tenant; the room upvotes;
a swear word waits for the trainer; the trainer tags replies on the control page (keyboard) and reveals; projector
and phones then show each reply's tag beside it."""
from playwright.sync_api import expect

RESPOND = "zeg-nee-te-hoog-inkomen"
GOOD = "Ik hoor hoe teleurgesteld u bent. Het besluit staat helaas vast."
WEAK = "Ik snap ook niet waarom die regel zo is."


def post_reply(phone, text: str) -> None:
    phone.get_by_test_id("tip-input").fill(text)
    phone.get_by_test_id("tip-submit").click()
    expect(phone.get_by_test_id("own-tips")).to_contain_text(text)


def test_replies_are_written_upvoted_tagged_and_revealed(pages, live):
    created = live.create_workshop([RESPOND], title="Nee zeggen")
    code = created["code"]
    control = pages.control(created)
    projector = pages.projector(created)
    alice, bob = pages.phone(code), pages.phone(code)
    control.get_by_test_id("next").click()
    control.get_by_test_id("open").click()
    expect(alice.get_by_test_id("respond-story")).to_contain_text("Mevrouw Bakker")
    expect(alice.get_by_test_id("tip-prompt")).to_contain_text("Wat zeg jij nu tegen mevrouw Bakker?")
    expect(projector.get_by_test_id("screen-respond-story")).to_contain_text("Mevrouw Bakker")

    post_reply(alice, GOOD)
    post_reply(bob, WEAK)
    post_reply(bob, "Wat een klootzak, die regel.")  # venting: held for review by the word list
    expect(bob.get_by_test_id("own-tips").get_by_test_id("held-note")).to_have_text("Wacht op de trainer")
    expect(projector.get_by_test_id("tip-wall").locator("[data-tip-id]")).to_have_count(2)
    expect(projector.get_by_test_id("tip-wall")).not_to_contain_text("klootzak")
    bob.get_by_test_id("tip-wall").locator("li[data-tip-id]", has_text=GOOD).get_by_test_id("upvote").tap()
    expect(projector.get_by_test_id("tip-wall").locator("[data-tip-id]").first).to_contain_text("▲ 1")

    # the trainer tags with the keyboard: focus the select, pick the tag, the choice is kept
    rows = control.get_by_test_id("moderation-tips")
    held = rows.locator("li", has_text="klootzak")
    expect(held).to_have_attribute("data-held", "true")
    held.get_by_test_id("hide-tip").click()
    good = rows.locator("li", has_text=GOOD).get_by_test_id("tag-select")
    good.focus()
    good.select_option("handle:feeling")
    rows.locator("li", has_text=WEAK).get_by_test_id("tag-select").select_option("pitfall:giving-right")
    expect(rows.locator("li", has_text=WEAK).get_by_test_id("tag-select")).to_have_value("pitfall:giving-right")
    expect(projector.get_by_test_id("wall-tag")).to_have_count(0)  # nothing shown before the reveal

    control.once("dialog", lambda dialog: dialog.accept())  # still open: the control page asks first
    control.get_by_test_id("reveal").click()
    wall = projector.get_by_test_id("tip-wall")
    expect(wall.locator("li", has_text=GOOD).get_by_test_id("wall-tag")).to_have_text("Handvat: weg van de inhoud")
    expect(wall.locator("li", has_text=WEAK).get_by_test_id("wall-tag")).to_have_text(
        "Valkuil: de klant gelijk geven")
    expect(alice.get_by_test_id("tip-wall").locator("li", has_text=WEAK).get_by_test_id("tip-tag")).to_have_text(
        "Valkuil: de klant gelijk geven")
    tips = {t["text"]: t["tag"] for t in live.results(code)["exercises"][0]["tips"]}
    assert tips[GOOD] == "handle:feeling" and tips[WEAK] == "pitfall:giving-right"

"""Journey: a word cloud. Phones send words (spelling variants count as one), the projector draws a live cloud
without overlapping words and readable from the back, the trainer pre-moderates from the control page (the phone
says "wacht op de trainer" until approved) and hides a word, which leaves the cloud."""
from playwright.sync_api import expect

WORDS_EXERCISE = "woord-goed-gesprek"


def send_word(phone, text: str) -> None:
    phone.get_by_test_id("word-input").fill(text)
    phone.get_by_test_id("word-submit").click()
    expect(phone.get_by_test_id("own-words")).to_contain_text(text)


def cloud_boxes(projector) -> list[dict]:
    return projector.evaluate("""() => Array.from(document.querySelectorAll('#word-cloud .cloud-word'), n => {
        const r = n.getBoundingClientRect();
        const size = parseFloat(getComputedStyle(n).fontSize);
        return {text: n.textContent, x: r.x, y: r.y, w: r.width, h: r.height, size: size};
    })""")


def test_words_become_a_live_cloud_with_moderation(pages, live):
    created = live.create_workshop([WORDS_EXERCISE], title="Een goed gesprek")
    code = created["code"]
    control = pages.control(created)
    projector = pages.page({"viewport": {"width": 1280, "height": 720}},
                           created["screen_url"].replace(live.url, ""))
    expect(projector.get_by_test_id("connection-status")).to_have_attribute("data-state", "connected")
    phones = [pages.phone(code) for _ in range(3)]
    control.get_by_test_id("next").click()
    control.get_by_test_id("open").click()
    expect(phones[0].get_by_test_id("words-prompt")).to_have_text(
        "Welk woord past bij een goed gesprek met een huurder?")
    expect(phones[0].get_by_test_id("word-left")).to_have_text("Nog 3 van 3 woorden")

    send_word(phones[0], "Luisteren")
    send_word(phones[1], "luisteren!")
    send_word(phones[2], "LUISTEREN")
    send_word(phones[0], "Rust")
    send_word(phones[1], "Respect")
    send_word(phones[0], "Geduld")
    expect(phones[0].get_by_test_id("word-left")).to_have_text("Je hebt al je woorden gestuurd.")
    expect(phones[0].get_by_test_id("word-submit")).to_be_disabled()

    cloud = projector.get_by_test_id("word-cloud")
    expect(cloud.locator(".cloud-word")).to_have_count(4)
    expect(cloud.locator(".cloud-word").first).to_have_text("Luisteren")
    boxes = cloud_boxes(projector)
    assert all(box["size"] >= 20 for box in boxes), boxes  # readable from the back at 1280x720
    assert boxes[0]["size"] > max(b["size"] for b in boxes[1:])  # the most counted word is the largest
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            apart = a["x"] + a["w"] <= b["x"] or b["x"] + b["w"] <= a["x"] or a["y"] + a["h"] <= b["y"] \
                or b["y"] + b["h"] <= a["y"]
            assert apart, (a, b)
    expect(phones[2].get_by_test_id("phone-cloud")).to_contain_text("Luisteren")

    # pre-moderation: a new word waits for the trainer; the phone says so until it is approved
    control.get_by_test_id("premoderate").click()
    expect(control.get_by_test_id("premoderate")).to_have_attribute("aria-pressed", "true")
    send_word(phones[2], "Koffie")
    expect(phones[2].get_by_test_id("own-words").get_by_test_id("held-note")).to_have_text("Wacht op de trainer")
    row = control.get_by_test_id("moderation-tips").locator("li", has_text="Koffie")
    expect(row).to_have_attribute("data-held", "true")
    expect(control.get_by_test_id("held-count")).to_have_text("1 wachten op goedkeuring")
    expect(cloud).not_to_contain_text("Koffie")
    row.get_by_test_id("approve-tip").click()
    expect(cloud).to_contain_text("Koffie")
    expect(phones[2].get_by_test_id("own-words").get_by_test_id("held-note")).to_have_count(0)

    # hiding a word takes it out of the cloud
    control.get_by_test_id("moderation-tips").locator("li", has_text="Rust").get_by_test_id("hide-tip").click()
    expect(cloud).not_to_contain_text("Rust")
    expect(phones[1].get_by_test_id("phone-cloud")).not_to_contain_text("Rust")
    words = {w["text"]: w["count"] for w in live.results(code)["exercises"][0]["words"]}
    assert words == {"Luisteren": 3, "Respect": 1, "Geduld": 1, "Koffie": 1}

"""The README's word-cloud screenshot: the projector (1280x720) with a cloud of a room's words. `make screenshots`
writes it into docs/img/; in the normal suite it is rendered into a temporary folder (the `target` fixture)."""
from playwright.sync_api import expect

from tests.browser.test_screenshots import png_size, target  # noqa: F401 (a fixture)
from tests.e2e.clients import Phone

# (word, how many phones send it): spelling variants fold into one
WORDS = [("Luisteren", 9), ("luisteren!", 3), ("Rust", 7), ("Respect", 6), ("Samenvatten", 5), ("Duidelijk", 5),
         ("Geduld", 4), ("Eerlijk", 4), ("Aandacht", 4), ("Empathie", 3), ("Open houding", 3), ("Vriendelijk", 3),
         ("Oogcontact", 2), ("Serieus nemen", 2), ("Doorvragen", 2), ("Afspraken nakomen", 2), ("Humor", 1),
         ("Koffie", 1), ("Stilte", 1), ("Grenzen", 1), ("Tijd nemen", 1), ("Herhalen", 1)]


def test_render_the_word_cloud_screenshot(pages, live, target):  # noqa: F811
    created = live.create_workshop(["woord-goed-gesprek"], title="Klantgericht communiceren")
    code = created["code"]
    projector = pages.page({"viewport": {"width": 1280, "height": 720}}, created["screen_url"].replace(live.url, ""))
    live.control(code, action="goto", index=0)
    live.control(code, action="open")
    entries = [word for word, times in WORDS for _ in range(times)]
    phones = []
    try:
        for start in range(0, len(entries), 3):
            phone = Phone(live.url)
            phones.append(phone)
            phone.join(code)
            for word in entries[start:start + 3]:
                assert phone.call("word", {"text": word})["ok"]
    finally:
        for phone in phones:
            phone.close()
    cloud = projector.get_by_test_id("word-cloud")
    expect(cloud.locator(".cloud-word")).to_have_count(len(WORDS) - 1)
    expect(cloud.locator(".cloud-word").first).to_have_text("Luisteren")
    projector.get_by_test_id("toggle-join").click()  # more room for the cloud, as a trainer would
    expect(cloud.locator(".cloud-word")).to_have_count(len(WORDS) - 1)
    projector.wait_for_timeout(500)
    projector.screenshot(path=target / "projector-words.png")
    assert png_size(target / "projector-words.png") == (1280, 720)

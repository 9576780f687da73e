"""The README's after-the-workshop screenshots: the results page (per exercise the figure that matters, the
downloads beside it) and the hand-out (a pitfall-tagged reply under "Zo liever niet", the cloud's top words, the
intended order, the before/after). `make screenshots` writes them into docs/img/; in the normal suite they are
rendered into a temporary folder (the `target` fixture), so the journey that makes them is tested too."""
from playwright.sync_api import expect

from tests.browser.conftest import LAPTOP
from tests.browser.test_screenshots import png_size, target  # noqa: F401 (a fixture)
from tests.e2e.clients import Phone

EXERCISES = ["zeker-slecht-nieuws-start", "fris-blijven", "vier-keer-bellen", "antwoord-op-boze-mail",
             "woord-goed-gesprek", "vier-handvatten-op-volgorde", "zeker-slecht-nieuws-eind"]
TIPS = ["Tot tien tellen voordat ik reageer", "Even koffie halen", "Eerst luisteren, dan samenvatten",
        "Een rondje lopen in de pauze"]
REPLIES = [("Ik begrijp dat u boos bent over de lekkage.", "handle:feeling"),
           ("Regels zijn regels, daar kan ik niets aan doen.", "pitfall:giving-right"),
           ("Wat ik wel kan doen: vandaag nog een monteur sturen.", "handle:possible")]
WORDS = ["Rust", "Luisteren", "Rust", "Respect", "Geduld", "Luisteren", "Rust", "Eerlijk"]
ORDER = ["gevoel", "feiten", "mogelijk", "afronden"]


def _play(live, code: str, phones: list[Phone]) -> None:
    """Eight participants answer every exercise; the trainer tags the replies."""
    def run(index: int, answer) -> None:
        live.control(code, action="goto", index=index)
        live.control(code, action="open")
        for number, phone in enumerate(phones):
            answer(number, phone)
        live.control(code, action="close")

    run(0, lambda n, phone: phone.call("rate", {"value": 2 + n % 2}))
    run(1, lambda n, phone: n < len(TIPS) and phone.call("tip", {"text": TIPS[n]}))
    run(2, lambda n, phone: phone.call("vote", {"option": "abbbcbdb"[n]}))
    replies = []
    run(3, lambda n, phone: n < len(REPLIES) and replies.append(phone.call("tip", {"text": REPLIES[n][0]})["tip"]))
    for reply, (_text, tag) in zip(replies, REPLIES):
        live.control(code, action="tag_tip", tip_id=reply["id"], tag=tag)
    run(4, lambda n, phone: phone.call("word", {"text": WORDS[n]}))
    run(5, lambda n, phone: phone.call("order", {"items": ORDER if n % 3 else ORDER[1:2] + ORDER[:1] + ORDER[2:]}))
    run(6, lambda n, phone: phone.call("rate", {"value": 4 + n % 2}))
    live.control(code, action="end")


def test_render_the_results_and_hand_out_screenshots(pages, live, target):  # noqa: F811
    created = live.create_workshop(EXERCISES, title="Slecht nieuws brengen, voorjaar")
    code = created["code"]
    phones = []
    try:
        for _ in range(8):
            phone = Phone(live.url)
            phones.append(phone)
            phone.join(code)
        _play(live, code, phones)
    finally:
        for phone in phones:
            phone.close()
    trainer = pages.trainer()
    trainer.set_viewport_size({"width": 1366, "height": 1400})
    trainer.goto(f"/facilitator/archive/workshops/{code}")
    results = trainer.get_by_test_id("results")
    expect(results.get_by_test_id("result-headline").nth(2)).to_contain_text("bedoeld antwoord: B")
    expect(trainer.get_by_test_id("counted")).to_have_text(
        "16 antwoorden, 4 tips, 8 stemmen, 3 reacties, 8 woorden, 8 volgordes")
    trainer.screenshot(path=target / "results-page.png")
    assert png_size(target / "results-page.png") == (1366, 1400)

    trainer.goto(f"/facilitator/archive/workshops/{code}/toolkit")
    avoid = trainer.get_by_test_id("toolkit-avoid")
    expect(avoid).to_contain_text("Regels zijn regels")
    expect(avoid).to_contain_text("Valkuil: de klant gelijk geven")
    expect(trainer.locator(".toolkit-tips").first).not_to_contain_text("Regels zijn regels")
    expect(trainer.get_by_test_id("handout-lesson").filter(has_text="Woordwolk")).to_contain_text("Rust: 3 keer")
    trainer.set_viewport_size(LAPTOP["viewport"])
    trainer.locator("section.toolkit-section").filter(has=avoid).screenshot(path=target / "hand-out.png")
    width, height = png_size(target / "hand-out.png")
    assert width > 600 and height > 400

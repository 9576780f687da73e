"""The README's pictures of the room on a 1024x768 beamer (the smallest the room plans for): a running timer in its
own place, the reply wall after the reveal with every tagged reply, the order reveal, the before/after pair of a
self-assessment and the first page of the closing recap. `make screenshots` (pytest --screenshots) writes them into
docs/img/; in the normal suite they are rendered into a temporary folder, so the journey that makes them is tested
too (each picture is also measured as tests/browser/test_every_kind_every_beamer.py measures every state)."""
from playwright.sync_api import expect

from tests.browser.test_every_kind_every_beamer import OVERLAPS, PROBLEMS, SPLIT, steady
from tests.browser.test_screenshots import png_size, target  # noqa: F401  (target is a fixture)
from tests.e2e.clients import Phone

BEAMER = {"width": 1024, "height": 768}
BEFORE = (1, 2, 2, 2, 3, 3, 3, 3, 4, 2)
AFTER = (3, 4, 4, 3, 4, 5, 4, 3, 4, 4)
ORDER = ("gevoel", "feiten", "mogelijk", "afronden")
REPLIES = (
    ("Ik hoor hoe teleurgesteld u bent, mevrouw Bakker. Dat begrijp ik, u staat al zo lang op de lijst.",
     "handle:feeling"),
    ("Regels zijn regels, daar kan ik ook niets aan doen.", "pitfall:cutting-off"),
    ("Uw inkomen ligt net boven de grens, dus deze woning kan ik u niet geven. Wat ik wel kan doen: samen kijken "
     "naar woningen in de middenhuur.", "bad-news:deliver"),
    ("Ja, eerlijk gezegd vind ik het zelf ook een rare regel.", "pitfall:giving-right"),
    ("Ik snap dat dit hard aankomt. Zal ik u morgen bellen met wat er wel mogelijk is?", None),
    ("Even ademhalen en dan rustig uitleggen hoe de regel werkt.", None),
)


def shoot(projector, target, name: str) -> None:  # noqa: F811
    steady(projector)
    projector.wait_for_function("""() => document.getAnimations().every((a) => a.playState !== "running"
        || a.effect.getComputedTiming().iterations === Infinity)""")  # the cards' fade-in has ended
    problems = projector.evaluate(PROBLEMS) + projector.evaluate(OVERLAPS) + projector.evaluate(SPLIT)
    assert problems == [], f"{name}: {problems}"
    projector.screenshot(path=target / name)
    assert png_size(target / name) == (1024, 768)
    assert (target / name).stat().st_size > 15_000


def test_render_the_room_screenshots_on_a_beamer(pages, live, target):  # noqa: F811
    from exercises.kinds import OPTION_TAGS
    ids = ["zeker-slecht-nieuws-start", "zeg-nee-te-hoog-inkomen", "vier-handvatten-op-volgorde",
           "zeker-slecht-nieuws-eind"]
    assert {tag for _text, tag in REPLIES if tag} <= set(OPTION_TAGS)
    created = live.create_workshop(ids, title="Lastige boodschappen brengen")
    code = created["code"]
    projector = pages.projector(created)
    projector.set_viewport_size(BEAMER)
    phones = [Phone(live.url) for _ in BEFORE]
    try:
        for phone in phones:
            phone.join(code)
        live.control(code, action="goto", index=0)
        live.control(code, action="open")
        for phone, value in zip(phones, BEFORE, strict=True):
            assert phone.call("rate", {"value": value})["ok"]

        live.control(code, action="goto", index=1)
        live.control(code, action="open")
        live.control(code, action="timer", seconds=120)
        replies = [phone.call("tip", {"text": text})["tip"]["id"] for phone, (text, _tag) in zip(phones, REPLIES)]
        for voter in phones[:5]:
            voter.call("upvote", {"tip_id": replies[4], "on": True})
        expect(projector.get_by_test_id("timer")).to_be_visible()
        expect(projector.locator("#tips-count")).to_have_text(f"{len(REPLIES)} antwoorden")  # replies, not tips
        shoot(projector, target, "projector-timer.png")
        for tip_id, (_text, tag) in zip(replies, REPLIES):
            if tag:
                live.control(code, action="tag_tip", tip_id=tip_id, tag=tag)
        live.control(code, action="reveal")
        tagged = sum(1 for _text, tag in REPLIES if tag)
        projector.wait_for_function(f"""() => Array.from(document.querySelectorAll('[data-testid=wall-tag]'))
            .filter((n) => n.checkVisibility({{checkVisibilityCSS: true}})).length === {tagged}""")
        shoot(projector, target, "projector-respond-reveal.png")

        live.control(code, action="goto", index=2)
        live.control(code, action="open")
        for n, phone in enumerate(phones):
            ranking = list(ORDER) if n % 3 else [ORDER[1], ORDER[0], ORDER[2], ORDER[3]]
            assert phone.call("order", {"items": ranking})["ok"]
        live.control(code, action="reveal")
        expect(projector.get_by_test_id("order-intended")).to_be_visible()
        shoot(projector, target, "projector-order-reveal.png")

        live.control(code, action="goto", index=3)
        live.control(code, action="open")
        for phone, value in zip(phones, AFTER, strict=True):
            assert phone.call("rate", {"value": value})["ok"]
        live.control(code, action="close")
        live.control(code, action="results", visible=True)
        expect(projector.get_by_test_id("scale-paired")).to_have_text(f"{len(AFTER)} deelnemers vulden beide in")
        expect(projector.locator('#scale-after-bars [data-value="5"]')).to_be_in_viewport(ratio=1)
        shoot(projector, target, "projector-scale-pair-beamer.png")

        state = live.control(code, action="end")
        expect(projector.get_by_test_id("recap")).to_be_visible()
        expect(projector.locator("#recap > li").first).to_have_attribute("data-kind", "scale")
        assert state["recap_pages"] >= 1
        shoot(projector, target, "projector-recap-page.png")
    finally:
        for phone in phones:
            phone.close()

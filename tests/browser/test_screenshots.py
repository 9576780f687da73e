"""The README's screenshots: the projector during tips, revealing one option, the reveal's overview and the closing
recap (1920x1080), a phone during a vote, after the reveal and at the end (390x844), and the control page with its
presenter view. `make screenshots` writes them into docs/img/; in the normal suite they are
rendered into a temporary folder, so the journey that makes them is tested too."""
import struct
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE

DOCS_IMG = Path(__file__).resolve().parents[2] / "docs" / "img"
TIPS = [("Tot tien tellen voordat ik reageer", 5), ("Even koffie halen", 4),
        ("Eerst luisteren, dan samenvatten: \"dus als ik u goed begrijp...\"", 7),
        ("De telefoon opnemen met een glimlach", 3), ("Bezoekers eerst koffie of thee aanbieden", 2),
        ("Zeg wat je doet en doe wat je zegt", 2), ("Even een rondje lopen", 1),
        ("Als het niet lukt: zeg het, en bel later terug", 1),
        ("Mensen behandelen zoals je zelf behandeld wilt worden", 0)]


@pytest.fixture
def target(request, tmp_path):
    if request.config.getoption("--screenshots"):
        DOCS_IMG.mkdir(parents=True, exist_ok=True)
        return DOCS_IMG
    return tmp_path


def png_size(path: Path) -> tuple[int, int]:
    with open(path, "rb") as image:
        header = image.read(24)
    assert header[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", header[16:24])


def upvote(button) -> None:
    """Tap until the upvote shows as given, as a participant would when a tap on a busy phone did nothing (the wall
    redraws while it takes the tap); never taps a given upvote again (that would take it back)."""
    for _attempt in range(3):
        if button.get_attribute("aria-pressed") == "true":
            return
        button.tap()
        try:
            expect(button).to_have_attribute("aria-pressed", "true", timeout=5_000)
            return
        except AssertionError:
            continue
    expect(button).to_have_attribute("aria-pressed", "true")


def test_render_the_readme_screenshots(pages, live, target):
    tips_id = "fris-blijven" if any(e["id"] == "fris-blijven" for e in live.library) else live.exercise_id("tips")
    created = live.create_workshop([tips_id, live.exercise_id("case")], title="Klantgericht communiceren")
    code = created["code"]
    projector = pages.projector(created)
    control = pages.control(created)
    phones = [pages.phone(code) for _ in range(8)]
    live.control(code, action="goto", index=0)
    live.control(code, action="open")
    for i, (text, _votes) in enumerate(TIPS):
        phone = phones[i % len(phones)]
        expect(phone.get_by_test_id("tip-input")).to_be_visible()
        phone.get_by_test_id("tip-input").fill(text)
        phone.get_by_test_id("tip-submit").click()
        expect(phone.get_by_test_id("own-tips")).to_contain_text(text)
    for i, (text, votes) in enumerate(TIPS):
        voters = [p for j, p in enumerate(phones) if j != i % len(phones)][:votes]
        for voter in voters:
            upvote(voter.get_by_test_id("tip-wall").locator("li[data-tip-id]", has_text=text).get_by_test_id("upvote"))
    expect(projector.get_by_test_id("tip-wall").locator("[data-tip-id]").first).to_contain_text("▲ 7")
    projector.wait_for_timeout(1200)  # the new-tip animation ends
    shots = {"projector-tips.png": projector}
    projector.screenshot(path=target / "projector-tips.png")
    control.screenshot(path=target / "control.png", full_page=True)
    shots["control.png"] = control

    live.control(code, action="goto", index=1)
    live.control(code, action="open")
    options = phones[0].get_by_test_id("case-options").locator("[data-option-id]")
    expect(options.first).to_be_visible()
    count = options.count()
    for i, phone in enumerate(phones):
        phone.get_by_test_id("case-options").locator("[data-option-id]").nth([0, 1, 1, 2, 3, 3, 3, 1][i] % count).tap()
    phone = pages.page(PHONE, f"/j/{code}")
    phone.get_by_test_id("case-options").locator("[data-option-id]").nth(3 % count).tap()
    expect(phone.get_by_test_id("case-options").locator('[aria-pressed="true"]')).to_have_count(1)
    phone.evaluate("() => document.getElementById('case-question').scrollIntoView({block: 'start'})")
    phone.screenshot(path=target / "phone-vote.png")
    shots["phone-vote.png"] = phone

    live.control(code, action="results", visible=True)
    control.screenshot(path=target / "control-presenter.png", full_page=True)  # notes, tags, intended answer
    shots["control-presenter.png"] = control
    live.control(code, action="reveal")
    expect(projector.get_by_test_id("reveal")).to_have_attribute("data-step", "1")
    expect(projector.get_by_test_id("vote-count")).to_have_text("9 stemmen")
    best = next(i for i, o in enumerate(live.results(code)["exercises"][1]["options"], start=1) if o["best"])
    live.control(code, action="reveal_step", step=best)  # the intended answer, alone and large
    expect(projector.get_by_test_id("reveal")).to_have_attribute("data-step", str(best))
    projector.wait_for_timeout(600)
    projector.screenshot(path=target / "projector-reveal.png")
    shots["projector-reveal.png"] = projector
    live.control(code, action="reveal_step", step=None)
    expect(projector.get_by_test_id("reveal").locator(".option.revealed").first).to_be_visible()
    projector.wait_for_timeout(600)
    projector.screenshot(path=target / "projector-overview.png")
    shots["projector-overview.png"] = projector
    expect(phone.get_by_test_id("my-choice")).to_be_visible()
    phone.wait_for_timeout(800)  # the page scrolls to the phone's own choice
    phone.screenshot(path=target / "phone-reveal.png")
    shots["phone-reveal.png"] = phone

    live.control(code, action="end")
    expect(projector.get_by_test_id("recap")).to_be_visible()
    projector.wait_for_timeout(300)
    projector.screenshot(path=target / "projector-recap.png")
    shots["projector-recap.png"] = projector
    expect(phone.get_by_test_id("my-recap")).to_be_visible()
    phone.screenshot(path=target / "phone-recap.png")
    shots["phone-recap.png"] = phone

    expected = {"projector-tips.png": (1920, 1080), "projector-reveal.png": (1920, 1080),
                "projector-overview.png": (1920, 1080), "projector-recap.png": (1920, 1080),
                "phone-vote.png": (780, 1688), "phone-reveal.png": (780, 1688), "phone-recap.png": (780, 1688)}
    for name in shots:
        width, height = png_size(target / name)
        if name in expected:
            assert (width, height) == expected[name], name
        assert (target / name).stat().st_size > 20_000, f"{name} looks empty"

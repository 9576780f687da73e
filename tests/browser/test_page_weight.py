"""Light pages: the participant page, everything it loads included, transfers at most 60 KB; no framework, no CDN;
its first content is in the HTML itself and no script blocks rendering."""
from urllib.parse import urlparse

from playwright.sync_api import expect

from tests.browser.conftest import PHONE, connected
from tests.browser.page_weight import record_transfer

BUDGET_BYTES = 60 * 1024


def open_participant_page(pages, live, code: str):
    context = pages.context(PHONE)
    page = context.new_page()
    transfer = record_transfer(page)
    page.goto(f"/j/{code}")
    connected(page)
    return page, transfer


def test_participant_page_transfers_at_most_60_kb(pages, live):
    created = live.create_workshop([live.exercise_id("case")])
    code = created["code"]
    live.control(code, action="goto", index=0)
    live.control(code, action="open")
    page, transfer = open_participant_page(pages, live, code)
    expect(page.get_by_test_id("case-options").locator("[data-option-id]").first).to_be_visible()
    page.wait_for_timeout(500)  # the join ack and the first broadcasts are in

    assert transfer.total_bytes <= BUDGET_BYTES, (transfer.total_bytes, transfer.responses)
    # everything comes from this server (no CDN), and text is sent compressed
    hosts = {urlparse(url).netloc for url, _size, _encoding in transfer.responses}
    assert hosts == {urlparse(live.url).netloc}
    for url, size, encoding in transfer.responses:
        if urlparse(url).path.endswith((".js", ".css")) or "/j/" in url:
            assert encoding in ("gzip", "br", "zstd", "deflate"), f"{url} was sent uncompressed ({size} bytes)"
    scripts = [urlparse(url).path for url, _size, _encoding in transfer.responses if urlparse(url).path.endswith(".js")]
    # socket.io client, common, outbox, participant and the timer: small files of our own, no framework; plus one
    # small script per kind that draws its own, from its folder (/kinds/<name>/<name>.js)
    core = sorted(path.split("/static/", 1)[1] for path in scripts if not path.startswith("/kinds/"))
    assert core == ["js/common.js", "js/outbox.js", "js/participant.js", "js/timer.js", "vendor/socket.io.min.js"], core


def test_a_reload_costs_less_than_the_first_visit(pages, live):
    created = live.create_workshop([live.exercise_id("tips")])
    page, first = open_participant_page(pages, live, created["code"])
    again = record_transfer(page)
    page.reload()
    connected(page)
    page.wait_for_timeout(300)
    assert again.http_bytes < first.http_bytes / 2, "static files are not revalidated with 304s"


def test_first_content_is_in_the_html_and_no_script_blocks_rendering(pages, live):
    created = live.create_workshop([live.exercise_id("tips")], title="Fris blijven")
    page = pages.page(PHONE, f"/j/{created['code']}", java_script_enabled=False)
    # without any script the phone already shows who it is talking to and that it is connecting
    expect(page.get_by_role("heading", name="Welkom!")).to_be_visible()
    expect(page.locator(".header-title")).to_have_text("Fris blijven")
    blocking = page.evaluate("() => Array.from(document.scripts).filter(s => s.src && !s.defer && !s.async)"
                             ".map(s => s.src)")
    assert blocking == []

"""How the participant page loads on a slow phone: bytes transferred, first contentful paint, and the time until the
current exercise is on screen, with Chrome's "Slow 3G" network and a 4x slower CPU. Baseline, in the same run and
under the same throttling: the landing page (one small HTML page and one stylesheet, no script).

    .venv/bin/python bench/page_load.py [--repeat 5]

Starts `python wsgi.py` on a free 127.0.0.1 port with a temporary data dir and Debian's Chromium (headless).
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_DIR))

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, PHONE  # noqa: E402
from tests.browser.page_weight import first_contentful_paint_ms, record_transfer, throttle_like_a_slow_phone  # noqa: E402
from tests.server import ServerProcess, setup_trainer  # noqa: E402


def measure(browser, url: str, ready_selector: str, throttled: bool) -> dict:
    context = browser.new_context(**PHONE, locale="nl-NL")
    context.set_default_timeout(60_000)
    page = context.new_page()
    if throttled:
        throttle_like_a_slow_phone(page)
    transfer = record_transfer(page)
    started = time.perf_counter()
    page.goto(url)
    page.wait_for_selector(ready_selector)
    ready_ms = (time.perf_counter() - started) * 1000
    page.wait_for_timeout(300)
    result = {"bytes": transfer.total_bytes, "fcp_ms": first_contentful_paint_ms(page), "ready_ms": ready_ms}
    context.close()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="klantwijs-pageload-") as tmp:
        server = ServerProcess(Path(tmp)).start()
        try:
            token = setup_trainer(server)
            _status, library = server.request("GET", "/api/v1/exercises", token=token)
            case_id = next(e["id"] for e in library if e["kind"] == "case")
            _status, created = server.request("POST", "/api/v1/workshops",
                                              {"title": "Bench", "exercises": [case_id]}, token=token)
            code = created["code"]
            for action in ({"action": "goto", "index": 0}, {"action": "open"}):
                server.request("POST", f"/api/v1/workshops/{code}/control", action, token=token)
            targets = {
                "landing page (baseline)": (f"{server.url}/", "#join-code"),
                "participant page": (f"{server.url}/j/{code}", '[data-testid="case-options"] [data-option-id]'),
            }
            runs: dict[str, list[dict]] = {name: [] for name in targets}
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
                for _ in range(args.repeat):
                    for name, (url, ready) in targets.items():
                        runs[name].append(measure(browser, url, ready, throttled=True))
                browser.close()
        finally:
            server.stop()
    table = {name: {metric: statistics.median(r[metric] for r in results) for metric in results[0]}
             for name, results in runs.items()}
    base, page = table["landing page (baseline)"], table["participant page"]
    print(json.dumps({"repeat": args.repeat, "medians": table}, indent=2), file=sys.stderr)
    print("| page | bytes | first contentful paint (ms) | exercise on screen (ms) |")
    print("| --- | --- | --- | --- |")
    for name, row in table.items():
        print(f"| {name} | {row['bytes']:,} | {row['fcp_ms']:.0f} | {row['ready_ms']:.0f} |")
    print(f"| participant / baseline | {page['bytes'] / base['bytes']:.1f}x | {page['fcp_ms'] / base['fcp_ms']:.2f}x"
          f" | {page['ready_ms'] / base['ready_ms']:.2f}x |")


if __name__ == "__main__":
    main()

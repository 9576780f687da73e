"""Archive at scale: the same requests against an archive of 1,000 and of 20,000 realistic tips, in one run.

For each size: a fresh `python wsgi.py`, the tips imported through POST /api/v1/archive/import (timed), then the
warm median of a word search (`/api/v1/archive?q=koffie&limit=50`), of the unfiltered first page
(`/api/v1/archive?limit=50`) and of the trainer's archive page (`/facilitator/archive`), and the first archive
request after a participant posted a new tip in a live workshop (median of several). Ratios are large / small.

    .venv/bin/python bench/archive.py [--sizes 1000,20000]
"""
from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from backoffice import import_tips, median_ms, realistic_tips, start_server, timed
from timing import each_size, open_workshop, phone_in, ratio, write_results

NEW_TIP_ROUNDS = 7
METRICS = ("search_ms", "first_page_ms", "archive_page_ms", "after_new_tip_ms")
GOALS = {"search_ms": 2, "first_page_ms": 2, "archive_page_ms": 2, "after_new_tip_ms": 3}


def live_tips_workshop(client) -> str:
    status, exercises = client.json("GET", "/api/v1/exercises")
    return open_workshop(client, "Bench live", next(e["id"] for e in exercises if e["kind"] == "tips"))


def after_new_tip_ms(client, base_url: str) -> float:
    """Median over rounds: a phone posts a tip (acked = committed), then the first archive request is timed."""
    with phone_in(base_url, live_tips_workshop(client)) as phone:
        times = []
        for number in range(NEW_TIP_ROUNDS):
            ack = phone.call("tip", {"text": f"Nieuwe tip {number}: even koffie halen"}, timeout=20)
            if not ack.get("ok"):
                raise RuntimeError(f"tip refused: {ack}")
            times.append(timed(lambda: client.request("GET", "/api/v1/archive?limit=50")[0]))
            time.sleep(1.1)  # a phone's own rate: a handful of tips a minute
        return round(statistics.median(times) * 1000, 2)


def measure(size: int, workdir: Path) -> dict:
    server, base_url, client = start_server(workdir)
    try:
        import_seconds = import_tips(client, realistic_tips(size))
        status, first = client.json("GET", "/api/v1/archive?limit=1")
        if status != 200 or first["total"] != size:
            raise RuntimeError(f"archive holds {first} after importing {size}")
        client.login()
        result = {
            "size": size, "import_seconds": round(import_seconds, 2),
            "search_ms": median_ms(lambda: client.request("GET", "/api/v1/archive?q=koffie&limit=50")[0]),
            "first_page_ms": median_ms(lambda: client.request("GET", "/api/v1/archive?limit=50")[0]),
            "archive_page_ms": median_ms(lambda: client.request("GET", "/facilitator/archive", api=False)[0]),
        }
        result["after_new_tip_ms"] = after_new_tip_ms(client, base_url)
        return result
    finally:
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,20000")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    results = each_size("klantwijs-archive-bench-", sizes, lambda size: f"archive of {size} tips", measure)
    small, large = results[0], results[-1]
    lines = [f"| metric | {small['size']} tips | {large['size']} tips | ratio | goal |",
             "| --- | --- | --- | --- | --- |"]
    for metric in METRICS:
        lines.append(f"| {metric} | {small[metric]} | {large[metric]} | {ratio(small, large, metric)} "
                     f"| <= {GOALS[metric]}x |")
    lines.append(f"| import_seconds | {small['import_seconds']} | {large['import_seconds']} | | |")
    print("\n".join(lines))
    write_results("archive", results)


if __name__ == "__main__":
    main()

"""A live room while the back office is busy: the same voting room idle and under back-office load, in one run.

One `python wsgi.py` with an archive of 20,000 imported tips. Each round opens a new case workshop and lets a room
of 200 phones (bench/loadgen.py: join, then everyone votes at once) vote; rounds alternate between idle and
loaded. Under load, other clients keep asking, in parallel loops, for the archive page, the organisation's toolkit
PDF and the XLSX export of the whole archive, and four loops try wrong passwords. The report: median vote ack p99
and time to the final tally, idle and loaded, their ratio (goal: at most 1.5x), and what the back office got
(answers by status: 503 is the server refusing a flood of heavy work, which is allowed).

    .venv/bin/python bench/isolation.py [--tips 20000] [--phones 200] [--rounds 3]

`--load import-logins` is the second case (issue 23): under load, one loop imports CSV files of 500 distinct
questions (the most one file may hold) one after the other, and another sends 40 wrong passwords at the same
moment, again and again; the goal is the same (the room's ack p99 within 1.5x of idle).

    .venv/bin/python bench/isolation.py --load import-logins [--phones 200] [--rounds 3]
"""
from __future__ import annotations

import argparse
import collections
import csv
import datetime
import io
import json
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

from backoffice import TRAINER_EMAIL, Client, import_tips, realistic_tips, start_server
from run import BENCH_DIR, PYTHON, REPO_DIR

LOAD_LOOP_SECONDS = 600  # every loop stops by itself at the latest after this
WRONG_PASSWORD_LOOPS = 4
IMPORT_QUESTIONS = 500  # the most one CSV file may hold
SIMULTANEOUS_LOGINS = 40


class BackOffice:
    """Loops of heavy requests against the server, in threads, until stopped (bounded by LOAD_LOOP_SECONDS)."""

    def __init__(self, base_url: str, token: str, session: Client, load: str = "archive"):
        self.base_url, self.token, self.session, self.load = base_url, token, session, load
        self.imports = 0
        self.stop_event = threading.Event()
        self.statuses: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
        self.lock = threading.Lock()
        self.threads: list[threading.Thread] = []

    def _loop(self, name: str, request) -> None:
        deadline = time.monotonic() + LOAD_LOOP_SECONDS
        while not self.stop_event.is_set() and time.monotonic() < deadline:
            try:
                status = request()
            except OSError as error:
                status = type(error).__name__
            with self.lock:
                self.statuses[name][status] += 1

    def start(self) -> None:
        session = self.session
        api = Client(self.base_url, self.token)
        if self.load == "import-logins":
            loops = {"import 500 questions": lambda: self._import(api), "40 wrong logins at once": self._login_burst}
            for name, request in loops.items():
                thread = threading.Thread(target=self._loop, args=(name, request), daemon=True)
                thread.start()
                self.threads.append(thread)
            return
        loops = {
            "archive page": lambda: session.request("GET", "/facilitator/archive", api=False)[0],
            "toolkit pdf": lambda: session.request("GET", "/facilitator/archive/toolkit.pdf", api=False)[0],
            "archive xlsx": lambda: api.request("GET", "/api/v1/archive/export.xlsx")[0],
        }
        for number in range(WRONG_PASSWORD_LOOPS):
            loops[f"wrong password {number + 1}"] = self._wrong_password
        for name, request in loops.items():
            thread = threading.Thread(target=self._loop, args=(name, request), daemon=True)
            thread.start()
            self.threads.append(thread)

    def _wrong_password(self) -> int:
        client = Client(self.base_url)  # a fresh session, as a guessing script would use
        try:
            token = client.csrf_token()
        except RuntimeError:
            return 0
        return client.request("POST", "/facilitator/login", api=False,
                              form={"email": TRAINER_EMAIL, "password": "fout-wachtwoord", "csrf_token": token})[0]

    def _import(self, api: Client) -> int:
        """One CSV file of 500 distinct questions (4 tips each), new questions every time."""
        self.imports += 1
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["question", "text", "votes"])
        for question in range(IMPORT_QUESTIONS):
            for tip in range(4):
                writer.writerow([f"Import {self.imports}, vraag {question}: hoe houd je het gesprek rustig?",
                                 f"Tip {tip}: eerst luisteren en dan samenvatten", tip])
        return api.request("POST", "/api/v1/archive/import", out.getvalue().encode(), "text/csv")[0]

    def _login_burst(self) -> str:
        """40 wrong passwords for the trainer's address sent at the same moment; the statuses as '401x3 429x37'."""
        clients = []
        for _ in range(SIMULTANEOUS_LOGINS):
            client = Client(self.base_url)
            try:
                clients.append((client, client.csrf_token()))
            except RuntimeError:
                pass
        start = threading.Barrier(len(clients) + 1)
        answers: list = []

        def attempt(client: Client, token: str) -> None:
            start.wait(60)
            answers.append(client.request("POST", "/facilitator/login", api=False, form={
                "email": TRAINER_EMAIL, "password": "fout-wachtwoord", "csrf_token": token})[0])

        threads = [threading.Thread(target=attempt, args=pair, daemon=True) for pair in clients]
        for thread in threads:
            thread.start()
        start.wait(60)
        for thread in threads:
            thread.join(120)
        counts = collections.Counter(answers)
        return " ".join(f"{status}x{count}" for status, count in sorted(counts.items()))

    def stop(self) -> dict:
        self.stop_event.set()
        for thread in self.threads:
            thread.join(180)
        return {name: dict(counter) for name, counter in self.statuses.items()}


def open_case_workshop(client: Client) -> tuple[str, str]:
    status, exercises = client.json("GET", "/api/v1/exercises")
    case_id = next(e["id"] for e in exercises if e["kind"] == "case")
    status, workshop = client.json("POST", "/api/v1/workshops", {"title": "Isolatie", "exercises": [case_id]})
    if status != 201:
        raise RuntimeError(f"create workshop: {status} {workshop}")
    code = workshop["code"]
    key = urllib.parse.parse_qs(urllib.parse.urlparse(workshop["screen_url"]).query)["key"][0]
    for action in ({"action": "goto", "index": 0}, {"action": "open"}, {"action": "results", "visible": True}):
        status, body = client.json("POST", f"/api/v1/workshops/{code}/control", action)
        if status != 200:
            raise RuntimeError(f"control {action}: {status} {body}")
    return code, key


def room(base_url: str, client: Client, phones: int, server_pid: int) -> dict:
    code, key = open_case_workshop(client)
    command = [PYTHON, str(BENCH_DIR / "loadgen.py"), "--url", base_url, f"--code={code}", f"--key={key}",
               "-n", str(phones), "--server-pid", str(server_pid)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600, stdin=subprocess.DEVNULL)
    if result.returncode != 0:
        raise RuntimeError(f"loadgen failed: {result.stderr[-500:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tips", type=int, default=20000)
    parser.add_argument("--phones", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--load", choices=("archive", "import-logins"), default="archive",
                        help="the back office's load: archive reads and exports (default), or 500-question "
                             "imports and 40 simultaneous wrong logins")
    args = parser.parse_args()
    records = []
    with tempfile.TemporaryDirectory(prefix="klantwijs-isolation-") as tmp:
        server, base_url, client = start_server(Path(tmp))
        try:
            print(f"importing {args.tips} tips", file=sys.stderr, flush=True)
            import_seconds = import_tips(client, realistic_tips(args.tips))
            client.json("GET", "/api/v1/archive?limit=1")  # the index is complete before the rounds start
            # The trainer logs in once, before the wrong-password loops: those make the server refuse every login
            # from this address for 15 minutes (10 failures per e-mail, 30 per address), the right one too.
            session = Client(base_url, client.token)
            status = session.login()
            if status not in (200, 302):
                raise RuntimeError(f"the back office could not log in: HTTP {status}")
            for number in range(args.rounds):
                for loaded in ((False, True) if number % 2 == 0 else (True, False)):
                    backoffice = BackOffice(base_url, client.token, session, args.load) if loaded else None
                    if backoffice:
                        backoffice.start()
                        time.sleep(3)  # the back office is in full swing before the room joins
                    try:
                        result = room(base_url, client, args.phones, server.process.pid)
                    finally:
                        statuses = backoffice.stop() if backoffice else None
                    record = {"round": number + 1, "loaded": loaded, **result, "backoffice": statuses}
                    records.append(record)
                    print(json.dumps(record), file=sys.stderr, flush=True)
        finally:
            server.stop()
    summary = {}
    for loaded in (False, True):
        runs = [r for r in records if r["loaded"] is loaded]
        summary["loaded" if loaded else "idle"] = {
            "ack_p99_ms": median([r["ack_p99_ms"] for r in runs]),
            "final_tally_seconds": median([r["final_tally_seconds"] for r in runs]),
            "join_seconds": median([r["join_seconds"] for r in runs]),
            "errors": sum(r["errors"] for r in runs), "timeouts": sum(r["timeouts"] for r in runs)}
    lines = ["| metric | idle | loaded | loaded / idle | goal |", "| --- | --- | --- | --- | --- |"]
    for metric in ("ack_p99_ms", "final_tally_seconds", "join_seconds", "errors", "timeouts"):
        idle, loaded = summary["idle"][metric], summary["loaded"][metric]
        ratio = f"{loaded / idle:.2f}x" if idle and loaded is not None else ""
        goal = "<= 1.5x" if metric in ("ack_p99_ms", "final_tally_seconds") else ""
        lines.append(f"| {metric} | {idle} | {loaded} | {ratio} | {goal} |")
    backoffice_total = collections.defaultdict(collections.Counter)
    for record in records:
        for name, statuses in (record["backoffice"] or {}).items():
            backoffice_total[name].update(statuses)
    lines.append("")
    lines.append("| back-office loop | answers by status (all loaded rounds) |")
    lines.append("| --- | --- |")
    for name, statuses in sorted(backoffice_total.items()):
        answers = ", ".join(f"{status}: {count}" for status, count in sorted(statuses.items(), key=str))
        lines.append(f"| {name} | {answers} |")
    print(f"load: {args.load}; import of {args.tips} tips: {import_seconds:.1f} s\n" + "\n".join(lines))
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    output = BENCH_DIR / "results" / f"isolation-{'' if args.load == 'archive' else args.load + '-'}{stamp}.json"
    output.parent.mkdir(exist_ok=True)
    output.write_text(json.dumps({"started": stamp, "load": args.load, "import_seconds": import_seconds,
                                  "summary": summary,
                                  "runs": records}, indent=2) + "\n")
    print(f"\nresults written to {output.relative_to(REPO_DIR)}", file=sys.stderr)


if __name__ == "__main__":
    main()

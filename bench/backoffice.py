"""Shared parts of the back-office benchmarks (archive.py, isolation.py): a real Klantwijs server with a trainer,
an archive of realistic tips imported through the CSV import, a logged-in browser session, and timing helpers.

All traffic goes to 127.0.0.1.
"""
from __future__ import annotations

import csv
import html
import http.cookiejar
import io
import json
import os
import random
import re
import statistics
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from run import HOST, PYTHON, REPO_DIR, SETUP_TIMEOUT_SECONDS, free_port, start_answering_server

TRAINER_EMAIL = "archief@example.org"
TRAINER_PASSWORD = "archiefbench1"
IMPORT_PART_BYTES = 900_000  # the import takes bodies up to 1 MB
REQUEST_TIMEOUT = 120

QUESTIONS = [
    "Hoe blijf je fris, zodat je je in de klant kunt blijven verplaatsen?",
    "Wat verwacht je van je huurders, en is die verwachting redelijk?",
    "Welke zin helpt je het meest als je nee moet zeggen?",
    "Wat doe je na een lastig gesprek?",
    "Hoe breng je slecht nieuws?",
    "Wat zou je willen als je zelf die klant was?",
    "Hoe ga je om met beleid waar je zelf niet achter staat?",
    "Hoe maak je een goed begin aan de balie?",
]
TIP_STEMS = [
    "tot tien tellen", "even koffie halen", "een rondje lopen", "diep ademhalen", "eerst luisteren, dan samenvatten",
    "de klant koffie of thee aanbieden", "behandel mensen zoals je zelf behandeld wilt worden",
    "met een glimlach de telefoon opnemen", "zeg wat je doet en doe wat je zegt", "later terugbellen",
    "benoem wat je ziet", "blijf bij de feiten", "vertel wat wel kan", "rond het gesprek af", "pauze nemen",
    "even sparren met een collega", "het gevoel eerst", "niet in de verdediging gaan", "kort en duidelijk zijn",
    "geen beloftes doen die je niet kunt waarmaken", "de boodschap herhalen", "stilte laten vallen",
    "samenvatten wat de klant zegt", "uitleggen waarom het beleid zo is", "naar de teamleider gaan",
]
DECORATIONS = ["", "!", ".", " :)", " (werkt echt)", " altijd", " eerst", " even", " gewoon", " vooral"]
PREFIXES = ["", "", "Ik ", "Gewoon ", "Even ", "Altijd ", "Probeer ", "Tip: "]


def realistic_tips(count: int, seed: int = 7) -> list[dict]:
    """count tips over QUESTIONS: stems with the variation real tips have (case, prefixes, punctuation, typos)."""
    rng = random.Random(seed)
    tips = []
    for number in range(count):
        text = rng.choice(PREFIXES) + rng.choice(TIP_STEMS) + rng.choice(DECORATIONS)
        if rng.random() < 0.2:
            position = rng.randrange(len(text))
            text = text[:position] + text[position + 1:]  # a typo
        if rng.random() < 0.3:
            text = text.capitalize()
        tips.append({"question": rng.choice(QUESTIONS), "text": f"{text} #{number % 97}" if rng.random() < 0.5
                     else text, "votes": rng.randrange(0, 12),
                     "date": f"20{rng.randrange(20, 26)}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"})
    return tips


def csv_parts(tips: list[dict]) -> list[bytes]:
    """The tips as CSV files of at most IMPORT_PART_BYTES each, every one with its header row."""
    parts, rows = [], []

    def flush():
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=["question", "text", "votes", "date"])
        writer.writeheader()
        writer.writerows(rows)
        parts.append(out.getvalue().encode("utf-8"))

    size = 0
    for tip in tips:
        line = len(tip["question"]) + len(tip["text"]) + 20
        if rows and size + line > IMPORT_PART_BYTES:
            flush()
            rows, size = [], 0
        rows.append(tip)
        size += line
    if rows:
        flush()
    return parts


class Client:
    """HTTP to one server: bearer-token API calls and a cookie session for the trainer's pages."""

    def __init__(self, base_url: str, token: str | None = None):
        self.base_url = base_url
        self.token = token
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def request(self, method: str, path: str, body: bytes | None = None, content_type: str | None = None,
                api: bool = True, form: dict | None = None) -> tuple[int, bytes]:
        headers = {}
        if api and self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        if form is not None:
            body = urllib.parse.urlencode(form).encode()
            content_type = "application/x-www-form-urlencoded"
        if content_type:
            headers["Content-Type"] = content_type
        request = urllib.request.Request(self.base_url + path, data=body, headers=headers, method=method)
        opener = self.opener if not api else urllib.request.build_opener()
        try:
            with opener.open(request, timeout=REQUEST_TIMEOUT) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def json(self, method: str, path: str, body=None) -> tuple[int, object]:
        data = None if body is None else json.dumps(body).encode()
        status, raw = self.request(method, path, data, "application/json" if data else None)
        try:
            return status, json.loads(raw or b"null")
        except ValueError:
            return status, raw[:200]

    def csrf_token(self, path: str = "/facilitator/login") -> str:
        _status, page = self.request("GET", path, api=False)
        found = re.search(rb'name="csrf_token"[^>]*value="([^"]+)"', page)
        if not found:
            raise RuntimeError(f"no CSRF token on {path}")
        return html.unescape(found.group(1).decode())

    def login(self, email: str = TRAINER_EMAIL, password: str = TRAINER_PASSWORD) -> int:
        form = {"email": email, "password": password, "csrf_token": self.csrf_token()}
        status, _body = self.request("POST", "/facilitator/login", api=False, form=form)
        return status


def flask_cli(env: dict, *arguments: str) -> str:
    result = subprocess.run([PYTHON, "-m", "flask", "--app", "wsgi", *arguments], cwd=REPO_DIR, env=env,
                            capture_output=True, text=True, timeout=SETUP_TIMEOUT_SECONDS, stdin=subprocess.DEVNULL)
    if result.returncode != 0:
        raise RuntimeError(f"flask {' '.join(arguments[:2])} failed: {result.stderr.strip()[-300:]}")
    return result.stdout


def start_server(workdir: Path, extra_env: dict | None = None):
    """(server, base_url, api client with token) for a fresh data dir with one trainer."""
    port = free_port()
    base_url = f"http://{HOST}:{port}"
    (workdir / "data").mkdir(parents=True)
    env = dict(os.environ, KLANTWIJS_DATA_DIR=str(workdir / "data"), KLANTWIJS_PORT=str(port),
               KLANTWIJS_HOST=HOST, **(extra_env or {}))
    flask_cli(env, "db", "upgrade")
    flask_cli(env, "trainer", "create", TRAINER_EMAIL, "--organisation", "Bench", "--password", TRAINER_PASSWORD)
    token = flask_cli(env, "trainer", "token", TRAINER_EMAIL).strip().splitlines()[-1].strip()
    server = start_answering_server([PYTHON, "wsgi.py"], env, workdir / "klantwijs.log", base_url)
    return server, base_url, Client(base_url, token)


def import_tips(client: Client, tips: list[dict]) -> float:
    """Import the tips through POST /api/v1/archive/import; returns the seconds it took."""
    started = time.perf_counter()
    for part in csv_parts(tips):
        status, body = client.request("POST", "/api/v1/archive/import", part, "text/csv")
        if status != 201:
            raise RuntimeError(f"import failed: {status} {body[:300]!r}")
    return time.perf_counter() - started


def timed(call) -> float:
    started = time.perf_counter()
    status = call()
    if status != 200:
        raise RuntimeError(f"request answered {status}")
    return time.perf_counter() - started


def median_ms(call, warmup: int = 2, repeat: int = 15) -> float:
    for _ in range(warmup):
        timed(call)
    return round(statistics.median(timed(call) for _ in range(repeat)) * 1000, 2)

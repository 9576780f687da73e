"""Journey: a trainer of one organisation imports the largest archive file allowed (500 questions) while a room of
another organisation is live on the same real eventlet server. The import's writes go in short committed slices,
so the phone's acks during the import stay close to its acks when the server is idle, never as long as the
import itself (before the fix, every ack waited for all of its writes)."""
from __future__ import annotations

import json
import statistics
import threading
import time
import urllib.request

import pytest

from tests.e2e.clients import Phone
from tests.server import ServerProcess, setup_trainer

QUESTIONS = 500  # the most one file may hold
TIPS_PER_QUESTION = 8


def csv_of_questions(questions: int, tips: int) -> bytes:
    lines = ["question,text,votes,date"]
    for question in range(questions):
        for tip in range(tips):
            lines.append(f"Vraag {question}: hoe blijf je rustig?,Tip {tip} bij vraag {question}: eerst luisteren,"
                         f"{tip},2025-03-12")
    return ("\n".join(lines) + "\n").encode()


def ack_seconds(phone: Phone, code: str) -> float:
    started = time.monotonic()
    phone.join(code, token=phone.token)  # a returning phone: the full state, acknowledged
    return time.monotonic() - started


@pytest.fixture
def server(tmp_path):
    process = ServerProcess(tmp_path / "data", async_mode="eventlet")
    process.start()
    yield process
    process.stop()


def test_a_500_question_import_does_not_stall_another_organisations_room(server, clients):
    importer_token = setup_trainer(server, "importeur@woonstad.example", "Woonstad Voorbeeld")
    room_token = setup_trainer(server, "trainer@anderhuis.example", "Ander Huis")
    status, workshop = server.request("POST", "/api/v1/workshops", {"title": "Live", "exercises": ["fris-blijven"]},
                                      token=room_token)
    assert status == 201, workshop
    phone = Phone(server.url)
    clients.append(phone)
    phone.join(workshop["code"])
    idle = [ack_seconds(phone, workshop["code"]) for _ in range(20)]

    body = csv_of_questions(QUESTIONS, TIPS_PER_QUESTION)
    answer: dict = {}

    def run_import():
        request = urllib.request.Request(server.url + "/api/v1/archive/import", data=body, method="POST",
                                         headers={"Authorization": f"Bearer {importer_token}",
                                                  "Content-Type": "text/csv"})
        started = time.monotonic()
        with urllib.request.urlopen(request, timeout=300) as response:
            answer.update(status=response.status, body=json.loads(response.read()),
                          seconds=time.monotonic() - started)

    importing = threading.Thread(target=run_import)
    importing.start()
    during = []
    while importing.is_alive():
        during.append(ack_seconds(phone, workshop["code"]))
        time.sleep(0.02)
    importing.join()

    assert answer["status"] == 201 and answer["body"]["imported"] == QUESTIONS * TIPS_PER_QUESTION
    assert len(answer["body"]["workshops"]) == QUESTIONS
    assert len(during) >= 5, (during, answer["seconds"])  # the phone was answered all along
    slowest, typical_idle, typical_during = max(during), statistics.median(idle), statistics.median(during)
    # never held for the import: a stalled loop makes one ack as long as the import's writes
    assert slowest < answer["seconds"] / 5, (slowest, answer["seconds"])
    # and its slices are short: a typical ack during the import stays near an idle one (the median, not the
    # slowest: on a loaded machine one ack may wait for the CPU, not for the import)
    assert typical_during < 50 * typical_idle, (typical_during, typical_idle, during)
    status, archive = server.request("GET", "/api/v1/archive?limit=1", token=importer_token)
    assert status == 200 and archive["total"] == QUESTIONS * TIPS_PER_QUESTION

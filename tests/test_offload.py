"""The offload: heavy work runs in a real thread or a worker subprocess, bounded, and a flood is refused clearly."""
from __future__ import annotations

import os
import threading

import pytest
from flask_babel import force_locale

from exercises.kinds import base
from workshop import offload
from workshop.archive import exports, handout, search


def test_pure_python_work_runs_in_a_worker_process_in_the_requests_language(app):
    rows = [{"kind": "tips", "row": "tip", "text": "=SOM(A1)", "votes": 3, "hidden": True}]
    with app.test_request_context("/?lang=en"), force_locale("en"):
        english = offload.in_process(exports.csv_bytes, rows).decode("utf-8-sig")
    with app.test_request_context("/"):
        dutch = offload.in_process(exports.csv_bytes, rows).decode("utf-8-sig")
    assert english.splitlines()[0].startswith("Workshop;Workshop title")
    assert dutch.splitlines()[0].startswith("Workshop;Workshoptitel")
    assert ";'=SOM(A1);" in dutch and ";ja;" in dutch and ";yes;" in english
    worker_pids = {worker.process.pid for worker in offload._pool.idle}
    assert worker_pids and os.getpid() not in worker_pids


def _jobs_answered_by_workers() -> dict[int, int]:
    return {worker.process.pid: worker.jobs_done for worker in offload._pool.idle}


def test_the_pdf_is_made_outside_this_process(app):
    before = _jobs_answered_by_workers()
    with app.app_context():
        pdf = handout.render_pdf("<html><body><h1>Tips van Woonstad</h1></body></html>")
    assert pdf.startswith(b"%PDF")
    after = _jobs_answered_by_workers()
    # exactly one worker subprocess (not this process) answered one more job: the PDF
    assert os.getpid() not in after
    assert sum(after.values()) - sum(before.get(pid, 0) for pid in after) == 1


def test_a_failing_job_is_reported_and_the_worker_carries_on(app):
    with pytest.raises(offload.WorkerFailed, match="TypeError"):
        offload.in_process(base.percentage, 1, "not a number")
    with pytest.raises(offload.WorkerFailed, match="EngineError"):
        offload.in_process(search.parse_date, "morgen")
    assert offload.in_process(base.percentage, 1, 4) == 25.0


def test_the_worker_runs_only_project_functions(app):
    with pytest.raises(offload.WorkerFailed, match="not a project function"):
        offload._pool.call("os:getcwd", (), {})


def test_a_gate_lets_slots_plus_waiting_in_and_refuses_the_next_at_once():
    gate = offload._Gate(slots=2, waiting=1)
    release = threading.Event()
    inside = []

    def hold():
        with gate:
            inside.append(1)
            release.wait(10)

    holders = [threading.Thread(target=hold) for _ in range(3)]
    for thread in holders:
        thread.start()
    while gate.inside < 3:
        release.wait(0.01)
    with pytest.raises(offload.Busy):
        with gate:
            pass
    release.set()
    for thread in holders:
        thread.join(10)
    assert len(inside) == 3 and gate.inside == 0
    with gate:  # free again
        assert gate.inside == 1


def test_password_work_runs_through_the_thread_offload(app):
    from workshop.accounts import check_password, hash_password
    before = offload._thread_gate.entered
    hashed = hash_password("geheim-wachtwoord")
    assert offload._thread_gate.entered == before + 1
    assert check_password(hashed, "geheim-wachtwoord") and not check_password(hashed, "fout")
    assert offload._thread_gate.entered == before + 3  # each check went through the thread offload too


def test_busy_is_a_clear_dutch_503_for_the_api_and_for_pages(app, client, monkeypatch):
    def refuse(*args, **kwargs):
        raise offload.Busy()

    @app.get("/api/v1/test-busy")
    def api_busy():
        return refuse()

    @app.get("/test-busy")
    def page_busy():
        return refuse()

    response = client.get("/api/v1/test-busy")
    assert response.status_code == 503 and response.headers["Retry-After"] == "30"
    assert response.get_json()["error"] == "busy" and "druk" in response.get_json()["message"]
    page = client.get("/test-busy")
    assert page.status_code == 503 and "erg druk" in page.get_data(as_text=True)
    english = client.get("/api/v1/test-busy?lang=en").get_json()
    assert "busy" in english["message"]


def test_password_hashes_running_at_once_leave_the_live_loop_a_core():
    """A burst of logins: never more hashes at once than the cores minus the one the live loop keeps."""
    running, most, lock = 0, 0, threading.Lock()
    release = threading.Event()

    def hash_like():
        nonlocal running, most
        with lock:
            running += 1
            most = max(most, running)
        release.wait(10)
        with lock:
            running -= 1

    threads = [threading.Thread(target=offload.in_thread, args=(hash_like,)) for _ in range(12)]
    for thread in threads:
        thread.start()
    for _ in range(1000):  # until every call is inside the gate, running or waiting for a place
        if offload._thread_gate.inside == len(threads):
            break
        release.wait(0.01)
    release.set()
    for thread in threads:
        thread.join(20)
    assert 1 <= most <= max(1, (os.cpu_count() or 2) - 1)

"""An upgrade restart behind the real nginx (deploy/nginx/klantwijs.conf) without a 502.

docs/deployment.md (Upgrades) restarts the processes one at a time (deploy/klantwijs-restart): a process is
restarted, the script waits until it answers /healthz on its own port, waits out nginx's fail_timeout, and only then
restarts the next. This test takes the same steps with two real processes behind nginx (stop a process, start it on
the same port, wait for /healthz, settle) while clients from two addresses, one hashed to each process, ask nginx
without pause. Every answer must be a 200: nginx sends the requests of the process that is down to the other one
(proxy_next_upstream) and takes the restarted process back within its short fail_timeout.
"""
from __future__ import annotations

import threading
import time

from tests.e2e.test_deploy_nginx import SOURCES, deployment, https  # noqa: F401  (deployment is a fixture)
from tests.nginx import UPSTREAM_HEADER

SETTLE_SECONDS = 3.0  # deploy/klantwijs-restart: longer than nginx's fail_timeout=2s


def test_restarting_one_process_at_a_time_gives_no_502(deployment):  # noqa: F811
    proxy, servers = deployment
    ports = {f"127.0.0.1:{server.port}": index for index, server in enumerate(servers)}
    reaches = {}
    for source in SOURCES:
        _status, headers, _body = https(proxy, "GET", "/healthz", source)
        reaches.setdefault(ports[headers[UPSTREAM_HEADER]], source)
        if len(reaches) == 2:
            break
    assert len(reaches) == 2, reaches

    answers: list[tuple[float, object, str]] = []  # (when, status or error, upstream)
    lock = threading.Lock()
    done = threading.Event()

    def ask(source: str) -> None:
        while not done.is_set():
            try:
                status, headers, _body = https(proxy, "GET", "/healthz", source)
                upstream = headers.get(UPSTREAM_HEADER, "")
            except OSError as error:
                status, upstream = type(error).__name__, ""
            with lock:
                answers.append((time.monotonic(), status, upstream))
            time.sleep(0.05)

    threads = [threading.Thread(target=ask, args=(source,)) for source in reaches.values() for _copy in range(2)]
    for thread in threads:
        thread.start()
    restarted = []
    try:
        time.sleep(1.0)
        for server in servers:  # one at a time, as deploy/klantwijs-restart does
            began = time.monotonic()
            server.stop()
            server.start()  # returns once the process answers /healthz on its own port
            restarted.append(time.monotonic() - began)
            time.sleep(SETTLE_SECONDS)
    finally:
        done.set()
        for thread in threads:
            thread.join(30)

    failed = [(when, status) for when, status, _upstream in answers if status != 200]
    span = (failed[-1][0] - failed[0][0]) if failed else 0.0
    print(f"\nrolling restart behind nginx: {len(answers)} requests, {len(failed)} not 200 "
          f"({span:.1f} s from the first to the last); each process back after "
          f"{', '.join(f'{seconds:.1f}' for seconds in restarted)} s")
    assert not failed, f"{len(failed)} answers were not 200 during the restart: {sorted({s for _w, s in failed})}"
    # Both processes served again after their restart (nginx took each one back).
    last_second = {upstream for when, status, upstream in answers if when > answers[-1][0] - SETTLE_SECONDS}
    assert set(ports) <= last_second, last_second

"""The production set-up of docs/deployment.md on loopback: a real nginx with deploy/nginx/klantwijs.conf and a
self-signed certificate in front of two `python wsgi.py` processes that share a real Redis (message queue) and a
real PostgreSQL. Phones from two loopback source addresses reach different processes (nginx's consistent hash on
the client address, proved by the upstream that answered and by each process's own connections); a projector and
a trainer work through nginx too; every tally, tip wall and control action reaches every client over wss://, a
polling-only phone stays on its process (sticky sessions), and nginx serves the static files itself."""
from __future__ import annotations

import http.client
import json
import socket
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import psutil
import pytest
import requests
import socketio

from tests.e2e.clients import Phone, Projector, screen_key_of
from tests.nginx import UPSTREAM_HEADER, Nginx, nginx_binary
from tests.server import ROOT, ServerProcess, setup_trainer
from tests.services import missing

PER_PROCESS = 5
SOURCES = [f"127.0.{n}.1" for n in range(1, 33)]  # candidates; the hash decides which process each one reaches


@pytest.fixture
def deployment(tmp_path, redis_server, postgres_server):
    if nginx_binary() is None:
        missing("nginx")
    database = postgres_server.create_database(f"kw_{uuid.uuid4().hex[:12]}")
    env = {"KLANTWIJS_MESSAGE_QUEUE": redis_server.url, "KLANTWIJS_DATABASE_URL": database,
           "KLANTWIJS_SECRET_KEY": "one-secret-for-every-process-behind-nginx", "KLANTWIJS_TRUSTED_PROXIES": "1"}
    servers = [ServerProcess(tmp_path / "one", extra_env=env), ServerProcess(tmp_path / "two", extra_env=env)]
    started = []
    try:
        for server in servers:
            started.append(server.start())
        proxy = Nginx([server.port for server in servers])
    except BaseException:
        for server in started:
            server.stop()
        raise
    yield proxy, servers
    proxy.stop()
    for server in servers:
        server.stop()


def https(proxy: Nginx, method: str, path: str, source: str = "127.0.0.1", body: bytes | None = None,
          headers: dict | None = None):
    connection = http.client.HTTPSConnection("127.0.0.1", proxy.port, context=proxy.ssl_context(), timeout=15,
                                             source_address=(source, 0))
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def tls_socket(proxy: Nginx, source: str):
    raw = socket.create_connection(("127.0.0.1", proxy.port), timeout=15, source_address=(source, 0))
    secure = proxy.ssl_context().wrap_socket(raw, server_hostname="127.0.0.1")
    secure.settimeout(60)
    return secure


def wss_phone(proxy: Nginx, source: str, attempts: int = 3) -> Phone:
    """A phone over wss:// from `source`; like a real phone it tries again when a connection attempt fails (ten
    phones open TLS connections at once on a loaded machine)."""
    for attempt in range(attempts):
        try:
            return Phone(proxy.url, websocket_extra_options={"socket": tls_socket(proxy, source)})
        except socketio.exceptions.ConnectionError:
            if attempt == attempts - 1:
                raise
            time.sleep(1)


class FromAddress(requests.adapters.HTTPAdapter):
    def __init__(self, source: str):
        self.source = source
        super().__init__()

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.source, 0)
        super().init_poolmanager(*args, **kwargs)


def polling_phone(proxy: Nginx, source: str) -> Phone:
    session = requests.Session()
    session.mount("https://", FromAddress(source))
    session.trust_env = False  # REQUESTS_CA_BUNDLE or a proxy from the environment would win over verify
    session.verify = str(proxy.cert)
    return Phone(proxy.url, transports=("polling",), http_session=session)


def connections_to(port: int) -> int:
    return sum(1 for c in psutil.net_connections(kind="tcp")
               if c.status == psutil.CONN_ESTABLISHED and c.laddr and c.laddr.port == port)


def test_two_processes_behind_nginx_over_wss(deployment):
    proxy, servers = deployment
    ports = {f"127.0.0.1:{server.port}": index for index, server in enumerate(servers)}
    reaches = {}  # process index -> a source address that nginx sends there
    for source in SOURCES:
        status, headers, _body = https(proxy, "GET", "/healthz", source)
        assert status == 200
        assert headers["Strict-Transport-Security"].startswith("max-age=")  # browsers stay on https
        reaches.setdefault(ports[headers[UPSTREAM_HEADER]], source)
        if len(reaches) == 2:
            break
    assert len(reaches) == 2, f"every source address reached one process: {reaches}"

    # nginx serves static files itself (no upstream answered) and passes the proxy headers the app believes.
    status, headers, body = https(proxy, "GET", "/static/css/base.css")
    assert status == 200 and UPSTREAM_HEADER not in headers
    assert body == (ROOT / "static" / "css" / "base.css").read_bytes()
    token = setup_trainer(servers[0])
    auth = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    status, _headers, body = https(proxy, "POST", "/api/v1/workshops", body=(
        b'{"title": "Achter nginx", "exercises": ["fris-blijven", "vier-keer-bellen"]}'), headers=auth)
    assert status == 201, body
    created = json.loads(body)
    code = created["code"]
    assert created["join_url"] == f"{proxy.url}/j/{code}"  # https, nginx's host and port: X-Forwarded-* believed

    def control(**action):
        status, _headers, body = https(proxy, "POST", f"/api/v1/workshops/{code}/control",
                                       body=json.dumps(action).encode(), headers=auth)
        assert status == 200, body

    before = [connections_to(server.port) for server in servers]
    projector = Projector(proxy.url, code, screen_key_of(created["screen_url"]),
                          websocket_extra_options={"socket": tls_socket(proxy, "127.0.0.1")})
    clients = [projector]
    try:
        with ThreadPoolExecutor(10) as pool:
            groups = [list(pool.map(lambda _, s=reaches[i]: wss_phone(proxy, s), range(PER_PROCESS)))
                      for i in (0, 1)]
        poller = polling_phone(proxy, reaches[1])
        phones = groups[0] + groups[1] + [poller]
        clients += phones
        after = [connections_to(server.port) for server in servers]
        for index in (0, 1):  # each process holds the WebSockets of the phones from "its" address
            assert after[index] - before[index] >= PER_PROCESS, (before, after)
        with ThreadPoolExecutor(10) as pool:
            list(pool.map(lambda phone: phone.join(code), phones))
        total = len(phones)
        projector.wait_for("presence", lambda p: p["participants"] == total)

        # Tips on both processes; upvotes across processes; the wall reaches everyone.
        control(action="goto", index=0)
        control(action="open")
        for phone in phones:
            phone.wait_for("state", lambda s: s["exercise"] and s["exercise"]["phase"] == "open")
        first = groups[0][0].call("tip", {"text": "Rustig blijven ademen"})["tip"]
        second = groups[1][0].call("tip", {"text": "Samenvatten wat je hoort"})["tip"]
        third = poller.call("tip", {"text": "Dit hoort hier niet"})["tip"]
        for phone in groups[1][1:] + groups[0][1:3]:
            assert phone.call("upvote", {"tip_id": first["id"], "on": True})["ok"]
        assert groups[0][1].call("upvote", {"tip_id": second["id"], "on": True})["ok"]
        expected_top = PER_PROCESS - 1 + 2
        for client in clients:
            client.wait_for("tips", lambda t: t["total"] == 3 and t["tips"][0]["id"] == first["id"]
                            and t["tips"][0]["votes"] == expected_top)
        control(action="hide_tip", tip_id=third["id"])
        for client in clients:
            client.wait_for("tips", lambda t: t["total"] == 2 and third["id"] not in [x["id"] for x in t["tips"]])

        # The case: votes on both processes, results visible, the exact tally everywhere, then the reveal.
        control(action="goto", index=1)
        control(action="open")
        control(action="results", visible=True)
        for phone in phones:
            phone.wait_for("state", lambda s: s["exercise"]["index"] == 1 and s["exercise"]["phase"] == "open"
                           and s["exercise"]["results_visible"])
        options = ["abcd"[i % 4] for i in range(total)]
        with ThreadPoolExecutor(10) as pool:
            assert all(ack == {"ok": True} for ack in pool.map(
                lambda pair: pair[0].call("vote", {"option": pair[1]}), zip(phones, options)))
        counts = {option: options.count(option) for option in "abcd"}
        for client in clients:
            client.wait_for("tally", lambda t: t["total"] == total and all(
                t["counts"].get(o, 0) == n for o, n in counts.items()))
        control(action="reveal")
        for phone in phones:
            revealed = phone.wait_for("state", lambda s: s["exercise"]["phase"] == "revealed")
            assert all(r["tag"] for r in revealed["exercise"]["revealed"])
        projector.wait_for("state", lambda s: s["exercise"]["phase"] == "revealed")
        for server in servers:
            assert "Traceback" not in server.output()
    finally:
        with ThreadPoolExecutor(10) as pool:
            list(pool.map(lambda client: client.close(), clients))

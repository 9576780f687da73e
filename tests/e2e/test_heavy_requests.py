"""Journey: an organisation's IT person (or an attacker) floods a real server with heavy requests while a room is
live. Heavy work runs off the live loop (worker processes for exports, real threads for password checks) in each
async mode (eventlet, gevent, threading); a flood beyond what the server takes at once is refused at once with a
clear Dutch 503, never queued without bound; phones keep getting their acks, a trainer can log in, and nothing
answers 500."""
from __future__ import annotations

import concurrent.futures
import html
import http.cookiejar
import io
import json
import re
import urllib.error
import urllib.parse
import urllib.request

import pytest
from openpyxl import load_workbook

from tests.e2e.clients import Phone
from tests.server import ServerProcess, setup_trainer

FLOOD = 16
TIPS = 3000


def csv_of_tips(count: int) -> bytes:
    lines = ["question,text,votes"]
    for number in range(count):
        lines.append(f"Hoe blijf je fris?,Tip nummer {number}: even koffie halen of tot tien tellen,{number % 7}")
    return ("\n".join(lines) + "\n").encode()


def get(server: ServerProcess, path: str, token: str) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(server.url + path, headers={"Authorization": f"Bearer {token}"})
    try:
        with urllib.request.urlopen(request, timeout=170) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def log_in(server: ServerProcess) -> int:
    """The login form as a browser fills it in; the status of the POST (302: logged in)."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
                                         NoRedirect())
    page = opener.open(server.url + "/facilitator/login", timeout=60).read().decode()
    token = html.unescape(re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1))
    form = urllib.parse.urlencode({"email": "trainer@woonstad.example", "password": "geheim-123",
                                   "csrf_token": token}).encode()
    try:
        return opener.open(server.url + "/facilitator/login", data=form, timeout=60).status
    except urllib.error.HTTPError as error:
        return error.code


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.fixture(params=["eventlet", "gevent", "threading"])
def server(request, tmp_path):
    process = ServerProcess(tmp_path / "data", extra_env={"KLANTWIJS_ASYNC_MODE": request.param})
    process.start()
    yield process
    process.stop()


def test_a_flood_of_exports_is_served_up_to_capacity_and_refused_clearly_beyond_while_phones_vote(server):
    token = setup_trainer(server)
    upload = urllib.request.Request(server.url + "/api/v1/archive/import", data=csv_of_tips(TIPS), method="POST",
                                    headers={"Authorization": f"Bearer {token}", "Content-Type": "text/csv"})
    with urllib.request.urlopen(upload, timeout=120) as response:
        assert response.status == 201 and json.loads(response.read())["imported"] == TIPS
    status, workshop = server.request("POST", "/api/v1/workshops", {"title": "Live", "exercises": ["fris-blijven"]},
                                      token=token)
    code = workshop["code"]
    for action in ({"action": "goto", "index": 0}, {"action": "open"}):
        assert server.request("POST", f"/api/v1/workshops/{code}/control", action, token=token)[0] == 200

    phone = Phone(server.url)
    try:
        phone.join(code)
        with concurrent.futures.ThreadPoolExecutor(FLOOD) as pool:
            flood = [pool.submit(get, server, "/api/v1/archive/export.xlsx", token) for _ in range(FLOOD)]
            # while the flood runs, the room goes on: a tip is acknowledged and the server answers its health check
            ack = phone.call("tip", {"text": "Eerst luisteren, dan samenvatten"}, timeout=60)
            assert ack["ok"], ack
            assert server.request("GET", "/healthz")[0] == 200
            assert log_in(server) == 302  # the password check runs in a real thread of the mode's pool
            answers = [future.result() for future in flood]
    finally:
        phone.close()

    served = [body for status, _headers, body in answers if status == 200]
    refused = [(headers, body) for status, headers, body in answers if status == 503]
    assert len(served) + len(refused) == FLOOD, [status for status, _h, _b in answers]
    assert len(served) >= 3  # contract: at least 3 heavy requests at once are always served
    sheets = load_workbook(io.BytesIO(served[0]), read_only=True).worksheets
    assert sum(1 for sheet in sheets for _row in sheet.iter_rows(min_row=6)) >= TIPS  # the whole archive
    for headers, body in refused:
        error = json.loads(body)
        assert error["error"] == "busy" and "druk" in error["message"]
        assert headers.get("Retry-After") == "30"
    # afterwards the server serves heavy work again
    status, _headers, body = get(server, "/api/v1/archive/export.csv", token)
    assert status == 200 and body.decode("utf-8-sig").count("\n") > TIPS

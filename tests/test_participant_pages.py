"""Pages a participant sees before joining: landing, join page, 404 page, QR code, health check."""
from __future__ import annotations

import shutil
import subprocess

import pytest

from tests import factories


@pytest.fixture
def code(app, trainer):
    return factories.make_workshop(app, trainer, title="Klantgericht communiceren")


def test_landing_page_has_a_code_field_and_trainer_login(client):
    page = client.get("/").get_data(as_text=True)
    assert 'name="code"' in page and "/facilitator/login" in page
    assert client.get("/join?code=ab cd ef").headers["Location"].endswith("/j/ABCDEF")


def test_join_page_is_case_insensitive_and_dutch(client, code):
    response = client.get(f"/j/{code.lower()}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Klantgericht communiceren" in page and 'lang="nl"' in page
    assert "/static/vendor/socket.io.min.js" in page and "/privacy" in page


def test_unknown_code_gives_a_friendly_404_with_a_code_field(client):
    response = client.get("/j/QQQQQQ")
    page = response.get_data(as_text=True)
    assert response.status_code == 404
    assert 'name="code"' in page and "Traceback" not in page


def test_english_on_request(client, code):
    page = client.get(f"/j/{code}?lang=en").get_data(as_text=True)
    assert 'lang="en"' in page
    assert 'lang="en"' in client.get("/").get_data(as_text=True)  # remembered


def test_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.get_json()["status"] == "ok"


def test_qr_code_is_svg_and_decodes_to_the_join_url(client, code, tmp_path):
    response = client.get(f"/qr/{code.lower()}.svg")
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    for tool in ("rsvg-convert", "zbarimg"):
        if shutil.which(tool) is None:
            pytest.fail(f"{tool} is missing (make test installs librsvg2-bin and zbar-tools)")
    svg = tmp_path / "qr.svg"
    svg.write_bytes(response.data)
    png = tmp_path / "qr.png"
    subprocess.run(["rsvg-convert", "-w", "400", "-b", "white", "-o", str(png), str(svg)], check=True)
    decoded = subprocess.run(["zbarimg", "--quiet", "--raw", str(png)], capture_output=True, text=True, check=True)
    assert decoded.stdout.strip() == f"http://localhost/j/{code}"


def test_qr_of_unknown_code_is_404(client):
    assert client.get("/qr/QQQQQQ.svg").status_code == 404


def test_screen_page_needs_the_key(app, client, code):
    from workshop.engine import workshop_by_code
    with app.app_context():
        key = workshop_by_code(code).screen_key
    assert client.get(f"/screen/{code}?key=wrong").status_code == 403
    assert client.get(f"/screen/{code}").status_code == 403
    ok = client.get(f"/screen/{code}?key={key}")
    assert ok.status_code == 200 and code in ok.get_data(as_text=True)

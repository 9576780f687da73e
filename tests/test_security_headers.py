"""Issue 13, points 8 and 9: security headers on every page, no inline script or style, Secure cookies behind
https, and links and QR codes that never take the request's Host header when a public URL is set."""
from __future__ import annotations

import re
from html.parser import HTMLParser

import qrcode
import qrcode.image.svg

from tests import factories
from workshop import create_app


class InlineFinder(HTMLParser):
    """Collects what a nonce-based CSP would block: inline scripts, style and event attributes, <style> nonces."""

    def __init__(self):
        super().__init__()
        self.problems: list[str] = []
        self.style_nonces: list[str | None] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name in attributes:
            if name == "style" or name.startswith("on"):
                self.problems.append(f"<{tag} {name}=...>")
        if tag == "script" and "src" not in attributes and attributes.get("type") != "application/json":
            self.problems.append("inline <script>")
        if tag == "style":
            self.style_nonces.append(attributes.get("nonce"))


def check_page(response) -> None:
    assert response.mimetype == "text/html"
    csp = response.headers["Content-Security-Policy"]
    directives = {part.split()[0]: part.split()[1:] for part in csp.split("; ")}
    assert "'unsafe-inline'" not in directives["script-src"] and "*" not in directives["script-src"]
    assert "'unsafe-inline'" not in directives["style-src"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert not any("*" in source for sources in directives.values() for source in sources)
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"]
    finder = InlineFinder()
    finder.feed(response.get_data(as_text=True))
    assert finder.problems == []
    for nonce in finder.style_nonces:
        assert nonce and f"'nonce-{nonce}'" in directives["style-src"]


def test_every_page_carries_the_headers(app, client, auth, trainer):
    code = factories.make_workshop(app, trainer)
    from workshop.engine import workshop_by_code
    with app.app_context():
        key = workshop_by_code(code).screen_key
    public = ["/", "/privacy", f"/j/{code}", "/j/ZZZZZZ", "/facilitator/login", f"/screen/{code}?key={key}",
              f"/screen/{code}?key=fout"]
    for path in public:
        check_page(client.get(path))
    auth.login()
    client.post("/facilitator/branding",
                data={"accent": "#7a1f3d", "csrf_token": auth.csrf_token("/facilitator/branding")})
    for path in ["/facilitator/", f"/facilitator/workshops/{code}", "/facilitator/archive", "/facilitator/branding",
                 "/facilitator/archive/toolkit", "/facilitator/archive/settings", f"/j/{code}",
                 "/facilitator/account", "/facilitator/team"]:
        check_page(client.get(path))
    assert "nosniff" == client.get("/healthz").headers["X-Content-Type-Options"]


def make_app(tmp_path, monkeypatch, **config):
    monkeypatch.setenv("KLANTWIJS_DATA_DIR", str(tmp_path / "data"))
    for name in ("KLANTWIJS_DATABASE_URL", "KLANTWIJS_SECRET_KEY", "KLANTWIJS_PUBLIC_URL", "KLANTWIJS_MESSAGE_QUEUE"):
        monkeypatch.delenv(name, raising=False)
    from flask_migrate import upgrade
    app = create_app({"TESTING": True, "ASYNC_MODE": "threading", **config})
    with app.app_context():
        upgrade()
    return app


def set_cookie_headers(response) -> list[str]:
    return response.headers.getlist("Set-Cookie")


def login(client) -> object:
    from tests.conftest import AuthActions
    actions = AuthActions(client)
    token = actions.csrf_token()
    return client.post("/facilitator/login", data={"email": factories.TRAINER_EMAIL, "remember": "1",
                                                   "password": factories.TRAINER_PASSWORD, "csrf_token": token})


def test_cookies_are_secure_with_an_https_public_url(tmp_path, monkeypatch):
    app = make_app(tmp_path, monkeypatch, PUBLIC_URL="https://training.example.nl")
    factories.make_trainer(app)
    cookies = set_cookie_headers(login(app.test_client()))
    assert cookies and all("Secure" in cookie for cookie in cookies)
    assert any(cookie.startswith("remember_token=") for cookie in cookies)


def test_cookies_are_plain_on_a_lan_without_https(app, client, trainer):
    cookies = set_cookie_headers(login(client))
    assert cookies and not any("Secure" in cookie for cookie in cookies)


def test_the_remember_cookie_lasts_two_weeks_not_a_year(app, client, trainer):
    remember = next(c for c in set_cookie_headers(login(client)) if c.startswith("remember_token="))
    expires = re.search(r"Expires=([^;]+)", remember).group(1)
    from datetime import datetime, timezone
    from email.utils import parsedate_to_datetime
    days = (parsedate_to_datetime(expires) - datetime.now(timezone.utc)).days
    assert 7 <= days <= 15


def qr_svg(url: str) -> str:
    return qrcode.make(url, image_factory=qrcode.image.svg.SvgPathFillImage, border=2).to_string(encoding="unicode")


def test_public_url_is_the_only_base_of_links_and_qr_codes(tmp_path, monkeypatch):
    app = make_app(tmp_path, monkeypatch, PUBLIC_URL="https://training.example.nl")
    trainer = factories.make_trainer(app)
    client = app.test_client()
    evil = {"Host": "evil.example", "Authorization": f"Bearer {trainer.token}"}
    created = client.post("/api/v1/workshops", json={"title": "T", "exercises": ["fris-blijven"]}, headers=evil)
    body = created.get_json()
    assert body["join_url"] == f"https://training.example.nl/j/{body['code']}"
    assert all("evil.example" not in body[k] for k in ("join_url", "screen_url", "control_url"))
    qr = client.get(f"/qr/{body['code']}.svg", headers=evil)
    assert qr.get_data(as_text=True) == qr_svg(f"https://training.example.nl/j/{body['code']}")
    page = client.get(body["screen_url"].replace("https://training.example.nl", ""), headers=evil)
    assert "evil.example" not in page.get_data(as_text=True)


def test_a_qr_code_from_the_host_header_is_never_publicly_cached(app, client, trainer):
    code = factories.make_workshop(app, trainer)
    qr = client.get(f"/qr/{code}.svg", headers={"Host": "evil.example"})
    assert qr.status_code == 200
    assert "public" not in qr.headers["Cache-Control"] and "no-store" in qr.headers["Cache-Control"]


def test_pages_that_show_a_secret_once_and_the_archive_pages_are_never_stored(app, client, auth, trainer):
    auth.login()
    made = client.post("/facilitator/account/tokens", data={"csrf_token": auth.csrf_token("/facilitator/account")})
    assert "kw_" in made.get_data(as_text=True) and made.headers["Cache-Control"] == "no-store"
    invited = client.post("/facilitator/team/invite", data={"email": "nieuw@woonstad.example",
                                                            "csrf_token": auth.csrf_token("/facilitator/team")})
    assert "/facilitator/invite/" in invited.get_data(as_text=True)
    assert invited.headers["Cache-Control"] == "no-store"
    for path in ("/facilitator/account", "/facilitator/team", "/facilitator/archive",
                 "/facilitator/archive/import", "/facilitator/archive/toolkit"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.headers["Cache-Control"] == "no-store", path

"""Security headers on every response, and cookies that are Secure behind https.

Pages carry a Content-Security-Policy with a fresh nonce per response: scripts and styles come from this site
(the organisation's accent colour is the one inline <style>, with the nonce); no inline script, no inline style
attribute, no framing. `csp_nonce()` is available in templates.
"""
from __future__ import annotations

import secrets

from flask import Flask, Response, g

REFERRER_POLICY = "same-origin"  # join codes and projector keys never leave the site in a Referer header


def csp_nonce() -> str:
    """The nonce of this response (made on first use)."""
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(16)
    return g.csp_nonce


def content_security_policy(nonce: str | None) -> str:
    own = f" 'nonce-{nonce}'" if nonce else ""
    return "; ".join((
        "default-src 'self'",
        f"script-src 'self'{own}",
        f"style-src 'self'{own}",
        "img-src 'self' data:",
        "connect-src 'self'",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ))


def add_security_headers(response: Response) -> Response:
    headers = response.headers
    headers.setdefault("Content-Security-Policy", content_security_policy(g.get("csp_nonce")))
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", REFERRER_POLICY)
    headers.setdefault("X-Frame-Options", "DENY")  # browsers that predate frame-ancestors
    return response


def secure_cookies(app: Flask) -> None:
    """With an https:// public URL the session and remember cookies are sent over https only."""
    if (app.config.get("PUBLIC_URL") or "").startswith("https://"):
        app.config.update(SESSION_COOKIE_SECURE=True, REMEMBER_COOKIE_SECURE=True)


def init_app(app: Flask) -> None:
    secure_cookies(app)
    app.jinja_env.globals["csp_nonce"] = csp_nonce
    app.after_request(add_security_headers)

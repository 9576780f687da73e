"""Public links: the join URL in QR codes and the projector URL, based on KLANTWIJS_PUBLIC_URL or the request."""
from __future__ import annotations

from flask import current_app, request


def public_base() -> str:
    """KLANTWIJS_PUBLIC_URL when set (then the request's Host header is never used), else the request's host."""
    return current_app.config["PUBLIC_URL"] or request.host_url.rstrip("/")


def from_request() -> bool:
    """Whether links are derived from the request (no public URL set): such answers must not be cached publicly."""
    return not current_app.config["PUBLIC_URL"]


def join_url(code: str) -> str:
    return f"{public_base()}/j/{code}"


def screen_url(code: str, screen_key: str) -> str:
    return f"{public_base()}/screen/{code}?key={screen_key}"


def control_url(code: str) -> str:
    return f"{public_base()}/facilitator/workshops/{code}"

"""QR codes as SVG (the `qrcode` library): a workshop's join link, a follow-up's link."""
from __future__ import annotations

import qrcode
import qrcode.image.svg
from flask import Response

from workshop.links import from_request


def svg_response(url: str) -> Response:
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathFillImage, border=2)
    # Derived from the request's Host header, the image is not for shared caches (one poisoned copy for all).
    cache = "private, no-store" if from_request() else "public, max-age=3600"
    return Response(image.to_string(encoding="unicode"), mimetype="image/svg+xml", headers={"Cache-Control": cache})

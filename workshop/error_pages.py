"""Errors never reach a user as a stack trace: /api/ answers JSON {"error", "message"}, pages a friendly page."""
from __future__ import annotations

import logging

from flask import Flask, jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from workshop.errors import error_body
from workshop.models import db
from workshop.offload import Busy

log = logging.getLogger(__name__)

BUSY_RETRY_AFTER = 30  # seconds
HTTP_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
              405: "method_not_allowed", 413: "too_large", 415: "bad_json", 429: "rate_limited"}


def wants_json() -> bool:
    return request.path.startswith("/api/")


def api_error(code: str, status: int):
    return jsonify(error_body(code)), status


def register_error_pages(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error):
        if wants_json():
            return api_error("csrf", 400)
        return render_template("error.html", title=_("Sessie verlopen"),
                               message=_("Je sessie is verlopen. Ga terug, ververs de pagina en probeer het "
                                         "opnieuw.")), 400

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if wants_json():
            code = HTTP_CODES.get(error.code, "bad_request")
            body = {"error": code, "message": _("Dit verzoek kan niet worden verwerkt.")}
            if code in ("unauthorized", "not_found", "bad_json"):
                body = error_body(code)
            if code == "rate_limited":
                body = {"error": code, "message": _("Te veel pogingen. Wacht even en probeer het dan opnieuw.")}
            return jsonify(body), error.code
        if error.code == 404:
            return render_template("not_found.html"), 404
        if error.code == 429:
            return render_template("error.html", title=_("Even wachten"),
                                   message=_("Te veel pogingen vanaf dit adres. Wacht een kwartier (bij een "
                                             "workshopcode: een minuut) en probeer het dan opnieuw.")), 429
        return render_template("error.html", title=str(error.code),
                               message=_("Dit verzoek kan niet worden verwerkt.")), error.code

    @app.errorhandler(Busy)
    def busy(error: Busy):
        """Too much heavy work (PDFs, exports, logins) at once: refused at once, never queued without bound."""
        db.session.rollback()
        if wants_json():
            response = api_error("busy", 503)[0]
        else:
            response = app.make_response((render_template(
                "error.html", title=_("Even geduld"), message=error_body("busy")["message"]), 503))
        response.status_code = 503
        response.headers["Retry-After"] = str(BUSY_RETRY_AFTER)
        return response

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        log.exception("unexpected error on %s", request.path)
        db.session.rollback()
        if wants_json():
            return api_error("server_error", 500)
        return render_template("error.html", title=_("Er ging iets mis"),
                               message=_("Er ging iets mis aan onze kant. Probeer het opnieuw.")), 500

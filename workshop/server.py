"""`python wsgi.py`: check the library, apply migrations, print the banner, serve."""
from __future__ import annotations

import io
import ipaddress
import sys

import psutil
import qrcode
from flask import Flask
from flask_babel import gettext as _
from flask_migrate import upgrade

from workshop.extensions import socketio


def lan_addresses() -> list[str]:
    """IPv4 addresses of this machine's own network interfaces (read locally: no traffic is sent)."""
    found = []
    for addresses in psutil.net_if_addrs().values():
        for address in addresses:
            if address.family.name != "AF_INET":
                continue
            ip = ipaddress.ip_address(address.address)
            if not (ip.is_loopback or ip.is_link_local or ip.is_unspecified):
                found.append(address.address)
    return sorted(set(found), key=lambda a: (not ipaddress.ip_address(a).is_private, a))


def join_urls(app: Flask) -> list[str]:
    if app.config["PUBLIC_URL"]:
        return [app.config["PUBLIC_URL"] + "/"]
    port = app.config["PORT"]
    host = app.config["HOST"]
    if host not in ("0.0.0.0", "::", ""):
        return [f"http://{host}:{port}/"]
    return [f"http://{address}:{port}/" for address in lan_addresses()] or [f"http://127.0.0.1:{port}/"]


def ascii_qr(url: str) -> str:
    code = qrcode.QRCode(border=1)
    code.add_data(url)
    out = io.StringIO()
    code.print_ascii(out=out, invert=True)
    return out.getvalue()


def banner(app: Flask, has_trainer: bool) -> str:
    port = app.config["PORT"]
    host = app.config["HOST"]
    local_host = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
    urls = join_urls(app)
    lines = ["", "Klantwijs", "",
             _("Trainer (bediening):  %(url)s", url=f"http://{local_host}:{port}/facilitator/"),
             _("Deelnemers doen mee op:")]
    lines += [f"    {url}" for url in urls]
    lines += ["", ascii_qr(urls[0])]
    if not has_trainer:
        lines += [_("Er is nog geen trainer. Maak er een aan met:"),
                  "    flask --app wsgi trainer create EMAIL --organisation NAAM", ""]
    return "\n".join(lines)


def serve(app: Flask) -> None:
    problems = app.extensions["klantwijs_library_problems"]
    if problems:
        print(_("De oefeningenbibliotheek bevat fouten; de server start niet:"), file=sys.stderr)
        for problem in problems:
            print(f"  {problem}", file=sys.stderr)
        raise SystemExit(1)
    with app.app_context():
        upgrade()
        from facilitator.accounts import trainer_count
        has_trainer = trainer_count() > 0
        print(banner(app, has_trainer), flush=True)
    options = {}
    if app.config["ASYNC_MODE"] == "eventlet":
        # eventlet caps open connections at 1024 by default; a staff day of 2,000 phones needs more.
        options["max_size"] = app.config["MAX_CONNECTIONS"]
    else:
        options["allow_unsafe_werkzeug"] = True
    # log_output off: an access log would store participants' IP addresses.
    socketio.run(app, host=app.config["HOST"], port=app.config["PORT"], log_output=False, **options)

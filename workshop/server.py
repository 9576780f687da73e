"""`python wsgi.py`: check the library, apply migrations, print the banner, serve."""
from __future__ import annotations

import gc
import io
import ipaddress
import logging
import resource
import sys

import psutil
import qrcode
from flask import Flask
from flask_babel import gettext as _
from flask_migrate import upgrade

from workshop.extensions import socketio

log = logging.getLogger(__name__)


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


GC_THRESHOLDS = (10_000, 100, 10)  # Python's defaults are (700, 10, 10)
FILES_PER_SERVER = 100  # the database, log, library files and listening socket besides the connections


def raise_open_files_limit(connections: int) -> int:
    """Every connection is an open file: lift the soft limit (often 1,024) towards the hard one so that
    `connections` sockets fit. Returns the soft limit now in force."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = connections + FILES_PER_SERVER
    if soft != resource.RLIM_INFINITY and soft < wanted:
        soft = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
    return soft


def tune_garbage_collector() -> None:
    """Keep the garbage collector out of a vote burst.

    A collection walks the objects of its generations and blocks the server meanwhile. Start-up leaves ~150,000
    objects and every connected phone a few hundred more; a full collection with 1,000 phones took 0.1-0.2 s, and a
    middle-generation one 50 ms, right in a burst, where every waiting ack waits for it too. Start-up's objects live
    as long as the process, so they are frozen (never scanned again); the young generation is collected every
    10,000 allocations instead of 700, and the middle one every 100 young collections instead of 10, so that a
    burst of 1,000 votes rarely meets more than a few young collections. Only cyclic garbage waits longer;
    reference counting frees everything else at once, as before.
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)


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
    connections = app.config["MAX_CONNECTIONS"]
    files = raise_open_files_limit(connections)
    if files != resource.RLIM_INFINITY and files < connections + FILES_PER_SERVER:
        log.warning("this system allows %s open files, so fewer than %s phones can connect; raise the hard limit "
                    "(ulimit -Hn) or lower KLANTWIJS_MAX_CONNECTIONS", files, connections)
    if app.config["ASYNC_MODE"] == "eventlet":
        # eventlet caps open connections at 1024 by default; a staff day of 2,000 phones needs more.
        options["max_size"] = connections
    else:
        options["allow_unsafe_werkzeug"] = True
    tune_garbage_collector()
    # log_output off: an access log would store participants' IP addresses.
    socketio.run(app, host=app.config["HOST"], port=app.config["PORT"], log_output=False, **options)

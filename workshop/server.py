"""`python wsgi.py`: check the library, apply migrations, print the banner, serve."""
from __future__ import annotations

import errno
import gc
import io
import ipaddress
import logging
import resource
import socket
import sys

import psutil
import qrcode
from flask import Flask
from flask_babel import gettext as _
from flask_migrate import upgrade
from werkzeug.serving import WSGIRequestHandler

from workshop.version import version

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
    lines = ["", f"Klantwijs {version()}", "",
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


LISTEN_BACKLOG = 1024  # a room scanning the QR code connects at once; the kernel caps it at net.core.somaxconn


class PortInUse(SystemExit):
    """Another program (often a Klantwijs already running) listens on the port: exit non-zero, say so."""

    def __init__(self, host: str, port: int):
        print(f"Poort {port} op {host} is al in gebruik: draait Klantwijs al? Stop het andere programma, of kies "
              f"een andere poort met KLANTWIJS_PORT.", file=sys.stderr, flush=True)
        super().__init__(2)


def listening_socket(host: str, port: int) -> socket.socket:
    """Bind the listening socket here, the same way in every async mode.

    eventlet's own listen() sets SO_REUSEPORT, with which a second server on the same port binds without complaint
    and the kernel splits the connections between the two. Without it a port in use is an error, as it should be.
    SO_REUSEADDR only lets a restart bind at once while old connections linger in TIME_WAIT. Under eventlet or gevent
    `socket` is already the patched, cooperative module (wsgi.py patched it before anything was imported).
    """
    family, kind, proto, _name, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM,
                                                             flags=socket.AI_PASSIVE)[0]
    listener = socket.socket(family, kind, proto)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listener.bind(address)
    except OSError as error:
        listener.close()
        if error.errno == errno.EADDRINUSE:
            raise PortInUse(host, port) from None
        raise
    listener.listen(LISTEN_BACKLOG)
    return listener


class QuietRequestHandler(WSGIRequestHandler):
    """Werkzeug's handler without its access log: an access log would store participants' IP addresses."""

    def log_request(self, code="-", size="-") -> None:
        pass


def run_server(app: Flask, listener: socket.socket, connections: int) -> None:
    """Serve `app` on `listener` with the server of the chosen async mode, without an access log. A connection
    that has not sent its request headers within 10 seconds is closed (workshop/header_deadline.py)."""
    from workshop.extensions import socketio
    from workshop.handshakes import Handshakes
    from workshop.header_deadline import HeaderDeadlines, ListenerWithDeadlines
    deadlines = HeaderDeadlines()
    served = deadlines.wsgi(app)
    socketio.start_background_task(deadlines.watch, socketio.sleep)
    socketio.start_background_task(Handshakes(socketio).watch)  # abandoned polling handshakes: a short life
    mode = app.config["ASYNC_MODE"]
    if mode == "eventlet":
        import eventlet.wsgi
        # eventlet caps open connections at 1024 by default; a staff day of 2,000 phones needs more.
        eventlet.wsgi.server(ListenerWithDeadlines(listener, deadlines), served, log_output=False,
                             max_size=connections)
    elif mode == "gevent":
        from gevent.pool import Pool
        from gevent.pywsgi import WSGIServer

        class Server(WSGIServer):
            def handle(self, sock, address):
                deadlines.accepted(sock, address)
                return super().handle(sock, address)

        # WebSocket through simple-websocket (engineio's gevent driver falls back to it without gevent-websocket).
        Server(listener, served, log=None, spawn=Pool(connections)).serve_forever()
    else:
        from werkzeug.serving import ThreadedWSGIServer

        class Server(ThreadedWSGIServer):
            def get_request(self):
                connection, address = super().get_request()
                deadlines.accepted(connection, address)
                return connection, address

        Server(app.config["HOST"], app.config["PORT"], served, handler=QuietRequestHandler,
               fd=listener.fileno()).serve_forever()


def serve(app: Flask) -> None:
    problems = app.extensions["klantwijs_library_problems"]
    if problems:
        print(_("De oefeningenbibliotheek bevat fouten; de server start niet:"), file=sys.stderr)
        for problem in problems:
            print(f"  {problem}", file=sys.stderr)
        raise SystemExit(1)
    # Bind first: a second server on the same port stops here, before it touches the database.
    listener = listening_socket(app.config["HOST"], app.config["PORT"])
    with app.app_context():
        upgrade()
        from workshop.accounts import trainer_count
        has_trainer = trainer_count() > 0
        print(banner(app, has_trainer), flush=True)
    from workshop.message_queue import warn_if_unreachable
    warn_if_unreachable(app)
    connections = app.config["MAX_CONNECTIONS"]
    files = raise_open_files_limit(connections)
    if files != resource.RLIM_INFINITY and files < connections + FILES_PER_SERVER:
        log.warning("this system allows %s open files, so fewer than %s phones can connect; raise the hard limit "
                    "(ulimit -Hn) or lower KLANTWIJS_MAX_CONNECTIONS", files, connections)
    tune_garbage_collector()
    from workshop import timers
    timers.start(app)  # timers that ran out while the server was down close now; the rest when they run out
    run_server(app, listener, connections)

"""A worker subprocess of `workshop.offload`: runs one heavy job at a time for its server process.

Started as `python -m workshop.offload_worker FD` with one end of a private socket pair as FD. It reads
(function "module:qualname", args, kwargs, locale, database), runs the function and answers (True, value) or
(False, message).
Only functions inside this project's own packages are run. Plain Python: nothing is monkey-patched here.
"""
from __future__ import annotations

import importlib
import os
import pickle
import socket
import sys
import traceback
from collections import OrderedDict
from pathlib import Path

from flask import Flask
from flask_babel import Babel, force_locale

from workshop.offload import HEADER, receive

ALLOWED_PACKAGES = ("workshop.", "exercises.", "facilitator.", "participant.")


def resolve(function: str):
    module_name, _, qualname = function.partition(":")
    if not module_name.startswith(ALLOWED_PACKAGES):
        raise ValueError(f"not a project function: {function}")
    target = importlib.import_module(module_name)
    for part in qualname.split("."):
        target = getattr(target, part)
    return target


def translation_app() -> Flask:
    """A bare Flask app with the project's catalogs, so that a job's gettext speaks the request's language."""
    app = Flask("klantwijs-worker")
    app.config.update(BABEL_DEFAULT_LOCALE="nl", BABEL_TRANSLATION_DIRECTORIES=str(
        Path(__file__).resolve().parent / "translations"))
    Babel(app)
    return app


APPS_KEPT = 4
_apps: OrderedDict[str, Flask] = OrderedDict()


def app_for(database: str) -> Flask:
    """The project's own app on the server's database (made once per database): for jobs that read from it."""
    if database in _apps:
        _apps.move_to_end(database)
        return _apps[database]
    from workshop import create_app
    _apps[database] = create_app({"SQLALCHEMY_DATABASE_URI": database, "ASYNC_MODE": "threading",
                                  "MESSAGE_QUEUE": None})
    while len(_apps) > APPS_KEPT:
        _database, old = _apps.popitem(last=False)
        with old.app_context():
            from workshop.models import db
            db.engine.dispose()
    return _apps[database]


def run(app: Flask, function: str, args: tuple, kwargs: dict, locale: str | None, database: str | None):
    if database is None:
        with app.app_context(), force_locale(locale or "nl"):
            return resolve(function)(*args, **kwargs)
    project_app = app_for(database)
    with project_app.test_request_context("/"), force_locale(locale or "nl"):
        try:
            return resolve(function)(*args, **kwargs)
        finally:
            from workshop.models import db
            db.session.remove()


def serve(sock: socket.socket) -> None:
    app = translation_app()
    while True:
        try:
            request = receive(sock)
        except EOFError:
            return
        try:
            function, args, kwargs, locale, database = pickle.loads(request)
            answer = (True, run(app, function, args, kwargs, locale, database))
        except Exception as error:  # the server turns it into WorkerFailed; the worker carries on
            traceback.print_exc(file=sys.stderr)
            answer = (False, f"{type(error).__name__}: {error}")
        payload = pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL)
        sock.sendall(HEADER.pack(len(payload)) + payload)


def main() -> None:
    from workshop import offload
    offload.IN_WORKER = True
    niceness = int(os.environ.get("KLANTWIJS_WORKER_NICENESS", "0"))
    if niceness:
        os.nice(niceness)
    sock = socket.socket(fileno=int(sys.argv[1]))
    sock.setblocking(True)  # the server's end may be non-blocking (eventlet, gevent); ours waits
    serve(sock)


if __name__ == "__main__":
    main()

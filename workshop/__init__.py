"""Klantwijs: the core package. `create_app` wires configuration, database, extensions and blueprints.

Importing this package never monkey-patches: only `python wsgi.py` does, before importing it.
"""
from __future__ import annotations

import json
import logging
import sqlite3
import warnings
from datetime import timedelta
from pathlib import Path

from engineio import packet as engineio_packet
from flask import Flask
from flask_babel import get_locale
from sqlalchemy import event
from sqlalchemy.engine import Engine
from werkzeug.middleware.proxy_fix import ProxyFix

from exercises.kinds import tag_labels
from exercises.library import LIBRARY_DIR, LibraryError, load_library
from workshop import headers, limits, logs
from workshop.broadcast import broadcaster
from workshop.config import load_settings
from workshop.cookie_session import CachedSigningSessionInterface
from workshop.extensions import babel, compress, csrf, login_manager, migrate, select_locale, socketio
from workshop.json_body import SocketJSON, StrictJSONProvider
from workshop.message_queue import client_manager_for
from workshop.models import Trainer, db
from workshop.sqlite_commit import OffLoopCommitConnection

ROOT = Path(__file__).resolve().parent.parent
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
log = logging.getLogger(__name__)


def _use_sqlite_pragmas(engine: Engine, synchronous: str) -> None:
    """SQLite only: write-ahead log (readers never block the writer), foreign keys on, secure_delete (what is
    deleted is overwritten with zeros: see archive/privacy.forget_deleted), and `synchronous` FULL by
    default: every commit reaches the disk before its ack is sent (KLANTWIJS_SQLITE_SYNCHRONOUS; the cost is
    measured by bench/run.py's klantwijs-normal target)."""
    @event.listens_for(engine, "connect")
    def pragmas(dbapi_connection, _record):
        if isinstance(dbapi_connection, sqlite3.Connection):
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute(f"PRAGMA synchronous={synchronous}")
            cursor.execute("PRAGMA secure_delete=ON")  # deleted text is overwritten, never left in free pages
            cursor.close()


def _load_library(app: Flask) -> None:
    try:
        library, problems = load_library(Path(app.config["LIBRARY_DIR"])), []
    except LibraryError as error:
        library, problems = {}, error.problems
        for problem in problems:
            log.error("exercise library: %s", problem)
    app.extensions["klantwijs_library"] = library
    app.extensions["klantwijs_library_problems"] = problems


class KlantwijsFlask(Flask):
    json_provider_class = StrictJSONProvider  # request bodies the database cannot hold are malformed JSON
    session_interface = CachedSigningSessionInterface()  # one serializer per key, not one per Socket.IO event


def create_app(test_config: dict | None = None) -> Flask:
    app = KlantwijsFlask(__name__, root_path=str(ROOT), static_folder=str(ROOT / "static"),
                template_folder=str(Path(__file__).resolve().parent / "templates"))
    app.config.update(load_settings())
    app.config.update(
        LIBRARY_DIR=str(LIBRARY_DIR),
        SQLALCHEMY_ENGINE_OPTIONS={"pool_pre_ping": True},
        BABEL_DEFAULT_LOCALE="nl",
        BABEL_TRANSLATION_DIRECTORIES=str(Path(__file__).resolve().parent / "translations"),
        WTF_CSRF_TIME_LIMIT=None,
        SESSION_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_DURATION=timedelta(days=14),  # "ingelogd blijven" lasts two weeks, not a year
        MAX_CONTENT_LENGTH=1024 * 1024,
        COMPRESS_MIMETYPES=["text/html", "text/css", "text/javascript", "application/javascript",
                            "application/json", "image/svg+xml", "text/csv"],
        COMPRESS_MIN_SIZE=500,
        COMPRESS_ALGORITHM_STREAMING=["gzip", "br", "deflate"],  # static files stream; the default omits gzip
    )
    if test_config:
        app.config.update(test_config)
    if not app.config.get("TESTING"):
        logs.configure(app)
    app.json.sort_keys = False
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        # the commit's wait for the disk runs off the live loop (workshop/sqlite_commit.py)
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {"connect_args": {"timeout": 30, "factory": OffLoopCommitConnection}}

    # Eventlet is the contract's server (bug-fix mode upstream, as architecture.md says); its notice is noise.
    warnings.filterwarnings("ignore", message="\nEventlet is deprecated")
    db.init_app(app)
    with app.app_context():
        _use_sqlite_pragmas(db.engine, app.config["SQLITE_SYNCHRONOUS"])
    migrate.init_app(app, db, directory=str(MIGRATIONS_DIR), render_as_batch=True)
    login_manager.init_app(app)
    login_manager.login_view = "facilitator.login"
    csrf.init_app(app)
    compress.init_app(app)
    from exercises.kinds import assets as kind_assets
    kind_assets.init_app(app)  # KLANTWIJS_KINDS_PATH, each kind's templates, scripts and catalog
    babel.init_app(app, locale_selector=select_locale)
    # One Babel object serves every app of this process (tests make many); its translation cache is keyed by locale
    # only, so an app whose kinds bring other catalogs starts from a fresh one.
    with app.app_context():
        babel.domain_instance.cache.clear()
    # Blueprints and Socket.IO handlers, explicitly; the handlers before init_app, so that every app gets them.
    from exercises import register as register_exercises
    from facilitator import register as register_facilitator
    from participant import register as register_participant
    register_participant(app, socketio)
    register_facilitator(app, socketio)
    register_exercises(app, socketio)
    socketio.init_app(app, async_mode=app.config["ASYNC_MODE"], message_queue=app.config["MESSAGE_QUEUE"],
                      json=SocketJSON, **client_manager_for(app.config["MESSAGE_QUEUE"]))
    # The guard is for Socket.IO's events only. Engine.IO's own packets (the WebSocket upgrade's "2probe") need the
    # standard module, which raises on text that is not JSON; with the guard every upgrade failed and every browser
    # stayed on long-polling.
    engineio_packet.Packet.json = json
    if app.config["TRUSTED_PROXIES"]:  # outside Socket.IO's middleware: sockets see the real peer too
        hops = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_port=hops)
    broadcaster.init_app(app, socketio)
    headers.init_app(app)
    limits.init_app(app)
    _load_library(app)
    from workshop.kind_data import provide as provide_kind_data
    provide_kind_data()

    @login_manager.user_loader
    def load_trainer(session_id: str):
        """A session or remember cookie names "<trainer id>.<session version>": a raised version (logout, new
        password, revoked sessions) or a disabled trainer no longer authenticates."""
        trainer_id, _dot, version = session_id.partition(".")
        if not all(part.isascii() and part.isdecimal() and len(part) < 19 for part in (trainer_id, version)):
            return None
        trainer = db.session.get(Trainer, int(trainer_id))
        if trainer is None or trainer.disabled or trainer.session_version != int(version):
            return None
        return trainer

    from workshop.backup import register as register_backup
    register_backup(app)
    from workshop.branding import accent_variables_for
    app.jinja_env.globals["accent_variables_for"] = accent_variables_for
    app.jinja_env.globals["get_locale"] = get_locale  # pages ask the one rule (select_locale), workshop language too
    app.jinja_env.globals["tag_i18n"] = lambda: {"tag:" + tag: label for tag, label in tag_labels().items()}
    from workshop.error_pages import register_error_pages
    register_error_pages(app)
    from workshop.cli_guard import guard
    guard(app)  # after every command is registered
    return app

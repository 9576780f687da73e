"""Every KLANTWIJS_* setting in one place: name, default and one line of help.

`load_settings(environ)` turns the environment into Flask config keys; the app factory calls it once.
The README's configuration table is kept in step with SETTINGS by a test.
"""
from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Setting:
    name: str
    default: str | None
    help: str


SETTINGS = (
    Setting("KLANTWIJS_DATA_DIR", "./instance",
            "where the SQLite database and the generated secret key live"),
    Setting("KLANTWIJS_DATABASE_URL", "sqlite:///<KLANTWIJS_DATA_DIR>/klantwijs.db",
            "any SQLAlchemy URL; postgresql+psycopg://... works too"),
    Setting("KLANTWIJS_SECRET_KEY", None,
            "Flask secret key; generated once, stored in the data dir and reused on every start"),
    Setting("KLANTWIJS_HOST", "0.0.0.0", "where `python wsgi.py` listens"),
    Setting("KLANTWIJS_PORT", "5000", "the port `python wsgi.py` listens on"),
    Setting("KLANTWIJS_PUBLIC_URL", None,
            "base URL written into join links and QR codes; default: the host the browser used"),
    Setting("KLANTWIJS_MESSAGE_QUEUE", None,
            "e.g. redis://127.0.0.1:6379/0: several server processes share broadcasts"),
    Setting("KLANTWIJS_ASYNC_MODE", "eventlet",
            "the server's async mode for `python wsgi.py`: eventlet (default), gevent or threading"),
    Setting("KLANTWIJS_TRUSTED_PROXIES", "0",
            "how many proxies in front (nginx: 1) whose X-Forwarded-* headers are believed"),
    Setting("KLANTWIJS_SQLITE_SYNCHRONOUS", "FULL",
            "SQLite only: FULL syncs every commit to disk, so an acknowledged tip or vote survives a power cut; "
            "NORMAL is faster but may lose the last commits"),
    Setting("KLANTWIJS_MAX_CONNECTIONS", "4000",
            "how many simultaneous connections `python wsgi.py` accepts (eventlet's own default is 1024)"),
    Setting("KLANTWIJS_KINDS_PATH", None,
            "more exercise kinds: folders separated by ':', each a kind folder (like exercises/kinds/<name>/) or a "
            "folder of them; see docs/exercises.md, 'Write a kind'"),
    Setting("KLANTWIJS_METRICS_TOKEN", None,
            "when set, GET /metrics with `Authorization: Bearer <token>` answers Prometheus text; unset: 404"),
    Setting("KLANTWIJS_LOG_FORMAT", "text",
            "`text` (default) or `json`: one JSON object per log line with time, level, logger and message"),
)

SECRET_KEY_FILE = "secret_key"
ASYNC_MODES = ("eventlet", "gevent", "threading")
LOG_FORMATS = ("text", "json")
MIN_SECRET_LENGTH = 32
# The placeholders of deploy/klantwijs.env.example and of common examples: never a real key.
PLACEHOLDER_SECRETS = {"change-me", "changeme", "secret", "your-secret-key"}


class SettingError(ValueError):
    """A setting that cannot work: `python wsgi.py` and the CLI print this one line and exit non-zero."""


def _env(environ, name: str) -> str | None:
    value = environ.get(name)
    return value if value not in (None, "") else None


def default_of(name: str) -> str | None:
    return next(s.default for s in SETTINGS if s.name == name)


def secret_key_for(data_dir: Path) -> str:
    """Read the secret key kept in the data dir, creating it (readable by the owner only) on first use."""
    path = data_dir / SECRET_KEY_FILE
    if path.exists():
        key = path.read_text(encoding="utf-8").strip()
        if key:
            return key
    key = secrets.token_hex(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(key + "\n")
    return key


SQLITE_SYNCHRONOUS_MODES = ("FULL", "NORMAL")


def sqlite_synchronous(value: str | None) -> str:
    mode = (value or default_of("KLANTWIJS_SQLITE_SYNCHRONOUS")).strip().upper()
    if mode not in SQLITE_SYNCHRONOUS_MODES:
        raise SettingError(f"KLANTWIJS_SQLITE_SYNCHRONOUS must be one of {', '.join(SQLITE_SYNCHRONOUS_MODES)}")
    return mode


def checked_secret(value: str | None) -> str | None:
    """A secret key set in the environment must be a real one: not the example file's placeholder, not short."""
    if value is None:
        return None
    if value.strip().lower() in PLACEHOLDER_SECRETS:
        raise SettingError("KLANTWIJS_SECRET_KEY is still the example's placeholder: generate a key with "
                           "python3 -c 'import secrets; print(secrets.token_hex(32))'")
    if len(value) < MIN_SECRET_LENGTH:
        raise SettingError(f"KLANTWIJS_SECRET_KEY has {len(value)} characters; use at least {MIN_SECRET_LENGTH} "
                           f"(python3 -c 'import secrets; print(secrets.token_hex(32))')")
    return value


def checked_public_url(value: str | None) -> str | None:
    if value is None:
        return None
    if not value.startswith(("http://", "https://")) or not urlsplit(value).netloc:
        raise SettingError(f"KLANTWIJS_PUBLIC_URL={value!r} needs its scheme, e.g. https://training.example.nl "
                           f"(the QR codes link to it)")
    return value.rstrip("/")


def load_settings(environ=None) -> dict:
    """Flask config keys from KLANTWIJS_* variables, with the defaults of SETTINGS."""
    environ = os.environ if environ is None else environ
    data_dir = Path(_env(environ, "KLANTWIJS_DATA_DIR") or default_of("KLANTWIJS_DATA_DIR")).resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    database_url = (_env(environ, "KLANTWIJS_DATABASE_URL")
                    or f"sqlite:///{data_dir / 'klantwijs.db'}")
    public_url = checked_public_url(_env(environ, "KLANTWIJS_PUBLIC_URL"))
    secret = checked_secret(_env(environ, "KLANTWIJS_SECRET_KEY"))
    async_mode = _env(environ, "KLANTWIJS_ASYNC_MODE") or default_of("KLANTWIJS_ASYNC_MODE")
    if async_mode not in ASYNC_MODES:
        raise SettingError(f"KLANTWIJS_ASYNC_MODE={async_mode!r}: choose one of {', '.join(ASYNC_MODES)}")
    proxies = _env(environ, "KLANTWIJS_TRUSTED_PROXIES") or default_of("KLANTWIJS_TRUSTED_PROXIES")
    if not proxies.isdigit():
        raise SettingError(f"KLANTWIJS_TRUSTED_PROXIES={proxies!r}: a number of proxies (0, 1, ...)")
    log_format = (_env(environ, "KLANTWIJS_LOG_FORMAT") or default_of("KLANTWIJS_LOG_FORMAT")).lower()
    if log_format not in LOG_FORMATS:
        raise SettingError(f"KLANTWIJS_LOG_FORMAT={log_format!r}: choose one of {', '.join(LOG_FORMATS)}")
    return {
        "DATA_DIR": str(data_dir),
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SECRET_KEY": secret or secret_key_for(data_dir),
        "HOST": _env(environ, "KLANTWIJS_HOST") or default_of("KLANTWIJS_HOST"),
        "PORT": int(_env(environ, "KLANTWIJS_PORT") or default_of("KLANTWIJS_PORT")),
        "PUBLIC_URL": public_url,
        "MESSAGE_QUEUE": _env(environ, "KLANTWIJS_MESSAGE_QUEUE"),
        "ASYNC_MODE": async_mode,
        "TRUSTED_PROXIES": int(proxies),
        "SQLITE_SYNCHRONOUS": sqlite_synchronous(_env(environ, "KLANTWIJS_SQLITE_SYNCHRONOUS")),
        "KINDS_PATH": _env(environ, "KLANTWIJS_KINDS_PATH"),
        "MAX_CONNECTIONS": int(_env(environ, "KLANTWIJS_MAX_CONNECTIONS")
                               or default_of("KLANTWIJS_MAX_CONNECTIONS")),
        "METRICS_TOKEN": _env(environ, "KLANTWIJS_METRICS_TOKEN"),
        "LOG_FORMAT": log_format,
    }

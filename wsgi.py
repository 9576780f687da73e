"""Klantwijs entry point.

`wsgi:app` is the WSGI application. `python wsgi.py` monkey-patches the standard library for the async mode that
KLANTWIJS_ASYNC_MODE chooses (eventlet, the default, or gevent; threading needs none), here and nowhere else, then
applies the database migrations and serves, printing the trainer URL, the LAN join URL(s) and a QR code.
"""
import os
import sys

if __name__ == "__main__":
    MODE = os.environ.get("KLANTWIJS_ASYNC_MODE") or "eventlet"
    if MODE not in ("eventlet", "gevent", "threading"):  # one clear line, before anything is imported or patched
        sys.exit(f"Klantwijs start niet: KLANTWIJS_ASYNC_MODE={MODE!r}: choose one of eventlet, gevent, threading")
    if MODE == "eventlet":
        import warnings

        # Eventlet is the contract's default (bug-fix mode upstream; gevent is the way on): its notice is noise here.
        warnings.filterwarnings("ignore", message="\nEventlet is deprecated")
        import eventlet

        eventlet.monkey_patch()
    elif MODE == "gevent":
        from gevent import monkey

        monkey.patch_all()

from workshop import create_app  # noqa: E402  (after monkey-patching)
from workshop.config import SettingError  # noqa: E402

try:
    app = create_app()
except SettingError as error:  # a setting that cannot work: one line on stderr, no traceback, exit status 1
    sys.exit(f"Klantwijs start niet: {error}")

if __name__ == "__main__":
    from workshop.server import serve

    serve(app)

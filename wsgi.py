"""Klantwijs entry point.

`wsgi:app` is the WSGI application. `python wsgi.py` monkey-patches the standard library for the async mode that
KLANTWIJS_ASYNC_MODE chooses (eventlet, the default, or gevent; threading needs none), here and nowhere else, then
applies the database migrations and serves, printing the trainer URL, the LAN join URL(s) and a QR code.
"""
import os

if __name__ == "__main__":
    MODE = os.environ.get("KLANTWIJS_ASYNC_MODE") or "eventlet"
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

app = create_app()

if __name__ == "__main__":
    from workshop.server import serve

    serve(app)

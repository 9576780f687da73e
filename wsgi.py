"""Klantwijs entry point.

`wsgi:app` is the WSGI application. `python wsgi.py` monkey-patches for eventlet (here and nowhere else), applies
the database migrations, and serves, printing the trainer URL, the LAN join URL(s) and a QR code in the terminal.
"""
import os

if __name__ == "__main__" and os.environ.get("KLANTWIJS_ASYNC_MODE", "eventlet") == "eventlet":
    import eventlet

    eventlet.monkey_patch()

from workshop import create_app  # noqa: E402  (after monkey-patching)

app = create_app()

if __name__ == "__main__":
    from workshop.server import serve

    serve(app)

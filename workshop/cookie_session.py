"""Flask's signed-cookie session, with its signing serializer made once per secret key, not once per request.

Flask builds an itsdangerous serializer (which encodes a test value to learn its kind) for every request context,
and Flask-SocketIO makes a request context for every Socket.IO event: in a burst of 1,000 votes that was about 4%
of the server's time. The serializer depends only on the keys (the secret key and its fallbacks) and on settings of
this class, and it keeps no state between calls, so one per set of keys serves every request.
"""
from __future__ import annotations

from flask.sessions import SecureCookieSessionInterface

MAX_KEY_SETS = 16  # tests make many apps, each with its own key


class CachedSigningSessionInterface(SecureCookieSessionInterface):
    def __init__(self) -> None:
        self._serializers: dict[tuple, object] = {}

    def get_signing_serializer(self, app):
        if not app.secret_key:
            return None
        keys = (app.secret_key, tuple(app.config.get("SECRET_KEY_FALLBACKS") or ()))
        serializer = self._serializers.get(keys)
        if serializer is None:
            serializer = super().get_signing_serializer(app)
            if len(self._serializers) >= MAX_KEY_SETS:
                self._serializers.clear()
            self._serializers[keys] = serializer
        return serializer

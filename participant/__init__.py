"""The participant's side: landing page, join page (the QR code's target), QR code, privacy page, socket events."""
from flask import Flask


def register(app: Flask, socketio) -> None:
    from participant import events
    from participant.followup import blueprint as followup
    from participant.routes import blueprint
    from workshop.extensions import csrf
    app.register_blueprint(blueprint)
    csrf.exempt(followup)  # phones post JSON without a session: the follow-up link's token is the key
    app.register_blueprint(followup)
    events.register(socketio)

"""The participant's side: landing page, join page (the QR code's target), QR code, privacy page, socket events."""
from flask import Flask


def register(app: Flask, socketio) -> None:
    from participant import events
    from participant.routes import blueprint
    app.register_blueprint(blueprint)
    events.register(socketio)

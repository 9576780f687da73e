"""What an exercise is: its kinds (exercises/kinds/), the shipped library and each organisation's own (store.py)."""
from flask import Flask


def register(app: Flask, socketio) -> None:
    from exercises.cli import exercises_cli
    app.cli.add_command(exercises_cli)

"""What an exercise is: its kinds (exercises/kinds/<name>/) and the shipped library (exercises/library/).

The organisation's own exercises live in the database: workshop/exercise_store.py. Nothing here imports workshop/."""
from flask import Flask


def register(app: Flask, socketio) -> None:
    from exercises.cli import exercises_cli
    app.cli.add_command(exercises_cli)

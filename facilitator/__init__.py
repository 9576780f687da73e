"""The trainer's side: login, dashboard, control page, projector page, the /api/v1 routes and the CLI."""
from flask import Flask


def register(app: Flask, socketio) -> None:
    from facilitator import events
    from facilitator.api import blueprint as api
    from facilitator.authoring import blueprint as authoring
    from facilitator.blocked_words import blueprint as blocked_words
    from facilitator.cli import trainer_cli
    from facilitator.exercises_api import blueprint as exercises_api
    from facilitator.followup import api as followup_api
    from facilitator.followup import pages as followup_pages
    from facilitator.pages import blueprint as pages
    from facilitator.team import blueprint as team
    from workshop.extensions import csrf
    csrf.exempt(api)  # the API checks CSRF itself for cookie sessions; bearer tokens need none
    csrf.exempt(exercises_api)
    csrf.exempt(followup_api)
    app.register_blueprint(pages)
    app.register_blueprint(authoring)
    app.register_blueprint(team)
    app.register_blueprint(api)
    app.register_blueprint(exercises_api)
    app.register_blueprint(blocked_words)
    app.register_blueprint(followup_api)
    app.register_blueprint(followup_pages)
    app.cli.add_command(trainer_cli)
    events.register(socketio)
    __import__("facilitator.archive").archive.register(app)  # archive pages, /api/v1 archive routes, retention CLI
    __import__("facilitator.insights").insights.register(app)  # the organisation's insights, a workshop's team

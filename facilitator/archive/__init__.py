"""The archive's pages, API and CLI: thin routes over the archive domain in workshop/archive/."""
from flask import Flask


def register(app: Flask) -> None:
    from facilitator.archive import workshop_pages  # noqa: F401  adds its routes to the pages blueprint
    from facilitator.archive.api import blueprint as api
    from facilitator.archive.cli import retention_cli
    from facilitator.archive.pages import blueprint as pages
    from workshop.extensions import csrf
    csrf.exempt(api)  # like facilitator.api: cookie sessions are CSRF-checked in access.py, bearer tokens need none
    app.register_blueprint(pages)
    app.register_blueprint(api)
    app.cli.add_command(retention_cli)

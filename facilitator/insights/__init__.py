"""The organisation's insights: `GET /api/v1/insights`, `GET /api/v1/insights.csv` and `/facilitator/insights`,
and the team form of the workshop's control page. Thin: parse the filters, index new runs (the server's one write),
then the figures are computed (and the page rendered) in an offload worker: an organisation of 500 workshops is
heavy work that must never stall a live room."""
from flask import Flask


def register(app: Flask) -> None:
    from facilitator.insights.routes import api, pages
    from workshop.extensions import csrf
    csrf.exempt(api)  # GET only; like facilitator.api
    app.register_blueprint(api)
    app.register_blueprint(pages)

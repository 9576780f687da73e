"""The insights on a real PostgreSQL server: migration 0016 and the models agree, and the same hand-counted
organisation gives the same figures as on SQLite (tests/test_insights.py, tests/test_insights_followup.py)."""
from __future__ import annotations

import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from tests.conftest import ApiActions
from tests.insights_data import END, START, VKB, organisation_with_followups
from workshop import offload
from workshop.archive.models import include_name
from workshop.models import db


@pytest.fixture(scope="module")
def pg_seeded(postgres_server, tmp_path_factory):
    url = postgres_server.create_database(f"kw_{uuid.uuid4().hex[:12]}")
    with organisation_with_followups(tmp_path_factory.mktemp("pg-insights"), url) as seeded:
        yield seeded
        offload.stop_workers()


def test_migration_0016_matches_the_models_on_postgresql(pg_seeded):
    app = pg_seeded[0]
    with app.app_context():
        assert db.engine.dialect.name == "postgresql"
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"include_name": include_name})
            assert compare_metadata(context, db.metadata) == []


def test_the_same_figures_on_postgresql(pg_seeded):
    app, trainer, other = pg_seeded
    api = ApiActions(app.test_client(), trainer.token)
    found = api.get("/insights").get_json()
    assert (found["workshops"], found["participants"], found["votes"], found["best_share"]) == (4, 8, 9, 0.333)
    assert [(t["tag"], t["votes"]) for t in found["tags"]][:2] == [("pitfall:cutting-off", 2), ("handle:feeling", 2)]
    assert (found["cases"][0]["exercise_id"], found["cases"][0]["votes"], found["cases"][0]["best_share"],
            found["cases"][0]["top_pitfall"]) == (VKB, 7, 0.286, "pitfall:cutting-off")
    assert found["months"] == [
        {"month": "2026-03", "workshops": 1, "votes": 5, "best_share": 0.6, "pitfall_share": 0.4},
        {"month": "2026-04", "workshops": 2, "votes": 4, "best_share": 0.0, "pitfall_share": 0.5}]
    assert [(t["team"], t["workshops"], t["votes"]) for t in found["teams"]] == [
        ("Klantcontact", 2, 5), ("Wijkbeheer", 1, 3), (None, 1, 1)]
    assert found["scales"] == [{"exercise_id": END, "pair": START, "workshops": 1, "paired": 2,
                                "before_mean": 2.5, "after_mean": 4.5}]
    assert api.get("/insights?from=2026-04-01").get_json()["votes"] == 4
    assert api.get("/insights?team=Klantcontact&to=2026-03-31").get_json()["votes"] == 5
    assert ApiActions(app.test_client(), other.token).get("/insights").get_json()["votes"] == 2
    body = api.get("/insights.csv").get_data().decode("utf-8-sig")
    assert body.splitlines()[1].startswith("totaal;;;;4;8;9")


def test_the_same_followup_figures_on_postgresql(pg_seeded):
    """tests/test_insights_followup.py counts these by hand on SQLite."""
    app, trainer, other = pg_seeded
    found = ApiActions(app.test_client(), trainer.token).get("/insights").get_json()["followup"]
    assert (found["followups"], found["participants"], found["from_workshop"], found["answers"], found["best_share"],
            found["workshop_votes"], found["workshop_best_share"], found["paired"]) == (2, 6, 4, 7, 0.571, 9, 0.333, 5)
    assert [(c["exercise_id"], c["answers"], c["best_share"], c["paired"], c["moved_to_best"], c["moved_away"])
            for c in found["cases"]] == [(VKB, 5, 0.6, 4, 2, 0), ("te-hoog-inkomen", 2, 0.5, 1, 0, 1)]
    assert [(s["exercise_id"], s["answers"], s["mean"], s["workshop_votes"], s["workshop_mean"], s["paired"],
             s["before_mean"], s["after_mean"]) for s in found["scales"]] == [(END, 3, 3.33, 2, 4.5, 1, 4.0, 5.0)]
    assert ApiActions(app.test_client(), other.token).get("/insights?team=Wijkbeheer").get_json()["followup"][
        "answers"] == 0


def test_a_workshop_team_on_postgresql(pg_seeded):
    app, trainer, _other = pg_seeded
    api = ApiActions(app.test_client(), trainer.token)
    code = api.post("/workshops", {"title": "Nee zeggen", "exercises": [VKB], "team": "Verhuur"}).get_json()["code"]
    response = api.client.patch(f"/api/v1/workshops/{code}", json={"team": None}, headers=api.headers)
    assert response.get_json()["team"] is None

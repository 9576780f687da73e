"""Each run's tagged options are indexed once for the insights: a backlog goes through a worker process, a changed
sequence or a deleted workshop leaves nothing stale behind, and an organisation without votes gets empty figures."""
from __future__ import annotations

from datetime import datetime

from tests.insights_data import VKB, run_workshop
from workshop import offload
from workshop.insights import options
from workshop.insights.models import InsightOption, InsightRun
from workshop.models import db


def test_a_backlog_is_indexed_in_a_worker_and_counted(app, api, trainer, monkeypatch):
    monkeypatch.setattr(options, "INLINE_MAX", 0)  # every run is a backlog: read and parsed in a worker process
    try:
        run_workshop(app, trainer, (VKB, "fris-blijven"), "Klantcontact", datetime(2026, 2, 2, 10), 2,
                     {0: [(0, "b"), (1, "a")]})
        found = api.get("/insights").get_json()
        assert (found["votes"], found["best_share"]) == (2, 0.5)
        with app.app_context():
            assert db.session.query(InsightRun).count() == 2  # the tips run too: it is never read again
            assert db.session.query(InsightOption).count() == 5  # the case's five options
            assert options.index_runs(trainer.organisation_id) == 0  # nothing left to index
    finally:
        offload.stop_workers()


def test_a_new_sequence_and_a_deleted_workshop_leave_nothing_stale(app, api, client, trainer):
    empty = api.get("/insights").get_json()
    assert (empty["workshops"], empty["votes"], empty["tags"], empty["months"], empty["teams"]) == (0, 0, [], [], [])
    code = api.create_workshop([VKB])["code"]
    assert api.get("/insights").get_json()["workshops"] == 1  # indexed before it started
    response = client.put(f"/api/v1/workshops/{code}/exercises", json={"exercises": ["te-hoog-inkomen"]},
                          headers=api.headers)
    assert response.status_code == 200
    api.control(code, action="goto", index=0)
    api.control(code, action="open")
    from tests import factories
    from workshop import engine
    person = factories.join(app, code)["participant"]["id"]
    with app.app_context():
        engine.vote(person, "e")
    found = api.get("/insights").get_json()
    assert [c["exercise_id"] for c in found["cases"]] == ["te-hoog-inkomen"] and found["best_share"] == 1.0
    assert client.delete(f"/api/v1/workshops/{code}", headers=api.headers).status_code in (200, 204)
    with app.app_context():
        assert db.session.query(InsightRun).count() == 0 and db.session.query(InsightOption).count() == 0
    assert api.get("/insights").get_json()["workshops"] == 0
    offload.stop_workers()

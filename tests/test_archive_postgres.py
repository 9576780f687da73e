"""The archive on a real PostgreSQL server: search, curation, exports, retention and cascading deletes."""
from __future__ import annotations

import uuid

import pytest
from flask_migrate import upgrade
from sqlalchemy import func, select

from tests import factories
from tests.archive_helpers import age_workshop, upvote, workshop_with_tips
from tests.conftest import ApiActions
from workshop import create_app
from workshop.models import Participant, Tip, Upvote, Vote, db


@pytest.fixture
def pg_app(postgres_server, tmp_path, monkeypatch):
    url = postgres_server.create_database(f"kw_{uuid.uuid4().hex[:12]}")
    monkeypatch.setenv("KLANTWIJS_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("KLANTWIJS_DATABASE_URL", url)
    app = create_app({"TESTING": True, "ASYNC_MODE": "threading"})
    with app.app_context():
        upgrade()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def test_the_archive_works_on_postgresql(pg_app):
    trainer = factories.make_trainer(pg_app)
    api = ApiActions(pg_app.test_client(), trainer.token)
    old, old_ids = workshop_with_tips(pg_app, trainer, ["Tot tien tellen", "tot 10 tellen!", "Naar het café"])
    upvote(pg_app, old, old_ids[0], 2)
    new, _new_ids = workshop_with_tips(pg_app, trainer, ["Even koffie halen!"])
    age_workshop(pg_app, old, 100)

    assert [t["text"] for t in api.get("/archive?q=CAFE").get_json()["tips"]] == ["Naar het café"]
    groups = {t["text"]: t["group"] for t in api.get("/archive").get_json()["tips"]}
    assert groups["Tot tien tellen"] == groups["tot 10 tellen!"] == old_ids[0]
    assert api.post("/archive/curate", {"action": "merge", "tip_ids": [old_ids[1], old_ids[2]]}).status_code == 200
    assert api.post("/archive/curate", {"action": "edit", "tip_id": old_ids[2], "text": "Naar het café!"}
                    ).status_code == 200
    assert api.get(f"/workshops/{old}/export.csv").get_data().startswith(b"\xef\xbb\xbf")

    runner = pg_app.test_cli_runner()
    client = pg_app.test_client()
    with pg_app.app_context():
        from workshop.archive.retention import set_policy
        set_policy(trainer.organisation_id, 30, 90)
        db.session.remove()
    result = runner.invoke(args=["retention", "run"])
    assert result.exit_code == 0 and f"workshop {old}" in result.output, result.output
    assert client.get(f"/api/v1/workshops/{old}", headers=api.headers).status_code == 404
    with pg_app.app_context():
        assert db.session.scalar(select(func.count(Tip.id))) == 1
        assert db.session.scalar(select(func.count()).select_from(Upvote)) == 0
        db.session.remove()

    response = client.delete(f"/api/v1/workshops/{new}", headers=api.headers)
    assert response.status_code == 200
    with pg_app.app_context():
        for model in (Tip, Participant, Vote):
            assert db.session.scalar(select(func.count()).select_from(model)) == 0
        db.session.remove()
    assert api.get("/organisation/export.json").get_json()["workshops"] == []


def test_import_paging_groups_and_heavy_exports_work_on_postgresql(pg_app):
    import io

    from openpyxl import load_workbook
    trainer = factories.make_trainer(pg_app)
    client = pg_app.test_client()
    api = ApiActions(client, trainer.token)
    rows = "".join(f"Hoe blijf je fris?,Tot tien tellen{'!' * n},{n},2025-03-{n + 1:02d}\n" for n in range(7))
    rows += "Hoe blijf je fris?,Even koffie halen,9,2025-04-01\nWat helpt bij nee?,Café-pauze nemen,,\n"
    response = client.post("/api/v1/archive/import", data=("question,text,votes,date\n" + rows).encode(),
                           headers=api.headers | {"Content-Type": "text/csv"})
    assert response.status_code == 201 and response.get_json()["imported"] == 9
    bad = client.post("/api/v1/archive/import", data=b"question,text\nFris?,\n",
                      headers=api.headers | {"Content-Type": "text/csv"})
    assert bad.status_code == 400 and bad.get_json()["problems"][0]["line"] == 2

    page = api.get("/archive?limit=3&offset=3&sort=votes").get_json()
    assert page["total"] == 9 and [t["votes"] for t in page["tips"]] == [4, 3, 2]  # after 9, 6, 5
    assert [t["text"] for t in api.get("/archive?q=cafe").get_json()["tips"]] == ["Café-pauze nemen"]
    tellen = api.get("/archive?q=tellen&limit=10").get_json()["tips"]
    group = tellen[0]["group"]
    assert group is not None and {t["group"] for t in tellen} == {group}
    assert api.get(f"/archive?group={group}").get_json()["total"] == 7
    assert api.get("/archive?from=2025-04-01&to=2025-04-01").get_json()["total"] == 1

    workbook = load_workbook(io.BytesIO(api.get("/archive/export.xlsx").get_data()), read_only=True)
    assert sum(1 for sheet in workbook.worksheets for _row in sheet.iter_rows(min_row=6)) == 9
    split = api.post("/archive/curate", {"action": "split", "tip_id": tellen[0]["id"]})
    assert split.status_code == 200
    assert api.get(f"/archive?group={group}").get_json()["total"] in (5, 6)  # regrouped without the split tip

    from tests.conftest import AuthActions
    AuthActions(client).login()
    archive_page = client.get("/facilitator/archive")  # rendered by a worker process on the same PostgreSQL
    assert archive_page.status_code == 200 and "Even koffie halen" in archive_page.get_data(as_text=True)
    assert client.get("/facilitator/archive/toolkit.pdf").get_data().startswith(b"%PDF")

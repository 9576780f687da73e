"""Data protection: nothing about devices stored, names removable, retention per organisation, deleting a
workshop removes all of it, an organisation can export everything it holds."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import func, inspect, select

from tests import factories
from tests.archive_helpers import age_workshop, other_trainer, upvote, vote_case, workshop_with_tips
from tests.conftest import ApiActions
from workshop.archive.models import HandoutLink, RetentionPolicy, TipCuration, TipGroup
from workshop.archive.retention import run_retention
from workshop.models import ExerciseRun, Participant, Tip, Upvote, Vote, Workshop, db

DEVICE_COLUMN = re.compile(r"(^|_)(ip|ips|ip_address|address|remote_addr|user_agent|agent|useragent|device|"
                           r"browser|fingerprint|mac)($|_)", re.I)


def test_no_table_stores_ip_addresses_or_user_agents(app):
    with app.app_context():
        inspector = inspect(db.engine)
        columns = [(table, column["name"]) for table in inspector.get_table_names()
                   for column in inspector.get_columns(table)]
    assert len(columns) > 30
    suspicious = [(t, c) for t, c in columns if DEVICE_COLUMN.search(c)]
    assert suspicious == []


def count_rows(app) -> dict[str, int]:
    with app.app_context():
        counts = {model.__tablename__: db.session.scalar(select(func.count()).select_from(model))
                  for model in (Workshop, ExerciseRun, Participant, Tip, Upvote, Vote, TipCuration, TipGroup,
                                HandoutLink)}
        db.session.remove()
    return counts


def full_workshop(app, api, trainer, texts=("Tot tien tellen", "tot 10 tellen!", "Koffie halen"),
                  title="Klantgericht communiceren"):
    """A workshop with named participants, tips, an upvote, case votes, curation, a hand-made group and a
    shared hand-out: something of every table."""
    code, ids = workshop_with_tips(app, trainer, list(texts), title=title)
    with app.app_context():
        for person in db.session.scalars(select(Participant).join(Workshop).where(Workshop.code == code)):
            person.name = "Anneke"
        db.session.commit()
        db.session.remove()
    upvote(app, code, ids[0], 1)
    api.post("/archive/curate", {"action": "star", "tip_id": ids[0]})
    api.post("/archive/curate", {"action": "merge", "tip_ids": [ids[0], ids[2]]})
    api.post(f"/workshops/{code}/handout", {"shared": True})
    vote_case(app, code, 1, ["a", "b"])
    return code, ids


def test_delete_workshop_removes_all_its_rows(app, api, trainer):
    keep_code, keep_ids = full_workshop(app, api, trainer, title="Blijft")
    before = count_rows(app)
    code, _ids = full_workshop(app, api, trainer, title="Weg ermee")
    assert all(count_rows(app)[table] > before[table] for table in ("workshop", "tip", "vote", "participant"))
    response = api.client.delete(f"/api/v1/workshops/{code}", headers=api.headers)
    assert response.status_code == 200
    assert response.get_json() == {"deleted": code, "participants": 6, "tips": 3, "votes": 2}
    assert count_rows(app) == before
    assert api.get(f"/workshops/{code}").status_code == 404
    assert api.get(f"/workshops/{keep_code}").status_code == 200
    assert {t["id"] for t in api.get("/archive").get_json()["tips"]} == set(keep_ids)


def test_delete_workshop_of_another_organisation_is_404(app, api, trainer, client):
    code, _ids = workshop_with_tips(app, trainer, ["Onze tip"])
    stranger = other_trainer(app)
    response = client.delete(f"/api/v1/workshops/{code}", headers={"Authorization": f"Bearer {stranger.token}"})
    assert response.status_code == 404 and response.get_json()["error"] == "not_found"
    assert client.delete(f"/api/v1/workshops/{code}").status_code == 401
    assert api.get(f"/workshops/{code}").status_code == 200


def test_delete_workshop_from_the_page_asks_for_confirmation(app, api, trainer, auth, client):
    code, _ids = full_workshop(app, api, trainer)
    auth.login()
    page = client.get(f"/facilitator/archive/workshops/{code}").get_data(as_text=True)
    assert f"/facilitator/archive/workshops/{code}/delete" in page
    confirm = client.get(f"/facilitator/archive/workshops/{code}/delete").get_data(as_text=True)
    assert "3 tips en 2 stemmen" in confirm and "kan niet ongedaan worden gemaakt" in confirm
    token = auth.csrf_token(f"/facilitator/archive/workshops/{code}/delete")
    wrong = client.post(f"/facilitator/archive/workshops/{code}/delete", data={"csrf_token": token, "confirm": "nee"})
    assert wrong.status_code == 302 and api.get(f"/workshops/{code}").status_code == 200
    done = client.post(f"/facilitator/archive/workshops/{code}/delete", data={"csrf_token": token,
                                                                              "confirm": code})
    assert done.status_code == 302 and done.headers["Location"].endswith("/facilitator/archive")
    assert api.get(f"/workshops/{code}").status_code == 404
    assert count_rows(app)["tip"] == 0 and count_rows(app)["participant"] == 0


def test_remove_names_keeps_the_tips(app, api, trainer, auth, client):
    code, ids = full_workshop(app, api, trainer)
    auth.login()
    page = client.get(f"/facilitator/archive/workshops/{code}").get_data(as_text=True)
    assert "5 deelnemers hebben een naam ingevuld" in page  # the upvoter gave no name
    token = auth.csrf_token(f"/facilitator/archive/workshops/{code}")
    response = client.post(f"/facilitator/archive/workshops/{code}/remove-names", data={"csrf_token": token},
                           follow_redirects=True)
    assert "5 namen verwijderd" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).where(Participant.name.is_not(None))) == 0
        assert db.session.scalar(select(func.count(Participant.id))) == 6
        db.session.remove()
    assert {t["id"] for t in api.get("/archive").get_json()["tips"]} == set(ids)
    assert api.post(f"/workshops/{code}/remove-names").get_json() == {"removed": 0}
    stranger = ApiActions(client, other_trainer(app).token)
    assert stranger.post(f"/workshops/{code}/remove-names").status_code == 404


def test_retention_settings_page(app, trainer, auth, client):
    auth.login()
    page = client.get("/facilitator/archive/settings")
    assert page.status_code == 200 and "Bewaartermijnen" in page.get_data(as_text=True)
    token = auth.csrf_token("/facilitator/archive/settings")
    saved = client.post("/facilitator/archive/settings", data={"csrf_token": token, "identity_days": "30",
                                                                "workshop_days": "365"})
    assert saved.status_code == 302
    page = client.get("/facilitator/archive/settings").get_data(as_text=True)
    assert 'value="30"' in page and 'value="365"' in page
    for bad in ({"identity_days": "0"}, {"identity_days": "dertig"}, {"workshop_days": "99999"}):
        response = client.post("/facilitator/archive/settings", data={"csrf_token": token, **bad})
        assert response.status_code == 400 and "tussen 1 en 3650" in response.get_data(as_text=True)
    client.post("/facilitator/archive/settings", data={"csrf_token": token, "identity_days": "",
                                                        "workshop_days": ""})
    with app.app_context():
        policy = db.session.get(RetentionPolicy, trainer.organisation_id)
        assert policy.identity_days is None and policy.workshop_days is None
        db.session.remove()


def set_policy(app, organisation_id, identity_days, workshop_days):
    with app.app_context():
        from workshop.archive.retention import set_policy as store
        store(organisation_id, identity_days, workshop_days)
        db.session.remove()


def participants_of(app, code) -> list[tuple]:
    with app.app_context():
        rows = db.session.execute(select(Participant.name, Participant.token_hash).join(Workshop)
                                  .where(Workshop.code == code)).all()
        db.session.remove()
    return rows


def test_retention_removes_exactly_what_it_should(app, api, trainer, runner):
    ancient, _ = full_workshop(app, api, trainer, title="Heel oud")  # 400 days ago: deleted
    old, old_ids = full_workshop(app, api, trainer, title="Oud")  # 40 days ago: anonymised
    recent, _ = full_workshop(app, api, trainer, title="Recent")  # 10 days ago: untouched
    today, _ = full_workshop(app, api, trainer, title="Vandaag")
    age_workshop(app, ancient, 400)
    age_workshop(app, old, 40)
    age_workshop(app, recent, 10)
    stranger = other_trainer(app)
    theirs, _ = workshop_with_tips(app, stranger, ["Hun tip"])  # another organisation without settings
    age_workshop(app, theirs, 800)
    set_policy(app, trainer.organisation_id, 30, 365)
    before = count_rows(app)
    old_tips = {t["id"]: t for t in api.get("/archive").get_json()["tips"] if t["workshop"] == old}

    result = runner.invoke(args=["retention", "run"])
    assert result.exit_code == 0, result.output
    assert f'workshop {ancient} "Heel oud" verwijderd (6 deelnemers, 3 tips, 2 stemmen)' in result.output
    assert f"namen en sleutels van 6 deelnemers verwijderd in workshop(s) {old}" in result.output
    assert recent not in result.output and today not in result.output and "Andere Corporatie" not in result.output

    assert api.get(f"/workshops/{ancient}").status_code == 404
    after = count_rows(app)
    assert after["workshop"] == before["workshop"] - 1
    assert after["tip"] == before["tip"] - 3 and after["vote"] == before["vote"] - 2
    assert participants_of(app, old) == [(None, None)] * 6
    for code in (recent, today):
        people = participants_of(app, code)
        assert sorted(name or "" for name, _t in people) == ["", "Anneke", "Anneke", "Anneke", "Deelnemer",
                                                            "Deelnemer"]
        assert all(token is not None for _n, token in people)
    # the anonymous tips of the anonymised workshop stay, with their upvotes, curation and group
    now_old = {t["id"]: t for t in api.get("/archive").get_json()["tips"] if t["workshop"] == old}
    assert now_old == old_tips and set(now_old) == set(old_ids)
    assert api.get(f"/workshops/{old}/results").get_json()["exercises"][1]["total"] == 2
    # the other organisation kept everything
    assert ApiActions(api.client, stranger.token).get(f"/workshops/{theirs}").status_code == 200

    again = runner.invoke(args=["retention", "run"])
    assert again.exit_code == 0 and "niets te verwijderen" in again.output


def test_retention_counts_from_the_end_of_a_workshop(app, api, trainer):
    code, _ = workshop_with_tips(app, trainer, ["Tip"])
    age_workshop(app, code, 40, ended=False)  # never ended: counted from its creation
    set_policy(app, trainer.organisation_id, None, 39)
    with app.app_context():
        reports = run_retention()
        assert [size.code for size in reports[0].deleted] == [code]
        db.session.remove()


def test_retention_without_settings_removes_nothing(app, api, trainer, runner):
    code, _ = workshop_with_tips(app, trainer, ["Tip"])
    age_workshop(app, code, 5000)
    result = runner.invoke(args=["retention", "run"])
    assert result.exit_code == 0 and "niets verwijderd" in result.output
    assert api.get(f"/workshops/{code}").status_code == 200


def test_organisation_exports_everything_it_holds(app, api, trainer, client):
    code, ids = full_workshop(app, api, trainer)
    set_policy(app, trainer.organisation_id, 30, None)
    response = api.get("/organisation/export.json")
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    document = response.get_json()
    assert document["organisation"]["name"] == factories.ORGANISATION
    assert document["retention"] == {"identity_days": 30, "workshop_days": None}
    assert [t["email"] for t in document["trainers"]] == [factories.TRAINER_EMAIL]
    [workshop] = document["workshops"]
    assert workshop["code"] == code and workshop["title"] == "Klantgericht communiceren"
    assert len(workshop["participants"]) == 6 and all(p["name"] == "Anneke" for p in workshop["participants"][:3])
    assert sorted(t for p in workshop["participants"] for t in p["tips"]) == sorted(ids)
    assert len(workshop["upvotes"]) == 1 and len(workshop["votes"]) == 2 and workshop["handout_shared"] is True
    # merging "Tot tien tellen" (grouped with "tot 10 tellen!") with "Koffie halen" took the whole group along
    assert document["manual_groups"][0]["tips"] == sorted(ids)
    text = response.get_data(as_text=True)
    assert "password" not in text and "token_hash" not in text and trainer.token not in text
    stranger = ApiActions(client, other_trainer(app).token).get("/organisation/export.json").get_json()
    assert stranger["workshops"] == [] and stranger["organisation"]["name"] == "Andere Corporatie"


@pytest.mark.parametrize("path", ["/facilitator/archive", "/facilitator/archive/settings",
                                  "/facilitator/archive/toolkit"])
def test_archive_pages_need_a_login(client, path):
    response = client.get(path)
    assert response.status_code == 302 and "/facilitator/login" in response.headers["Location"]


def test_a_deleted_workshops_text_leaves_no_copy_in_the_database_files(app, api, trainer):
    secret = "Mevrouw Verschuur van nummer 17 is zwanger"
    code, _ids = workshop_with_tips(app, trainer, [secret, "Eerst luisteren, dan samenvatten"])
    data_dir = Path(app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")).parent

    def files_holding_it() -> list[str]:
        return [path.name for path in sorted(data_dir.glob("klantwijs.db*"))
                if secret.encode() in path.read_bytes()]

    assert files_holding_it()  # it is there while the workshop exists
    response = api.client.delete(f"/api/v1/workshops/{code}", headers=api.headers)
    assert response.status_code in (200, 204)
    assert files_holding_it() == []

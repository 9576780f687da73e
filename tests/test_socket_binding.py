"""Issue 13, point 3: a socket stays bound to the participant and workshop it joined; ids are never reused."""
from __future__ import annotations

import sqlite3

from flask_migrate import upgrade
from sqlalchemy import func, select

from tests import factories
from tests.conftest import ApiActions
from workshop.models import Participant, Tip, Vote, db


def open_exercise(app, code, index):
    factories.control(app, code, action="goto", index=index)
    factories.control(app, code, action="open")


def test_a_socket_of_a_deleted_workshop_never_acts_in_another_organisation(app, client, trainer, socket_user):
    code_a = factories.make_workshop(app, trainer)
    open_exercise(app, code_a, 0)
    old_phone = socket_user()
    old_id = old_phone.join(code_a)["participant"]["id"]
    assert old_phone.emit("tip", {"text": "Eerste tip"})["ok"]
    assert ApiActions(client, trainer.token).client.delete(
        f"/api/v1/workshops/{code_a}", headers={"Authorization": f"Bearer {trainer.token}"}).status_code in (200, 204)

    other = factories.make_trainer(app, email="b@andere.example", organisation="Andere Corporatie")
    code_b = factories.make_workshop(app, other)
    open_exercise(app, code_b, 0)
    new_phone = socket_user()
    new_id = new_phone.join(code_b)["participant"]["id"]
    assert new_id != old_id, "a participant id is never given out twice"

    assert old_phone.emit("tip", {"text": "Verdwaalde tip"})["error"] == "not_joined"
    open_exercise(app, code_b, 1)
    assert old_phone.emit("vote", {"option": "a"})["error"] == "not_joined"
    with app.app_context():
        assert db.session.scalar(select(func.count(Tip.id))) == 0
        assert db.session.scalar(select(func.count(Vote.id))) == 0


def test_a_socket_of_an_ended_workshop_gets_ended(app, trainer, socket_user):
    code = factories.make_workshop(app, trainer)
    open_exercise(app, code, 0)
    phone, other = socket_user(), socket_user()
    phone.join(code)
    other.join(code)
    tip = other.emit("tip", {"text": "Een tip"})["tip"]["id"]
    factories.control(app, code, action="end")
    assert phone.emit("tip", {"text": "Te laat"})["error"] == "ended"
    assert phone.emit("upvote", {"tip_id": tip, "on": True})["error"] == "ended"


def test_the_migration_keeps_every_row_and_ids_are_not_reused_afterwards(tmp_path, monkeypatch):
    """A database made before AUTOINCREMENT (revision 0003) with data: nothing is lost by the rebuild, foreign keys
    are enforced again after it, and a deleted newest participant's id is not given out again."""
    from workshop import create_app
    monkeypatch.setenv("KLANTWIJS_DATA_DIR", str(tmp_path))
    for name in ("KLANTWIJS_DATABASE_URL", "KLANTWIJS_PUBLIC_URL", "KLANTWIJS_MESSAGE_QUEUE"):
        monkeypatch.delenv(name, raising=False)
    app = create_app({"TESTING": True, "ASYNC_MODE": "threading"})
    with app.app_context():
        upgrade(revision="0003")
    raw = sqlite3.connect(tmp_path / "klantwijs.db")
    raw.executescript("""
        INSERT INTO organisation (id, name, created) VALUES (1, 'Woonstad', '2026-01-01');
        INSERT INTO trainer (id, organisation_id, email, password_hash, created)
            VALUES (1, 1, 'a@w.example', 'x', '2026-01-01'), (2, 1, 'b@w.example', 'x', '2026-01-02');
        INSERT INTO workshop (id, organisation_id, trainer_id, code, title, status, screen_key, created)
            VALUES (1, 1, 1, 'ABCDEF', 'Oud', 'ended', 'k', '2026-01-01');
        INSERT INTO exercise_run (id, workshop_id, position, exercise_id, kind, title, content_json, phase,
            results_visible) VALUES (1, 1, 0, 'fris-blijven', 'tips', 'Fris', '{}', 'closed', 0);
        INSERT INTO participant (id, workshop_id, token_hash, created) VALUES (1, 1, 'h1', '2026-01-01'),
            (2, 1, 'h2', '2026-01-01');
        INSERT INTO tip (id, run_id, participant_id, text, hidden, created) VALUES (1, 1, 1, 'Koffie', 0, '2026-01-01');
    """)
    raw.commit()
    raw.close()
    with app.app_context():
        upgrade()
        assert db.session.execute(db.text("PRAGMA foreign_keys")).scalar() == 1
        counts = {t: db.session.execute(db.text(f"SELECT count(*) FROM {t}")).scalar()
                  for t in ("organisation", "trainer", "workshop", "exercise_run", "participant", "tip")}
        assert counts == {"organisation": 1, "trainer": 2, "workshop": 1, "exercise_run": 1, "participant": 2,
                          "tip": 1}
        admins = db.session.execute(db.text("SELECT email FROM trainer WHERE is_admin")).scalars().all()
        assert admins == ["a@w.example"]
        db.session.delete(db.session.get(Participant, 2))
        db.session.commit()
        newcomer = Participant(workshop_id=1, token_hash="h3")
        db.session.add(newcomer)
        db.session.commit()
        assert newcomer.id == 3
        db.session.remove()
        db.engine.dispose()

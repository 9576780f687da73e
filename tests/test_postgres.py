"""PostgreSQL by URL: the migrations and the engine work on a real PostgreSQL server, not only on SQLite."""
from __future__ import annotations

import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade

from tests import factories
from workshop import create_app, engine
from workshop.archive.models import include_name
from workshop.engine import views
from workshop.engine.results import results_document
from workshop.models import db


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


def test_migrations_match_the_models_on_postgresql(pg_app):
    with pg_app.app_context():
        assert db.engine.dialect.name == "postgresql"
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"include_name": include_name})
            assert compare_metadata(context, db.metadata) == []


def test_a_workshop_runs_on_postgresql(pg_app):
    trainer = factories.make_trainer(pg_app)
    code = factories.make_workshop(pg_app, trainer)
    people = [factories.join(pg_app, code)["participant"]["id"] for _ in range(3)]
    factories.control(pg_app, code, action="goto", index=0)
    factories.control(pg_app, code, action="open")
    with pg_app.app_context():
        tip = engine.submit_tip(people[0], "Eerst luisteren, dan samenvatten", "c1").data["tip"]["id"]
        assert engine.submit_tip(people[0], "Eerst luisteren, dan samenvatten", "c1").data["tip"]["id"] == tip
        assert engine.upvote(people[1], tip, True).data["votes"] == 1
    factories.control(pg_app, code, action="goto", index=1)
    factories.control(pg_app, code, action="open")
    with pg_app.app_context():
        engine.vote(people[0], "a")
        engine.vote(people[1], "b")
        engine.vote(people[1], "a")
        workshop = engine.workshop_by_code(code)
        assert views.tally_message(workshop, for_participants=False)["counts"]["a"] == 2
        document = results_document(workshop)
        assert document["exercises"][0]["tips"][0]["votes"] == 1
        assert document["exercises"][1]["total"] == 2


def test_scale_order_and_the_timer_on_postgresql(pg_app):
    """Ratings and orderings through the same upsert as votes (with the ranking), a paired scale, and a timer closed
    once by the conditional UPDATE."""
    from datetime import timedelta

    from workshop.engine.timers import expire_timers
    from workshop.models import utcnow
    trainer = factories.make_trainer(pg_app)
    code = factories.make_workshop(pg_app, trainer, exercises=(
        "zeker-slecht-nieuws-start", "vier-handvatten-op-volgorde", "zeker-slecht-nieuws-eind"))
    people = [factories.join(pg_app, code)["participant"]["id"] for _ in range(2)]
    intended = ["gevoel", "feiten", "mogelijk", "afronden"]
    for index, answers in ((0, [(0, 2), (1, 3)]), (1, [(0, intended), (1, intended[::-1]), (1, intended)]),
                           (2, [(0, 4), (1, 5)])):
        factories.control(pg_app, code, action="goto", index=index)
        factories.control(pg_app, code, action="open")
        with pg_app.app_context():
            for person, answer in answers:
                engine.vote(people[person], answer, event="order" if index == 1 else "rate")
    factories.control(pg_app, code, action="timer", seconds=60)
    with pg_app.app_context():
        assert expire_timers(utcnow() + timedelta(seconds=61)) == [code]
        assert expire_timers(utcnow() + timedelta(seconds=61)) == []
        document = results_document(engine.workshop_by_code(code))
        assert document["exercises"][1]["exact"] == 2
        assert (document["exercises"][2]["before_mean"], document["exercises"][2]["after_mean"]) == (2.5, 4.5)
        assert document["exercises"][2]["paired"] == 2


def test_a_batch_of_words_gets_each_word_its_own_id_on_postgresql(pg_app):
    """A room's words go in one INSERT per batch; on PostgreSQL the ids come back through RETURNING, in order."""
    from workshop.engine.seats import participant_seal
    from workshop.models import Tip
    trainer = factories.make_trainer(pg_app)
    code = factories.make_workshop(pg_app, trainer, exercises=("gevoel-achter-boosheid",))
    people = [factories.join(pg_app, code)["participant"]["id"] for _ in range(3)]
    factories.control(pg_app, code, action="goto", index=0)
    factories.control(pg_app, code, action="open")
    with pg_app.app_context():
        words = ["Boosheid", "Angst", "Machteloosheid", "Verdriet"]
        requests = [engine.WordRequest(people[i % 3], word, f"c{i}", participant_seal(people[i % 3]))
                    for i, word in enumerate(words)]
        answers = [outcome.data["word"] for outcome in engine.record_words(requests)]
        stored = {tip.id: tip.text for tip in db.session.query(Tip)}
    assert [answer["text"] for answer in answers] == words
    assert {answer["id"]: answer["text"] for answer in answers} == stored

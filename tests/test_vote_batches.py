"""Votes that arrive together are written together: each keeps its own answer, a bad one never costs the others
their vote, a change of mind in the same batch counts once, and an ack always follows the commit."""
from __future__ import annotations

import threading
import time

import engineio
import pytest
from sqlalchemy import create_engine, text

from tests import factories
from workshop import engine
from workshop.engine import EngineError, VoteRequest, views
from workshop.engine.group_commit import GroupCommit
from workshop.models import Participant, db


@pytest.fixture
def case(app, trainer):
    """A workshop whose case (index 1) is open; returns (code, [participant ids])."""
    code = factories.make_workshop(app, trainer)
    people = [factories.join(app, code)["participant"]["id"] for _ in range(4)]
    factories.control(app, code, action="goto", index=1)
    factories.control(app, code, action="open")
    return code, people


def tally(app, code) -> dict:
    with app.app_context():
        message = views.tally_message(engine.workshop_by_code(code), for_participants=False)
        db.session.remove()
    return message


def chosen(app, code) -> dict:
    """The options somebody chose, with their counts."""
    return {option: count for option, count in tally(app, code)["counts"].items() if count}


def record(app, requests):
    with app.app_context():
        outcomes = engine.record_votes(requests)
        db.session.remove()
    return outcomes


def codes(outcomes) -> list:
    return [o.code if isinstance(o, EngineError) else "ok" for o in outcomes]


def test_a_bad_vote_in_a_batch_gets_its_own_error_and_the_others_count(app, case):
    code, people = case
    outcomes = record(app, [VoteRequest(people[0], "a"), VoteRequest(999_999, "a"), VoteRequest(people[1], "zz"),
                            VoteRequest(None, "b"), VoteRequest(people[2], "b")])
    assert codes(outcomes) == ["ok", "not_joined", "unknown_option", "not_joined", "ok"]
    assert chosen(app, code) == {"a": 1, "b": 1}


def test_a_change_of_mind_in_the_same_batch_counts_once_with_the_last_choice(app, case):
    code, people = case
    outcomes = record(app, [VoteRequest(people[0], "a"), VoteRequest(people[1], "b"), VoteRequest(people[0], "c")])
    assert codes(outcomes) == ["ok", "ok", "ok"]
    assert tally(app, code)["total"] == 2 and chosen(app, code) == {"b": 1, "c": 1}
    with app.app_context():
        me = views.me_view(engine.workshop_by_code(code), db.session.get(Participant, people[0]))
        assert me["vote"] == "c"
        db.session.remove()


def test_the_same_vote_again_changes_nothing_and_asks_for_no_broadcast(app, case):
    code, people = case
    first = record(app, [VoteRequest(people[0], "a")])[0]
    again = record(app, [VoteRequest(people[0], "a")])[0]
    assert first.changed and not again.changed
    assert tally(app, code)["total"] == 1


def test_without_a_dialect_upsert_a_change_of_mind_still_counts_once(app, case, monkeypatch):
    from workshop.engine import votes
    monkeypatch.setattr(votes, "_upsert_statement", lambda dialect: None)  # as on a database other than these two
    code, people = case
    assert codes(record(app, [VoteRequest(people[0], "a"), VoteRequest(people[1], "a")])) == ["ok", "ok"]
    assert codes(record(app, [VoteRequest(people[0], "b"), VoteRequest(people[2], "b")])) == ["ok", "ok"]
    assert tally(app, code)["total"] == 3 and chosen(app, code) == {"a": 1, "b": 2}


def test_votes_in_a_batch_get_the_phase_and_kind_errors_of_their_own_workshop(app, trainer, case):
    code, people = case
    other = factories.make_workshop(app, trainer, title="Tweede groep")
    outsider = factories.join(app, other)["participant"]["id"]
    factories.control(app, other, action="goto", index=0)
    factories.control(app, other, action="open")
    outcomes = record(app, [VoteRequest(outsider, "a"), VoteRequest(people[0], "a")])
    assert codes(outcomes) == ["wrong_kind", "ok"]
    factories.control(app, code, action="close")
    assert codes(record(app, [VoteRequest(people[1], "a")])) == ["not_open"]
    factories.control(app, code, action="end")
    assert codes(record(app, [VoteRequest(people[1], "a")])) == ["ended"]  # contract v2, "Security behaviour"
    assert tally(app, code)["total"] == 1


def test_a_vote_the_database_refuses_does_not_take_the_batch_down(app, case):
    code, people = case
    with app.app_context():  # a stand-in for any database failure that hits one row only
        db.session.execute(text(f"CREATE TRIGGER refuse BEFORE INSERT ON vote WHEN NEW.participant_id = {people[1]} "
                                "BEGIN SELECT RAISE(ABORT, 'refused'); END"))
        db.session.commit()
        db.session.remove()
    outcomes = record(app, [VoteRequest(people[0], "a"), VoteRequest(people[1], "b"), VoteRequest(people[2], "c")])
    assert codes(outcomes) == ["ok", "server_error", "ok"]
    assert chosen(app, code) == {"a": 1, "c": 1}


def threading_runtime():
    return engineio.Server(async_mode="threading")


def test_the_writer_answers_only_after_the_commit_and_groups_what_arrives_together(app, case):
    code, people = case
    runtime = threading_runtime()
    batches, first_batch_started, release = [], threading.Event(), threading.Event()
    database = create_engine(app.config["SQLALCHEMY_DATABASE_URI"])  # reads as another process would

    def apply(requests):
        batches.append(len(requests))
        first_batch_started.set()
        release.wait(10)  # while the writer is busy, the other phones' votes queue up
        return engine.record_votes(requests)

    writer = GroupCommit(apply, runtime=lambda: runtime)
    answers = {}

    def phone(participant_id, option):
        with app.app_context():
            result = writer.submit(VoteRequest(participant_id, option))
        with database.connect() as connection:  # the moment the phone gets its answer, the vote is stored
            stored = connection.execute(text("SELECT option_id FROM vote WHERE participant_id = :p"),
                                        {"p": participant_id}).scalar()
        answers[participant_id] = (result.changed, stored)

    first = threading.Thread(target=phone, args=(people[0], "a"))
    first.start()
    assert first_batch_started.wait(10)
    others = [threading.Thread(target=phone, args=(p, o)) for p, o in zip(people[1:], "bcb")]
    for thread in others:
        thread.start()
    for _tick in range(1000):
        if writer.queue.qsize() == len(others):
            break
        threading.Event().wait(0.01)
    release.set()
    for thread in [first, *others]:
        thread.join(10)
    database.dispose()
    assert {p: stored for p, (_changed, stored) in answers.items()} == dict(zip(people, "abcb"))
    assert all(changed for changed, _stored in answers.values())
    assert batches == [1, 3]
    assert chosen(app, code) == {"a": 1, "b": 2, "c": 1}


def test_errors_reach_the_phone_that_sent_the_vote(app, case):
    _code, people = case
    writer = GroupCommit(engine.record_votes, runtime=threading_runtime)
    with app.app_context():
        assert writer.submit(VoteRequest(people[0], "b")).changed
        with pytest.raises(EngineError) as caught:
            writer.submit(VoteRequest(people[0], "nope"))
    assert caught.value.code == "unknown_option"


def test_a_crashing_batch_answers_server_error_instead_of_hanging(app, case):
    _code, people = case

    def broken(_requests):
        raise RuntimeError("database gone")

    writer = GroupCommit(broken, runtime=threading_runtime)
    with app.app_context(), pytest.raises(EngineError) as caught:
        writer.submit(VoteRequest(people[0], "a"))
    assert caught.value.code == "server_error"


def test_phones_voting_at_once_over_sockets_each_get_their_own_ack(app, case, socket_user):
    code, _people = case
    phones = [socket_user() for _ in range(8)]
    for phone in phones:
        assert phone.join(code)["ok"]
    choices = ["a", "b", "c", "a", "zz", "b", "a", "c"]
    acks = [None] * len(phones)

    def vote(index):
        acks[index] = phones[index].emit("vote", {"option": choices[index]})

    threads = [threading.Thread(target=vote, args=(i,)) for i in range(len(phones))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    assert [ack["ok"] for ack in acks] == [choice != "zz" for choice in choices]
    assert acks[4]["error"] == "unknown_option"
    assert chosen(app, code) == {"a": 3, "b": 2, "c": 2}


def test_the_projector_has_a_batchs_count_before_its_acks_and_once(app, case, socket_user):
    """A stored batch goes to the projector at once, before the votes' handlers wake (the wall's count does not
    wait behind a room's acks), and the handlers do not send the same figures to it a second time."""
    code, _people = case
    with app.app_context():
        key = engine.workshop_by_code(code).screen_key
    projector = socket_user()
    assert projector.emit("screen", {"code": code, "key": key})["ok"]
    phone = socket_user()
    assert phone.join(code)["ok"]
    from workshop.broadcast import FAST, PROJECTOR, broadcaster
    from workshop.result import TALLY
    sent = (code, TALLY, PROJECTOR)
    deadline = time.monotonic() + 5
    while time.monotonic() - broadcaster.last_sent.get(sent, 0.0) < FAST:  # the projector may have its next tally
        assert time.monotonic() < deadline
        time.sleep(0.01)
    before = len(projector.messages("tally"))
    assert phone.emit("vote", {"option": "b"})["ok"]
    # the ack is back: the projector already has the count (nothing waited for the broadcaster's next tick)
    arrived = projector.messages("tally")[before:]
    assert arrived and arrived[-1]["counts"]["b"] == 1 and arrived[-1]["total"] == 1
    while any(key[0] == code for key in list(broadcaster.pending)):  # the phones' part goes with the next tick
        assert time.monotonic() < deadline + 5
        time.sleep(0.01)
    assert len(projector.messages("tally")[before:]) == 1  # once: the handler did not mark it again

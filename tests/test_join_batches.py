"""Joins that arrive together are committed together: a room scanning the QR code, or every phone reconnecting after
a Wi-Fi blip. Each join keeps its own answer; a returning phone gets its own tips and vote back; a bad request
never costs the others their place."""
from __future__ import annotations

from sqlalchemy import event, func, select

from tests import factories
from workshop import engine
from workshop.engine import EngineError, JoinRequest
from workshop.models import Participant, db
from workshop.result import PRESENCE


def record(app, requests):
    with app.app_context():
        commits = []
        listener = lambda _session: commits.append(1)  # noqa: E731
        event.listen(db.session, "after_commit", listener)
        try:
            outcomes = engine.record_joins(requests)
        finally:
            event.remove(db.session, "after_commit", listener)
            db.session.remove()
    return outcomes, len(commits)


def test_a_batch_of_new_returning_and_refused_joins_commits_once_and_answers_each(app, trainer):
    code = factories.make_workshop(app, trainer)
    other = factories.make_workshop(app, trainer, title="Andere groep")
    returning = factories.join(app, code, name="Anouk")
    factories.control(app, code, action="goto", index=1)
    factories.control(app, code, action="open")
    with app.app_context():
        engine.vote(returning["participant"]["id"], "b")
        db.session.remove()
    ended = factories.make_workshop(app, trainer, title="Voorbij")
    factories.control(app, ended, action="end")

    outcomes, commits = record(app, [
        JoinRequest(code, None, "Bram"),
        JoinRequest(code.lower(), returning["participant"]["token"], None),
        JoinRequest("ZZZZZZ", None, None),
        JoinRequest(ended, None, None),
        JoinRequest(code, None, "x" * 41),
        JoinRequest(other, returning["participant"]["token"], None),  # a token of another workshop: a new phone
    ])
    assert commits == 1
    new, back, unknown, over, bad_name, elsewhere = outcomes
    assert new.data["participant"]["name"] == "Bram" and new.changed == frozenset({PRESENCE})
    assert new.data["state"]["me"] == {"tips": [], "upvoted": [], "vote": None, "votes": {}, "rankings": {}}
    assert back.data["participant"]["id"] == returning["participant"]["id"] and back.changed == frozenset()
    assert back.data["state"]["me"]["vote"] == "b" and back.data["state"]["me"]["votes"] == {"1": "b"}
    assert back.data["tally"] is None and back.data["state"]["exercise"]["kind"] == "case"
    assert back.data["state"]["participants"] == 2  # counted after the batch: Anouk and Bram
    assert [type(o) for o in (unknown, over, bad_name)] == [EngineError] * 3
    assert (unknown.code, over.code, bad_name.code) == ("unknown_code", "ended", "invalid")
    assert elsewhere.data["participant"]["id"] != returning["participant"]["id"]
    assert elsewhere.data["state"]["workshop"]["code"] == other
    with app.app_context():
        assert db.session.scalar(select(func.count(Participant.id))) == 3


def test_many_phones_join_through_the_socket_at_once_and_each_gets_its_own_identity(app, trainer, socket_user):
    code = factories.make_workshop(app, trainer)
    phones = [socket_user() for _ in range(12)]
    acks = [phone.join(code) for phone in phones]
    assert all(ack["ok"] for ack in acks)
    assert len({ack["participant"]["id"] for ack in acks}) == 12
    assert len({ack["participant"]["token"] for ack in acks}) == 12
    again = phones[0].join(code, token=acks[0]["participant"]["token"])
    assert again["participant"]["id"] == acks[0]["participant"]["id"]

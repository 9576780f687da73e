"""Issue 13, points 6 and 7: participants are limited per socket and per participant, never per address; unknown
join codes are limited per client address, known codes never. A classroom behind one address works freely."""
from __future__ import annotations

import pytest

from tests import factories
from workshop.limits import ACTIONS_PER_SECOND, Buckets, TokenBucket


@pytest.fixture
def code(app, trainer):
    return factories.make_workshop(app, trainer)


def open_exercise(app, code, index):
    factories.control(app, code, action="goto", index=index)
    factories.control(app, code, action="open")


def test_one_socket_cannot_make_a_crowd_of_identities(app, code, socket_user):
    phone = socket_user()
    acks = [phone.join(code) for _ in range(20)]
    made = [a for a in acks if a["ok"]]
    assert 1 <= len(made) <= 5 and acks[-1]["error"] == "rate_limited"
    assert phone.join(code, token=made[0]["participant"]["token"])["ok"], "its own identity is always restored"


def test_ballot_stuffing_from_one_socket_is_cut_off(app, code, socket_user):
    open_exercise(app, code, 1)
    phone = socket_user()
    counted = 0
    for _ in range(50):
        if phone.join(code)["ok"] and phone.emit("vote", {"option": "a"})["ok"]:
            counted += 1
    assert counted <= 5


def test_a_flood_of_upvote_changes_from_one_phone_is_cut_off(app, code, socket_user):
    open_exercise(app, code, 0)
    author, flooder = socket_user(), socket_user()
    author.join(code)
    flooder.join(code)
    tip = author.emit("tip", {"text": "Tot tien tellen"})["tip"]["id"]
    outcomes = [flooder.emit("upvote", {"tip_id": tip, "on": n % 2 == 0}) for n in range(200)]
    assert all(o["ok"] for o in outcomes[:20]), "a burst of changes is fine"
    assert sum(1 for o in outcomes if not o["ok"] and o["error"] == "rate_limited") > 100


def test_five_changes_a_second_are_always_accepted():
    now = [0.0]
    buckets = Buckets(30, ACTIONS_PER_SECOND, clock=lambda: now[0])
    for _ in range(10_000):
        now[0] += 1 / 5
        assert buckets.take(7)


def test_a_bucket_refills_at_its_rate_and_never_beyond_its_capacity():
    now = [0.0]
    bucket = TokenBucket(3, 2.0, clock=lambda: now[0])
    assert [bucket.take() for _ in range(4)] == [True, True, True, False]
    now[0] += 0.5
    assert [bucket.take() for _ in range(2)] == [True, False]
    now[0] += 1000
    assert [bucket.take() for _ in range(4)] == [True, True, True, False]


def test_unknown_join_codes_are_limited_per_address_and_known_codes_never(app, client, code, socket_user):
    guesser = socket_user(client)  # a socket made with the HTTP client has its address (127.0.0.1)
    for number in range(20):
        assert guesser.join(f"ZZZZ{'ABCDEFGHJKMNPQRSTUVW'[number]}2")["error"] == "unknown_code"
    assert guesser.join("ZZZZZ3")["error"] == "rate_limited"
    assert client.get("/j/ZZZZZ4").status_code == 429
    assert client.get(f"/j/{code}").status_code == 200
    assert socket_user(client).join(code)["ok"]
    elsewhere = app.test_client()
    assert elsewhere.get("/j/ZZZZZ5", environ_base={"REMOTE_ADDR": "198.51.100.9"}).status_code == 404


def test_unknown_codes_over_http_count_too(app, client, code, socket_user):
    for _ in range(20):
        assert client.get("/j/QQQQQQ").status_code == 404
    assert client.get("/j/QQQQQQ").status_code == 429
    assert socket_user(client).join("QQQQQQ")["error"] == "rate_limited"
    assert client.get(f"/j/{code}").status_code == 200


def test_unknown_codes_at_the_qr_image_and_the_projector_page_count_as_guesses(app, client, code, socket_user):
    for number in range(10):
        assert client.get(f"/qr/QQQQQ{'ABCDEFGHJK'[number]}.svg").status_code == 404
        assert client.get(f"/screen/QQQQR{'ABCDEFGHJK'[number]}?key=x").status_code == 404
    assert client.get("/qr/QQQQQZ.svg").status_code == 429
    assert client.get("/screen/QQQQQZ?key=x").status_code == 429
    assert socket_user(client).join("QQQQQZ")["error"] == "rate_limited"
    assert client.get(f"/qr/{code}.svg").status_code == 200  # a known code is never limited


def test_thirty_phones_behind_one_address_join_post_and_vote_freely(app, client, code, socket_user):
    for _ in range(30):
        assert client.get(f"/j/{code}").status_code == 200
    phones = [socket_user(app.test_client()) for _ in range(30)]  # every one from 127.0.0.1
    for phone in phones:
        assert phone.join(code)["ok"]
    open_exercise(app, code, 0)
    tips = [phone.emit("tip", {"text": f"Tip nummer {n}"}) for n, phone in enumerate(phones)]
    assert all(t["ok"] for t in tips)
    for n, phone in enumerate(phones):
        for other in (tips[(n + 1) % 30], tips[(n + 2) % 30]):
            assert phone.emit("upvote", {"tip_id": other["tip"]["id"], "on": True})["ok"]
    open_exercise(app, code, 1)
    for phone in phones:
        for option in "abca":  # changing one's mind a few times
            assert phone.emit("vote", {"option": option}) == {"ok": True}

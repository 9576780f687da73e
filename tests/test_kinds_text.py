"""The `respond` and `words` kinds: writing your own reply (tags after the reveal) and the word cloud, through the
Socket.IO test client (phones, a projector) and the engine's control actions, as the REST route calls them."""
from __future__ import annotations

import pytest

from exercises.kinds import KINDS, validate_document
from tests import factories
from workshop.engine.cloud import count_words, fold_word

RESPOND, WORDS = "zeg-nee-te-hoog-inkomen", "woord-goed-gesprek"


@pytest.fixture
def code(app, trainer):
    return factories.make_workshop(app, trainer, exercises=(RESPOND, WORDS, factories.TIPS_EXERCISE))


def screen_key(app, code):
    from workshop.engine import workshop_by_code
    with app.app_context():
        return workshop_by_code(code).screen_key


def open_exercise(app, code, index):
    factories.control(app, code, action="goto", index=index)
    factories.control(app, code, action="open")


# --- folding and counting (the cloud's rule) ---------------------------------------------------------------------

def test_entries_that_differ_in_case_accents_spacing_or_punctuation_count_as_one():
    assert fold_word("  Luisteren! ") == fold_word("luisteren") == fold_word("LUISTÉREN") == "luisteren"
    assert fold_word("goed   gesprek.") == fold_word("Goed-gesprek") == "goed gesprek"
    words = count_words(["Rust", "rust!", "RUST", "Respect", "Rúst", "respect", "Empathie", "Rust"])
    assert words == [{"text": "Rust", "count": 5}, {"text": "Respect", "count": 2}, {"text": "Empathie", "count": 1}]


def test_the_most_common_spelling_is_shown_and_ties_go_to_the_first():
    assert count_words(["luisteren", "Luisteren", "Luisteren"])[0] == {"text": "Luisteren", "count": 3}
    assert count_words(["Rust", "rust"])[0] == {"text": "Rust", "count": 2}
    assert count_words(["!!!", "  "]) == []


# --- validation ----------------------------------------------------------------------------------------------------

def test_documents_of_the_new_kinds_are_validated_per_field():
    assert {"respond", "words"} <= set(KINDS)
    kind, problems = validate_document({"kind": "words", "title": "Wolk", "prompt": "Eén woord?",
                                        "max_per_participant": 9})
    assert kind.name == "words" and [p.field for p in problems] == ["max_per_participant"]
    assert "1 en 5" in problems[0].message
    _kind, problems = validate_document({"kind": "respond", "title": "Zelf", "story": "Een huurder belt."})
    assert [p.field for p in problems] == ["question"]
    assert validate_document({"kind": "words", "title": "Wolk", "prompt": "Eén woord?"})[1] == []


# --- respond -------------------------------------------------------------------------------------------------------

def test_replies_are_upvoted_tagged_and_show_their_tags_after_the_reveal(app, code, socket_user):
    projector, alice, bob = socket_user(), socket_user(), socket_user()
    screen = projector.emit("screen", {"code": code, "key": screen_key(app, code)})
    assert screen["ok"] and screen["cloud"] is None
    alice.join(code)
    bob.join(code)
    open_exercise(app, code, 0)
    state = bob.wait_for("state", lambda s: s["exercise"] and s["exercise"]["phase"] == "open")
    assert state["exercise"]["kind"] == "respond"
    assert state["exercise"]["story"].startswith("Mevrouw Bakker") and state["exercise"]["question"]
    assert "hint" not in state["exercise"] and "notes" not in state["exercise"]
    reply = alice.emit("tip", {"text": "Ik hoor hoe teleurgesteld u bent. Het besluit staat helaas vast."})
    assert reply["ok"] and reply["tip"]["held"] is False
    other = bob.emit("tip", {"text": "Ik snap ook niet waarom die regel zo is."})
    assert bob.emit("upvote", {"tip_id": reply["tip"]["id"], "on": True}) == {"ok": True, "votes": 1}
    wall = projector.wait_for("tips", lambda t: t["total"] == 2 and t["tips"][0]["votes"] == 1)
    assert "tag" not in wall["tips"][0]  # tags stay with the trainer until the reveal
    factories.control(app, code, action="tag_tip", tip_id=reply["tip"]["id"], tag="handle:feeling")
    factories.control(app, code, action="tag_tip", tip_id=other["tip"]["id"], tag="pitfall:giving-right")
    factories.control(app, code, action="tag_tip", tip_id=other["tip"]["id"], tag=None)  # changed her mind
    factories.control(app, code, action="tag_tip", tip_id=other["tip"]["id"], tag="pitfall:giving-right")
    factories.control(app, code, action="reveal")
    tagged = alice.wait_for("tips", lambda t: t["tips"] and "tag" in t["tips"][0])
    assert {t["id"]: t["tag"] for t in tagged["tips"]} == {reply["tip"]["id"]: "handle:feeling",
                                                          other["tip"]["id"]: "pitfall:giving-right"}
    projector.wait_for("tips", lambda t: t["tips"] and t["tips"][0].get("tag") == "handle:feeling")
    assert alice.emit("tip", {"text": "Te laat"})["error"] == "not_open"


def test_an_untagged_reply_carries_a_null_tag_after_the_reveal(app, code, socket_user):
    phone = socket_user()
    phone.join(code)
    open_exercise(app, code, 0)
    phone.emit("tip", {"text": "Wat vervelend voor u."})
    factories.control(app, code, action="reveal")
    assert phone.join(code)["tips"]["tips"][0]["tag"] is None


@pytest.mark.parametrize("action, error", [
    ({"action": "tag_tip", "tip_id": 999, "tag": "pitfall:nonsense"}, "unknown_tip"),
    ({"action": "tag_tip", "tip_id": 1, "tag": 5}, "invalid"),
    ({"action": "tag_tip", "tip_id": "1", "tag": None}, "invalid"),
    ({"action": "tag_tip", "tip_id": 999, "tag": None}, "unknown_tip"),
])
def test_bad_tag_actions_get_contract_errors(app, api, action, error):
    created = api.create_workshop([RESPOND])
    api.control(created["code"], action="goto", index=0)
    api.control(created["code"], action="open")
    response = api.post(f"/workshops/{created['code']}/control", action)
    assert response.status_code == 400 and response.get_json()["error"] == error


def test_a_tip_of_a_tips_exercise_cannot_be_tagged(app, code, socket_user):
    from workshop.engine import EngineError
    phone = socket_user()
    phone.join(code)
    open_exercise(app, code, 2)
    tip = phone.emit("tip", {"text": "Even koffie halen"})["tip"]
    with pytest.raises(EngineError) as refused:
        factories.control(app, code, action="tag_tip", tip_id=tip["id"], tag="other")
    assert refused.value.code == "wrong_kind"
    open_exercise(app, code, 0)
    reply = phone.emit("tip", {"text": "Dat begrijp ik."})["tip"]
    with pytest.raises(EngineError) as refused:
        factories.control(app, code, action="tag_tip", tip_id=reply["id"], tag="pitfall:nonsense")
    assert refused.value.code == "unknown_tag" and refused.value.message == "Deze tag bestaat niet."


# --- words ---------------------------------------------------------------------------------------------------------

def test_words_make_a_cloud_on_projector_and_phones_and_hidden_words_disappear(app, code, socket_user):
    projector, alice, bob = socket_user(), socket_user(), socket_user()
    projector.emit("screen", {"code": code, "key": screen_key(app, code)})
    alice.join(code)
    bob.join(code)
    open_exercise(app, code, 1)
    state = alice.wait_for("state", lambda s: s["exercise"] and s["exercise"]["phase"] == "open")
    assert state["exercise"]["prompt"] == "Welk woord past bij een goed gesprek met een huurder?"
    assert state["exercise"]["max_per_participant"] == 3
    first = alice.emit("word", {"text": "Luisteren"})
    assert first == {"ok": True, "word": {"id": first["word"]["id"], "text": "Luisteren", "held": False}}
    assert bob.emit("word", {"text": "luisteren!"})["ok"]
    assert bob.emit("word", {"text": "Rust"})["ok"]
    cloud = projector.wait_for("cloud", lambda c: c["total"] == 3)
    assert cloud["words"] == [{"text": "Luisteren", "count": 2}, {"text": "Rust", "count": 1}]
    assert cloud["index"] == 1
    bob.wait_for("cloud", lambda c: c["total"] == 3)
    factories.control(app, code, action="hide_tip", tip_id=first["word"]["id"])
    after = projector.wait_for("cloud", lambda c: c["total"] == 2)
    assert after["words"] == [{"text": "luisteren!", "count": 1}, {"text": "Rust", "count": 1}]
    late = socket_user()
    assert late.join(code)["cloud"]["total"] == 2  # a phone that joins now sees the cloud at once
    assert alice.emit("tip", {"text": "een tip"})["error"] == "wrong_kind"
    assert alice.emit("upvote", {"tip_id": first["word"]["id"], "on": True})["error"] == "unknown_tip"


def test_a_participant_sends_at_most_max_per_participant_words(app, code, socket_user):
    phone = socket_user()
    phone.join(code)
    open_exercise(app, code, 1)
    for word in ("rust", "respect", "tijd"):
        assert phone.emit("word", {"text": word})["ok"]
    refused = phone.emit("word", {"text": "geduld"})
    assert refused["ok"] is False and refused["error"] == "too_many" and refused["message"]


def test_a_repeated_word_with_the_same_client_id_counts_once(app, code, socket_user):
    phone = socket_user()
    phone.join(code)
    open_exercise(app, code, 1)
    first = phone.emit("word", {"text": "Rust", "client_id": "w-1"})
    again = phone.emit("word", {"text": "Rust", "client_id": "w-1"})
    assert first["word"]["id"] == again["word"]["id"]
    assert phone.wait_for("cloud", lambda c: c["total"] == 1)["words"] == [{"text": "Rust", "count": 1}]


@pytest.mark.parametrize("text, error, fragment", [
    ("", "empty", "woord"), ("   ", "empty", "woord"), ("x" * 31, "too_long", "30"),
])
def test_bad_words_get_contract_errors_with_a_clear_message(app, code, socket_user, text, error, fragment):
    phone = socket_user()
    phone.join(code)
    open_exercise(app, code, 1)
    ack = phone.emit("word", {"text": text})
    assert ack["error"] == error and fragment in ack["message"]


@pytest.mark.parametrize("payload", [None, {"text": 5}, {"text": "a", "client_id": "x" * 65}, [1]])
def test_malformed_word_payloads_get_invalid(app, code, socket_user, payload):
    assert socket_user().emit("word", payload)["error"] == "invalid"


def test_words_before_joining_or_while_closed_are_refused(app, code, socket_user):
    phone = socket_user()
    assert phone.emit("word", {"text": "rust"})["error"] == "not_joined"
    phone.join(code)
    factories.control(app, code, action="goto", index=1)
    assert phone.emit("word", {"text": "rust"})["error"] == "not_open"
    open_exercise(app, code, 0)
    assert phone.emit("word", {"text": "rust"})["error"] == "wrong_kind"


def test_results_and_exports_carry_replies_with_tags_and_counted_words(app, api, socket_user):
    created = api.create_workshop([RESPOND, WORDS])
    code = created["code"]
    phone = socket_user()
    phone.join(code)
    api.control(code, action="goto", index=0)
    api.control(code, action="open")
    reply = phone.emit("tip", {"text": "Ik begrijp dat dit een klap is."})["tip"]
    api.control(code, action="tag_tip", tip_id=reply["id"], tag="bad-news:absorb")
    api.control(code, action="goto", index=1)
    api.control(code, action="open")
    phone.emit("word", {"text": "Rust"})
    phone.emit("word", {"text": "rust."})
    results = api.get(f"/workshops/{code}/results").get_json()
    respond, words = results["exercises"]
    assert respond["kind"] == "respond" and respond["tips"][0]["tag"] == "bad-news:absorb"
    assert words["kind"] == "words" and words["words"] == [{"text": "Rust", "count": 2}]
    csv = api.get(f"/workshops/{code}/export.csv").get_data(as_text=True)
    label = "Slecht nieuws: de klap helpen opvangen"  # the tag's Dutch label in the CSV; the JSON keeps the code
    assert "Ik begrijp dat dit een klap is." in csv and label in csv and "bad-news:absorb" not in csv
    assert ";Woord;;Rust;" in csv and "rust." not in csv  # one row per word of the cloud, with its count
    document = api.get(f"/workshops/{code}/export.json").get_json()
    assert document["exercises"][0]["tips"][0]["tag"] == "bad-news:absorb"
    assert api.get(f"/workshops/{code}/export.xlsx").status_code == 200
    archive_csv = api.get("/archive/export.csv").get_data(as_text=True)  # the whole archive keeps the tag too
    assert "Ik begrijp dat dit een klap is." in archive_csv and label in archive_csv


# --- a batch of words (the group-commit writer's unit of work) --------------------------------------------------

def test_a_batch_of_words_is_checked_word_by_word_and_written_at_once(app, code, socket_user):
    from workshop import engine
    from workshop.broadcast import broadcaster
    from workshop.engine.seats import participant_seal
    phones = [socket_user() for _ in range(3)]
    ids = [phone.join(code)["participant"]["id"] for phone in phones]
    open_exercise(app, code, 1)
    with app.app_context():
        seals = [participant_seal(i) for i in ids]
        requests = [engine.WordRequest(ids[0], "Rust", "c1", seals[0]),
                    engine.WordRequest(ids[0], "Rust", "c1", seals[0]),  # the same client id twice: stored once
                    engine.WordRequest(ids[1], "   ", None, seals[1]),
                    engine.WordRequest(ids[1], "x" * 31, None, seals[1]),
                    engine.WordRequest(ids[2], "Respect", None, "0:forged"),
                    engine.WordRequest(ids[2], "klootzak", None, seals[2]),
                    *[engine.WordRequest(ids[1], word, None, seals[1]) for word in ("een", "twee", "drie", "vier")]]
        outcomes = engine.record_words(requests)
        for outcome in outcomes:  # as the word handler does with each answer: tell the broadcaster what changed
            if isinstance(outcome, engine.Result):
                broadcaster.changed(outcome.code, outcome.changed)
    first, again, blank, long, forged, rude, *words = outcomes
    assert first.data["word"]["text"] == "Rust" and again.data["word"]["id"] == first.data["word"]["id"]
    assert (blank.code, long.code, forged.code) == ("empty", "too_long", "not_joined")
    assert "30" in long.message
    assert rude.data["word"]["held"] is True and first.data["word"]["held"] is False
    assert [w.data["word"]["text"] for w in words[:3]] == ["een", "twee", "drie"] and words[3].code == "too_many"
    with app.app_context():  # each ack's id is the row of its own word (the batch is written in one statement)
        from workshop.models import Tip, db
        stored = {tip.id: tip.text for tip in db.session.query(Tip)}
    assert {o.data["word"]["id"]: o.data["word"]["text"] for o in (first, rude, *words[:3])} == stored
    cloud = phones[0].wait_for("cloud", lambda c: c["total"] == 4)
    assert sorted(w["text"] for w in cloud["words"]) == ["Rust", "drie", "een", "twee"]


def test_the_cloud_is_coalesced_full_figures_and_phones_get_it_once_a_second(app, trainer, socket_user):
    from workshop import engine
    from workshop.broadcast import Broadcaster
    from workshop.extensions import socketio
    from workshop.models import db
    code = factories.make_workshop(app, trainer, exercises=(WORDS,))
    manual = Broadcaster()
    manual.init_app(app, socketio)
    manual.task = "flushed by the test"
    projector, phone = socket_user(), socket_user()
    projector.emit("screen", {"code": code, "key": screen_key(app, code)})
    phone.join(code)
    open_exercise(app, code, 0)
    authors = [factories.join(app, code)["participant"]["id"] for _ in range(30)]
    projector.wait_for("cloud", lambda c: c["total"] == 0)  # the app's own broadcaster delivered the set-up
    phone.wait_for("cloud", lambda c: c["total"] == 0)
    projector.received.clear()
    phone.received.clear()
    clock = 500.0
    with app.app_context():
        for step, author in enumerate(authors):  # a word every 30 ms of clock, for 0.9 s
            result = engine.submit_word(author, "Rust" if step % 2 else "luisteren")
            manual.changed(result.code, result.changed)
            manual.flush(now=clock)
            clock += 0.03
        db.session.remove()
    assert 5 <= len(projector.messages("cloud")) <= 10  # at most 10 a second to the projector
    assert len(phone.messages("cloud")) == 1  # at most once a second to the phones' room
    manual.flush(now=clock + 1.0)  # what was pending goes out, with the full figures
    assert phone.messages("cloud")[-1]["words"] == [{"text": "luisteren", "count": 15}, {"text": "Rust", "count": 15}]
    assert projector.messages("cloud")[-1]["total"] == 30


# --- authoring, the file check and the hand-out ------------------------------------------------------------------

def test_the_api_and_the_editor_validate_the_new_kinds(app, api, client, auth):
    bad = api.post("/exercises", {"kind": "words", "title": "Wolk", "prompt": "", "max_per_participant": 0})
    assert bad.status_code == 400 and bad.get_json()["error"] == "invalid_exercise"
    assert {p["field"] for p in bad.get_json()["problems"]} == {"prompt", "max_per_participant"}
    made = api.post("/exercises", {"kind": "respond", "title": "Zelf antwoorden", "story": "Een huurder belt boos.",
                                   "question": "Wat zeg jij?"})
    assert made.status_code == 201 and made.get_json()["kind"] == "respond"
    auth.login()
    for kind in ("respond", "words"):
        page = client.get(f"/facilitator/exercises/new?kind={kind}")
        assert page.status_code == 200, kind
        assert 'data-kind="' + kind + '"' in page.get_data(as_text=True)


def test_exercises_check_names_the_field_of_a_bad_word_cloud(runner, tmp_path):
    bad = tmp_path / "wolk-fout.toml"
    bad.write_text('kind = "words"\ntitle = "Wolk"\nprompt = "Eén woord?"\nmax_per_participant = 9\n',
                   encoding="utf-8")
    result = runner.invoke(args=["exercises", "check", str(bad)])
    assert result.exit_code != 0 and "max_per_participant" in result.output and "1 en 5" in result.output


def test_the_hand_out_carries_the_replies_and_not_the_words(app, api, client, auth, socket_user):
    created = api.create_workshop([RESPOND, WORDS])
    code = created["code"]
    phone = socket_user()
    phone.join(code)
    api.control(code, action="goto", index=0)
    api.control(code, action="open")
    phone.emit("tip", {"text": "Ik hoor dat dit u raakt."})
    api.control(code, action="goto", index=1)
    api.control(code, action="open")
    phone.emit("word", {"text": "Geduldig"})
    auth.login()
    page = client.get(f"/facilitator/archive/workshops/{code}/toolkit").get_data(as_text=True)
    assert "Ik hoor dat dit u raakt." in page and "Wat zeg jij nu tegen mevrouw Bakker?" in page
    assert "Geduldig: 1 keer" in page  # the cloud's top words, not a list of tips
    assert "Tips van Woonstad Voorbeeld: Welk woord" not in page


def test_words_after_the_end_of_the_workshop_are_refused_with_ended(app, code, socket_user):
    phone = socket_user()
    phone.join(code)
    open_exercise(app, code, 1)
    assert phone.emit("word", {"text": "Rust"})["ok"]
    factories.control(app, code, action="end")
    assert phone.emit("word", {"text": "Geduld"})["error"] == "ended"


def test_the_workbook_has_a_sheet_per_kind_with_the_replies_tags(app, api, socket_user):
    import io

    from openpyxl import load_workbook
    created = api.create_workshop([RESPOND, WORDS])
    code = created["code"]
    phone = socket_user()
    phone.join(code)
    api.control(code, action="goto", index=0)
    api.control(code, action="open")
    reply = phone.emit("tip", {"text": "Ik zie dat dit u raakt."})["tip"]
    api.control(code, action="tag_tip", tip_id=reply["id"], tag="handle:feeling")
    api.control(code, action="goto", index=1)
    api.control(code, action="open")
    phone.emit("word", {"text": "Rust"})
    book = load_workbook(io.BytesIO(api.get(f"/workshops/{code}/export.xlsx").get_data()))
    cells = [[str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None] for sheet in book]
    assert any("Ik zie dat dit u raakt." in sheet and "Handvat: weg van de inhoud" in sheet for sheet in cells)
    assert any("Rust" in sheet for sheet in cells)

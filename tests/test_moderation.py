"""Moderation before the wall: pre-moderation of the whole workshop (entries wait in the trainer's queue until
approved), the shipped Dutch and English word lists and an organisation's own words (matching entries wait even without
pre-moderation), and held entries staying off phones, projector and archive until approved."""
from __future__ import annotations

import pytest

from tests import factories
from workshop.moderation import clean_word_list, contains_blocked, own_phrases

RESPOND, WORDS = "zeg-nee-te-hoog-inkomen", "woord-goed-gesprek"


@pytest.fixture
def code(app, trainer):
    return factories.make_workshop(app, trainer, exercises=(factories.TIPS_EXERCISE, WORDS, RESPOND,
                                                            factories.CASE_EXERCISE))


def screen_key(app, code):
    from workshop.engine import workshop_by_code
    with app.app_context():
        return workshop_by_code(code).screen_key


def open_exercise(app, code, index):
    factories.control(app, code, action="goto", index=index)
    factories.control(app, code, action="open")


# --- the word lists ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["Wat een KLOOTZAK!", "die klant is een eikel", "bullshit", "What an asshole.",
                                  "Godverdomme, weer die monteur"])
def test_swear_words_in_dutch_and_english_are_found_after_folding(text):
    assert contains_blocked(text)


@pytest.mark.parametrize("text", ["Even koffie halen", "potlood en papier", "een gat in de muur",
                                  "driehoog achter wonen", "de kosten aftrekken", "Klassiek: tot tien tellen"])
def test_ordinary_words_and_parts_of_words_are_not_held(text):
    assert not contains_blocked(text)


@pytest.mark.parametrize("text", [
    "kuthuurders", "kankerlijer", "kutwerk", "Die kuthuurders gewoon laten lullen", "teringzooi hier",
    "wat een tyfuslijder", "boerenlul", "klootzakken", "die eikels", "KANKER!",
])
def test_a_curse_inside_a_longer_word_or_a_plural_is_held(text):
    assert contains_blocked(text)


@pytest.mark.parametrize("text", [
    "kl00tzak", "k.l.o.o.t.z.a.k", "k l o o t z a k", "k-u-t", "kloot\u200bzak", "kloot\u00adzak",
    "kl\u043e\u043etzak", "KL\u039f\u039fTZAK", "\uff4b\uff55\uff54", "t3ringlijer", "k4nker",
])
def test_the_usual_ways_around_the_word_filter_are_undone(text):
    assert contains_blocked(text)


@pytest.mark.parametrize("text", [
    "Een verbetering van de woning", "De catering was goed", "investering in onderhoud", "de vertering",
    "Mijn buurvrouw heeft longkanker", "het kankeronderzoek", "kankerpatiënten verdienen geduld", "buiktyfus",
    "cellulose isolatie", "intracellulair", "De huurders delen de kosten", "de beurten van het onderhoud",
    "Rijksweg A50", "tot 10 tellen", "mp3 en A2", "een skûtsje op het meer", "een stokanker", "assen van de auto",
    "zaadjes in de tuin", "bij de intake 3 keer vragen",
])
def test_ordinary_dutch_words_containing_a_stem_are_never_held(text):
    assert not contains_blocked(text)


def library_texts():
    import tomllib
    from pathlib import Path

    def strings(value):
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            for item in value.values():
                yield from strings(item)
        elif isinstance(value, list):
            for item in value:
                yield from strings(item)

    library = Path(__file__).resolve().parent.parent / "exercises" / "library"
    for path in sorted(library.glob("*.toml")):
        with path.open("rb") as handle:
            for text in strings(tomllib.load(handle)):
                yield path.name, text


def test_none_of_the_librarys_own_texts_is_held():
    texts = list(library_texts())
    assert len(texts) > 100
    assert [(name, text) for name, text in texts if contains_blocked(text)] == []


def test_an_organisations_own_words_match_whole_words_and_phrases():
    own = own_phrases(clean_word_list("Jansen\n\n  De Baas  \njansen"))
    assert clean_word_list("Jansen\n\n  De Baas  \njansen") == "de baas\njansen"
    assert contains_blocked("meneer JANSEN weer", own) and contains_blocked("de baas!", own)
    assert not contains_blocked("Jansenlaan 4", own) and not contains_blocked("baas", own)


# --- pre-moderation ------------------------------------------------------------------------------------------------

def test_premoderated_tips_wait_for_approval_then_reach_the_wall(app, code, socket_user):
    projector, alice, bob = socket_user(), socket_user(), socket_user()
    projector.emit("screen", {"code": code, "key": screen_key(app, code)})
    token = alice.join(code)["participant"]["token"]
    bob.join(code)
    open_exercise(app, code, 0)
    factories.control(app, code, action="premoderate", on=True)
    first = alice.emit("tip", {"text": "Eerst luisteren"})
    second = alice.emit("tip", {"text": "Even naar buiten"})
    assert first["ok"] and first["tip"]["held"] is True  # the phone says "wacht op de trainer"
    assert bob.emit("upvote", {"tip_id": first["tip"]["id"], "on": True})["error"] == "unknown_tip"
    assert bob.join(code)["tips"] == {"index": 0, "total": 0, "tips": []}
    assert alice.join(code, token=token)["state"]["me"]["tips"] == [first["tip"]["id"], second["tip"]["id"]]
    state = factories.control(app, code, action="approve_tip", tip_id=first["tip"]["id"])
    assert state["current"] == 0
    wall = projector.wait_for("tips", lambda t: t["total"] == 1)
    assert [t["text"] for t in wall["tips"]] == ["Eerst luisteren"]
    factories.control(app, code, action="approve_all")
    projector.wait_for("tips", lambda t: t["total"] == 2)
    factories.control(app, code, action="premoderate", on=False)
    assert bob.emit("tip", {"text": "Ademhalen"})["tip"]["held"] is False


def test_the_control_page_sees_the_queue_and_hiding_a_held_entry_keeps_it_off_the_wall(app, code, socket_user):
    from workshop.engine import workshop_by_code
    from workshop.engine.views import moderation_message
    phone = socket_user()
    phone.join(code)
    open_exercise(app, code, 1)
    factories.control(app, code, action="premoderate", on=True)
    held = phone.emit("word", {"text": "Rust"})["word"]
    phone.emit("word", {"text": "Respect"})
    with app.app_context():
        queue = moderation_message(workshop_by_code(code))
    assert queue["premoderated"] is True and queue["held"] == 2
    assert {t["text"] for t in queue["tips"] if t["held"]} == {"Rust", "Respect"}
    factories.control(app, code, action="hide_tip", tip_id=held["id"])
    factories.control(app, code, action="approve_all")
    cloud = phone.wait_for("cloud", lambda c: c["total"] == 1)
    assert cloud["words"] == [{"text": "Respect", "count": 1}]
    with app.app_context():
        assert moderation_message(workshop_by_code(code))["held"] == 0


def test_premoderation_is_a_setting_of_the_whole_workshop(app, code, api, socket_user):
    """Switched on before any exercise (or during a case), it holds the tips, then the words, then the replies."""
    state = factories.control(app, code, action="premoderate", on=True)  # no current exercise yet
    assert state["premoderated"] is True and state["current"] is None
    assert api.get(f"/workshops/{code}").get_json()["premoderated"] is True
    phone = socket_user()
    phone.join(code)
    open_exercise(app, code, 0)
    assert phone.emit("tip", {"text": "Eerst luisteren"})["tip"]["held"] is True
    open_exercise(app, code, 1)
    assert phone.emit("word", {"text": "Rust"})["word"]["held"] is True
    factories.control(app, code, action="goto", index=3)
    assert factories.control(app, code, action="premoderate", on=True)["premoderated"] is True  # a case: still fine
    open_exercise(app, code, 2)
    reply = phone.emit("tip", {"text": "Ik hoor wat u zegt."})["tip"]
    assert reply["held"] is True
    factories.control(app, code, action="approve_all")  # what waits in the current exercise (the reply) only
    from workshop.engine import workshop_by_code
    from workshop.engine.views import moderation_message
    with app.app_context():
        assert moderation_message(workshop_by_code(code))["held"] == 0
    open_exercise(app, code, 1)
    with app.app_context():
        assert moderation_message(workshop_by_code(code))["held"] == 1  # the word still waits
    assert factories.control(app, code, action="premoderate", on=False)["premoderated"] is False
    response = api.post(f"/workshops/{code}/control", {"action": "premoderate", "on": "yes"})
    assert response.status_code == 400 and response.get_json()["error"] == "invalid"


# --- the word lists hold entries even without pre-moderation -------------------------------------------------------

def test_a_swear_word_is_held_for_review_without_premoderation(app, code, socket_user):
    projector, phone = socket_user(), socket_user()
    projector.emit("screen", {"code": code, "key": screen_key(app, code)})
    phone.join(code)
    open_exercise(app, code, 2)
    venting = phone.emit("tip", {"text": "Regels zijn regels, stomme klootzak."})
    assert venting["ok"] and venting["tip"]["held"] is True
    fine = phone.emit("tip", {"text": "Ik zie dat dit u raakt."})
    assert fine["tip"]["held"] is False
    wall = projector.wait_for("tips", lambda t: t["total"] == 1)
    assert [t["text"] for t in wall["tips"]] == ["Ik zie dat dit u raakt."]


def test_an_organisations_own_words_are_held_and_set_through_the_api(app, code, api, socket_user):
    assert api.get("/blocked-words").get_json() == {"words": []}
    response = api.client.put("/api/v1/blocked-words", json={"words": ["Jansen", "  ", "de Baas"]},
                              headers=api.headers)
    assert response.status_code == 200 and response.get_json() == {"words": ["de baas", "jansen"]}
    bad = api.client.put("/api/v1/blocked-words", json={"words": "Jansen"}, headers=api.headers)
    assert bad.status_code == 400 and bad.get_json()["error"] == "invalid_word_list"
    phone = socket_user()
    phone.join(code)
    open_exercise(app, code, 1)
    assert phone.emit("word", {"text": "JANSEN!"})["word"]["held"] is True
    assert phone.emit("word", {"text": "Jansenlaan"})["word"]["held"] is False


def test_the_settings_page_saves_the_organisations_words(app, client, auth, trainer):
    auth.login()
    page = client.get("/facilitator/blocked-words")
    assert page.status_code == 200 and "Woorden om na te kijken" in page.get_data(as_text=True)
    token = auth.csrf_token("/facilitator/blocked-words")
    saved = client.post("/facilitator/blocked-words", data={"words": "Jansen\nde Baas", "csrf_token": token},
                        follow_redirects=True)
    assert saved.status_code == 200 and "jansen" in saved.get_data(as_text=True)


def test_held_entries_stay_out_of_the_archive_until_approved(app, code, api, socket_user):
    phone = socket_user()
    phone.join(code)
    open_exercise(app, code, 0)
    factories.control(app, code, action="premoderate", on=True)
    tip = phone.emit("tip", {"text": "Even koffie halen"})["tip"]
    assert api.get("/archive?q=koffie").get_json()["total"] == 0
    factories.control(app, code, action="approve_tip", tip_id=tip["id"])
    found = api.get("/archive?q=koffie").get_json()
    assert found["total"] == 1 and found["tips"][0]["text"] == "Even koffie halen"


def test_replies_and_words_land_in_the_archive_with_their_question(app, code, api, socket_user):
    phone = socket_user()
    phone.join(code)
    open_exercise(app, code, 2)
    phone.emit("tip", {"text": "Ik hoor dat u teleurgesteld bent."})
    open_exercise(app, code, 1)
    phone.emit("word", {"text": "Geduld"})
    reply = api.get("/archive?q=teleurgesteld").get_json()["tips"][0]
    assert reply["exercise_id"] == RESPOND and reply["prompt"].startswith("Wat zeg jij nu tegen mevrouw Bakker")
    word = api.get(f"/archive?prompt={WORDS}").get_json()["tips"][0]
    assert word["text"] == "Geduld" and word["prompt"] == "Welk woord past bij een goed gesprek met een huurder?"


def test_words_in_the_archive_are_grouped_by_spelling(app, code, api, socket_user):
    phones = [socket_user() for _ in range(3)]
    for phone in phones:
        phone.join(code)
    open_exercise(app, code, 1)
    for phone, word in zip(phones, ("Luisteren", "luisteren!", "Geduld")):
        assert phone.emit("word", {"text": word})["ok"]
    tips = api.get(f"/archive?prompt={WORDS}").get_json()["tips"]
    groups = {t["text"]: t["group"] for t in tips}
    assert groups["Luisteren"] is not None and groups["Luisteren"] == groups["luisteren!"]
    assert groups["Geduld"] is None


def test_the_organisations_export_holds_its_own_words(app, api):
    api.client.put("/api/v1/blocked-words", json={"words": ["Jansen"]}, headers=api.headers)
    document = api.get("/organisation/export.json").get_json()
    assert document["organisation"]["blocked_words"] == ["jansen"]

"""The room (issue 10) in the engine: reveal steps, conceal, the presenter's notes, the closing recap, and a phone
that comes back to an ended workshop."""
from __future__ import annotations

import pytest

from exercises.kinds import kind_of
from tests import factories
from workshop import engine
from workshop.engine import EngineError, views
from workshop.models import db


@pytest.fixture
def code(app, trainer):
    return factories.make_workshop(app, trainer)


def control_error(app, code, **action) -> str:
    with app.app_context(), pytest.raises(EngineError) as caught:
        engine.control(engine.workshop_by_code(code), action)
    return caught.value.code


def phone(app, code, name=None):
    return factories.join(app, code, name=name)


def tip(app, participant, text):
    with app.app_context():
        data = engine.submit_tip(participant["participant"]["id"], text).data
        db.session.remove()
    return data["tip"]["id"]


def vote(app, participant, option):
    with app.app_context():
        engine.vote(participant["participant"]["id"], option)
        db.session.remove()


def case_exercise(state) -> dict:
    return state["exercises"][1]


def test_reveal_starts_at_the_first_option_and_steps_to_the_overview(app, code):
    factories.control(app, code, action="goto", index=1)
    factories.control(app, code, action="open")
    state = factories.control(app, code, action="reveal")
    assert case_exercise(state)["phase"] == "revealed" and case_exercise(state)["reveal_step"] == 1
    state = factories.control(app, code, action="reveal_step", step=3)
    assert case_exercise(state)["reveal_step"] == 3
    with app.app_context():
        workshop = engine.workshop_by_code(code)
        seen = views.participant_state(workshop)["exercise"]
        on_phones = views.participant_state(workshop, phones=True)["exercise"]
    assert seen["reveal_step"] == 3 and len(seen["revealed"]) == 5  # the projector has every explanation
    assert [r["best"] for r in seen["revealed"]] == [False, True, False, False, False]
    assert seen["summary"]
    # a phone: options 1..3 only, no intended-answer marker and no summary until the overview
    assert [r["id"] for r in on_phones["revealed"]] == ["a", "b", "c"]
    assert all("best" not in r for r in on_phones["revealed"]) and on_phones["summary"] is None
    assert case_exercise(factories.control(app, code, action="reveal_step", step=None))["reveal_step"] is None
    with app.app_context():
        overview = views.participant_state(engine.workshop_by_code(code), phones=True)["exercise"]
    assert len(overview["revealed"]) == 5 and [r["best"] for r in overview["revealed"]][1] is True
    assert overview["summary"]


def test_a_phone_sees_no_more_of_the_reveal_than_the_projector(app, code, socket_user):
    from tests.test_moderation import screen_key
    projector, watcher = socket_user(), socket_user()
    projector.emit("screen", {"code": code, "key": screen_key(app, code)})
    token = watcher.join(code)["participant"]["token"]
    factories.control(app, code, action="goto", index=1)
    factories.control(app, code, action="open")
    assert watcher.emit("vote", {"option": "d"})["ok"]
    factories.control(app, code, action="reveal")
    on_phone = watcher.wait_for("state", lambda p: p["exercise"]["reveal_step"] == 1)["exercise"]
    on_screen = projector.wait_for("state", lambda p: p["exercise"]["reveal_step"] == 1)["exercise"]
    assert [r["id"] for r in on_phone["revealed"]] == ["a"] and len(on_screen["revealed"]) == 5
    again = watcher.join(code, token=token)["state"]  # a phone that reloads: the same, its vote kept
    assert [r["id"] for r in again["exercise"]["revealed"]] == ["a"] and again["me"]["vote"] == "d"


def test_reveal_step_refuses_steps_that_do_not_exist_and_unrevealed_exercises(app, code):
    factories.control(app, code, action="goto", index=1)
    assert control_error(app, code, action="reveal_step", step=1) == "invalid_phase"
    factories.control(app, code, action="reveal")
    for step in (0, 6, "2", True, 1.0):
        assert control_error(app, code, action="reveal_step", step=step) == "invalid"
    assert control_error(app, code, action="reveal_step") == "invalid"
    factories.control(app, code, action="goto", index=0)
    assert control_error(app, code, action="reveal_step", step=1) == "wrong_kind"
    assert control_error(app, code, action="conceal") == "wrong_kind"


def test_conceal_takes_a_mistaken_reveal_back_and_voting_can_open_again(app, code):
    participant = phone(app, code)
    factories.control(app, code, action="goto", index=1)
    factories.control(app, code, action="reveal")  # clicked before the vote was opened
    state = factories.control(app, code, action="conceal")
    assert case_exercise(state)["phase"] == "closed" and case_exercise(state)["reveal_step"] is None
    with app.app_context():
        seen = views.participant_state(engine.workshop_by_code(code))["exercise"]
    assert seen["revealed"] is None and seen["summary"] is None
    assert case_exercise(factories.control(app, code, action="open"))["phase"] == "open"
    vote(app, participant, "b")
    assert control_error(app, code, action="conceal") == "invalid_phase"
    factories.control(app, code, action="reveal")
    assert case_exercise(factories.control(app, code, action="reveal"))["reveal_step"] == 1  # a second reveal keeps


def test_presenter_view_has_the_teaching_parts_and_phones_never_see_the_notes(app, code):
    with app.app_context():
        workshop = engine.workshop_by_code(code)
        run = workshop.runs[1]
        presenter = kind_of(run.kind).presenter_view(run.content)
        workshop.current_index = 1
        public = str(views.participant_state(workshop))
    assert presenter["notes"].startswith("Begin met de irritatie")
    assert presenter["summary"] and presenter["story"]
    assert [o["best"] for o in presenter["options"]] == [False, True, False, False, False]
    assert presenter["options"][0]["tag"] == "pitfall:cutting-off" and presenter["options"][0]["explanation"]
    assert "Begin met de irritatie" not in public and "Pitfall" not in public


def test_recap_has_top_tips_the_room_choice_beside_the_intended_answer(app, code):
    anna, ben, cas = phone(app, code), phone(app, code), phone(app, code)
    factories.control(app, code, action="goto", index=0)
    factories.control(app, code, action="open")
    popular = tip(app, anna, "Tot tien tellen")
    tip(app, ben, "Even koffie halen")
    hidden = tip(app, cas, "Flauwe grap")
    with app.app_context():
        engine.upvote(ben["participant"]["id"], popular, True)
        db.session.remove()
    factories.control(app, code, action="hide_tip", tip_id=hidden)
    factories.control(app, code, action="goto", index=1)
    factories.control(app, code, action="open")
    vote(app, anna, "d")
    vote(app, ben, "d")
    vote(app, cas, "b")
    state = factories.control(app, code, action="end")
    assert state["status"] == "ended"
    with app.app_context():
        recap = views.participant_state(engine.workshop_by_code(code))["recap"]
    tips_part, case_part = recap["exercises"]
    assert tips_part["kind"] == "tips" and tips_part["total"] == 2
    assert [t["text"] for t in tips_part["top"]] == ["Tot tien tellen", "Even koffie halen"]
    assert case_part["choice"]["id"] == "d" and case_part["choice"]["percentage"] == pytest.approx(66.7)
    assert case_part["best"]["id"] == "b" and case_part["best"]["tag"] == "handle:feeling"
    assert recap["handout"] is None
    assert recap["pages"] == 1 and recap["page"] == 1 and [p["page"] for p in recap["exercises"]] == [1, 1]


def test_the_recap_pages_fit_the_projector_with_the_before_after_first_and_the_clicker_turns_them(app, trainer):
    from workshop.engine.recap import LINES_PER_COLUMN, card_lines
    ids = ["zeker-slecht-nieuws-start", "fris-blijven", "vier-keer-bellen", "te-hoog-inkomen", "nee-zeggen",
           "zeg-nee-te-hoog-inkomen", "woord-goed-gesprek", "vier-handvatten-op-volgorde", "klap-in-twee-stappen",
           "gesprek-afronden", "traplift-afgewezen", "zeker-slecht-nieuws-eind"]
    code = factories.make_workshop(app, trainer, exercises=ids)
    assert control_error(app, code, action="recap_page", page=1) == "not_ended"
    for index in range(len(ids)):
        factories.control(app, code, action="goto", index=index)
        factories.control(app, code, action="open")
    state = factories.control(app, code, action="end")
    assert state["recap_pages"] >= 2 and state["recap_page"] == 1
    with app.app_context():
        recap = views.participant_state(engine.workshop_by_code(code))["recap"]
    parts = recap["exercises"]
    assert sorted(p["id"] for p in parts) == sorted(ids)  # every exercise, the order exercise too
    assert "before_mean" in parts[0] and parts[0]["page"] == 1  # the before/after leads
    for page in range(1, recap["pages"] + 1):
        lines = [card_lines(p) for p in parts if p["page"] == page]
        assert lines and sum(lines) <= 2 * LINES_PER_COLUMN + max(lines)  # two columns, none overfull
    last = state["recap_pages"]
    assert factories.control(app, code, action="recap_page", page=last)["recap_page"] == last
    with app.app_context():
        assert views.participant_state(engine.workshop_by_code(code))["recap_page"] == last
    assert control_error(app, code, action="recap_page", page=last + 1) == "bad_page"
    assert control_error(app, code, action="recap_page", page="2") == "invalid"
    assert control_error(app, code, action="open") == "ended"  # the one action an ended workshop takes


def test_a_phone_that_took_part_gets_back_into_an_ended_workshop_with_its_own_recap(app, code):
    anna = phone(app, code, name="Anna")
    factories.control(app, code, action="goto", index=0)
    factories.control(app, code, action="open")
    tip(app, anna, "Eerst luisteren")
    factories.control(app, code, action="goto", index=1)
    factories.control(app, code, action="open")
    vote(app, anna, "c")
    factories.control(app, code, action="end")
    again = factories.join(app, code, token=anna["participant"]["token"], name="Iemand anders")
    assert again["participant"]["id"] == anna["participant"]["id"] and again["participant"]["name"] == "Anna"
    assert again["state"]["workshop"]["status"] == "ended" and again["state"]["recap"]["exercises"]
    mine = again["state"]["me"]["recap"]
    assert mine[0]["tips"] == ["Eerst luisteren"]
    assert mine[1]["choice"] == {"id": "c", "text": mine[1]["choice"]["text"], "tag": "pitfall:giving-right",
                                 "best": False}
    with app.app_context(), pytest.raises(EngineError) as caught:
        engine.join(code, None, None)
    assert caught.value.code == "ended"
    with app.app_context(), pytest.raises(EngineError) as caught:
        engine.join(code, "a-token-nobody-had", None)
    assert caught.value.code == "ended"
    with app.app_context(), pytest.raises(EngineError) as caught:
        engine.submit_tip(anna["participant"]["id"], "Nog eentje")
    assert caught.value.code == "ended"


def test_the_recap_links_the_hand_out_once_the_trainer_shared_it(app, code):
    from workshop.archive import handout
    anna = phone(app, code)
    factories.control(app, code, action="goto", index=0)
    factories.control(app, code, action="open")
    tip(app, anna, "Glimlachen aan de telefoon")
    factories.control(app, code, action="end")
    with app.app_context():
        link = handout.share_handout(engine.workshop_by_code(code))
        token = link.token
        db.session.remove()
    again = factories.join(app, code, token=anna["participant"]["token"])
    assert again["state"]["recap"]["handout"] == f"/handout/{token}"
    assert [part["kind"] for part in again["state"]["recap"]["exercises"]] == ["tips"]  # the case never started


def test_the_control_page_blanks_the_projector_and_no_one_else_can(app, client, auth, code, socket_user):
    from workshop.engine import workshop_by_code
    with app.app_context():
        key = workshop_by_code(code).screen_key
    projector = socket_user()
    assert projector.emit("screen", {"code": code, "key": key})["ok"]
    stranger = socket_user()
    assert stranger.emit("blank", {"code": code, "on": True})["error"] == "unauthorized"
    auth.login()
    control_page = socket_user(client)
    assert control_page.emit("blank", {"code": code, "on": True}) == {"ok": True, "on": True}
    assert projector.wait_for("blank")["on"] is True
    assert control_page.emit("blank", {"code": code, "on": "yes"})["error"] == "invalid"
    assert control_page.emit("blank", {"code": code, "on": False})["on"] is False
    assert projector.wait_for("blank", lambda message: message["on"] is False)


def test_phone_and_projector_pages_carry_the_current_exercise_in_their_html(app, client, code):
    from workshop.engine import workshop_by_code
    assert 'data-option-id="b"' not in client.get(f"/j/{code}").get_data(as_text=True)  # nothing current yet
    factories.control(app, code, action="goto", index=1)
    factories.control(app, code, action="open")
    page = client.get(f"/j/{code}").get_data(as_text=True)
    assert 'data-option-id="b"' in page and "Familie Yilmaz woont al jaren te krap" in page
    assert 'id="waiting"' in page and 'data-testid="waiting" aria-labelledby="waiting-title" hidden' in page
    with app.app_context():
        key = workshop_by_code(code).screen_key
    screen = client.get(f"/screen/{code}?key={key}").get_data(as_text=True)
    assert 'data-mode="case" data-join="collapsed"' in screen and "Vier keer bellen voor één woning" in screen
    for html in (page, screen):
        assert "Begin met de irritatie" not in html  # the trainer's notes: never on these pages

"""Hand-counted fixtures for the organisation's insights: workshops with teams, dates, changed votes and a paired
scale, their follow-ups, and another organisation whose votes must never count (tests/test_insights*.py)."""
from __future__ import annotations

import contextlib
import os
from datetime import datetime

from flask_migrate import upgrade

from tests import factories
from workshop import create_app, engine
from workshop.models import Workshop, db

VKB, THI, TIPS = "vier-keer-bellen", "te-hoog-inkomen", "fris-blijven"
START, END = "zeker-slecht-nieuws-start", "zeker-slecht-nieuws-eind"


@contextlib.contextmanager
def organisation_app(data_dir, database_url: str | None = None):
    """An app on its own data dir (or database URL) for a whole test module: the fixtures are seeded once."""
    keys = ("KLANTWIJS_DATA_DIR", "KLANTWIJS_DATABASE_URL", "KLANTWIJS_SECRET_KEY", "KLANTWIJS_PUBLIC_URL",
            "KLANTWIJS_MESSAGE_QUEUE")
    saved = {key: os.environ.get(key) for key in keys}
    for key in keys:
        os.environ.pop(key, None)
    os.environ["KLANTWIJS_DATA_DIR"] = str(data_dir)
    if database_url:
        os.environ["KLANTWIJS_DATABASE_URL"] = database_url
    try:
        app = create_app({"TESTING": True, "ASYNC_MODE": "threading"})
        with app.app_context():
            upgrade()
        yield app
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def run_workshop(app, trainer, exercises, team, created: datetime, people: int, answers: dict,
                 phones: dict | None = None) -> str:
    """A workshop created at `created` (UTC) with `people` participants; answers: exercise index -> [(person,
    answer), ...] in the order given (a later answer of the same person replaces the earlier one). `phones`, when
    given, gets the participants' tokens under the workshop's code (a follow-up pairs by them)."""
    from workshop.models import Trainer
    with app.app_context():
        workshop = engine.create_workshop(db.session.get(Trainer, trainer.id), "Lastige gesprekken", list(exercises),
                                          app.extensions["klantwijs_library"], team=team)
        workshop.created = created
        db.session.commit()
        code = workshop.code
        db.session.remove()
    joined = [factories.join(app, code)["participant"] for _ in range(people)]
    ids = [participant["id"] for participant in joined]
    if phones is not None:
        phones[code] = [participant["token"] for participant in joined]
    for index, given in answers.items():
        factories.control(app, code, action="goto", index=index)
        factories.control(app, code, action="open")
        with app.app_context():
            for person, answer in given:
                engine.vote(ids[person], answer, event="rate" if isinstance(answer, int) else "vote")
            db.session.remove()
    return code


def seed(app, trainer, other_trainer, phones: dict | None = None) -> dict[str, str]:
    """The hand-counted organisation (see tests/test_insights.py for the counts)."""
    def run(*args):
        return run_workshop(*args, phones=phones)
    return {
        # Klantcontact, March: VKB b (a changed to b), c, b; THI e (best), d
        "w1": run(app, trainer, (VKB, THI), "Klantcontact", datetime(2026, 3, 10, 12), 3,
                  {0: [(0, "a"), (1, "c"), (2, "b"), (0, "b")], 1: [(0, "e"), (1, "d")]}),
        # Wijkbeheer, April: scale before 2, 3, 4; VKB a, a, d; scale after 4, 5 (person 2 left early)
        "w2": run(app, trainer, (START, VKB, END), "Wijkbeheer", datetime(2026, 4, 20, 9), 3,
                  {0: [(0, 2), (1, 3), (2, 4)], 1: [(0, "a"), (1, "a"), (2, "d")], 2: [(0, 4), (1, 5)]}),
        # No team; 31 March 23:30 UTC is 1 April 01:30 in Amsterdam
        "w3": run(app, trainer, (VKB,), None, datetime(2026, 3, 31, 23, 30), 1, {0: [(0, "e")]}),
        # Klantcontact, May: tips only, one participant, no counted vote
        "w5": run(app, trainer, (TIPS,), "Klantcontact", datetime(2026, 5, 2, 10), 1, {}),
        # Another organisation, same case and team name: never counts for the first
        "other": run(app, other_trainer, (VKB,), "Klantcontact", datetime(2026, 3, 12, 10), 2,
                     {0: [(0, "a"), (1, "a")]}),
    }


def post_answers(client, token: str, phone: str | None, answers: list[dict]) -> str:
    """One phone's follow-up answers in order (`phone`: its workshop token, or None for a newcomer); the phone's
    follow-up token."""
    for body in answers:
        response = client.post(f"/f/{token}/answer", json={"participant": phone} | body)
        assert response.status_code == 200, response.get_json()
        phone = response.get_json()["participant"]
    return phone


def make_followup(api, code: str, exercises: list[str]) -> str:
    response = api.post(f"/workshops/{code}/followup", {"exercises": exercises, "days": 14})
    assert response.status_code == 201, response.get_json()
    return response.get_json()["token"]


def seed_followups(app, trainer, other, codes: dict, phones: dict) -> None:
    """Hand-counted follow-ups of `seed`'s workshops (tests/test_insights_followup.py for the counts), answered
    through `POST /f/<token>/answer`; `phones` as `seed` filled it. Workshop votes: w1 VKB b, c, b and THI e, d;
    w2 VKB a, a, d and the closing scale 4, 5 (person 2 left early); the other organisation VKB a, a."""
    from tests.conftest import ApiActions
    client = app.test_client()
    api, other_api = ApiActions(client, trainer.token), ApiActions(client, other.token)
    w1, w2, far = (make_followup(api, codes["w1"], [VKB, THI]), make_followup(api, codes["w2"], [VKB, END]),
                   make_followup(other_api, codes["other"], [VKB]))
    one, two, theirs = phones[codes["w1"]], phones[codes["w2"]], phones[codes["other"]]
    # w1: person 0 (b in the room) answers a, then changes to b, and moves away from e to d in THI;
    # person 1 (c in the room) moves to b; a newcomer chooses c and e.
    post_answers(client, w1, one[0], [{"exercise": VKB, "option": "a"}, {"exercise": THI, "option": "d"},
                                      {"exercise": VKB, "option": "b"}])
    post_answers(client, w1, one[1], [{"exercise": VKB, "option": "b"}])
    post_answers(client, w1, None, [{"exercise": VKB, "option": "c"}, {"exercise": THI, "option": "e"}])
    # w2: person 0 (a, scale 4) moves to b and rates 5; person 2 (d, no closing rating) stays on d and rates 3;
    # a newcomer rates 2.
    post_answers(client, w2, two[0], [{"exercise": VKB, "option": "b"}, {"exercise": END, "value": 5}])
    post_answers(client, w2, two[2], [{"exercise": VKB, "option": "d"}, {"exercise": END, "value": 3}])
    post_answers(client, w2, None, [{"exercise": END, "value": 2}])
    # The other organisation: both its participants and a newcomer choose b. Never counted for the first.
    for phone in (theirs[0], theirs[1], None):
        post_answers(client, far, phone, [{"exercise": VKB, "option": "b"}])


def workshop_team(app, code: str) -> str | None:
    with app.app_context():
        team = db.session.query(Workshop.team).filter_by(code=code).scalar()
        db.session.remove()
    return team


def seed_a_year(app, trainer, seed: int = 7, phones: dict | None = None) -> None:
    """A livelier organisation for the page's browser test and the README's screenshot: six months, three teams and
    a workshop without one, each workshop a self-assessment before, two cases and the same question after; the
    share on the intended answer grows month by month. Deterministic. `phones`: as for run_workshop."""
    import random
    chance = random.Random(seed)
    teams = ("Klantcontact", "Wijkbeheer", "Nieuwe collega's", None)
    best_of = {VKB: "b", THI: "e"}
    pitfalls = {VKB: ("a", "c", "a"), THI: ("a", "c", "d", "d")}
    handles = {VKB: ("d", "e"), THI: ("b", "f")}
    for month in range(6):
        for number, team in enumerate(teams[:2] if month % 2 else teams[1:] if month == 4 else teams):
            people = 7 + chance.randrange(6)
            good = 0.25 + 0.08 * month + (0.1 if team == "Klantcontact" else 0)
            answers = {0: [(p, chance.choice((2, 2, 3, 3, 4))) for p in range(people)]}
            for index, case in ((1, VKB), (2, THI)):
                answers[index] = []
                for person in range(people):
                    roll = chance.random()
                    pick = (best_of[case] if roll < good else chance.choice(pitfalls[case])
                            if roll < good + 0.45 else chance.choice(handles[case]))
                    answers[index].append((person, pick))
            answers[3] = [(p, min(5, value + chance.choice((0, 1, 1, 2)))) for p, value in answers[0][:people - 1]]
            run_workshop(app, trainer, (START, VKB, THI, END), team, datetime(2026, 6 + month, 3 + 7 * number, 9),
                         people, answers, phones)


def answer_followups(app, phones: dict[str, list[str]], seed: int = 11) -> None:
    """A follow-up of every workshop in `phones` (its defaults: the cases and the closing question), answered through
    the follow-up's own service by about two of three participants with their workshop token and by one newcomer;
    at home more of them choose the intended answer. Deterministic."""
    import random

    from workshop.followup import service
    chance = random.Random(seed)
    best_of, others = {VKB: "b", THI: "e"}, {VKB: "acde", THI: "abcdf"}
    with app.app_context():
        library = app.extensions["klantwijs_library"]
        for code, tokens in phones.items():
            followup = service.create_followup(db.session.query(Workshop).filter_by(code=code).one(), None, 14,
                                               library)
            exercises = [exercise.exercise_id for exercise in followup.exercises]
            for phone in [token for token in tokens if chance.random() < 0.67] + [None]:
                for exercise_id in exercises:
                    body = ({"option": best_of[exercise_id] if chance.random() < 0.55
                             else chance.choice(others[exercise_id])} if exercise_id in best_of
                            else {"value": chance.choice((3, 4, 4, 5))})
                    phone = service.answer(followup, {"participant": phone, "exercise": exercise_id} | body)[
                        "participant"]
        db.session.remove()


@contextlib.contextmanager
def organisation_with_followups(data_dir, database_url: str | None = None):
    """The hand-counted organisation (`seed`) with its follow-ups (`seed_followups`) on a fresh database: yields
    (app, trainer, the other organisation's trainer)."""
    with organisation_app(data_dir, database_url) as app:
        trainer = factories.make_trainer(app)
        other = factories.make_trainer(app, email="trainer@anders.example", organisation="Andere Corporatie")
        phones: dict[str, list[str]] = {}
        codes = seed(app, trainer, other, phones)
        seed_followups(app, trainer, other, codes, phones)
        yield app, trainer, other

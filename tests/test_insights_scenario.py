"""Scenario votes in the organisation's insights (contract v3): a participant's last vote on each scene counts in
`votes`, `best_share`, `tags`, `months` and `teams`; `cases` lists case exercises only. Hand-counted below."""
from __future__ import annotations

from tests import factories
from workshop import engine
from workshop.models import db

SCENARIO = "scenario-nee-blijft-nee"  # derde-keer: a facts (best) -> rondje, b giving-right, c cutting-off
VKB = "vier-keer-bellen"  # a cutting-off, b feeling (best)


def vote(app, phone: dict, option: str) -> None:
    with app.app_context():
        engine.vote(phone["participant"]["id"], option)
        db.session.remove()


def test_scenario_votes_count_per_scene_beside_the_cases(app, api):
    created = api.post("/workshops", {"title": "Nee blijft nee", "exercises": [SCENARIO, VKB], "team": "Balie"})
    assert created.status_code == 201, created.get_json()
    code = created.get_json()["code"]
    phones = [factories.join(app, code) for _ in range(4)]

    factories.control(app, code, action="goto", index=0)
    factories.control(app, code, action="open")  # scene derde-keer
    for phone, option in zip(phones, "aabc"):
        vote(app, phone, option)
    vote(app, phones[3], "a")  # changed: only the last vote counts -> a, a, b, a
    factories.control(app, code, action="reveal")
    factories.control(app, code, action="follow", option=None)  # the majority, a: scene rondje
    factories.control(app, code, action="open")
    for phone, option in zip(phones, "abc"):  # a round-off (best), b explaining, c cutting-off; one phone abstains
        vote(app, phone, option)
    factories.control(app, code, action="goto", index=1)
    factories.control(app, code, action="open")  # the case
    vote(app, phones[0], "b")
    vote(app, phones[1], "a")

    response = api.get("/insights")
    assert response.status_code == 200, response.get_json()
    found = response.get_json()
    # 4 votes on derde-keer + 3 on rondje + 2 on the case; best: 3 + 1 + 1 of 9
    assert (found["workshops"], found["participants"], found["votes"], found["best_share"]) == (1, 4, 9, 0.556)
    assert {row["tag"]: row["votes"] for row in found["tags"]} == {
        "handle:facts": 3, "pitfall:cutting-off": 2, "pitfall:giving-right": 1, "handle:round-off": 1,
        "pitfall:explaining": 1, "handle:feeling": 1}
    assert [(case["exercise_id"], case["votes"]) for case in found["cases"]] == [(VKB, 2)]  # no scenario here
    assert found["teams"] == [{"team": "Balie", "workshops": 1, "votes": 9, "best_share": 0.556}]
    (month,) = found["months"]
    assert (month["votes"], month["best_share"], month["pitfall_share"]) == (9, 0.556, 0.444)  # 4 pitfall votes

    only_scenario = api.get(f"/insights?exercise={SCENARIO}").get_json()
    assert (only_scenario["votes"], only_scenario["best_share"], only_scenario["cases"]) == (7, 0.571, [])

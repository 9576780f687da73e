"""Near-duplicate grouping on realistic Dutch tips, and a trainer's curation: merge, split, star, hide, fix spelling."""
from __future__ import annotations

import itertools
import random

import pytest

from tests.archive_data import FRIS_BLIJVEN, NEE_ZEGGEN, groups_of
from tests.archive_helpers import other_trainer, workshop_with_tips
from tests.conftest import ApiActions
from workshop.archive.grouping import Item, group_tips
from workshop.engine import views
from workshop.engine.lookup import workshop_by_code
from workshop.models import db


def items_of(data, exercise="fris-blijven", start=1):
    return [Item(start + i, exercise, text) for i, (_label, text) in enumerate(data)]


def found_groups(items, groups) -> list[set[str]]:
    by_group: dict = {}
    for item in items:
        by_group.setdefault(groups[item.id] or ("alone", item.id), set()).add(item.text)
    return list(by_group.values())


def pairwise(data, groups_by_text) -> tuple[float, float]:
    """Precision and recall over all pairs of tips: grouped together by us versus by a trainer."""
    tp = fp = fn = 0
    for (label_a, a), (label_b, b) in itertools.combinations(data, 2):
        expected = label_a is not None and label_a == label_b
        got = groups_by_text[a] is not None and groups_by_text[a] == groups_by_text[b]
        tp, fp, fn = tp + (expected and got), fp + (got and not expected), fn + (expected and not got)
    return tp / (tp + fp), tp / (tp + fn)


def test_the_data_set_is_realistic_and_large_enough():
    assert len(FRIS_BLIJVEN) >= 60
    assert len(groups_of(FRIS_BLIJVEN)) >= 12
    assert len({text for _label, text in FRIS_BLIJVEN}) == len(FRIS_BLIJVEN)


@pytest.mark.parametrize("data", [FRIS_BLIJVEN, NEE_ZEGGEN], ids=["fris-blijven", "nee-zeggen"])
def test_grouping_matches_what_a_trainer_would_group(data):
    items = items_of(data)
    groups = group_tips(items)
    by_text = {item.text: groups[item.id] for item in items}
    precision, recall = pairwise(data, by_text)
    assert precision == 1.0, "tips that mean different things were grouped"
    assert recall >= 0.9
    # the issue's own example, and look-alikes that mean something else
    assert by_text.get("Top 10 tellen", 0) == by_text.get("tot tien tellen", 0) == by_text.get("10 tellen!", 0)
    if data is FRIS_BLIJVEN:
        assert by_text["Top 10 tellen"] is not None
        assert by_text["Even koffie halen!"] == by_text["Ff koffie halen"] == by_text["Kopje koffie halen"]
        assert by_text["Even koffie halen!"] != by_text["Bezoeker eerst koffie of thee aanbieden"]
        assert by_text["Naar het café om de hoek"] == by_text["Naar het cafe om de hoek!"]
        assert by_text["Zeg wat je doet en doe wat je zegt"] == by_text["Doe wat je zegt, zeg wat je doet!"]
        assert by_text["Luisteren naar wat de klant echt bedoelt"] is None
        assert by_text["Muziek luisteren in de pauze"] is None
        expected_tellen = {t for label, t in FRIS_BLIJVEN if label == "tellen"}
        assert expected_tellen in found_groups(items, groups)


def test_grouping_is_deterministic_whatever_the_input_order():
    items = items_of(FRIS_BLIJVEN)
    expected = group_tips(items)
    shuffled = list(items)
    for seed in range(5):
        random.Random(seed).shuffle(shuffled)
        assert group_tips(list(shuffled)) == expected
    assert all(group is None or group == min(i for i, g in expected.items() if g == group)
               for group in expected.values()), "a group's id is its lowest tip id"


def test_tips_of_different_prompts_are_never_grouped():
    items = [Item(1, "fris-blijven", "Tot tien tellen"), Item(2, "na-een-lastig-gesprek", "Tot tien tellen")]
    assert group_tips(items) == {1: None, 2: None}


def test_hand_made_groups_are_kept_and_filled_automatically():
    items = [Item(1, "x", "Even koffie halen"), Item(2, "x", "Een bakkie doen", manual_group=7),
             Item(3, "x", "Theepauze", manual_group=7), Item(4, "x", "koffie halen!"),
             Item(5, "x", "Tot tien tellen", solo=True), Item(6, "x", "tot 10 tellen"), Item(7, "x", "10 tellen")]
    groups = group_tips(items)
    assert groups[2] == groups[3] == 2  # merged by hand although they do not look alike
    assert groups[1] == groups[4] == 1  # automatic
    assert groups[5] is None  # split out by hand: stays alone
    assert groups[6] == groups[7] == 6


def test_merge_split_and_automatic_again_through_the_api(app, api, trainer):
    _code, ids = workshop_with_tips(app, trainer, ["Tot tien tellen", "tot 10 tellen!", "Even koffie halen",
                                                   "Een bakkie doen", "Diep ademhalen"])
    group = lambda: {t["id"]: t["group"] for t in api.get("/archive").get_json()["tips"]}  # noqa: E731
    before = group()
    assert before[ids[0]] == before[ids[1]] == ids[0]
    assert before[ids[2]] is None and before[ids[3]] is None

    merged = api.post("/archive/curate", {"action": "merge", "tip_ids": [ids[2], ids[3]]})
    assert merged.status_code == 200 and merged.get_json()["group"] == ids[2]
    after = group()
    assert after[ids[2]] == after[ids[3]] == ids[2]

    # merging a tip into an existing group takes the whole group along
    api.post("/archive/curate", {"action": "merge", "tip_ids": [ids[4], ids[3]]})
    after = group()
    assert after[ids[2]] == after[ids[3]] == after[ids[4]] == ids[2]

    api.post("/archive/curate", {"action": "split", "tip_id": ids[1]})
    after = group()
    assert after[ids[0]] is None and after[ids[1]] is None
    # a new look-alike joins neither the split-out tip nor makes it a group again
    _code2, new = workshop_with_tips(app, trainer, ["tot tien tellen"])
    after = group()
    assert after[ids[1]] is None and after[new[0]] == ids[0]

    api.post("/archive/curate", {"action": "auto", "tip_id": ids[1]})
    after = group()
    assert after[ids[0]] == after[ids[1]] == after[new[0]] == ids[0]


def test_merge_refuses_tips_of_different_prompts_and_nonsense(app, api, trainer):
    _c, fresh = workshop_with_tips(app, trainer, ["Koffie halen"])
    _c, no = workshop_with_tips(app, trainer, ["Helaas niet"], exercises=("nee-zeggen",))
    response = api.post("/archive/curate", {"action": "merge", "tip_ids": [fresh[0], no[0]]})
    assert response.status_code == 400 and response.get_json()["error"] == "mixed_prompts"
    for body, error in (({"action": "merge", "tip_ids": [fresh[0]]}, "invalid"),
                        ({"action": "merge", "tip_ids": "1,2"}, "invalid"),
                        ({"action": "star", "tip_id": "1"}, "invalid"),
                        ({"action": "fly", "tip_id": fresh[0]}, "unknown_action"),
                        ({"tip_id": fresh[0]}, "invalid")):
        response = api.post("/archive/curate", body)
        assert response.status_code == 400 and response.get_json()["error"] == error, body
    assert api.post("/archive/curate", {"action": "star", "tip_id": 999999}).status_code == 404


def test_star_hide_and_fix_spelling_keep_the_original(app, api, trainer):
    code, ids = workshop_with_tips(app, trainer, ["tot tien telen", "Vakantie!!!"])
    assert api.post("/archive/curate", {"action": "star", "tip_id": ids[0]}).status_code == 200
    assert api.post("/archive/curate", {"action": "edit", "tip_id": ids[0],
                                        "text": "  Tot tien   tellen "}).get_json()["curated_text"] == "Tot tien tellen"
    assert api.post("/archive/curate", {"action": "hide", "tip_id": ids[1]}).status_code == 200
    tips = {t["id"]: t for t in api.get("/archive").get_json()["tips"]}
    assert tips[ids[0]]["text"] == "tot tien telen" and tips[ids[0]]["curated_text"] == "Tot tien tellen"
    assert tips[ids[0]]["starred"] is True and tips[ids[1]]["hidden"] is True
    # the results document still has what the participant wrote
    results = api.get(f"/workshops/{code}/results").get_json()
    assert {t["text"] for t in results["exercises"][0]["tips"]} == {"tot tien telen", "Vakantie!!!"}
    # hiding in the archive hides on the projector of a live workshop too
    with app.app_context():
        wall = views.tips_message(workshop_by_code(code))
        assert [t["id"] for t in wall["tips"]] == [ids[0]]
        db.session.remove()
    # an empty correction goes back to the original; too long is refused
    api.post("/archive/curate", {"action": "edit", "tip_id": ids[0], "text": ""})
    assert {t["id"]: t for t in api.get("/archive").get_json()["tips"]}[ids[0]]["curated_text"] is None
    assert api.post("/archive/curate", {"action": "edit", "tip_id": ids[0],
                                        "text": "x" * 281}).get_json()["error"] == "too_long"
    api.post("/archive/curate", {"action": "unstar", "tip_id": ids[0]})
    api.post("/archive/curate", {"action": "show", "tip_id": ids[1]})
    tips = {t["id"]: t for t in api.get("/archive").get_json()["tips"]}
    assert tips[ids[0]]["starred"] is False and tips[ids[1]]["hidden"] is False


def test_curation_of_another_organisations_tips_is_404(app, api, trainer, client):
    _code, ids = workshop_with_tips(app, trainer, ["Onze tip", "Nog een tip"])
    stranger = ApiActions(client, other_trainer(app).token)
    for body in ({"action": "star", "tip_id": ids[0]}, {"action": "hide", "tip_id": ids[0]},
                 {"action": "edit", "tip_id": ids[0], "text": "gekaapt"}, {"action": "split", "tip_id": ids[0]},
                 {"action": "merge", "tip_ids": ids}):
        response = stranger.post("/archive/curate", body)
        assert response.status_code == 404 and response.get_json()["error"] == "not_found"
    tip = {t["id"]: t for t in api.get("/archive").get_json()["tips"]}[ids[0]]
    assert tip["curated_text"] is None and tip["starred"] is False and tip["hidden"] is False


def test_curation_through_the_archive_page(app, trainer, auth, client):
    _code, ids = workshop_with_tips(app, trainer, ["Koffie haalen", "Even een bakkie doen", "Koffie halen!"])
    auth.login()
    token = auth.csrf_token("/facilitator/archive")
    post = lambda **data: client.post("/facilitator/archive/curate",  # noqa: E731
                                      data={"csrf_token": token, "next": "/facilitator/archive?q=koffie", **data})
    response = post(action="edit", tip_id=ids[0], text="Koffie halen")
    assert response.status_code == 302 and response.headers["Location"].startswith("/facilitator/archive?q=koffie")
    post(action="star", tip_id=ids[0])
    response = client.post("/facilitator/archive/curate", data={
        "csrf_token": token, "action": "merge", "tip_ids": [str(ids[1]), str(ids[2])]})
    assert response.status_code == 302
    page = client.get("/facilitator/archive").get_data(as_text=True)
    assert "Koffie halen" in page and "Oorspronkelijk:" in page and "Koffie haalen" in page
    assert "Groep van 3 vergelijkbare tips" in page
    # a form without the CSRF token is refused
    assert client.post("/facilitator/archive/curate", data={"action": "star", "tip_id": ids[1]}).status_code == 400
    # one tip is not enough to merge
    response = client.post("/facilitator/archive/curate", data={"csrf_token": token, "action": "merge",
                                                                "tip_ids": [str(ids[1])]}, follow_redirects=True)
    assert "Kies minstens twee tips" in response.get_data(as_text=True)


@pytest.mark.parametrize("data", [FRIS_BLIJVEN, NEE_ZEGGEN], ids=["fris-blijven", "nee-zeggen"])
def test_tips_grouped_as_they_arrive_get_the_same_groups_and_quality_as_grouping_all_at_once(app, api, trainer, data):
    """The archive places each new tip among its question's stored groups (incrementally, as phones send them);
    that must give the very groups that grouping the whole question at once gives, with the same quality."""
    exercise = "fris-blijven" if data is FRIS_BLIJVEN else "nee-zeggen"
    texts = [text for _label, text in data]
    code, ids = workshop_with_tips(app, trainer, texts[:10], exercises=(exercise,))
    api.get("/archive?limit=1")  # the first ten are indexed; the rest arrive in small batches, synced in between
    from tests.archive_helpers import add_tips
    for start in range(10, len(texts), 7):
        ids += add_tips(app, code, texts[start:start + 7])
        api.get("/archive?limit=1")
    stored = {tip["id"]: tip["group"] for tip in api.get("/archive?limit=1000").get_json()["tips"]}
    at_once = group_tips(Item(tip_id, exercise, text) for tip_id, text in zip(ids, texts))
    assert stored == {tip_id: at_once[tip_id] for tip_id in ids}
    precision, recall = pairwise(data, {text: stored[tip_id] for tip_id, text in zip(ids, texts)})
    assert precision == 1.0 and recall >= 0.9

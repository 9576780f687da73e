"""Order with decoys (contract v3): an item with position 0 does not belong. The schema's rules, the `order` event
(any non-empty list of distinct items with decoys, a permutation without), the tally (`left_out`, `mean_position`
over those who placed an item, `exact`), the reveal, the results, the exports and the hand-out."""
from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook

from exercises.kinds import validate_document
from tests import factories

HANDLES, DECOY = "vier-handvatten-op-volgorde", "lokzin"
INTENDED = ["gevoel", "feiten", "mogelijk", "afronden"]


def an_order(*positions: int) -> dict:
    return {"kind": "order", "title": "Volgorde", "story": "Een verhaal.", "question": "Welke volgorde?",
            "items": [{"id": f"i{n}", "text": f"Zin {n}", "position": position, "explanation": f"Omdat {n}."}
                      for n, position in enumerate(positions, start=1)]}


def problems(app, document) -> set[tuple[str, str]]:
    with app.test_request_context("/"):
        return {(p.field, str(p.message)) for p in validate_document(document)[1]}


def test_a_decoy_has_position_0_and_the_others_run_from_1_without_a_gap(app):
    assert problems(app, an_order(1, 0, 2)) == set()
    assert problems(app, an_order(2, 0, 1, 0)) == set()  # two decoys, the others 1..2 in any listing order
    assert ("items[3].position", "moet tussen 1 en 2 liggen (het aantal onderdelen dat erin hoort; 0 voor een "
            "onderdeel dat er niet in hoort)") in problems(app, an_order(1, 0, 3))  # a gap: 2 is missing
    assert ("items[3].position", "plaats 1 komt twee keer voor") in problems(app, an_order(1, 0, 1))
    only_one = problems(app, an_order(1, 0, 0))
    assert any(field == "items" and "minstens twee" in message for field, message in only_one)
    assert ("items[2].position", "moet tussen 0 en 8 liggen") in problems(app, an_order(1, -1, 2))


def test_the_library_order_exercises_with_decoys_pass_the_check(runner):
    result = runner.invoke(args=["exercises", "check"])
    assert result.exit_code == 0, result.output


@pytest.fixture
def code(app, trainer):
    return factories.make_workshop(app, trainer, exercises=(HANDLES,))


def open_it(app, code):
    factories.control(app, code, action="goto", index=0)
    factories.control(app, code, action="open")


def test_phones_may_leave_items_out_and_the_tally_counts_it(app, code, socket_user):
    phones = [socket_user() for _ in range(4)]
    for phone in phones:
        phone.join(code)
    open_it(app, code)
    state = phones[0].wait_for("state", lambda s: s["exercise"] and s["exercise"]["phase"] == "open")["exercise"]
    assert state["leave_out"] is True and DECOY in [i["id"] for i in state["items"]]
    assert "position" not in state["items"][0] and state["revealed"] is None  # what is a decoy stays secret
    assert phones[0].emit("order", {"items": INTENDED}) == {"ok": True}  # exactly right: the decoy left out
    assert phones[1].emit("order", {"items": ["gevoel", DECOY, "feiten", "mogelijk", "afronden"]}) == {"ok": True}
    assert phones[2].emit("order", {"items": ["feiten", "gevoel"]}) == {"ok": True}  # two placed, three left out
    assert phones[3].emit("order", {"items": INTENDED[:3]}) == {"ok": True}
    with app.app_context():
        from exercises.kinds import kind_of
        from workshop.engine import workshop_by_code
        figures = kind_of("order").tally(workshop_by_code(code).runs[0])
    assert figures["total"] == 4 and figures["exact"] == 1
    assert figures["left_out"] == {"gevoel": 0, "feiten": 0, "mogelijk": 1, "afronden": 2, DECOY: 3}
    # the average place among those who placed the item: 1, 1, 2, 1 for gevoel; 2, 3, 1, 2 for feiten ...
    assert figures["mean_position"] == {"gevoel": 1.25, "feiten": 2.0, "mogelijk": 3.33, "afronden": 4.5,
                                        DECOY: 2.0}


@pytest.mark.parametrize("items", [[], ["gevoel", "gevoel"], ["gevoel", "onbekend"], "gevoel", [1], None,
                                   ["gevoel", None]])
def test_with_decoys_an_empty_list_a_repeat_or_an_unknown_item_is_invalid(app, code, socket_user, items):
    phone = socket_user()
    phone.join(code)
    open_it(app, code)
    assert phone.emit("order", {"items": items})["error"] == "invalid"


def test_without_decoys_the_order_stays_a_permutation_of_every_item(app, api, trainer, socket_user):
    created = api.post("/exercises", an_order(1, 2, 3))
    assert created.status_code == 201, created.get_json()
    code = api.create_workshop([created.get_json()["id"]])["code"]
    phone = socket_user()
    phone.join(code)
    open_it(app, code)
    state = phone.wait_for("state", lambda s: s["exercise"] and s["exercise"]["phase"] == "open")["exercise"]
    assert state["leave_out"] is False
    assert phone.emit("order", {"items": ["i1", "i2"]})["error"] == "invalid"
    assert phone.emit("order", {"items": ["i2", "i1", "i3"]}) == {"ok": True}


def test_the_reveal_results_exports_and_handout_carry_the_decoys(app, code, socket_user, api, client):
    phones = [socket_user() for _ in range(2)]
    for phone in phones:
        phone.join(code)
    open_it(app, code)
    phones[0].emit("order", {"items": INTENDED})
    phones[1].emit("order", {"items": [DECOY, "gevoel"]})
    factories.control(app, code, action="reveal")
    revealed = phones[0].wait_for("state", lambda s: s["exercise"]["phase"] == "revealed")["exercise"]["revealed"]
    assert [(r["id"], r["position"]) for r in revealed] == [(i, n) for n, i in enumerate(INTENDED, 1)] + [(DECOY, 0)]
    assert revealed[-1]["explanation"].startswith("Hoort er niet in")

    results = api.get(f"/workshops/{code}/results").get_json()["exercises"][0]
    assert results["intended"] == INTENDED and results["exact"] == 1
    decoy = next(item for item in results["items"] if item["id"] == DECOY)
    assert decoy["position"] == 0 and decoy["decoy"] is True and decoy["left_out"] == 1

    csv = api.get(f"/workshops/{code}/export.csv").get_data().decode("utf-8-sig")
    header, *rows = csv.splitlines()
    columns = header.split(";")
    assert "Weggelaten" in columns
    rows = [dict(zip(columns, row.split(";"))) for row in rows]
    by_id = {row["Id"]: row for row in rows}
    assert by_id[DECOY]["Label"] == "Hoort er niet in" and by_id[DECOY]["Bedoelde plaats"] == "0"
    assert by_id[DECOY]["Weggelaten"] == "1" and by_id["afronden"]["Weggelaten"] == "1"
    assert by_id["gevoel"]["Weggelaten"] == "0" and by_id["gevoel"]["Label"] == ""
    document = api.get(f"/workshops/{code}/export.json").get_json()
    item = next(i for i in document["exercises"][0]["items"] if i["id"] == DECOY)
    assert item["left_out"] == 1 and item["position"] == 0
    book = load_workbook(io.BytesIO(api.get(f"/workshops/{code}/export.xlsx").get_data()))
    cells = [str(c.value) for sheet in book for row in sheet.iter_rows() for c in row if c.value is not None]
    assert "Weggelaten" in cells and "Hoort er niet in" in cells

    url = api.post(f"/workshops/{code}/handout", {"shared": True}).get_json()["url"]
    page = client.get(url.replace("http://localhost", "")).get_data(as_text=True)
    lesson = page[page.index('data-testid="handout-lesson"'):]
    assert "Volgorde" in lesson and "lesson-option decoy" in lesson
    decoy_item = re.search(r'<li class="lesson-option decoy[^"]*">(.*?)</li>', lesson, re.S).group(1)
    assert "–." in decoy_item and "Hoort er niet in" in decoy_item


def test_the_trainer_sees_the_intended_order_and_the_decoys_before_the_reveal(app):
    from exercises.kinds import kind_of
    from tests.test_library_content import read_library
    view = kind_of("order").presenter_view(read_library()[HANDLES])
    assert [o["id"] for o in view["options"]] == ["1", "2", "3", "4", "✕"]
    assert view["options"][-1]["explanation"].startswith("Hoort er niet in") and view["notes"]


def test_the_library_page_lists_decoys_apart_and_cases_with_their_reactions(client, auth, trainer):
    auth.login()
    orders = client.get("/facilitator/exercises?kind=order").get_data(as_text=True)
    handles = orders[orders.index("Vier handvatten op volgorde"):]
    intended, decoys = handles.split("<h3>Hoort er niet in</h3>", 1)
    assert "Eerlijk is eerlijk, ik snap zelf ook niet" in decoys[:decoys.index("</ul>")]
    assert "Eerlijk is eerlijk, ik snap zelf ook niet" not in intended
    cases = client.get("/facilitator/exercises?kind=case").get_data(as_text=True)
    assert cases.count('<p class="reaction">') >= 3 * cases.count('class="preview-options"')

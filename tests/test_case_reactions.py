"""The tenant's reaction on a case option and the new tags (contract v3): after the reveal every `revealed` entry
carries `reaction` (null when the option has none); the results, the CSV/XLSX/JSON exports and the hand-out carry
the reactions; the new tags are accepted on options and on replies (`tag_tip`) and exported by their Dutch labels."""
from __future__ import annotations

import io

from openpyxl import load_workbook

from exercises.kinds import OPTION_TAGS, tag_labels
from tests.test_api_exercises import a_case

NEW_TAGS = ("attention:first", "boundary:limit", "apology:sincere")


def a_case_with_reactions() -> dict:
    document = a_case()
    document["options"][0] |= {"reaction": "Dus u weet het en u doet er niets aan?"}
    document["options"][2] |= {"reaction": "Ik hoef geen uitleg, ik wil een keuken!", "tag": "apology:sincere"}
    document["options"].append({"id": "d", "text": "Eerst even: hoe gaat het nu met u?", "tag": "attention:first",
                                "explanation": "Aandacht voor de mens.", "reaction": "(Ze zucht.) Nou, niet best."})
    return document


def start(api, socket_user):
    created = api.post("/exercises", a_case_with_reactions())
    assert created.status_code == 201, created.get_json()
    code = api.create_workshop([created.get_json()["id"]])["code"]
    phones = [socket_user() for _ in range(2)]
    for phone in phones:
        phone.join(code)
    api.control(code, action="goto", index=0)
    api.control(code, action="open")
    assert phones[0].emit("vote", {"option": "a"}) == {"ok": True}
    assert phones[1].emit("vote", {"option": "b"}) == {"ok": True}
    return code, phones


def test_the_new_tags_have_dutch_and_english_labels(app):
    assert set(NEW_TAGS) <= set(OPTION_TAGS)
    with app.test_request_context("/"):
        dutch = tag_labels()
    with app.test_request_context("/?lang=en"):
        from flask_babel import refresh
        refresh()
        english = tag_labels()
    for tag in NEW_TAGS:
        assert dutch[tag] and english[tag] and dutch[tag] != english[tag], tag


def test_revealed_entries_carry_the_reaction_or_null(api, socket_user):
    code, phones = start(api, socket_user)
    open_state = phones[0].wait_for("state", lambda s: s["exercise"] and s["exercise"]["phase"] == "open")
    assert open_state["exercise"]["revealed"] is None
    assert "reaction" not in open_state["exercise"]["options"][0]  # nothing of the reveal before it
    api.control(code, action="reveal")
    step_one = phones[1].wait_for("state", lambda s: s["exercise"]["phase"] == "revealed")["exercise"]
    assert [entry["id"] for entry in step_one["revealed"]] == ["a"]  # a phone is never ahead of the projector
    assert step_one["revealed"][0]["reaction"] == "Dus u weet het en u doet er niets aan?"
    api.control(code, action="reveal_step", step=None)  # the overview: every option's entry
    exercise = phones[1].wait_for("state", lambda s: s["exercise"]["reveal_step"] is None
                                  and len(s["exercise"]["revealed"] or []) == 4)["exercise"]
    reactions = {entry["id"]: entry["reaction"] for entry in exercise["revealed"]}
    assert reactions == {"a": "Dus u weet het en u doet er niets aan?", "b": None,
                         "c": "Ik hoef geen uitleg, ik wil een keuken!", "d": "(Ze zucht.) Nou, niet best."}
    assert {entry["id"]: entry["tag"] for entry in exercise["revealed"]}["d"] == "attention:first"
    options = api.get(f"/workshops/{code}/results").get_json()["exercises"][0]["options"]
    assert [o["reaction"] for o in options][:2] == ["Dus u weet het en u doet er niets aan?", None]


def test_exports_and_the_handout_carry_reactions_and_new_tag_labels(api, socket_user, client):
    code, _phones = start(api, socket_user)
    api.control(code, action="reveal")
    labels = tag_labels()
    csv = api.get(f"/workshops/{code}/export.csv").get_data().decode("utf-8-sig")
    header, *rows = csv.splitlines()
    columns = header.split(";")
    assert "Reactie huurder" in columns
    by_id = {row["Id"]: row for row in (dict(zip(columns, line.split(";"))) for line in rows)}
    assert by_id["a"]["Reactie huurder"] == "Dus u weet het en u doet er niets aan?"
    assert by_id["b"]["Reactie huurder"] == ""
    assert by_id["d"]["Label"] == labels["attention:first"] == "Aandacht: eerst de mens, dan de procedure"
    assert by_id["c"]["Label"] == "Excuus: oprecht excuus waar wij tekortschoten"
    document = api.get(f"/workshops/{code}/export.json").get_json()
    option = document["exercises"][0]["options"][3]
    assert option["reaction"] == "(Ze zucht.) Nou, niet best." and option["tag"] == "attention:first"
    book = load_workbook(io.BytesIO(api.get(f"/workshops/{code}/export.xlsx").get_data()))
    cells = [str(c.value) for sheet in book for row in sheet.iter_rows() for c in row if c.value is not None]
    assert "Reactie huurder" in cells and "Ik hoef geen uitleg, ik wil een keuken!" in cells
    assert "Excuus: oprecht excuus waar wij tekortschoten" in cells

    url = api.post(f"/workshops/{code}/handout", {"shared": True}).get_json()["url"]
    page = client.get(url.replace("http://localhost", "")).get_data(as_text=True)
    assert page.count('data-testid="handout-reaction"') == 3
    assert "Ik hoef geen uitleg, ik wil een keuken!" in page and "Aandacht: eerst de mens, dan de procedure" in page


def test_replies_take_the_new_tags_and_export_their_labels(api, socket_user):
    code = api.create_workshop([_respond_id(api)])["code"]
    phone = socket_user()
    phone.join(code)
    api.control(code, action="goto", index=0)
    api.control(code, action="open")
    replies = [phone.emit("tip", {"text": text})["tip"] for text in (
        "Het spijt me echt, dit had niet mogen gebeuren.", "Als u blijft schelden, stop ik dit gesprek.",
        "Gaat u eerst even zitten; hoe is het met u?")]
    for reply, tag in zip(replies, ("apology:sincere", "boundary:limit", "attention:first"), strict=True):
        assert api.control(code, action="tag_tip", tip_id=reply["id"], tag=tag)
    api.control(code, action="reveal")
    tagged = phone.wait_for("tips", lambda t: t["tips"] and all(tip.get("tag") for tip in t["tips"]))
    assert {tip["tag"] for tip in tagged["tips"]} == set(NEW_TAGS)
    csv = api.get(f"/workshops/{code}/export.csv").get_data().decode("utf-8-sig")
    for label in ("Excuus: oprecht excuus waar wij tekortschoten", "Grens: een grens stellen",
                  "Aandacht: eerst de mens, dan de procedure"):
        assert label in csv
    assert "boundary:limit" not in csv  # people read labels; the JSON keeps the codes
    document = api.get(f"/workshops/{code}/export.json").get_json()
    assert {tip["tag"] for tip in document["exercises"][0]["tips"]} == set(NEW_TAGS)


def _respond_id(api) -> str:
    return next(e["id"] for e in api.get("/exercises").get_json() if e["kind"] == "respond")


def test_every_tag_family_has_a_colour_that_white_text_reads_on_also_in_greyscale():
    """Each family (the part before the colon) has its chip colour in base.css, the border colour of a revealed
    option on the projector and in the presenter view; white text on it keeps WCAG AA (4.5:1). The contrast ratio
    rests on luminance alone, so it is the same in greyscale; the chip always carries the label's words too."""
    import re
    from pathlib import Path

    static = Path(__file__).resolve().parent.parent / "static" / "css"
    base = (static / "base.css").read_text()
    colours = dict(re.findall(r"--([a-z-]+):\s*(#[0-9a-f]{6})", base))

    def luminance(hex_colour: str) -> float:
        channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    for family in sorted({tag.split(":")[0] for tag in OPTION_TAGS} - {"other"}):
        chip = re.search(rf"\.tag-{family} \{{ background: var\(--([a-z-]+)\); \}}", base)
        assert chip, family
        colour = colours[chip.group(1)]
        assert 1.05 / (luminance(colour) + 0.05) >= 4.5, (family, colour)
        for page in ("screen.css", "control.css"):
            assert f".is-{family}" in (static / page).read_text(), (family, page)

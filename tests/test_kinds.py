"""The exercise schema: every field rule, the same problems (field and Dutch message) from a TOML file
(`exercises check`), from the API (JSON) and from `validate_document` (what the editor shows)."""
from __future__ import annotations

import pytest

from exercises.kinds import KINDS, Phase, kind_of, validate_document
from exercises.library import check_file
from exercises.tomlfile import to_toml
from tests.test_api_exercises import a_case


def a_tips(**changes) -> dict:
    return {"kind": "tips", "title": "Fris blijven", "prompt": "Hoe blijf jij fris?"} | changes


def with_option(number: int, **changes) -> dict:
    document = a_case()
    document["options"][number - 1] = document["options"][number - 1] | changes
    return document


# (document, field, message): one rule each
RULES = [
    (a_tips(title=""), "title", "moet een niet-lege tekst zijn"),
    (a_tips(title="   "), "title", "moet een niet-lege tekst zijn"),
    (a_tips(title="x" * 81), "title", "is 81 tekens; maximaal 80"),
    (a_tips(title=5), "title", "moet een niet-lege tekst zijn"),
    ({"kind": "tips", "prompt": "Vraag?"}, "title", "ontbreekt"),
    (a_tips(prompt="y" * 301), "prompt", "is 301 tekens; maximaal 300"),
    (a_tips(hint="z" * 1001), "hint", "is 1001 tekens; maximaal 1000"),
    (a_tips(notes="n" * 2001), "notes", "is 2001 tekens; maximaal 2000"),
    (a_tips(theme="t" * 41), "theme", "is 41 tekens; maximaal 40"),
    (a_tips(minutes=0), "minutes", "moet tussen 1 en 240 liggen"),
    (a_tips(minutes=241), "minutes", "moet tussen 1 en 240 liggen"),
    (a_tips(minutes="10"), "minutes", "moet een heel getal zijn"),
    (a_tips(minutes=True), "minutes", "moet een heel getal zijn"),
    (a_tips(titel="typo"), "titel", "onbekend veld"),
    (a_case(story="s" * 1501), "story", "is 1501 tekens; maximaal 1500"),
    (a_case(question="q" * 201), "question", "is 201 tekens; maximaal 200"),
    (a_case(summary=""), "summary", "moet een niet-lege tekst zijn"),
    ({k: v for k, v in a_case().items() if k != "options"}, "options",
     "ontbreekt: een casus heeft 3 tot 6 opties"),
    (a_case(options=a_case()["options"][:2]), "options", "heeft 2 opties; 3 tot 6 toegestaan"),
    (with_option(2, id="g"), "options[2].id", "moet één kleine letter a tot en met f zijn"),
    (with_option(3, id="a"), "options[3].id", "'a' komt twee keer voor"),
    (with_option(1, text="t" * 201), "options[1].text", "is 201 tekens; maximaal 200"),
    (with_option(1, explanation="e" * 601), "options[1].explanation", "is 601 tekens; maximaal 600"),
    (with_option(2, tag="handle:shout"), "options[2].tag", ("'handle:shout' is geen bekende tag (pitfall:giving-right, "
     "pitfall:cutting-off, pitfall:explaining, handle:feeling, handle:facts, handle:possible, handle:round-off, "
     "bad-news:deliver, bad-news:absorb, attention:first, boundary:limit, apology:sincere, other)")),
    (with_option(1, reaction="r" * 401), "options[1].reaction", "is 401 tekens; maximaal 400"),
    (with_option(2, reaction=" "), "options[2].reaction", "moet een niet-lege tekst zijn"),
    (with_option(1, best="ja"), "options[1].best", "moet true of false zijn"),
    (with_option(1, best=True), "options[2].best", "maar één optie kan de beste zijn"),
    (with_option(2, tag="other"), "options", "minstens één optie moet een handvat zijn (tag handle:...)"),
    (with_option(3, colour="rood"), "options[3].colour", "onbekend veld"),
]


@pytest.mark.parametrize(("document", "field", "message"), RULES, ids=lambda v: v if isinstance(v, str) else None)
def test_each_rule_gives_its_field_and_dutch_message(app, document, field, message):
    with app.test_request_context("/"):
        _kind, problems = validate_document(document)
    assert (field, message) in {(p.field, p.message) for p in problems}


@pytest.mark.parametrize(("document", "field", "message"), RULES, ids=lambda v: v if isinstance(v, str) else None)
def test_the_file_check_and_the_api_say_the_same(app, api, tmp_path, document, field, message):
    """One rule, three ways in: a TOML file, the API's JSON body, and the TOML import route."""
    path = tmp_path / "oefening.toml"
    path.write_text(to_toml(document), encoding="utf-8")
    with app.app_context():
        _exercise, file_problems = check_file(path)
    api_problems = api.post("/exercises", document).get_json()["problems"]
    imported = api.client.post("/api/v1/exercises/import", data=to_toml(document).encode("utf-8"),
                               headers=api.headers | {"Content-Type": "application/toml"}).get_json()["problems"]
    from_file = [(p.field, p.message) for p in file_problems]
    assert (field, message) in from_file
    assert from_file == [(p["field"], p["message"]) for p in api_problems]
    assert from_file == [(p["field"], p["message"]) for p in imported]


def test_a_reaction_is_kept_in_the_toml_export(app, tmp_path):
    """The tenant's answer to an option (contract v3) survives a TOML round trip, and the new tags are accepted."""
    document = with_option(1, reaction='Dus u weet het en u doet er niets aan? "Lekker dan."', tag="apology:sincere")
    path = tmp_path / "met-reactie.toml"
    path.write_text(to_toml(document), encoding="utf-8")
    with app.app_context():
        exercise, problems = check_file(path)
    assert problems == [] and exercise.content["options"][0]["reaction"] == document["options"][0]["reaction"]


def test_english_messages_on_request(api):
    problems = api.client.post("/api/v1/exercises?lang=en", json=a_tips(title="", minutes=0),
                               headers=api.headers).get_json()["problems"]
    assert {"field": "title", "message": "must be a non-empty text"} in problems
    assert {"field": "minutes", "message": "must be between 1 and 240"} in problems


def test_a_valid_document_has_no_problems_and_unknown_kinds_are_named(app):
    with app.test_request_context("/"):
        assert validate_document(a_case()) == (KINDS["case"], [])
        assert validate_document(a_tips(notes="n", theme="t", minutes=10, hint="h"))[1] == []
        kind, problems = validate_document({"kind": "quiz", "title": "Q"})
        assert kind is None and [p.field for p in problems] == ["kind"]
        assert validate_document(["not", "a", "document"])[1][0].field == "(document)"


def test_notes_and_hints_never_reach_phones_or_projector():
    case = kind_of("case").public_view(a_case(), Phase.REVEALED)
    tips = kind_of("tips").public_view(a_tips(notes="geheim", hint="ook geheim"), Phase.OPEN)
    assert "notes" not in case and "geheim" not in repr(tips) and "Alleen voor de trainer" not in repr(case)
    assert [o["best"] for o in case["revealed"]] == [False, True, False]
    assert kind_of("case").public_view(a_case(), Phase.OPEN)["revealed"] is None


def test_only_a_kind_with_a_reveal_accepts_it(api):
    code = api.create_workshop(["fris-blijven", "vier-keer-bellen"])["code"]
    api.control(code, action="goto", index=0)
    refused = api.post(f"/workshops/{code}/control", {"action": "reveal"})
    assert refused.status_code == 400 and refused.get_json()["error"] == "wrong_kind"
    assert "reveal" in kind_of("case").actions and "reveal" not in kind_of("tips").actions
    assert Phase.REVEALED in kind_of("case").phases and Phase.REVEALED not in kind_of("tips").phases

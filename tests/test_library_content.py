"""What a trainer from the field expects of the shipped library, read straight from the TOML files.

The validator (`exercises check`) says whether a file is well-formed; these tests say whether the library as a whole
teaches what the training teaches: every case has a wrong turn and a good one, exactly one intended answer, an
explanation for every option, a theme, a duration and notes for the trainer; and the library covers every idea
(tag) and the situations trainers asked for.
"""
from __future__ import annotations

import re
import tomllib
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LIBRARY = ROOT / "exercises" / "library"

# Every option tag of contract v3, written out here on purpose: the library must keep using all of them.
ALL_TAGS = (
    "pitfall:giving-right", "pitfall:cutting-off", "pitfall:explaining",
    "handle:feeling", "handle:facts", "handle:possible", "handle:round-off",
    "bad-news:deliver", "bad-news:absorb", "attention:first", "boundary:limit", "apology:sincere", "other",
)
THEMES = {"slecht nieuws", "valkuilen", "handvatten", "verwachtingen", "aandacht", "fris blijven", "schriftelijk",
          "agressie"}

# The situations the library lacked (issue 11), by exercise id.
NEW_SITUATIONS = {
    "boze-mail-schimmel": "schriftelijk",     # an angry e-mail, answered in writing
    "dreiging-aan-de-balie": "agressie",      # a tenant who threatens: ending the conversation
    "zoon-als-tolk": "aandacht",              # a language barrier, a child who interprets
    "overlast-twee-buren": "handvatten",      # neighbour nuisance, both sides call
    "steeds-dezelfde-vraag": "aandacht",      # confused behaviour
    "collega-zei-iets-anders": "valkuilen",   # a colleague gave wrong information
    "traplift-afgewezen": "slecht nieuws",    # a refused home adaptation (Wmo)
}
NEW_PROMPTS = ("beleid-niet-achter", "als-ik-die-klant-was")


def read_library() -> dict[str, dict]:
    exercises = {}
    for path in sorted(LIBRARY.glob("*.toml")):
        with path.open("rb") as handle:
            exercises[path.stem] = tomllib.load(handle)
    return exercises


@pytest.fixture(scope="module")
def library() -> dict[str, dict]:
    return read_library()


def cases(library: dict[str, dict]) -> dict[str, dict]:
    return {key: data for key, data in library.items() if data.get("kind") == "case"}


def case_problems(case: dict) -> list[str]:
    """What is wrong with one case as a teaching case (empty when nothing is)."""
    problems = []
    options = case.get("options", [])
    tags = [option.get("tag", "") for option in options]
    if not any(tag.startswith("pitfall:") for tag in tags):
        problems.append("no pitfall option")
    if not any(tag.startswith(("handle:", "bad-news:")) for tag in tags):
        problems.append("no handle or bad-news option")
    best = [option for option in options if option.get("best") is True]
    if len(best) != 1:
        problems.append(f"{len(best)} options marked best; exactly one expected")
    elif best[0].get("tag", "").startswith("pitfall:") or best[0].get("tag") == "other":
        problems.append("the best option is tagged as a pitfall or as other")
    if any(not isinstance(option.get("best", False), bool) for option in options):
        problems.append("best is not true or false")
    for option in options:
        if len(str(option.get("explanation", "")).strip()) < 40:
            problems.append(f"option {option.get('id')}: no real explanation")
        if option.get("tag") not in ALL_TAGS:
            problems.append(f"option {option.get('id')}: unknown tag {option.get('tag')!r}")
    if [option.get("id") for option in options] != list("abcdef"[:len(options)]):
        problems.append("option ids are not a, b, c ... in order")
    return problems


def authoring_problems(data: dict) -> list[str]:
    problems = []
    if data.get("theme") not in THEMES:
        problems.append(f"theme {data.get('theme')!r} is not one of the library's themes")
    minutes = data.get("minutes")
    if isinstance(minutes, bool) or not isinstance(minutes, int) or not 3 <= minutes <= 45:
        problems.append(f"minutes {minutes!r} is not a plausible duration")
    if len(str(data.get("notes", "")).strip()) < 150:
        problems.append("no real notes for the trainer")
    return problems


# --- the checks themselves catch what they should ------------------------------------------------------------

def test_the_case_check_catches_a_case_without_a_good_option_or_a_best():
    weak = {"options": [
        {"id": "a", "text": "Dat is uw mening.", "tag": "pitfall:cutting-off",
         "explanation": "Je kapt af; de angel blijft zitten en het probleem komt terug."},
        {"id": "c", "text": "Ik snap het ook niet.", "tag": "pitfall:giving-right", "explanation": "kort", "best": 1},
    ]}
    assert set(case_problems(weak)) == {
        "no handle or bad-news option", "0 options marked best; exactly one expected", "best is not true or false",
        "option c: no real explanation", "option ids are not a, b, c ... in order"}
    weak["options"][0]["best"] = True
    assert "the best option is tagged as a pitfall or as other" in case_problems(weak)


def test_the_authoring_check_catches_missing_fields():
    assert len(authoring_problems({"kind": "tips"})) == 3
    assert authoring_problems({"theme": "valkuilen", "minutes": True, "notes": "x" * 200}) == [
        "minutes True is not a plausible duration"]


# --- the library ------------------------------------------------------------------------------------------------

def test_enough_cases_and_tip_prompts(library):
    kinds = Counter(data.get("kind") for data in library.values())
    assert kinds["case"] >= 23 and kinds["tips"] >= 10, kinds


def test_every_case_teaches_a_wrong_turn_and_a_good_one_with_one_intended_answer(library):
    problems = {key: case_problems(case) for key, case in cases(library).items()}
    assert {key: found for key, found in problems.items() if found} == {}


def test_every_file_has_theme_minutes_and_notes(library):
    problems = {key: authoring_problems(data) for key, data in library.items()}
    assert {key: found for key, found in problems.items() if found} == {}


def test_every_theme_is_used_and_each_by_more_than_one_exercise_except_aggression(library):
    themes = Counter(data["theme"] for data in library.values())
    assert set(themes) == THEMES
    assert all(themes[theme] >= 2 for theme in THEMES - {"agressie"}), themes


def test_no_two_exercises_share_a_title(library):
    titles = Counter(data["title"].strip().lower() for data in library.values())
    assert [title for title, count in titles.items() if count > 1] == []


def test_the_library_uses_every_tag_and_the_explaining_mode_in_several_cases(library):
    tags = Counter(option["tag"] for case in cases(library).values() for option in case["options"])
    assert set(ALL_TAGS) <= set(tags), set(ALL_TAGS) - set(tags)
    explaining = [key for key, case in cases(library).items()
                  if any(option["tag"] == "pitfall:explaining" for option in case["options"])]
    assert len(explaining) >= 6, explaining


def test_every_case_also_shows_one_of_the_two_classic_pitfalls(library):
    """Giving the customer right or cutting the discussion off: the two pitfalls the training names first."""
    lacking = [key for key, case in cases(library).items()
               if not {option["tag"] for option in case["options"]} & {"pitfall:giving-right", "pitfall:cutting-off"}]
    assert lacking == []


def test_the_intended_answer_is_not_predictable(library):
    best = [next(option for option in case["options"] if option.get("best")) for case in cases(library).values()]
    letters = Counter(option["id"] for option in best)
    assert len(letters) >= 5 and max(letters.values()) <= len(best) // 3, letters
    formula = re.compile(r"^(ik )?(merk|hoor|zie)( ik)? dat u", re.IGNORECASE)
    assert sum(bool(formula.match(option["text"])) for option in best) <= 2
    assert len(Counter(option["tag"] for option in best)) >= 5


def test_the_new_situations_and_prompts_are_there(library):
    for key, theme in NEW_SITUATIONS.items():
        assert library[key]["kind"] == "case" and library[key]["theme"] == theme, key
    for key in NEW_PROMPTS:
        assert library[key]["kind"] == "tips", key


def test_housing_facts_a_trainer_would_catch(library):
    everything = "\n".join(repr(data) for data in library.values()).lower()
    assert "klantwinkel" not in everything and "rapport van uw intrek" not in everything
    service = library["servicekosten-bijbetalen"]  # the tenant's texts; the trainer's notes may name repairs
    service = " ".join([service["story"], service["summary"], *(o["text"] for o in service["options"])]).lower()
    assert "reparatie" not in service and "schoonmaak" in service  # repairs are the landlord's, not service charges
    assert "februari" not in repr(library["eigen-zakken"]).lower()  # the rent-increase letter comes in spring
    huurcommissie = [o["text"] for o in library["huur-200-euro-meer"]["options"] if "Huurcommissie" in o["text"]]
    assert huurcommissie and all("halfjaar" in text or "zes maanden" in text for text in huurcommissie)


def test_the_two_kitchen_cases_tell_one_story_in_order(library):
    first, second = library["keuken-niet-vervangen"], library["keuken-klap-opvangen"]
    assert "(1)" in first["title"] and "(2)" in second["title"]
    assert "kastdeurtje" in first["story"] and "vier jaar" in first["story"] and "vier jaar" in second["story"]
    assert "fornuis" not in repr(second) and "vorig jaar" not in second["story"]


def test_the_payment_plan_case_offers_to_put_it_to_a_team_leader(library):
    case = library["betalingsregeling-zes-maanden"]
    best = next(option for option in case["options"] if option.get("best"))
    assert "teamleider" in best["text"] and best["tag"] == "handle:possible"


def test_the_address_case_tags_its_intended_answer(library):
    best = next(option for option in library["adres-eerst"]["options"] if option.get("best"))
    assert best["tag"] != "other" and "waarvoor" in best["text"]


def test_the_guide_lists_every_exercise_once_under_its_theme(library):
    guide = (ROOT / "docs" / "exercises.md").read_text(encoding="utf-8")
    section = guide.split("\n## De bibliotheek per thema\n", 1)[1].split("\n## ", 1)[0]
    listed = re.findall(r"^- \*\*(.+?)\*\* \(`([a-z0-9-]+)`", section, re.MULTILINE)
    assert sorted(key for _title, key in listed) == sorted(library)
    for title, key in listed:
        assert title == library[key]["title"], key
    for theme in THEMES:  # each theme a heading, with its own exercises below it
        part = section.split(f"\n### {theme[0].upper() + theme[1:]}\n", 1)[1].split("\n### ", 1)[0]
        assert {key for key in re.findall(r"\(`([a-z0-9-]+)`", part)} == {
            key for key, data in library.items() if data["theme"] == theme}, theme

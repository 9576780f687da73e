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
    assert kinds["case"] >= 30 and kinds["tips"] >= 10 and kinds["respond"] >= 4, kinds


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


# --- issue 26: options a room cannot guess, reactions, apologies, the rule behind the choices ------------------

GIVEAWAY = re.compile(r"\book\b|eerlijk gezegd", re.IGNORECASE)
STAGE_DIRECTION = re.compile(r"\(.+?\)")
NEAR_MISS_FORMULA = re.compile(r"eerste (zin|reactie|stap)|als (aller)?eerste|tweede (zin|stap)|te vroeg|goed vervolg|"
                               r"pas (als|daarna|later)|beter als", re.IGNORECASE)
GOOD_FAMILIES = ("handle:", "bad-news:", "attention:", "boundary:", "apology:")


def best_option(case: dict) -> dict:
    return next(option for option in case["options"] if option.get("best"))


def figures(library: dict[str, dict]) -> dict:
    """The figures of issue 26, section 2, measured the same way as the issue (run this file to print them)."""
    all_cases = cases(library).values()
    longest = top_two = one_each = 0
    for case in all_cases:
        lengths = sorted((len(option["text"]) for option in case["options"]), reverse=True)
        best = len(best_option(case)["text"])
        longest += best >= lengths[0]
        top_two += best >= lengths[1]
        tags = Counter(option["tag"] for option in case["options"])
        one_each += tags["pitfall:giving-right"] == 1 and tags["pitfall:cutting-off"] == 1
    options = [option for case in all_cases for option in case["options"]]
    giving = [o for o in options if o["tag"] == "pitfall:giving-right"]
    others = [o for o in options if o["tag"] != "pitfall:giving-right"]
    staged = [o for o in options if STAGE_DIRECTION.search(o["text"])]
    near = [o for o in options if not o.get("best") and o["tag"].startswith(GOOD_FAMILIES)]
    return {"cases": len(all_cases), "best_longest": longest, "best_in_two_longest": top_two,
            "one_giving_right_one_cutting_off": one_each,
            "giveaway_giving_right": (sum(bool(GIVEAWAY.search(o["text"])) for o in giving), len(giving)),
            "giveaway_others": (sum(bool(GIVEAWAY.search(o["text"])) for o in others), len(others)),
            "stage_directions_best": (sum(bool(o.get("best")) for o in staged), len(staged)),
            "near_miss_formula": (sum(bool(NEAR_MISS_FORMULA.search(o["explanation"])) for o in near), len(near))}


def test_the_best_option_is_not_the_longest(library):
    found = figures(library)
    assert found["best_longest"] <= found["cases"] // 4, found
    assert found["best_in_two_longest"] <= (found["cases"] + 1) // 2, found


def test_the_wrong_options_vary_their_pattern(library):
    found = figures(library)
    assert found["one_giving_right_one_cutting_off"] <= found["cases"] * 3 // 4, found
    patterns = [Counter(o["tag"] for o in case["options"]) for case in cases(library).values()]
    assert sum(p["pitfall:giving-right"] == 0 for p in patterns) >= 3            # cases without gelijk geven
    assert sum(p["pitfall:giving-right"] + p["pitfall:cutting-off"] >= 3 for p in patterns) >= 3  # two of one pitfall


def test_no_giveaway_words_and_no_stage_directions_that_mark_the_answer(library):
    found = figures(library)
    (giving, giving_total), (others, others_total) = found["giveaway_giving_right"], found["giveaway_others"]
    assert giving * others_total <= others * giving_total, found  # no more common in gelijk-geven options
    best, staged = found["stage_directions_best"]
    assert best * 2 <= staged, found


def test_near_misses_say_why_this_handle_is_wrong_here(library):
    found, total = figures(library)["near_miss_formula"]
    assert found * 4 <= total, (found, total)
    explanations = [o["explanation"] for case in cases(library).values() for o in case["options"]
                    if not o.get("best") and o["tag"].startswith(GOOD_FAMILIES)]
    assert len(set(explanations)) == len(explanations)


def test_every_case_option_has_the_tenants_reaction(library):
    missing = [(key, o["id"]) for key, case in cases(library).items() for o in case["options"]
               if not 10 <= len(str(o.get("reaction", "")).strip()) <= 400]
    assert missing == []
    reactions = [o["reaction"] for case in cases(library).values() for o in case["options"]]
    assert len(set(reactions)) == len(reactions)  # each one written for its option


def test_sincere_apologies_are_not_pitfalls_and_the_summaries_say_so(library):
    apologies = {key for key, case in cases(library).items()
                 if any(o["tag"] == "apology:sincere" for o in case["options"])}
    assert {"whatsapp-monteur-niet-gekomen", "boze-mail-schimmel"} <= apologies
    assert apologies & set(NEW_CASES_26)  # and at least one of the new situations
    for key in ("whatsapp-monteur-niet-gekomen", "boze-mail-schimmel", "terugbellen-leidinggevende"):
        summary = library[key]["summary"].lower()
        assert "excuus" in summary and "gelijk geven" in summary, key


def test_the_rule_behind_the_choices_is_in_the_summaries(library):
    """When the tenant vents, the feeling first; when they ask a concrete question, answer it."""
    summaries = [case["summary"].lower() for case in cases(library).values()]
    assert sum("concrete vraag" in text for text in summaries) >= 5
    assert "concrete vraag" in library["betalingsregeling-zes-maanden"]["summary"]
    nee = library["nee-zeggen"]["notes"]
    assert "Ik kan er niets aan veranderen" in nee and "ik doe alleen mijn werk" in nee


def test_tags_follow_one_rule(library):
    def tag(key, option_id):
        return next(o["tag"] for o in library[key]["options"] if o["id"] == option_id)
    assert tag("adres-eerst", "c") == tag("eerst-een-nummer", "c") == "attention:first"
    assert "other" not in {tag("adres-eerst", letter) for letter in "abcde"}
    assert tag("dreiging-aan-de-balie", "a") == "boundary:limit" and tag("dreiging-aan-de-balie", "e") != \
        "pitfall:cutting-off"
    assert tag("traplift-afgewezen", "a") == tag("niet-in-aanmerking", "a") == "bad-news:absorb"
    assert tag("zoon-als-tolk", "a") != "pitfall:giving-right" and tag("zoon-als-tolk", "c") == "handle:facts"
    for key in ("keuken-niet-vervangen", "ontruiming-aankondigen", "servicekosten-bijbetalen"):  # the long run-up
        assert tag(key, "a") == "pitfall:explaining", key
    assert tag("eigen-zakken", "b") != "other"


def test_the_cast_is_consistent(library):
    def children(key):
        return re.search(r"met haar (\w+) kinderen", library[key]["story"]).group(1)
    assert children("te-hoog-inkomen") == children("zeg-nee-te-hoog-inkomen")
    with_yilmaz = {key for key, data in library.items() if "Yilmaz" in repr(data)}
    assert with_yilmaz == {"vier-keer-bellen", "herstellen-na-ongeduld"}  # one family, and its sequel
    assert "Bakker" not in repr(library["vier-handvatten-op-volgorde"])


def test_facts_of_2025_2026(library):
    service = library["servicekosten-bijbetalen"]["notes"]
    assert "kleine herstellingen" in service and "glasverzekering" in service and "geen reparaties" not in service
    inspection = library["eindinspectie-kosten"]["story"]
    assert "voorinspectie" in inspection and "vóór de oplevering" not in inspection
    assert "Het klopt" not in next(o["explanation"] for o in library["eigen-zakken"]["options"] if o["id"] == "b")
    income = library["te-hoog-inkomen"]["notes"]
    assert "7,5 procent" in income and "15 procent" in income and "middenhuur" in income
    assert "70 procent" in library["groot-onderhoud-keuken"]["notes"]
    eviction = library["ontruiming-aankondigen"]
    assert "ruim een jaar" not in eviction["story"] and "2021" in eviction["notes"]
    assert "valse hoop" not in repr(eviction)
    assert "sinds de Wmo" not in repr(library["traplift-afgewezen"])
    assert "tot en met woensdag" in library["vier-keer-bellen"]["story"]
    assert "woensdag na vijf" not in repr(library["vier-keer-bellen"])


def test_cases_that_rest_on_a_rule_say_check_your_own_policy(library):
    lacking = [key for key in RULE_CASES if "check jullie eigen beleid" not in library[key]["notes"].lower()]
    assert lacking == []


def test_the_new_situations_of_issue_26_are_there(library):
    for key, theme in NEW_CASES_26.items():
        assert library[key]["kind"] == "case" and library[key]["theme"] == theme, key
    for key in ("zelf-de-klap-brengen", "zelf-afronden", "herstellen-na-ongeduld"):
        assert library[key]["kind"] == "respond", key
    assert library["gevoel-achter-boosheid"]["prompt"].startswith(
        "Welk gevoel hoor je achter de boosheid van een huurder?")
    fresh = library["fris-aan-het-eind-van-de-dag"]
    assert "luister" in fresh["min_label"] and not fresh["min_label"].startswith("dan ")


def test_scale_pairs_measure_behaviour(library):
    pairs = {key: data for key, data in library.items() if data.get("kind") == "scale" and data.get("pair")}
    behaviour = [data for data in pairs.values() if "lukt het mij" in data["statement"] or "reageer ik" in
                 data["statement"]]
    assert len(behaviour) >= 2
    for data in pairs.values():
        assert library[data["pair"]]["statement"] == data["statement"]


NEW_CASES_26 = {
    "huurverhoging-balie": "handvatten",             # the yearly rent increase (April-June peak)
    "bezwaar-huurverhoging": "valkuilen",            # income-dependent increase, objection
    "eigen-rekening-kraan": "valkuilen",             # "dat is voor uw eigen rekening" (kleine herstellingen)
    "vloekende-beller": "agressie",                  # a caller who swears: warn, then end the call
    "huur-na-overlijden": "slecht nieuws",           # next of kin after a tenant dies
    "eerste-achterstand-huurtoeslag": "handvatten",  # huurtoeslag stopped, the first arrears call
    "terugbellen-leidinggevende": "valkuilen",       # a callback that never came, "ik wil uw leidinggevende"
    "renovatie-geen-toegang": "handvatten",          # renovation, the 70 % rule, refused access
    "inschrijving-verlopen": "slecht nieuws",        # a lapsed registration
    "spoed-of-niet": "aandacht",                     # sorting urgent from non-urgent repairs on the phone
}
RULE_CASES = (
    "betalingsregeling-zes-maanden", "collega-zei-iets-anders", "dreiging-aan-de-balie", "eindinspectie-kosten",
    "groot-onderhoud-keuken", "huur-200-euro-meer", "ontruiming-aankondigen", "overlast-twee-buren",
    "servicekosten-bijbetalen", "te-hoog-inkomen", "traplift-afgewezen", "vier-keer-bellen",
    "whatsapp-monteur-niet-gekomen", "woning-650-euro", "zoon-als-tolk", *NEW_CASES_26,
)


if __name__ == "__main__":  # python tests/test_library_content.py: the figures of issue 26, section 2
    for name, value in figures(read_library()).items():
        print(f"{name}: {value}")


def test_the_order_exercises_have_a_tempting_decoy(library):
    """Contract v3, order with decoys: an item with position 0 does not belong in the conversation."""
    for key in ("klap-in-twee-stappen", "vier-handvatten-op-volgorde"):
        items = library[key]["items"]
        decoys = [item for item in items if item["position"] == 0]
        assert len(decoys) == 1 and decoys[0]["explanation"].startswith("Hoort er niet in"), key
        assert sorted(item["position"] for item in items if item["position"]) == list(range(1, len(items))), key
        assert "laat" in library[key]["question"] and "weg" in library[key]["question"], key
    decoy = next(item for item in library["klap-in-twee-stappen"]["items"] if item["position"] == 0)
    assert "uitlegstand" in decoy["explanation"]  # the tempting explanation the notes describe
    handles = library["vier-handvatten-op-volgorde"]
    assert "gereedschapskist, geen script" in handles["notes"] and "wisselen" in handles["notes"]
    assert sum("wisselen" in item["explanation"] or "vóór het gevoel" in item["explanation"]
               for item in handles["items"]) >= 2  # the steps that may swap are marked


def scenario_problems(scenario: dict) -> list[str]:
    """The contract's rules for kind `scenario` (v3), plus what the library asks: a good, a mixed and a bad ending."""
    problems = []
    scenes = {scene["id"]: scene for scene in scenario.get("scenes", [])}
    endings = {ending["id"]: ending for ending in scenario.get("endings", [])}
    if not 1 <= len(scenes) <= 12 or scenario.get("start") not in scenes:
        problems.append("1-12 scenes and a start scene")
    graph = {}
    for key, scene in scenes.items():
        options = scene.get("options", [])
        if not 2 <= len(options) <= 6 or sum(option.get("best") is True for option in options) != 1:
            problems.append(f"{key}: 2-6 options and exactly one best")
        graph[key] = [option.get("next", "") for option in options]
        for option in options:
            target = option.get("next", "")
            if not (target[4:] in endings if target.startswith("end:") else target in scenes):
                problems.append(f"{key}.{option.get('id')}: next {target!r} names no scene or ending")
            if not 10 <= len(str(option.get("reaction", "")).strip()) <= 400 or len(option.get("explanation", "")) < 40:
                problems.append(f"{key}.{option.get('id')}: no reaction or explanation")
            if option.get("tag") not in ALL_TAGS:
                problems.append(f"{key}.{option.get('id')}: unknown tag")
        best = next((option for option in options if option.get("best") is True), {})
        if str(best.get("tag", "")).startswith("pitfall:"):
            problems.append(f"{key}: the best option is a pitfall")
    seen, todo = set(), [scenario.get("start")]
    while todo:
        key = todo.pop()
        if key in scenes and key not in seen:
            seen.add(key)
            todo += graph[key]
    problems += [f"{key}: unreachable" for key in scenes if key not in seen]
    ending_reached = {key for key, targets in graph.items() if any(t.startswith("end:") for t in targets)}
    changed = True
    while changed:
        before = len(ending_reached)
        ending_reached |= {key for key, targets in graph.items() if set(targets) & ending_reached}
        changed = len(ending_reached) > before
    problems += [f"{key}: no ending reachable" for key in scenes if key not in ending_reached]
    if sorted(ending["tone"] for ending in endings.values()) != ["bad", "good", "mixed"]:
        problems.append("not one good, one mixed and one bad ending")
    return problems


def test_the_scenario_check_catches_a_broken_graph():
    broken = {"start": "a", "endings": [{"id": "x", "tone": "good"}], "scenes": [
        {"id": "a", "options": [{"id": "a", "next": "b", "tag": "handle:feeling", "best": True},
                                {"id": "b", "next": "nergens", "tag": "other"}]},
        {"id": "b", "options": [{"id": "a", "next": "b", "tag": "other"}]},
        {"id": "c", "options": []}]}
    found = scenario_problems(broken)
    for problem in ("b: no ending reachable", "c: unreachable", "a.b: next 'nergens' names no scene or ending",
                    "not one good, one mixed and one bad ending", "b: 2-6 options and exactly one best"):
        assert problem in found, (problem, found)


def test_the_library_plays_three_conversations_that_branch(library):
    scenarios = {key: data for key, data in library.items() if data.get("kind") == "scenario"}
    assert {"scenario-slecht-nieuws-aan-de-deur", "scenario-nee-blijft-nee",
            "scenario-boze-beller-huurverhoging"} <= set(scenarios)
    assert {key: scenario_problems(data) for key, data in scenarios.items() if scenario_problems(data)} == {}
    door = scenarios["scenario-slecht-nieuws-aan-de-deur"]
    first = next(scene for scene in door["scenes"] if scene["id"] == door["start"])
    assert next(o for o in first["options"] if o.get("best"))["tag"] == "bad-news:deliver"  # two steps at the door
    assert any(o["tag"] == "handle:round-off" for scene in scenarios["scenario-nee-blijft-nee"]["scenes"]
               for o in scene["options"] if o.get("best"))
    assert "huurverhoging" in repr(scenarios["scenario-boze-beller-huurverhoging"]).lower()

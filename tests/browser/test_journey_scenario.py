"""Journey: a trainer writes a three-scene scenario with two endings in the editor (a scene left unreachable first:
the problem beside its field and on the drawn map), runs it with three phones, follows the majority once and another
option once from the control page, reaches an ending (the projector shows it in its tone's colour, the phones too),
goes back and forward again with the keyboard clicker, and the recap and the CSV export show the path. The editor,
the phone, the projector and the control page are axe clean."""
from __future__ import annotations

import csv as csv_module
import io
import re
import time

from playwright.sync_api import expect

from tests.browser.test_accessibility import check

SCENES = [  # (story, question, [(text, tag, next index or ending id)]); the first option of each scene is the best
    ("Mevrouw Jansen belt: haar cv-ketel doet het al drie dagen niet. 'Ik zit hier in de kou!'", "Wat zeg je eerst?",
     [("Drie dagen in de kou, wat vervelend voor u.", "handle:feeling", 1),
      ("Heeft u de druk van de ketel al gecontroleerd?", "pitfall:explaining", 2)]),
    ("Ze wordt rustiger. 'Wanneer komt er iemand?'", "Ze vraagt iets concreets.",
     [("Morgenochtend tussen acht en tien komt de monteur.", "handle:facts", "end:e1"),
      ("Dat weet ik niet, daar ga ik niet over.", "pitfall:cutting-off", "end:e2")]),
    ("'Die druk? Ik ben geen monteur!' Ze wordt bozer.", "Hoe herstel je het?",
     [("U heeft gelijk, excuus: u belt niet voor uitleg. Ik plan nu een monteur.", "apology:sincere", 1),
      ("Het staat in de handleiding, mevrouw.", "pitfall:cutting-off", "end:e2")]),
]


def write_scene(editor, s: int, scene) -> None:
    story, question, options = scene
    editor.get_by_test_id(f"scene-{s}-story").fill(story)
    editor.get_by_test_id(f"scene-{s}-question").fill(question)
    for i, (text, tag, target) in enumerate(options):
        row = editor.locator(f'#scenario-scenes > li[data-scene="{s}"] li[data-option="{i}"]')
        editor.get_by_test_id(f"scene-{s}-text-{i}").fill(text)
        row.locator('select[data-sc="tag"]').select_option(tag)
        row.locator('textarea[data-sc="explanation"]').fill(f"Waarom keuze {i + 1} zo uitpakt.")
        row.locator('textarea[data-sc="reaction"]').fill(f"Reactie van mevrouw Jansen op keuze {i + 1}.")
        where = target if isinstance(target, str) else f"s{target + 1}"
        editor.get_by_test_id(f"scene-{s}-next-{i}").select_option(where)
    editor.get_by_test_id(f"scene-{s}-best-0").check()


def vote(phone, option: str) -> None:
    button = phone.get_by_test_id("scenario-options").locator(f'[data-option-id="{option}"]')
    button.tap()
    expect(button).to_have_attribute("aria-pressed", "true")


def test_write_play_and_recap_a_scenario(pages, live):
    editor = pages.trainer()
    editor.get_by_test_id("library-link").click()
    editor.get_by_test_id("new-scenario").click()
    expect(editor.get_by_test_id("scenario-scenes").locator("> li")).to_have_count(1)
    editor.get_by_test_id("add-scene").click()
    editor.get_by_test_id("add-scene").click()
    expect(editor.get_by_test_id("scenario-scenes").locator("> li")).to_have_count(3)
    editor.get_by_test_id("field-title").fill("De koude cv-ketel")
    for s, scene in enumerate(SCENES):
        write_scene(editor, s, scene)
    editor.get_by_test_id("ending-0-title").fill("Opgelost")
    editor.get_by_test_id("ending-0-text").fill("De monteur komt morgen; mevrouw Jansen voelt zich gehoord.")
    editor.get_by_test_id("ending-1-title").fill("Escalatie")
    editor.get_by_test_id("ending-1-text").fill("Ze dient een klacht in en belt de wethouder.")
    editor.get_by_test_id("ending-1-tone").select_option("bad")

    # first a mistake: the first scene's second option leads to scene 2 too, so scene 3 cannot be reached
    editor.get_by_test_id("scene-0-next-1").select_option("s2")
    graph = editor.get_by_test_id("scenario-graph")
    expect(graph.locator('[data-scene="s3"]').get_by_test_id("graph-unreachable")).to_be_visible()
    editor.get_by_test_id("save").click()
    expect(editor.get_by_test_id("problems")).to_be_visible()
    expect(editor.locator('[data-field="scenes[3].id"] .field-error')).to_have_text(
        "deze scène is vanaf de start niet te bereiken")
    expect(editor.get_by_test_id("scene-2-story")).to_have_value(SCENES[2][0])  # nothing typed is lost
    editor.get_by_test_id("scene-0-next-1").select_option("s3")
    expect(graph.get_by_test_id("graph-unreachable")).to_have_count(0)
    editor.get_by_test_id("scenario-preview-scene").select_option("s3")
    expect(editor.get_by_test_id("preview-phone")).to_contain_text("Ik ben geen monteur")
    editor.get_by_test_id("preview-revealed").check()
    expect(editor.get_by_test_id("preview-phone")).to_contain_text("Reactie van mevrouw Jansen op keuze 2.")
    check(editor, "scenario editor with map and preview")
    editor.get_by_test_id("save").click()
    expect(editor.get_by_test_id("save-status")).to_have_text("Opgeslagen.")
    editor.wait_for_url(re.compile(r"/facilitator/exercises/[a-z0-9-]+/edit$"))
    exercise_id = editor.url.rsplit("/", 2)[1]

    created = live.create_workshop([exercise_id], title="Cv-ketel")
    code = created["code"]
    control = pages.control(created)
    projector = pages.projector(created)
    phones = [pages.phone(code) for _ in range(3)]
    control.get_by_test_id("next").click()
    expect(phones[0].get_by_test_id("scenario-story")).to_contain_text("in de kou")
    control.get_by_test_id("open").click()
    for phone, option in zip(phones, ("b", "b", "a"), strict=True):
        vote(phone, option)
    expect(control.get_by_test_id("voters")).to_have_text("3")
    expect(projector.get_by_test_id("scenario-screen-count")).to_have_text("3 stemmen")
    check(phones[0], "scenario phone, voted")
    control.get_by_test_id("close").click()
    control.get_by_test_id("reveal").click()
    expect(projector.get_by_test_id("scenario-screen-reaction")).to_have_text("Reactie van mevrouw Jansen op keuze 1.")
    expect(phones[0].get_by_test_id("scenario-reaction")).to_be_hidden()  # its own choice (b) is not revealed yet
    live.control(code, action="reveal_step", step=2)
    expect(phones[0].get_by_test_id("scenario-reaction")).to_contain_text("keuze 2.")  # the reaction to its own choice
    live.control(code, action="reveal_step", step=1)
    check(projector, "scenario projector, reveal step 1")
    options = control.get_by_test_id("scenario-control-options")
    expect(options.get_by_test_id("scenario-next")).to_have_text(["Leidt naar: Scène: Ze vraagt iets concreets.",
                                                                  "Leidt naar: Scène: Hoe herstel je het?"])
    check(control, "scenario control page, revealed")

    # the majority (b) leads to scene 3
    expect(control.get_by_test_id("follow-majority")).to_have_attribute("aria-disabled", "false")
    control.get_by_test_id("follow-majority").focus()  # by keyboard: the buttons are real buttons
    control.keyboard.press("Enter")
    expect(phones[0].get_by_test_id("scenario-story")).to_contain_text("Ik ben geen monteur")
    expect(projector.get_by_test_id("scenario-map").locator("li")).to_have_count(2)
    control.get_by_test_id("open").click()
    for phone, option in zip(phones, ("a", "a", "b"), strict=True):
        vote(phone, option)
    expect(control.get_by_test_id("voters")).to_have_text("3")
    control.get_by_test_id("close").click()
    # another option than the majority: b, to an ending
    follow_b = control.get_by_test_id("scenario-control-options").locator('[data-follow="b"]')
    expect(follow_b).to_have_attribute("aria-disabled", "false")  # the scene is closed
    follow_b.click()
    ending = projector.get_by_test_id("scenario-screen-ending")
    expect(ending).to_be_visible()
    expect(ending).to_have_attribute("data-tone", "bad")
    expect(ending).to_contain_text("Escalatie")
    expect(phones[2].get_by_test_id("scenario-ending")).to_contain_text("Ze dient een klacht in")
    check(projector, "scenario projector, ending")
    check(phones[2], "scenario phone, ending")

    # the keyboard clicker: PageUp goes back to scene 3 as it was left (closed), PageDown follows the majority (a)
    control.get_by_test_id("current-title").click()
    control.keyboard.press("PageUp")
    expect(phones[0].get_by_test_id("scenario-story")).to_contain_text("Ik ben geen monteur")
    expect(projector.get_by_test_id("scenario-screen-ending")).to_be_hidden()
    control.keyboard.press("PageDown")  # closed: reveal
    step = projector.get_by_test_id("scenario-screen-step")
    expect(step).to_contain_text("Antwoord 1 van 2")
    control.keyboard.press("PageDown")  # step 2
    expect(step).to_contain_text("Antwoord 2 van 2")
    control.keyboard.press("PageDown")  # overview
    expect(step).to_be_hidden()
    expect(control.get_by_test_id("next-step")).to_contain_text("meerderheid")
    control.keyboard.press("PageDown")  # follow the majority: a, to scene 2
    expect(phones[0].get_by_test_id("scenario-story")).to_contain_text("Wanneer komt er iemand?")
    live.control(code, action="back")  # and back: the path the room took ends in the ending after all
    follow_b = control.get_by_test_id("scenario-control-options").locator('[data-follow="b"]')
    expect(follow_b).to_have_attribute("aria-disabled", "false")  # the scene is closed
    follow_b.click()
    expect(ending).to_be_visible()  # hidden since PageUp, but it still holds the old text: wait until it is shown again
    expect(ending).to_contain_text("Escalatie")
    expect(control.get_by_test_id("control-ending")).to_be_visible()

    results = live.results(code)["exercises"][0]
    assert results["path"] == [{"scene": "s1", "chosen": "b"}, {"scene": "s3", "chosen": "b"}]
    assert results["ending"] == "e2" and [s["id"] for s in results["scenes"]] == ["s1", "s3"]
    status, csv = live.server.request("GET", f"/api/v1/workshops/{code}/export.csv", token=live.token)
    assert status == 200
    rows = list(csv_module.DictReader(io.StringIO(csv.lstrip("\ufeff")), delimiter=";"))
    followed = [(r["Scène"], r["Id"]) for r in rows if r["Gevolgd"] == "ja"]
    assert followed == [("s1", "b"), ("s3", "b")], rows
    assert rows[-1]["Id"] == "e2" and rows[-1]["Tekst"] == "Escalatie"

    control.once("dialog", lambda dialog: dialog.accept())
    control.get_by_test_id("end").click()
    recap = projector.get_by_test_id("recap")
    expect(recap).to_contain_text("Heeft u de druk van de ketel al gecontroleerd?")
    expect(recap).to_contain_text("Einde: Escalatie")


LONGEST = "scenario-boze-beller-huurverhoging"  # the library's scenario with the most text


def test_every_scenario_state_is_readable_on_both_beamers(pages, live):
    """Open with votes, the bars, each reveal step with its reaction bubble, the overview, the next scene after a
    follow, the ending in its tone's colour and the closing recap: at 1024x768 and 1280x720 every text is at least
    20 px, on the screen and not cut off."""
    from tests.browser.test_projector_room import readable_everywhere
    from tests.e2e.clients import Phone

    created = live.create_workshop([LONGEST], title="Een boze beller over de huurverhoging")
    code = created["code"]
    projector = pages.projector(created)
    phones = [Phone(live.url) for _ in range(6)]
    try:
        for phone in phones:
            phone.join(code)
        live.control(code, action="goto", index=0)
        path = 0
        while True:
            state = live.control(code, action="open")
            options = [o["id"] for o in live.results(code)["exercises"][0]["scenes"][-1]["options"]]
            for n, phone in enumerate(phones):
                assert phone.call("vote", {"option": options[n % len(options)]})["ok"]
            expect(projector.get_by_test_id("scenario-screen-count")).to_have_text("6 stemmen")
            readable_everywhere(projector, f"scenario scene {path + 1} open")
            live.control(code, action="results", visible=True)
            expect(projector.locator("#scenario-screen-options .option-bar")).to_have_count(len(options))
            readable_everywhere(projector, f"scenario scene {path + 1} results")
            state = live.control(code, action="reveal")
            for step in range(1, state["exercises"][0]["reveal_steps"] + 1):
                live.control(code, action="reveal_step", step=step)
                expect(projector.get_by_test_id("scenario-screen-step")).to_contain_text(f"Antwoord {step} van")
                readable_everywhere(projector, f"scenario scene {path + 1} step {step}")
            live.control(code, action="reveal_step", step=None)
            expect(projector.get_by_test_id("scenario-screen-step")).to_be_hidden()
            readable_everywhere(projector, f"scenario scene {path + 1} overview")
            state = live.control(code, action="follow", option=None)
            path += 1
            expect(projector.get_by_test_id("scenario-map").locator("li")).to_have_count(path + 1)
            if state["exercises"][0]["ending"]:
                break
            readable_everywhere(projector, f"scenario scene {path + 1} ready")
        expect(projector.get_by_test_id("scenario-screen-ending")).to_be_visible()
        readable_everywhere(projector, "scenario ending")
        live.control(code, action="end")
        expect(projector.get_by_test_id("recap")).to_contain_text("Einde: ")
        readable_everywhere(projector, "scenario recap")
    finally:
        for phone in phones:
            phone.close()


def test_a_phone_built_without_the_scenario_reloads_once_when_one_is_added(pages, live):
    """A phone gets only the kinds its workshop uses; a scenario added to the sequence before the start reaches a
    phone that joined earlier: its page is built again once (the token brings it back as the same participant)."""
    created = live.create_workshop([live.exercise_id("tips")], title="Eerst tips")
    code = created["code"]
    phone = pages.phone(code)
    assert phone.locator("#scenario-ex").count() == 0  # not in this workshop: not on the page
    token = phone.evaluate("key => localStorage.getItem(key)", f"klantwijs:token:{code}")
    status, _state = live.server.request("PUT", f"/api/v1/workshops/{code}/exercises",
                                         {"exercises": [LONGEST, 0]}, token=live.token)
    assert status == 200
    live.control(code, action="goto", index=0)
    expect(phone.get_by_test_id("scenario-story")).to_contain_text("Meneer Kuipers")
    assert phone.evaluate("key => localStorage.getItem(key)", f"klantwijs:token:{code}") == token
    live.control(code, action="open")
    vote(phone, "a")  # the phone marks its choice at the tap; the vote is stored when its ack comes back
    deadline = time.monotonic() + 10
    while live.results(code)["exercises"][0]["scenes"][0]["total"] != 1:
        assert time.monotonic() < deadline, "the phone's vote was never stored"
        time.sleep(0.05)

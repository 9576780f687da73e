"""Journey: a self-assessment at the start and at the end of a workshop. Phones tap a value on the scale; the
projector shows the distribution and the mean, and for the end scale before and after side by side; the control
page starts a timer, adds 30 seconds and stops it; a timer that runs out closes the exercise on every screen."""
import re

from playwright.sync_api import expect

START, END = "zeker-slecht-nieuws-start", "zeker-slecht-nieuws-eind"


def rate(phone, value: int) -> None:
    button = phone.get_by_test_id("scale-values").locator(f'[data-value="{value}"]')
    button.tap()
    expect(button).to_have_attribute("aria-pressed", "true")


def test_before_and_after_side_by_side_and_a_timer_that_runs_out(pages, live):
    created = live.create_workshop([START, END], title="Slecht nieuws brengen")
    code = created["code"]
    control = pages.control(created)
    projector = pages.projector(created)
    phones = [pages.phone(code) for _ in range(3)]

    control.get_by_test_id("next").click()
    control.get_by_test_id("open").click()
    expect(phones[0].get_by_test_id("scale-statement")).to_have_text(
        "Ik voel me zeker als ik een huurder slecht nieuws moet brengen.")
    expect(projector.get_by_test_id("screen-statement")).to_be_visible()
    for phone, value in zip(phones, (2, 2, 4)):
        rate(phone, value)
    rate(phones[2], 3)  # a change of mind while open
    expect(phones[2].get_by_test_id("scale-values").locator('[data-value="4"]')).to_have_attribute(
        "aria-pressed", "false")
    expect(control.get_by_test_id("voters")).to_have_text("3")
    expect(projector.get_by_test_id("scale-count")).to_have_text("3 antwoorden")
    expect(projector.get_by_test_id("scale-screen")).to_be_hidden()  # no figures before the trainer shows them
    control.get_by_test_id("results-on").click()
    expect(projector.get_by_test_id("scale-after-mean")).to_have_text("Gemiddelde: 2,3")
    expect(projector.get_by_test_id("scale-before")).to_be_hidden()

    # the timer from the control page: start, +30 s, stop
    control.get_by_test_id("timer-60").click()
    expect(control.get_by_test_id("timer")).to_be_visible()
    expect(phones[0].get_by_test_id("timer")).to_contain_text("1:0")
    expect(projector.get_by_test_id("timer")).to_contain_text(":")
    control.get_by_test_id("timer-add").click()
    expect(phones[1].get_by_test_id("timer")).to_contain_text(re.compile(r"1:[23]\d"))  # +30 s: 1:2x or 1:3x
    assert live.control(code, action="goto", index=0)["exercises"][0]["timer"]["seconds"] == 90
    control.get_by_test_id("timer-cancel").click()
    expect(phones[0].get_by_test_id("timer")).to_be_hidden()
    control.get_by_test_id("close").click()

    control.get_by_test_id("next").click()
    control.get_by_test_id("open").click()
    expect(phones[0].get_by_test_id("scale-exercise")).to_contain_text("na afloop")
    for phone, value in zip(phones[1:], (4, 5)):
        rate(phone, value)
    control.get_by_test_id("results-on").click()
    expect(projector.get_by_test_id("scale-before")).to_be_visible()
    expect(projector.get_by_test_id("scale-before-mean")).to_have_text("Gemiddelde: 2,3")
    expect(projector.get_by_test_id("scale-after-mean")).to_have_text("Gemiddelde: 4,5")
    expect(projector.get_by_test_id("scale-paired")).to_have_text("2 deelnemers vulden beide in")

    expect(phones[1].get_by_test_id("scale-tally")).to_contain_text("Begin: 2,3 · nu: 4,5")

    # a timer that runs out: the server closes the exercise, also for a phone that has not answered yet
    live.control(code, action="timer", seconds=5)
    expect(phones[0].get_by_test_id("timer")).to_be_visible()
    phase = phones[0].get_by_test_id("scale-exercise").get_by_test_id("phase")
    expect(phase).to_have_text("Deze vraag is gesloten. Bedankt!", timeout=15_000)
    expect(phones[0].get_by_test_id("timer")).to_be_hidden()
    expect(projector.get_by_test_id("timer")).to_be_hidden()
    expect(phones[0].get_by_test_id("scale-values").locator('[data-value="3"]')).to_be_disabled()
    results = live.results(code)["exercises"][1]
    assert results["before_mean"] == 2.33 and results["after_mean"] == 4.5 and results["paired"] == 2

    # the end: the projector's recap shows before beside after, first; each phone its own answers
    control.once("dialog", lambda dialog: dialog.accept())
    control.get_by_test_id("end").click()
    recap = projector.get_by_test_id("recap")
    expect(recap.locator('[data-kind="scale"]').first).to_contain_text("Begin: 2,3 · nu: 4,5")
    expect(recap.locator('[data-kind="scale"]').first).to_contain_text("2 deelnemers vulden beide in")
    expect(phones[1].get_by_test_id("my-recap")).to_contain_text("Jouw antwoord: 4 (van 1 tot 5)")

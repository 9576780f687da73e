"""The README's before/after picture: a self-assessment at the start and at the end of a workshop, side by side on
the projector (1920x1080). `make screenshots` (pytest --screenshots) writes it into docs/img/; in the normal suite
it is rendered into a temporary folder, so the journey that makes it is tested too."""
from playwright.sync_api import expect

from tests.browser.test_screenshots import png_size, target  # noqa: F401  (target is a fixture)

BEFORE = (1, 2, 2, 2, 3, 3, 3, 3, 4, 2, 3, 1)
AFTER = (3, 4, 4, 3, 4, 5, 4, 3, 4, 4, 5)


def test_render_the_before_and_after_screenshot(pages, live, target):  # noqa: F811
    created = live.create_workshop(["zeker-slecht-nieuws-start", "zeker-slecht-nieuws-eind"],
                                   title="Lastige boodschappen brengen")
    code = created["code"]
    projector = pages.projector(created)
    phones = [pages.phone(code) for _ in range(len(BEFORE))]
    for index, values in ((0, BEFORE), (1, AFTER)):
        live.control(code, action="goto", index=index)
        live.control(code, action="open")
        for phone, value in zip(phones, values):
            # a tap counts for the exercise the phone shows: wait until it shows this one, open
            expect(phone.get_by_test_id("scale-values")).to_have_attribute("data-index", str(index))
            expect(phone.locator("#scale-phase")).to_have_attribute("data-phase", "open")
            button = phone.get_by_test_id("scale-values").locator(f'[data-value="{value}"]')
            button.tap()
            expect(button).to_have_attribute("aria-pressed", "true")
        # the button is pressed before the answer reached the server: the projector's count says it arrived
        expect(projector.get_by_test_id("scale-count")).to_have_text(f"{len(values)} antwoorden")
    live.control(code, action="close")
    live.control(code, action="results", visible=True)
    expect(projector.get_by_test_id("scale-paired")).to_have_text(f"{len(AFTER)} deelnemers vulden beide in")
    expect(projector.get_by_test_id("scale-after-mean")).to_have_text("Gemiddelde: 3,9")
    projector.get_by_test_id("toggle-join").click()  # the trainer gives the figures the whole screen
    projector.wait_for_timeout(800)  # the bars' transition ends
    projector.screenshot(path=target / "projector-scale-before-after.png")
    assert png_size(target / "projector-scale-before-after.png") == (1920, 1080)
    assert (target / "projector-scale-before-after.png").stat().st_size > 20_000

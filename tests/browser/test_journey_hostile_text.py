"""Journey f: hostile tips, names and titles show as literal text on phone, projector and control page; no script
runs."""
from playwright.sync_api import expect

from tests.browser.conftest import connected

HOSTILE_TIPS = [
    '<img src=x onerror="window.__xss=1;alert(1)">',
    "<script>window.__xss=2;alert(2)</script>",
    '"><svg onload="window.__xss=3;alert(3)">',
    "{{ 7*7 }} ${7*7} {% raw %}#{7*7}",
]
HOSTILE_TITLE = '<i>Agressie</i><script>window.__xss=5</script> {{ 6*7 }}'


def assert_nothing_ran(page) -> None:
    assert page.evaluate("() => window.__xss === undefined"), f"a hostile text ran as script on {page.url}"
    injected = page.locator('img[src="x"], svg[onload], script:not([src]):not([type]), b[onmouseover], #tip-wall i')
    expect(injected).to_have_count(0)


def test_hostile_text_is_shown_literally_and_never_runs(pages, live):
    created = live.create_workshop([live.exercise_id("tips")], title=HOSTILE_TITLE)
    code = created["code"]
    control = pages.control(created)
    projector = pages.projector(created)
    phone = pages.phone(code)
    upvoter = pages.phone(code)
    dialogs = []
    for page in (control, projector, phone, upvoter):
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    control.get_by_test_id("next").click()
    control.get_by_test_id("open").click()
    expect(phone.get_by_test_id("tip-input")).to_be_visible()
    for text in HOSTILE_TIPS:
        phone.get_by_test_id("tip-input").fill(text)
        phone.get_by_test_id("tip-submit").click()
        expect(phone.get_by_test_id("own-tips")).to_contain_text(text)
    upvoter.get_by_test_id("tip-wall").locator("li[data-tip-id]").first.get_by_test_id("upvote").tap()

    for page, wall in ((projector, "tip-wall"), (phone, "tip-wall"), (upvoter, "tip-wall"),
                       (control, "moderation-tips")):
        for text in HOSTILE_TIPS:
            expect(page.get_by_test_id(wall)).to_contain_text(text)
        assert "49" not in page.get_by_test_id(wall).inner_text()  # template syntax is not evaluated
    expect(projector.locator(".stage-title")).to_have_text(HOSTILE_TITLE)
    expect(phone.locator(".header-title")).to_have_text(HOSTILE_TITLE)
    expect(control.locator(".header-title")).to_have_text(HOSTILE_TITLE)

    phone.reload()
    connected(phone)
    for page in (control, projector, phone, upvoter):
        assert_nothing_ran(page)
    assert dialogs == []

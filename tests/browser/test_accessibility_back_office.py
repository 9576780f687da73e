"""The trainer's back office is as accessible as the live pages: a trainer imports tips from an earlier tool on the
archive's import page (a bad file first), then every archive, toolkit, settings, team and account page is axe clean
with real content on it, and the import's problems and result are visible."""
from playwright.sync_api import expect

from tests.browser.test_accessibility import check

GOOD_CSV = ("question;text;votes;date\n"
            "Hoe blijf je fris?;Tot tien tellen;4;2025-03-04\n"
            "Hoe blijf je fris?;tot 10 tellen!;2;2025-03-04\n"
            "Hoe blijf je fris?;Even koffie halen;3;2025-03-04\n"
            "Welke zin helpt je nee te zeggen?;Ik begrijp dat dit een tegenvaller is;5;2025-04-01\n")
BAD_CSV = "question;text\nHoe blijf je fris?;\n;Zonder vraag\n"


def upload(page, name: str, text: str) -> None:
    page.locator("#file").set_input_files({"name": name, "mimeType": "text/csv", "buffer": text.encode()})
    page.get_by_role("button", name="Importeren").click()


def test_import_then_every_back_office_page_is_axe_clean(pages):
    page = pages.trainer()
    page.goto("/facilitator/archive/import")
    check(page, "import page")

    upload(page, "fout.csv", BAD_CSV)
    problems = page.get_by_test_id("import-problems").locator("li")
    expect(problems).to_have_count(2)
    expect(problems.first).to_contain_text("Regel 2")
    check(page, "import page with problems")

    upload(page, "mentimeter.csv", GOOD_CSV)
    page.wait_for_url("**/facilitator/archive?sort=date")
    expect(page.get_by_text("4 tips geïmporteerd.")).to_be_visible()
    expect(page.get_by_text("Even koffie halen").first).to_be_visible()
    check(page, "archive page with imported tips and groups")

    for path, content in [("/facilitator/archive?q=tellen", "Tot tien tellen"),
                          ("/facilitator/archive/toolkit", "Tot tien tellen"),
                          ("/facilitator/archive/settings", None),
                          ("/facilitator/team", None),
                          ("/facilitator/account", None),
                          ("/facilitator/branding", None)]:
        response = page.goto(path)
        assert response.status == 200, path
        if content:
            expect(page.get_by_text(content).first).to_be_visible()
        check(page, path)

    page.goto("/facilitator/archive")
    workshop_link = page.locator('a[href*="/facilitator/archive/workshops/"]').first
    workshop_page = workshop_link.get_attribute("href")
    page.goto(workshop_page)
    check(page, "an imported workshop's archive page")
    page.goto(workshop_page.rstrip("/") + "/delete")
    expect(page.get_by_role("button").last).to_be_visible()
    check(page, "the delete confirmation")

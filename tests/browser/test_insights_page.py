"""A manager's page of the organisation's insights: axe clean with real figures on it, every chart an SVG image
with a name and a text alternative and its figures in a table, the follow-up answers beside the workshop's, filters
and sorting by the page's own links, the CSV download, and a print view for A4. Also renders the README's
screenshot (docs/img/insights.png with --screenshots)."""
from __future__ import annotations

from types import SimpleNamespace

from playwright.sync_api import expect

from tests.browser.conftest import TRAINER_EMAIL
from tests.browser.test_accessibility import check
from tests.browser.test_screenshots import png_size, target  # noqa: F401  (target is a fixture)
from tests.insights_data import answer_followups, organisation_app, seed_a_year
from workshop import offload
from workshop.models import Trainer, db

CHARTS = ("months", "tags", "teams", "scales")


def seed_the_server(live) -> None:
    """Seed the running server's own database (the same SQLite file, from this process)."""
    with organisation_app(live.server.data_dir) as app:
        with app.app_context():
            row = db.session.query(Trainer).filter_by(email=TRAINER_EMAIL).one()
            trainer = SimpleNamespace(id=row.id, organisation_id=row.organisation_id)
            db.session.remove()
        phones: dict[str, list[str]] = {}
        seed_a_year(app, trainer, phones=phones)
        answer_followups(app, phones)
    offload.stop_workers()


def test_the_insights_page_for_a_manager(pages, live, target):  # noqa: F811
    seed_the_server(live)
    page = pages.trainer()
    page.get_by_test_id("insights-link").click()
    page.wait_for_url("**/facilitator/insights")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Wat kiezen onze medewerkers?")
    for chart in CHARTS:
        svg = page.get_by_test_id(f"chart-{chart}")
        expect(svg).to_be_visible()
        assert svg.get_attribute("role") == "img"
        name = svg.evaluate("e => e.getAttribute('aria-labelledby').split(' ').map("
                            "id => document.getElementById(id).textContent.trim()).join(' | ')")
        title, desc = name.split(" | ")
        assert title and len(desc) > 20, (chart, name)
        expect(page.get_by_role("img", name=title)).to_be_visible()
    for table in ("months", "tags", "cases", "teams", "scales"):
        expect(page.get_by_test_id(f"table-{table}").locator("tbody tr").first).to_be_visible()
    expect(page.get_by_test_id("table-months").locator("tbody tr")).to_have_count(6)
    # The follow-up beside the workshop: per case both shares with their numbers, the scale's two means.
    followup = page.get_by_test_id("table-followup")
    expect(followup.locator("tbody tr")).to_have_count(2)
    expect(followup.locator("tbody tr").first.locator("td").nth(1)).to_contain_text("antwoorden")
    expect(followup.locator("tbody tr").first.locator("td").first).to_contain_text("stemmen")
    expect(page.get_by_test_id("table-followup-scales").locator("tbody tr")).to_have_count(1)
    check(page, "the insights page")
    page.set_viewport_size({"width": 1280, "height": 2400})
    page.screenshot(path=str(target / "insights.png"), full_page=False)
    assert png_size(target / "insights.png")[0] == 1280

    page.locator("#team").select_option("Wijkbeheer")
    page.get_by_test_id("apply-filters").click()
    page.wait_for_url("**team=Wijkbeheer**")
    expect(page.get_by_test_id("table-teams").locator("tbody tr")).to_have_count(1)
    assert "team=Wijkbeheer" in page.get_by_test_id("insights-csv").get_attribute("href")
    check(page, "the insights page for one team")

    page.get_by_test_id("sort-title").click()
    expect(page.locator("th[aria-sort='ascending']")).to_contain_text("Casus")
    titles = page.get_by_test_id("table-cases").locator("tbody th").all_text_contents()
    assert titles == sorted(titles, key=str.casefold)

    with page.expect_download() as download:
        page.get_by_test_id("insights-csv").click()
    assert download.value.suggested_filename == "inzichten.csv"

    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.get_by_test_id("chart-months")).to_be_visible()
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")

    page.emulate_media(media="screen")
    page.goto("/facilitator/insights?lang=en")
    expect(page.get_by_role("heading", level=1)).to_contain_text("What do our staff choose?")
    expect(page.get_by_role("heading", name="Follow-up: practised again later, at home")).to_be_visible()
    check(page, "the insights page in English")

"""The results page shows results: per exercise the figure that matters (top tips with their tags, the case's
distribution with the intended answer, the cloud's top words, a scale's mean and before/after, the order's average
and exact count), the answers counted per kind ("4 tips, 3 woorden"), and the downloads beside them."""
from __future__ import annotations

import re
from html import unescape

import pytest

from tests.every_kind import HELD, HIDDEN, build_organisation


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    for org in build_organisation(tmp_path_factory):
        response = org["client"].get(f"/facilitator/archive/workshops/{org['code']}")
        assert response.status_code == 200
        yield unescape(response.get_data(as_text=True))


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _result(page: str, title: str) -> str:
    """The text of one exercise's result block."""
    block = re.search(r'<article class="result"[^>]*>\s*<h3[^>]*>\d+\. ' + re.escape(title) + r"</h3>(.*?)</article>",
                      page, re.S)
    assert block, title
    return _text(block.group(1))


def test_answers_are_counted_per_kind(page):
    counted = re.search(r'data-testid="counted">([^<]+)<', page).group(1)
    assert counted == "5 antwoorden, 4 tips, 3 stemmen, 2 reacties, 3 woorden, 2 volgordes"


def test_each_exercise_shows_the_figure_that_matters(page):
    tips = _result(page, "Fris blijven")
    assert tips.startswith("Tipvraag 4 tips") and "Tot tien tellen" in tips and HIDDEN not in tips
    case = _result(page, "Vier keer bellen voor één woning")
    assert "meeste stemmen: B (67%) · bedoeld antwoord: B (67%)" in case and "A. " in case and "1 (33%)" in case
    assert case.count("bedoeld antwoord") == 2  # the headline and the marked option
    replies = _result(page, "Zelf antwoorden: de boze mail over lekkage")
    assert "Regels zijn regels, mevrouw. Valkuil: de klant gelijk geven" in replies
    cloud = _result(page, "Woordwolk: een goed gesprek")
    assert re.search(r"rust \(2\), geduld \(1\)", cloud, re.IGNORECASE) and HELD not in cloud
    order = _result(page, "Vier handvatten op volgorde")
    assert "1 van 2 precies in de bedoelde volgorde" in order
    assert "baalt, na al die jaren wachten. bedoeld: 1 gemiddelde plaats 1,5" in order
    after = _result(page, "Slecht nieuws brengen: hoe zeker ben je nu, na afloop?")
    assert "voor 3,0, na 4,5 (0 deelnemers vulden beide in)" in after


def test_the_downloads_stand_beside_the_results(page):
    layout = page[page.index('class="results-layout"'):]
    aside = layout[layout.index("<aside"):layout.index("</aside>")]
    for link in ("export.csv", "export.xlsx", "export.json", "toolkit.pdf"):
        assert link in aside
    assert len(re.findall(r'<meter class="result-bar"', page)) >= 5 + 5 + 3  # case options, scale values, words

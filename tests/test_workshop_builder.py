"""Preparing is quick: duplicating a workshop asks for the copy's title (default "<titel> (kopie)") and lands on its
edit page; there the title and the language can change until the workshop starts; the add-list is sorted by kind
and title, and the planned minutes are added up; the dashboard's builder has filters and a preview per exercise."""
from __future__ import annotations

import re
from html import unescape

import pytest

from tests import factories
from tests.test_authoring_pages import csrf


@pytest.fixture
def logged_in(auth, trainer):
    auth.login()
    return trainer


def test_duplicate_asks_a_title_and_lands_on_the_edit_page(client, logged_in, api):
    code = api.create_workshop([factories.TIPS_EXERCISE, factories.CASE_EXERCISE], title="Nee zeggen")["code"]
    form = unescape(client.get(f"/facilitator/workshops/{code}/duplicate").get_data(as_text=True))
    assert 'value="Nee zeggen (kopie)"' in form and 'data-testid="copy-title"' in form
    token = csrf(client, f"/facilitator/workshops/{code}/duplicate")
    copied = client.post(f"/facilitator/workshops/{code}/duplicate",
                         data={"csrf_token": token, "title": "  Nee zeggen, najaar "})
    assert copied.status_code == 302 and copied.headers["Location"].endswith("/exercises")
    copy_code = copied.headers["Location"].split("/workshops/")[1].split("/")[0]
    state = api.get(f"/workshops/{copy_code}").get_json()
    assert state["title"] == "Nee zeggen, najaar" and state["current"] is None
    empty = client.post(f"/facilitator/workshops/{code}/duplicate", data={"csrf_token": token, "title": " "},
                        follow_redirects=True)
    assert "Geef de workshop een titel." in empty.get_data(as_text=True)


def test_title_and_language_change_until_the_workshop_starts(app, client, logged_in, api):
    code = api.create_workshop([factories.TIPS_EXERCISE])["code"]
    path = f"/facilitator/workshops/{code}/exercises"
    token = csrf(client, path)
    saved = client.post(path, data={"csrf_token": token, "title": "In het Engels", "language": "en"},
                        follow_redirects=True)
    assert "De titel en de taal zijn opgeslagen." in saved.get_data(as_text=True)
    phone = factories.join(app, code)
    assert phone["state"]["workshop"]["title"] == "In het Engels"
    with app.app_context():
        from workshop.engine import workshop_by_code
        assert workshop_by_code(code).language == "en"
    wrong = client.post(path, data={"csrf_token": token, "title": "X", "language": "fr"}, follow_redirects=True)
    assert "Kies als taal nl (Nederlands) of en (Engels)." in wrong.get_data(as_text=True)
    api.control(code, action="goto", index=0)
    started = client.post(path, data={"csrf_token": token, "title": "Te laat", "language": "nl"},
                          follow_redirects=True).get_data(as_text=True)
    assert "al begonnen" in started and 'data-testid="workshop-details"' not in started
    assert api.get(f"/workshops/{code}").get_json()["title"] == "In het Engels"


def test_the_add_list_is_sorted_and_the_minutes_add_up(client, logged_in, api, app):
    code = api.create_workshop([factories.TIPS_EXERCISE, factories.CASE_EXERCISE])["code"]
    page = unescape(client.get(f"/facilitator/workshops/{code}/exercises").get_data(as_text=True))
    library = app.extensions["klantwijs_library"]
    minutes = sum(library[e].content.get("minutes") or 0 for e in (factories.TIPS_EXERCISE, factories.CASE_EXERCISE))
    assert minutes > 0 and f"Geplande tijd: {minutes} minuten" in page
    groups = re.findall(r'<optgroup label="([^"]+)">(.*?)</optgroup>', page, re.S)
    assert {"Tipvragen", "Casussen", "Woordwolken"} <= {label for label, _ in groups}  # one group per kind
    for _label, options in groups:
        titles = [t.split(" · ")[0] for t in re.findall(r"<option [^>]*>([^<]+)</option>", options)]
        assert titles == sorted(titles, key=str.casefold)


def test_the_dashboard_builder_has_filters_previews_and_minutes(client, logged_in):
    page = unescape(client.get("/facilitator/").get_data(as_text=True))
    assert 'data-testid="builder-filters"' in page and 'id="builder-theme"' in page
    assert page.count('data-testid="preview"') == page.count('data-testid="lib-item"') > 40
    assert 'data-minutes="' in page and 'data-testid="planned-minutes"' in page

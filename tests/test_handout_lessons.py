"""The hand-outs teach what the room learned: a tagged reply is printed with its tag, a pitfall never stands among
the tips (by default it moves to "Zo liever niet"; the trainer may print it tagged "Valkuil" or leave it out), and
the workshop's hand-out adds the word cloud's top words, the intended order and a paired scale's before and after.
Checked in the PDF's text as a reader's PDF viewer extracts it (pypdf), and in the HTML for the pitfall colour."""
from __future__ import annotations

import re

import pytest

from tests.every_kind import build_organisation
from tests.pdf_text import pdf_text

PITFALL_REPLY, HANDLE_REPLY = "Regels zijn regels, mevrouw.", "Ik begrijp dat u boos bent."
PITFALL_LABEL, HANDLE_LABEL = "Valkuil: de klant gelijk geven", "Handvat: weg van de inhoud"


@pytest.fixture(scope="module")
def org(tmp_path_factory):
    yield from build_organisation(tmp_path_factory)


def _pdf(org, path: str) -> str:
    response = org["client"].get(path)
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    return " ".join(pdf_text(response.data).split())


def _workshop(org, suffix: str = "") -> str:
    return f"/facilitator/archive/workshops/{org['code']}/toolkit{suffix}"


def test_the_default_hand_out_moves_pitfalls_to_zo_liever_niet_with_their_tag(org):
    text = _pdf(org, _workshop(org, ".pdf"))
    assert "Zo liever niet" in text
    tips, avoid = text.split("Zo liever niet", 1)
    assert HANDLE_REPLY in tips and HANDLE_LABEL in tips  # a handle is a tip, with its tag
    assert PITFALL_REPLY not in tips  # never handed out as a tip
    assert PITFALL_REPLY in avoid and PITFALL_LABEL in avoid


def test_the_trainer_may_print_pitfalls_tagged_or_leave_them_out(org):
    tagged = _pdf(org, _workshop(org, ".pdf?pitfalls=tagged"))
    assert "Zo liever niet" not in tagged
    assert re.search(re.escape(PITFALL_REPLY) + r"\s+" + re.escape(PITFALL_LABEL), tagged)
    left_out = _pdf(org, _workshop(org, ".pdf?pitfalls=out"))
    assert PITFALL_REPLY not in left_out and "Zo liever niet" not in left_out and HANDLE_REPLY in left_out


def test_a_pitfall_is_printed_in_the_pitfall_colour(org):
    page = org["client"].get(_workshop(org, "?pitfalls=tagged")).get_data(as_text=True)
    assert re.search(r'class="toolkit-tag tag-family-pitfall"[^>]*>Valkuil: de klant gelijk geven<', page)
    css = org["client"].get("/static/css/print.css").get_data(as_text=True)
    assert ".toolkit-tag.tag-family-pitfall { color: #a3212a; }" in css  # base.css's --pitfall
    choice = org["client"].get(_workshop(org)).get_data(as_text=True)
    assert 'data-testid="pitfall-choice"' in choice and 'value="apart" selected' in choice


def test_the_workshop_hand_out_adds_the_cloud_the_order_and_the_before_after(org):
    text = _pdf(org, _workshop(org, ".pdf"))
    assert re.search(r"rust: 2 keer", text, re.IGNORECASE) and "geduld: 1 keer" in text
    steps = ["1. Ik hoor dat u hier erg van baalt", "2. Helaas kan ik die beslissing niet veranderen",
             "3. Wat ik wel voor u kan doen", "4. We komen steeds op hetzelfde uit"]
    places = [text.find(step) for step in steps]
    assert all(place >= 0 for place in places) and places == sorted(places), places  # the intended order
    assert "1 van 2 deelnemers zetten alles precies in deze volgorde" in text
    assert "Aan het begin: gemiddeld 3,0" in text and "Aan het eind: gemiddeld 4,5" in text
    assert "0 deelnemers vulden beide in" in text
    assert "Bedoeld antwoord" in text  # the case stays


def test_the_organisations_toolkit_never_hands_out_a_pitfall(org):
    text = _pdf(org, "/facilitator/archive/toolkit.pdf")
    tips, _sep, avoid = text.partition("Zo liever niet")
    assert PITFALL_REPLY not in tips and PITFALL_REPLY in avoid and PITFALL_LABEL in avoid


def test_the_shared_hand_out_link_follows_the_same_rules(org):
    client = org["client"]
    shared = client.post(f"/api/v1/workshops/{org['code']}/handout", json={"shared": True}, headers=org["api"])
    assert shared.status_code == 200, shared.get_json()
    url = shared.get_json()["url"]
    page = client.get(url[url.index("/handout/"):]).get_data(as_text=True)
    assert "Zo liever niet" in page and "rust: 2 keer" in page.lower()
    assert 'data-testid="pitfall-choice"' not in page  # participants read, they do not choose

"""An organisation's accent colour: only readable colours are accepted, and its workshops' pages use it."""
from __future__ import annotations

import pytest

from tests import factories
from workshop import branding, engine
from workshop.engine import EngineError

ACCENT = "#7a1f5c"  # a dark plum: white text on it reads well


def test_contrast_follows_wcag():
    assert branding.contrast("#000000", "#ffffff") == pytest.approx(21)
    assert branding.contrast("#ffffff", "#ffffff") == pytest.approx(1)
    assert branding.contrast(branding.DEFAULT_ACCENT, "#ffffff") >= branding.MIN_CONTRAST


@pytest.mark.parametrize("asked, stored", [("#7A1F5C", "#7a1f5c"), ("7a1f5c", "#7a1f5c"), (" #135 ", "#113355")])
def test_colours_are_normalised(asked, stored):
    assert branding.checked_accent(asked) == stored


@pytest.mark.parametrize("asked, code", [("geel", "invalid_colour"), ("#12345", "invalid_colour"),
                                         ("#ffff00", "low_contrast"), ("#7fbfff", "low_contrast")])
def test_unreadable_or_malformed_colours_are_refused(asked, code):
    with pytest.raises(EngineError) as refused:
        branding.checked_accent(asked)
    assert refused.value.code == code


def test_the_trainer_sets_the_accent_and_the_workshop_pages_use_it(app, client, auth, trainer):
    code = factories.make_workshop(app, trainer)
    assert "--accent:" not in client.get(f"/j/{code}").get_data(as_text=True)  # the default needs no override
    auth.login()
    page = client.get("/facilitator/branding")
    assert page.status_code == 200 and 'type="color"' in page.get_data(as_text=True)
    token = auth.csrf_token("/facilitator/branding")
    saved = client.post("/facilitator/branding", data={"accent": ACCENT, "csrf_token": token},
                        follow_redirects=True)
    assert "De kleur is opgeslagen." in saved.get_data(as_text=True)
    dashboard = client.get("/facilitator/").get_data(as_text=True)
    assert f"--accent: {ACCENT};" in dashboard  # the trainer's own pages too
    auth.logout()
    with app.app_context():
        key = engine.workshop_by_code(code).screen_key
    for path in (f"/j/{code}", f"/screen/{code}?key={key}"):
        html = client.get(path).get_data(as_text=True)
        assert f"--accent: {ACCENT};" in html and f'name="theme-color" content="{ACCENT}"' in html


def test_a_too_light_colour_is_refused_with_a_dutch_message(app, client, auth, trainer):
    auth.login()
    token = auth.csrf_token("/facilitator/branding")
    refused = client.post("/facilitator/branding", data={"accent": "#ffee88", "csrf_token": token})
    assert refused.status_code == 400
    assert "Deze kleur is te licht" in refused.get_data(as_text=True)
    code = factories.make_workshop(app, trainer)
    assert "--accent:" not in client.get(f"/j/{code}").get_data(as_text=True)


def test_reset_restores_the_default_and_other_organisations_keep_theirs(app, client, auth, trainer):
    other = factories.make_trainer(app, email="anna@elders.example", organisation="Woongoed Elders")
    other_code = factories.make_workshop(app, other)
    with app.app_context():
        branding.set_accent(other.organisation_id, "#5b2a86")
    auth.login()
    token = auth.csrf_token("/facilitator/branding")
    client.post("/facilitator/branding", data={"accent": ACCENT, "csrf_token": token})
    client.post("/facilitator/branding", data={"reset": "1", "csrf_token": token})
    own_code = factories.make_workshop(app, trainer)
    assert "--accent:" not in client.get(f"/j/{own_code}").get_data(as_text=True)
    assert "--accent: #5b2a86;" in client.get(f"/j/{other_code}").get_data(as_text=True)

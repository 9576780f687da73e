"""Issue 13, point 2: one strict check for `next`, used by the login form and the archive's curation form."""
from __future__ import annotations

import pytest

from tests import factories
from tests.archive_helpers import workshop_with_tips
from workshop.redirects import safe_next

HOSTILE = ["//evil.example", "/\t/evil.example", "/%09/evil.example", "/\\evil.example", "\\\\evil.example",
           "https://evil.example/", "javascript:alert(1)", "/\n/evil.example", " /x", "/x\x00", "/\u2215evil",
           "evil.example", "", None, "///evil.example", "/ /evil"]


@pytest.mark.parametrize("target", HOSTILE)
def test_hostile_targets_fall_back(target):
    assert safe_next(target, "/fallback") == "/fallback"


@pytest.mark.parametrize("target", ["/facilitator/archive?q=koffie&page=2", "/facilitator/workshops/K7QM2X",
                                    "/facilitator/archive?q=caf%C3%A9#tip-3", "/",
                                    "/facilitator/archive?q=tot%20tien%2Ftellen"])
def test_paths_on_this_site_are_kept(target):
    assert safe_next(target, "/fallback") == target


@pytest.mark.parametrize("raw", ["/%09/evil.example", "//evil.example/x", "/%5Cevil.example", "https:evil.example"])
def test_login_never_sends_the_trainer_elsewhere(client, auth, trainer, raw):
    token = auth.csrf_token()
    response = client.post(f"/facilitator/login?next={raw}", data={
        "email": factories.TRAINER_EMAIL, "password": factories.TRAINER_PASSWORD, "csrf_token": token})
    assert response.status_code == 302
    assert response.headers["Location"] == "/facilitator/"


def test_curation_form_never_sends_the_trainer_elsewhere(app, client, auth, trainer):
    _code, ids = workshop_with_tips(app, trainer, ["Even koffie halen"])
    auth.login()
    token = auth.csrf_token("/facilitator/archive")
    response = client.post("/facilitator/archive/curate", data={
        "action": "star", "tip_id": ids[0], "next": "/\t/evil.example", "csrf_token": token})
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/facilitator/archive#tip-")

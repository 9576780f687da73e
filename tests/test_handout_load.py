"""A public hand-out link under load: its PDF is printed once per version of the hand-out, a link that keeps asking
for new prints gets 429, and one organisation's heavy work (or one link's) never takes the whole worker pool:
another organisation's trainer still gets their export."""
from __future__ import annotations

import threading

import pytest

from tests.archive_helpers import organisation_id_of, other_trainer, workshop_with_tips
from tests.conftest import ApiActions
from workshop import offload
from workshop.archive import handout_cache

TIPS = ["Tot tien tellen", "Even koffie halen", "Diep ademhalen", "Rondje lopen"]


@pytest.fixture
def link(app, api, trainer):
    code, ids = workshop_with_tips(app, trainer, TIPS)
    api.control(code, action="end")
    url = api.post(f"/workshops/{code}/handout", {"shared": True}).get_json()["url"]
    handout_cache.pdfs.clear()
    return code, dict(zip(TIPS, ids)), url.removeprefix("http://localhost") + ".pdf"


@pytest.fixture
def prints(monkeypatch):
    """How many jobs reached the worker pool (the real pool does the work)."""
    made = []
    real_call = offload._pool.call

    def counting(function, *args, **kwargs):
        made.append(function)
        return real_call(function, *args, **kwargs)

    monkeypatch.setattr(offload._pool, "call", counting)
    return made


def test_the_same_version_of_a_handout_is_printed_once(app, api, client, link, prints):
    code, tip, path = link
    first = client.get(path)
    assert first.status_code == 200 and first.mimetype == "application/pdf"
    for _ in range(5):
        again = client.get(path)
        assert again.status_code == 200 and again.get_data() == first.get_data()
    assert len(prints) == 1
    api.post("/archive/curate", {"action": "edit", "tip_id": tip["Rondje lopen"], "text": "Een rondje om het blok"})
    changed = client.get(path)  # a new version of the hand-out: printed anew
    assert changed.status_code == 200 and changed.get_data() != first.get_data()
    assert len(prints) == 2


def test_a_link_that_keeps_asking_for_new_prints_gets_429(client, link, prints):
    _code, _tip, path = link
    for _ in range(handout_cache.RENDERS_PER_LINK.amount):
        handout_cache.pdfs.clear()  # as if the hand-out changed between every request
        assert client.get(path).status_code == 200
    handout_cache.pdfs.clear()
    refused = client.get(path)
    assert refused.status_code == 429 and "paar minuten" in refused.get_data(as_text=True)
    assert refused.headers["Retry-After"] and refused.headers["Cache-Control"] == "no-store"
    assert len(prints) == handout_cache.RENDERS_PER_LINK.amount


def test_one_organisations_load_leaves_the_others_a_share_of_the_pool(app, trainer, link):
    """Org A's trainer floods the pool with exports (held inside their place until org B is done) while org B's
    trainer exports once: B is served, because A holds at most its share of the places."""
    stranger = ApiActions(app.test_client(), other_trainer(app).token)
    organisation_a = organisation_id_of(app, trainer)
    release = threading.Event()
    real_call = offload._Worker.call
    held: list[str] = []

    def held_call(worker, function, *args, **kwargs):  # the real worker, after org A's jobs were held in place
        if offload._owner() == organisation_a and not release.is_set():
            held.append(function)
            release.wait(60)
        return real_call(worker, function, *args, **kwargs)

    statuses: list[int] = []

    def places_taken() -> int:  # org A's jobs running or waiting for a place in the pool
        shares = getattr(offload._pool, "shares", None)
        return sum(entry[0] for entry in shares.held.values()) if shares else offload._pool.gate.inside

    def export_a():
        statuses.append(ApiActions(app.test_client(), trainer.token).get("/archive/export.csv").status_code)

    flood = [threading.Thread(target=export_a) for _ in range(offload.PROCESS_SLOTS + offload.PROCESS_WAITING)]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(offload._Worker, "call", held_call)
        for thread in flood:
            thread.start()
        for _ in range(3000):  # until each of org A's exports holds a place (running or waiting) or was refused
            if places_taken() + statuses.count(503) == len(flood):
                break
            release.wait(0.01)
        b_status = stranger.get("/archive/export.csv").status_code
        release.set()
        for thread in flood:
            thread.join(60)
    assert b_status == 200
    assert statuses.count(503) >= 1 and statuses.count(200) >= 3  # A alone could not take every place

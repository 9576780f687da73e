"""The toolkit hand-out: best tips grouped, starred first, hidden never; print page, PDF, and the shared link."""
from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from tests.archive_helpers import other_trainer, upvote, workshop_with_tips
from tests.conftest import ApiActions

PROMPT_START = "Hoe blijf jij fris"
TIPS = ["Tot tien tellen", "tot 10 tellen!", "Top 10 tellen", "Even koffie halen", "Diep ademhalen",
        "Rondje lopen", "Vrijdagmiddagborrel!!", "Passie voor je vak houden"]


@pytest.fixture
def workshop(app, api, trainer):
    code, ids = workshop_with_tips(app, trainer, TIPS)
    tip = dict(zip(TIPS, ids))
    upvote(app, code, tip["Even koffie halen"], 3)
    upvote(app, code, tip["Diep ademhalen"], 1)
    upvote(app, code, tip["Vrijdagmiddagborrel!!"], 5)
    api.control(code, action="hide_tip", tip_id=tip["Vrijdagmiddagborrel!!"])
    api.post("/archive/curate", {"action": "star", "tip_id": tip["Passie voor je vak houden"]})
    api.post("/archive/curate", {"action": "edit", "tip_id": tip["Rondje lopen"], "text": "Een rondje lopen"})
    api.control(code, action="end")
    return code, tip


def headlines(page: str) -> list[str]:
    return [re.sub(r"<[^>]+>|★", "", h).strip()
            for h in re.findall(r'<p class="headline">(.*?)</p>', page, flags=re.S)]


def pdf_text(body: bytes) -> str:
    reader = PdfReader(io.BytesIO(body))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_workshop_toolkit_page(client, auth, workshop):
    code, _tip = workshop
    auth.login()
    page = client.get(f"/facilitator/archive/workshops/{code}/toolkit").get_data(as_text=True)
    assert f"Tips van Woonstad Voorbeeld: {PROMPT_START}" in page
    assert headlines(page) == ["Passie voor je vak houden",  # starred first
                               "Even koffie halen",  # 3 upvotes
                               "Diep ademhalen",  # 1 upvote
                               "Tot tien tellen",  # a group of three, no upvotes, mentioned most
                               "Een rondje lopen"]  # corrected spelling
    assert "3 keer genoemd" in page and "tot 10 tellen!" in page and "Top 10 tellen" in page
    assert "Vrijdagmiddagborrel" not in page, "hidden tips never appear"
    assert 'href="/static/css/print.css' in page


def test_toolkit_pdf_has_the_top_tips(client, auth, workshop):
    code, _tip = workshop
    auth.login()
    response = client.get(f"/facilitator/archive/workshops/{code}/toolkit.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.get_data().startswith(b"%PDF")
    text = " ".join(pdf_text(response.get_data()).split())
    assert "Tips van Woonstad Voorbeeld: Hoe blijf jij fris" in text
    for tip in ("Passie voor je vak houden", "Even koffie halen", "Tot tien tellen", "Een rondje lopen"):
        assert tip in text
    assert text.index("Passie voor je vak houden") < text.index("Even koffie halen") < text.index("Tot tien tellen")
    assert "Vrijdagmiddagborrel" not in text


def test_archive_toolkit_per_prompt(app, client, auth, trainer, workshop):
    workshop_with_tips(app, trainer, ["Helaas kan ik dat niet veranderen"], exercises=("nee-zeggen",))
    workshop_with_tips(app, trainer, ["Even koffie halen!"])
    auth.login()
    page = client.get("/facilitator/archive/toolkit").get_data(as_text=True)
    assert page.count("Tips van Woonstad Voorbeeld: ") == 2  # one section per prompt
    assert "Tips van Woonstad Voorbeeld: Welke zin helpt jou het meest" in page
    page = client.get("/facilitator/archive/toolkit?prompt=fris-blijven").get_data(as_text=True)
    assert page.count("Tips van Woonstad Voorbeeld: ") == 1 and "Even koffie halen" in page
    assert "2 keer genoemd" in page  # "Even koffie halen" and "Even koffie halen!" from two workshops
    pdf = client.get("/facilitator/archive/toolkit.pdf?prompt=nee-zeggen")
    text = " ".join(pdf_text(pdf.get_data()).split())
    assert "Helaas kan ik dat niet veranderen" in text and "Even koffie halen" not in text
    limited = client.get("/facilitator/archive/toolkit?prompt=fris-blijven&limit=2").get_data(as_text=True)
    assert len(headlines(limited)) == 2 and "De 2 beste van" in limited


def test_share_a_read_only_handout_link_and_switch_it_off(app, client, auth, workshop):
    code, _tip = workshop
    auth.login()
    token = auth.csrf_token(f"/facilitator/archive/workshops/{code}")
    response = client.post(f"/facilitator/archive/workshops/{code}/handout", data={"csrf_token": token, "shared": "1"})
    assert response.status_code == 302
    page = client.get(f"/facilitator/archive/workshops/{code}").get_data(as_text=True)
    url = re.search(r'value="(http://localhost/handout/[^"]+)"', page).group(1)
    path = url.removeprefix("http://localhost")
    assert len(path.rsplit("/", 1)[1]) >= 32, "unguessable"

    auth.logout()
    shared = client.get(path)
    assert shared.status_code == 200
    body = shared.get_data(as_text=True)
    assert "Tips van Woonstad Voorbeeld: Hoe blijf jij fris" in body and "Passie voor je vak houden" in body
    assert "Vrijdagmiddagborrel" not in body and "curate" not in body, "read-only, hidden tips never"
    assert shared.headers["Cache-Control"] == "no-store"
    pdf = client.get(path + ".pdf")
    assert pdf.status_code == 200 and "Passie voor je vak houden" in pdf_text(pdf.get_data())

    auth.login()
    token = auth.csrf_token(f"/facilitator/archive/workshops/{code}")
    client.post(f"/facilitator/archive/workshops/{code}/handout", data={"csrf_token": token, "shared": "0"})
    auth.logout()
    gone = client.get(path)
    assert gone.status_code == 404 and "niet (meer) beschikbaar" in gone.get_data(as_text=True)
    assert client.get(path + ".pdf").status_code == 404
    assert client.get("/handout/geraden-token").status_code == 404


def test_handout_link_through_the_api(api, workshop, client):
    code, _tip = workshop
    assert api.get(f"/workshops/{code}/handout").get_json() == {"shared": False, "url": None}
    shared = api.post(f"/workshops/{code}/handout", {"shared": True}).get_json()
    assert shared["shared"] is True and shared["url"].startswith("http://localhost/handout/")
    again = api.post(f"/workshops/{code}/handout", {"shared": True}).get_json()
    assert again["url"] == shared["url"]
    path = shared["url"].removeprefix("http://localhost")
    assert client.get(path).status_code == 200
    assert api.post(f"/workshops/{code}/handout", {"shared": False}).get_json() == {"shared": False, "url": None}
    assert client.get(path).status_code == 404
    renewed = api.post(f"/workshops/{code}/handout", {"shared": True}).get_json()
    assert renewed["url"] != shared["url"], "switching on again never revives the old link"
    assert api.post(f"/workshops/{code}/handout", {"shared": "ja"}).get_json()["error"] == "invalid"


def test_handouts_of_another_organisation_are_404(app, api, workshop, client, auth):
    code, _tip = workshop
    api.post(f"/workshops/{code}/handout", {"shared": True})
    stranger_info = other_trainer(app)
    stranger = ApiActions(client, stranger_info.token)
    assert stranger.get(f"/workshops/{code}/handout").status_code == 404
    response = stranger.post(f"/workshops/{code}/handout", {"shared": False})
    assert response.status_code == 404 and response.get_json()["error"] == "not_found"
    assert api.get(f"/workshops/{code}/handout").get_json()["shared"] is True

    auth.login(stranger_info.email)
    for path in (f"/facilitator/archive/workshops/{code}", f"/facilitator/archive/workshops/{code}/toolkit",
                 f"/facilitator/archive/workshops/{code}/toolkit.pdf"):
        assert client.get(path).status_code == 404, path
    token = auth.csrf_token("/facilitator/archive/settings")
    response = client.post(f"/facilitator/archive/workshops/{code}/handout", data={"csrf_token": token, "shared": "0"})
    assert response.status_code == 404
    assert api.get(f"/workshops/{code}/handout").get_json()["shared"] is True


def test_the_workshop_hand_out_teaches_its_cases_with_every_explanation(client, auth, workshop):
    code, _tip = workshop
    auth.login()
    page = client.get(f"/facilitator/archive/workshops/{code}/toolkit").get_data(as_text=True)
    assert 'data-testid="handout-lesson"' in page and "Vier keer bellen voor één woning" in page
    assert "Valkuil: de discussie afkappen" in page and "★ Bedoeld antwoord" in page
    assert "de angel blijft zitten" in page  # an option's explanation
    assert "Begin met de irritatie" not in page, "the trainer's notes stay on the control page"
    tips_only = client.get(f"/facilitator/archive/workshops/{code}/toolkit?cases=0").get_data(as_text=True)
    assert 'data-testid="handout-lesson"' not in tips_only and "Diep ademhalen" in tips_only

"""Importing tips from an earlier tool (Mentimeter or Slido export as CSV): all or nothing, every problem by line."""
from __future__ import annotations

import html
import re

import pytest

from tests import factories

MENTIMETER = ("\ufeffQuestion,Text,Votes,Date\r\n"
              "Hoe blijf je fris?,Tot tien tellen,4,2025-03-12\r\n"
              "Hoe blijf je fris?,10 tellen!,1,2025-03-12\r\n"
              "Hoe blijf je fris?,Even koffie halen,2,2025-03-12\r\n"
              '"Wat helpt bij nee zeggen?","Eerst luisteren, dan samenvatten",0,2025-04-01\r\n')
SLIDO_DUTCH = ("vraag;tekst;stemmen\n"
               "Hoe blijf je fris?;Een rondje lopen in de pauze;3\n"
               "Hoe blijf je fris?;Café-pauze met collega's;\n")


def archive(api, **query):
    response = api.get("/archive?" + "&".join(f"{k}={v}" for k, v in query.items()))
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def import_csv(api, body: str | bytes, content_type: str = "text/csv"):
    data = body.encode("utf-8") if isinstance(body, str) else body
    return api.client.post("/api/v1/archive/import", data=data, headers=api.headers | {"Content-Type": content_type})


def test_a_mentimeter_export_becomes_one_ended_workshop_per_question(api):
    response = import_csv(api, MENTIMETER)
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["imported"] == 4 and len(body["workshops"]) == 2
    found = archive(api, q="tellen", sort="votes")
    assert found["total"] == 2
    assert [t["text"] for t in found["tips"]] == ["Tot tien tellen", "10 tellen!"]
    assert [t["votes"] for t in found["tips"]] == [4, 1]
    first = found["tips"][0]
    assert first["prompt"] == "Hoe blijf je fris?" and first["created"].startswith("2025-03-12")
    assert first["group"] is not None and found["tips"][1]["group"] == first["group"]  # near-duplicates
    state = api.get(f"/workshops/{body['workshops'][0]}").get_json()
    assert state["status"] == "ended"


def test_the_same_question_gets_the_same_exercise_on_every_import_and_groups_with_earlier_tips(api):
    import_csv(api, MENTIMETER)
    response = import_csv(api, SLIDO_DUTCH)
    assert response.status_code == 201 and response.get_json()["imported"] == 2
    fresh = archive(api, q="fris")  # the prompt is not searched, the tips are: nothing matches "fris"
    assert fresh["total"] == 0
    everything = archive(api, limit=100)["tips"]
    exercise_ids = {t["exercise_id"] for t in everything if t["prompt"] == "Hoe blijf je fris?"}
    assert len(exercise_ids) == 1
    only_that = archive(api, prompt=exercise_ids.pop())
    assert only_that["total"] == 5
    assert archive(api, q="cafe")["tips"][0]["text"] == "Café-pauze met collega's"


def test_a_bad_file_names_every_problem_with_its_line_and_imports_nothing(api):
    bad = ("question,text,votes,date\n"
           "Hoe blijf je fris?,,1,2025-01-01\n"          # line 2: empty tip
           ",Koffie halen,1,2025-01-01\n"                # line 3: empty question
           "Hoe blijf je fris?,Tellen,veel,2025-01-01\n"  # line 4: votes not a number
           "Hoe blijf je fris?,Tellen,1,2025/03/12\n"     # line 5: date neither YYYY-MM-DD nor DD-MM-YYYY
           f"Hoe blijf je fris?,{'x' * 281},1,\n"          # line 6: too long
           "Hoe blijf je fris?,Dit is goed,2,\n")
    response = import_csv(api, bad)
    assert response.status_code == 400
    body = response.get_json()
    assert body["error"] == "invalid_import" and "niets" in body["message"]
    assert [(p["line"], p["field"]) for p in body["problems"]] == [
        (2, "text"), (3, "question"), (4, "votes"), (5, "date"), (6, "text")]
    assert archive(api)["total"] == 0


@pytest.mark.parametrize("body, line, words", [
    ("text,votes\nKoffie,1\n", 1, "question"),
    ("", 1, "leeg"),
    ("question,text\n", 2, "geen tips"),
    (b"question,text\nFris?,caf\xe9\n", 2, "UTF-8"),
])
def test_files_that_are_not_an_export_are_refused_clearly(api, body, line, words):
    response = import_csv(api, body)
    assert response.status_code == 400
    problems = response.get_json()["problems"]
    assert problems[0]["line"] == line and words in problems[0]["message"] + problems[0]["field"]
    assert archive(api)["total"] == 0


def test_a_file_over_one_megabyte_is_refused_with_json(api):
    big = "question,text\n" + "Fris?,Koffie halen\n" * 60_000
    response = import_csv(api, big)
    assert response.status_code == 413 and response.get_json()["error"] == "too_large"


def test_import_needs_a_trainer_and_stays_in_the_organisation(app, client, api):
    assert client.post("/api/v1/archive/import", data=MENTIMETER).status_code == 401
    import_csv(api, MENTIMETER)
    other = factories.make_trainer(app, email="ander@voorbeeld.nl", organisation="Andere Corporatie")
    other_api = type(api)(client, other.token)
    assert archive(other_api)["total"] == 0


def test_the_archive_page_imports_an_upload_and_shows_problems_by_line(client, auth, trainer):
    import io
    auth.login()
    token = auth.csrf_token("/facilitator/archive/import")
    response = client.post("/facilitator/archive/import", data={
        "csrf_token": token, "file": (io.BytesIO(MENTIMETER.encode("utf-8")), "mentimeter.csv")},
        content_type="multipart/form-data", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "4 tips geïmporteerd" in page and "Tot tien tellen" in page
    response = client.post("/facilitator/archive/import", data={
        "csrf_token": token, "file": (io.BytesIO(b"question,text\nFris?,\n"), "kapot.csv")},
        content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "Regel 2" in page and "de tip is leeg" in page


def test_a_big_group_shows_its_first_tips_and_links_to_all_of_them(api, client, auth):
    rows = "".join(f"Hoe blijf je fris?,Tot tien tellen {'!' * n},{n}\n" for n in range(12))
    assert import_csv(api, "question,text,votes\n" + rows).status_code == 201
    auth.login()
    page = client.get("/facilitator/archive").get_data(as_text=True)
    assert "Groep van 12 vergelijkbare tips · 66 stemmen samen" in page
    assert page.count('data-tip="') == 5
    link = re.search(r'href="(/facilitator/archive\?group=\d+[^"]*)"', page).group(1)
    everything = client.get(html.unescape(link)).get_data(as_text=True)
    assert everything.count('data-tip="') == 12 and "Toon alle" not in everything


def questions_csv(questions: int) -> str:
    return "question,text\n" + "".join(f"Vraag {number}?,Een tip bij vraag {number}\n" for number in range(questions))


def test_a_file_with_more_than_500_questions_is_refused_whole_with_a_clear_message(api):
    response = import_csv(api, questions_csv(501))
    assert response.status_code == 400
    body = response.get_json()
    assert body["error"] == "invalid_import"
    assert body["problems"][0]["line"] == 502 and "500" in body["problems"][0]["message"]
    assert "Splits het bestand" in body["problems"][0]["message"]
    assert archive(api)["total"] == 0


def test_500_questions_are_imported_and_the_dashboard_shows_them_a_page_at_a_time(api, app, auth):
    response = import_csv(api, questions_csv(500))
    assert response.status_code == 201 and len(response.get_json()["workshops"]) == 500
    assert archive(api)["total"] == 500
    auth.login()
    first = api.client.get("/facilitator/").get_data(as_text=True)
    assert first.count('class="workshop-row"') == 50
    assert "Pagina 1 van 10" in first and "page=2" in first
    last = api.client.get("/facilitator/?page=10").get_data(as_text=True)
    assert last.count('class="workshop-row"') == 50 and "Pagina 10 van 10" in last
    beyond = api.client.get("/facilitator/?page=99").get_data(as_text=True)
    assert "Pagina 10 van 10" in beyond

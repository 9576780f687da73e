"""Nothing held or hidden breaks a page: one organisation with every kind and every moderation state (held for the
trainer and never approved, hidden, merged by hand, deleted), then every archive page, filter, sort, group page,
toolkit and export answers, and shows only what is visible.

The organisation is built once for the module (through the engine, as phones and the trainer make it); each page is
its own test case, so a failure names the page."""
from __future__ import annotations

import io
import json
import re

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from tests.every_kind import DELETED, HELD, HIDDEN, RESPOND, TIPS, WORDS, build_organisation
from tests.pdf_text import pdf_text
from workshop.archive.models import ArchiveEntry
from workshop.models import db


@pytest.fixture(scope="module")
def org(tmp_path_factory):
    yield from build_organisation(tmp_path_factory)


def _groups(org) -> list[str]:
    with org["app"].app_context():
        found = sorted({str(c) for c in db.session.scalars(select(ArchiveEntry.cluster))})
        db.session.remove()
    return found


ARCHIVE_QUERIES = [
    "", "?sort=date", "?sort=votes", f"?prompt={TIPS}", f"?prompt={WORDS}", f"?prompt={WORDS}&sort=date",
    f"?prompt={RESPOND}", "?q=koffie", "?q=held", "?q=rust&sort=date", "?from=2000-01-01&to=2999-12-31",
    "?from=2000-01-01&sort=date", "?page=2", "?workshop=", "?from=nonsense",
]


@pytest.mark.parametrize("query", ARCHIVE_QUERIES)
def test_every_archive_page_shows_what_is_visible(org, query):
    response = org["client"].get(f"/facilitator/archive{query}")
    assert response.status_code in (200, 400), response.status_code  # a bad date: 400 with the page, never 500
    page = response.get_data(as_text=True)
    assert "Archief van je organisatie" in page
    assert HELD not in page and DELETED not in page


def test_every_group_page_answers(org):
    """group= for every group the index knows, also the groups that hold nothing but held entries."""
    for cluster in _groups(org):
        for sort in ("votes", "date"):
            response = org["client"].get(f"/facilitator/archive?group={cluster}&sort={sort}")
            assert response.status_code == 200, (cluster, sort)
            assert HELD not in response.get_data(as_text=True)


def test_the_archive_page_counts_only_visible_tips(org):
    page = org["client"].get(f"/facilitator/archive?prompt={TIPS}").get_data(as_text=True)
    counted = re.search(r'data-testid="result-count">\s*(\d+) van', page)
    assert counted and int(counted.group(1)) == 5  # four shown and one hidden; the held two not
    assert "Verborgen door de trainer 1" in page  # the trainer sees a hidden tip, marked


TOOLKITS = ["/facilitator/archive/toolkit", "/facilitator/archive/toolkit.pdf",
            f"/facilitator/archive/toolkit?prompt={RESPOND}", f"/facilitator/archive/toolkit.pdf?prompt={WORDS}",
            "/facilitator/archive/toolkit?from=2000-01-01&limit=2"]


@pytest.mark.parametrize("path", TOOLKITS)
def test_every_toolkit_leaves_held_hidden_and_deleted_out(org, path):
    response = org["client"].get(path)
    assert response.status_code == 200
    if path.split("?")[0].endswith(".pdf"):
        text = pdf_text(response.data)
    else:
        text = response.get_data(as_text=True)
    for absent in (HELD, HIDDEN, DELETED):
        assert absent not in text, absent


WORKSHOP_PAGES = ["/facilitator/archive/workshops/{code}", "/facilitator/archive/workshops/{code}/toolkit",
                  "/facilitator/archive/workshops/{code}/toolkit.pdf", "/facilitator/archive/workshops/{own}",
                  "/facilitator/archive/workshops/{own}/toolkit"]


@pytest.mark.parametrize("path", WORKSHOP_PAGES)
def test_every_workshop_page_answers(org, path):
    response = org["client"].get(path.format(code=org["code"], own=org["with_own"]))
    assert response.status_code == 200
    if path.endswith(".pdf"):
        text = pdf_text(response.data)
    else:
        text = response.get_data(as_text=True)
    assert HELD not in text and HIDDEN not in text


EXPORTS = ["/archive/export.csv", "/archive/export.xlsx", "/archive/export.json",
           f"/archive/export.csv?prompt={WORDS}", "/archive/export.csv?q=koffie&sort=votes",
           "/archive/export.json?sort=votes", "/workshops/{code}/export.csv", "/workshops/{code}/export.xlsx",
           "/workshops/{code}/export.json", "/workshops/{own}/export.csv", "/workshops/{own}/export.xlsx",
           "/workshops/{code}/results", "/archive?limit=1000"]


@pytest.mark.parametrize("path", EXPORTS)
def test_every_export_answers_without_held_entries(org, path):
    response = org["client"].get("/api/v1" + path.format(code=org["code"], own=org["with_own"]), headers=org["api"])
    assert response.status_code == 200
    if path.split("?")[0].endswith(".xlsx"):
        book = load_workbook(io.BytesIO(response.data))
        text = "\n".join(str(cell) for sheet in book for row in sheet.iter_rows(values_only=True) for cell in row)
    elif ".json" in path or "/results" in path or path.startswith("/archive?"):
        text = json.dumps(response.get_json(), ensure_ascii=False)
    else:
        text = response.data.decode("utf-8-sig")
    assert DELETED not in text
    if "/results" not in path:  # the trainer's results document lists held entries with their flag (contract)
        assert HELD not in text

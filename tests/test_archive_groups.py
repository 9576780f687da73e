"""The archive page orders, counts and pages its groups from stored summaries (archive_group). Whatever happens to
the archive (new tips, upvotes in a live workshop, merging and splitting by hand, a deleted workshop, an import with
votes), the page shows the same groups, counts and order as a count over every tip would."""
from __future__ import annotations

from sqlalchemy import select

from tests.archive_helpers import add_tips, upvote, workshop_with_tips
from workshop.archive.group_pages import _page_of_matching_groups, find_groups
from workshop.archive.models import ArchiveGroup
from workshop.archive.search import Filters, _conditions
from workshop.models import db


def pages_agree(app, organisation_id: int) -> list[tuple]:
    """The stored page equals the counted page for every sort and prompt; answers the stored page (votes sort)."""
    with app.app_context():
        shown = None
        prompts = set(db.session.scalars(select(ArchiveGroup.exercise_id)))
        for prompt in [None, *sorted(prompts)]:
            for sort in ("votes", "date"):
                filters = Filters(prompt=prompt, sort=sort)
                total, groups, page = find_groups(organisation_id, filters, 25, 0)
                counted = _page_of_matching_groups(_conditions(organisation_id, filters), filters, 25, 0)
                stored = (total, groups, [(g.tips[0].group or g.tips[0].id, g.count, g.votes) for g in page])
                assert stored == (counted[0], counted[1], [tuple(row) for row in counted[2]]), (prompt, sort)
                if prompt is None and sort == "votes":
                    shown = stored
        db.session.remove()
        return shown


def test_groups_follow_new_tips_and_live_upvotes(app, api, trainer):
    organisation = trainer.organisation_id
    code, ids = workshop_with_tips(app, trainer, ["Tot tien tellen", "tot 10 tellen!", "Even koffie halen"])
    total, groups, page = pages_agree(app, organisation)
    assert (total, groups) == (3, 2)
    assert page[0] == (ids[2], 1, 0)  # no votes yet: the newest group first

    upvote(app, code, ids[1], 2)  # the counting group gets upvotes: it now leads, with its two tips
    total, groups, page = pages_agree(app, organisation)
    assert page[0] == (ids[0], 2, 2)

    add_tips(app, code, ["Koffie halen!", "Tien tellen"])
    total, groups, page = pages_agree(app, organisation)
    assert (total, groups) == (5, 2)
    assert sorted(size for _cluster, size, _votes in page) == [2, 3]


def test_groups_follow_merging_splitting_and_deleting(app, api, trainer):
    organisation = trainer.organisation_id
    code, ids = workshop_with_tips(app, trainer, ["Tot tien tellen", "tot 10 tellen!", "Even koffie halen",
                                                   "Een bakkie doen", "Diep ademhalen"])
    assert pages_agree(app, organisation)[1] == 4
    api.post("/archive/curate", {"action": "merge", "tip_ids": [ids[2], ids[3]]})
    assert pages_agree(app, organisation)[1] == 3
    api.post("/archive/curate", {"action": "split", "tip_id": ids[1]})
    assert pages_agree(app, organisation)[1] == 4

    other, _more = workshop_with_tips(app, trainer, ["Tot tien tellen", "Rustig blijven"])
    assert pages_agree(app, organisation)[:2] == (7, 5)
    assert api.client.delete(f"/api/v1/workshops/{other}", headers=api.headers).status_code in (200, 204)
    total, groups, _page = pages_agree(app, organisation)
    assert (total, groups) == (5, 4)
    with app.app_context():  # no summary is left of a group whose tips were all deleted
        assert db.session.scalar(select(ArchiveGroup.size).where(ArchiveGroup.cluster == _more[1])) is None


def test_imported_votes_order_the_groups(app, api, trainer):
    organisation = trainer.organisation_id
    csv = ("question;text;votes\nHoe blijf je fris?;Tot tien tellen;2\nHoe blijf je fris?;tot 10 tellen;1\n"
           "Hoe blijf je fris?;Even wandelen;9\n").encode()
    response = api.client.post("/api/v1/archive/import", data=csv, headers=api.headers | {"Content-Type": "text/csv"})
    assert response.status_code == 201, response.get_json()
    total, groups, page = pages_agree(app, organisation)
    assert (total, groups) == (3, 2)
    assert page[0][1:] == (1, 9) and page[1][1:] == (2, 3)

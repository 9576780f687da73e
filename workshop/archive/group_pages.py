"""The archive page's groups: counted, ordered and paged in SQL, each with its first matching tips.

When no filter cuts groups apart, the page reads the stored group summaries (ArchiveGroup, kept in step by
archive.index) and one small index range per group shown: what it costs does not grow with the archive.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select, union_all

from workshop.archive.index import sync_archive
from workshop.archive.models import ArchiveEntry, ArchiveGroup
from workshop.archive.search import ArchiveTip, Filters, _conditions, _hydrate, _order
from workshop.archive.text import search_terms
from workshop.models import db

TIPS_PER_GROUP = 5  # a page shows this many tips of a group; the rest are one click away (filter group=)


@dataclass
class PageGroup:
    """One group on a page of the archive: its first matching tips, and how many match and their votes."""
    tips: list[ArchiveTip]
    count: int
    votes: int

    @property
    def more(self) -> int:
        return self.count - len(self.tips)


def find_groups(organisation_id: int, filters: Filters, limit: int, offset: int,
                shown: int = TIPS_PER_GROUP, sync: bool = True) -> tuple[int, int, list[PageGroup]]:
    """(matching tips, matching groups, one page of groups), all in SQL: groups come in the order of their best
    tip; each shows at most `shown` of its matching tips, in sort order (one index range per group).
    sync=False in a worker process: the server synced the index before it handed over the job, and only it writes."""
    if sync:
        sync_archive(organisation_id)
    conditions = _conditions(organisation_id, filters)
    if _whole_groups(filters):
        total, group_count, page = _page_of_stored_groups(organisation_id, filters, limit, offset)
    else:
        total, group_count, page = _page_of_matching_groups(conditions, filters, limit, offset)
    clusters = [row[0] for row in page]
    rows = _first_of_groups(conditions, clusters, filters.sort, shown)
    members: dict[int, list] = {cluster: [] for cluster in clusters}
    for tip, row in zip(_hydrate(rows), rows):
        members[row.cluster].append(tip)
    return total, group_count, [PageGroup(members[cluster], count, votes or 0) for cluster, count, votes in page
                                if members[cluster]]  # a summary made before its entries were held: skipped


def _first_of_groups(conditions: list, clusters: list[int], sort: str, shown: int) -> list:
    """The first `shown` matching entries of each group, in sort order: one small index range per group (an index
    on cluster with the sort's columns), so a page of big groups reads what it shows, not every member."""
    if not clusters:
        return []
    parts = [select(ArchiveEntry.tip_id, ArchiveEntry.cluster, ArchiveEntry.votes)
             .where(*conditions, ArchiveEntry.cluster == cluster).order_by(*_order(sort)).limit(shown)
             .subquery().select() for cluster in clusters]
    return db.session.execute(union_all(*parts) if len(parts) > 1 else parts[0]).all()


def _whole_groups(filters: Filters) -> bool:
    """Every tip of a group matches (no words, workshop, dates or group asked; a question keeps its groups whole):
    the page can be read from the stored group summaries."""
    return not (search_terms(filters.q) or filters.workshop or filters.date_from or filters.date_to
                or filters.group is not None)


def _page_of_stored_groups(organisation_id: int, filters: Filters, limit: int, offset: int):
    """Counts, order and paging from ArchiveGroup (one row per group, kept in step by archive.index): the page reads
    the groups it shows, not every entry of the organisation."""
    where = [ArchiveGroup.organisation_id == organisation_id]
    if filters.prompt is not None:
        where.append(ArchiveGroup.exercise_id == filters.prompt)
    total, group_count = db.session.execute(select(func.coalesce(func.sum(ArchiveGroup.size), 0), func.count())
                                            .where(*where)).one()
    if filters.sort == "votes":
        keys = (ArchiveGroup.votes_max.desc(), ArchiveGroup.newest.desc(), ArchiveGroup.cluster.desc())
    else:
        keys = (ArchiveGroup.newest.desc(), ArchiveGroup.cluster.desc())
    page = db.session.execute(select(ArchiveGroup.cluster, ArchiveGroup.size, ArchiveGroup.votes_sum)
                              .where(*where).order_by(*keys).limit(limit).offset(offset)).all()
    return total, group_count, page


def _page_of_matching_groups(conditions: list, filters: Filters, limit: int, offset: int):
    """Counts, order and paging when only some tips of a group match: aggregated over the matching entries."""
    total, group_count = db.session.execute(select(func.count(), func.count(func.distinct(ArchiveEntry.cluster)))
                                            .select_from(ArchiveEntry).where(*conditions)).one()
    if filters.sort == "votes":
        keys = (func.max(ArchiveEntry.votes).desc(), func.max(ArchiveEntry.created).desc(), ArchiveEntry.cluster.desc())
    else:
        keys = (func.max(ArchiveEntry.created).desc(), ArchiveEntry.cluster.desc())
    page = db.session.execute(select(ArchiveEntry.cluster, func.count(), func.sum(ArchiveEntry.votes))
                              .where(*conditions).group_by(ArchiveEntry.cluster)
                              .order_by(*keys).limit(limit).offset(offset)).all()
    return total, group_count, page

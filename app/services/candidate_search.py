"""The candidate list: one agency-scoped query for the page, the CSV export and the REST API.

Text search splits the input into tokens; every token must occur in `Candidate.search_text` (lower-cased
name, email, phone, skills, tags). On PostgreSQL the pg_trgm GIN index serves `LIKE '%tok%'`; on SQLite a
token of 3 characters or more is looked up in the FTS5 trigram index `candidate_fts` (migration 0009).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, replace
import base64
import binascii
import json
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlmodel import Session, select

from app.models import Application, Candidate, CandidateTag, Job, PipelineStage, PortalStatus, Tag, User
from app.models.base import utcnow
from app.services.actor import Actor
from app.services.candidates import STATUSES

SORTS = {"name": "Name", "updated": "Last updated", "rating": "Rating", "priority": "Flagged first"}
PAGE_SIZES = (25, 50, 100)
MAX_TOKENS = 8
MAX_QUERY_LENGTH = 200
# The list counts at most this many matches ("10,000+"): an exact count of a broad filter over a million rows
# costs a scan of all of them, a capped one stops after COUNT_CAP rows.
COUNT_CAP = 10_001


PORTAL_STATES = tuple(s.value for s in PortalStatus)  # closed, invited, open


def _portal(value: str) -> str:
    """The portal filter from a URL; "1"/"true" (older links: "portal open") mean open."""
    if value in ("1", "true", "yes", "on"):
        return PortalStatus.OPEN.value
    return value if value in PORTAL_STATES else ""


@dataclass(frozen=True)
class CandidateQuery:
    """What the recruiter asked for. Built from untrusted input with `from_params`, which never raises."""

    q: str = ""
    status: str = ""
    tag: str = ""  # tag id
    flagged: bool = False
    job: str = ""  # job id: has an application for it
    stage: str = ""  # stage id: has an application in it (for `job` when both are given)
    owner: str = ""  # user id
    portal: str = ""  # portal access: "closed", "invited" or "open" ("" any)
    stale_days: int = 0  # profile not updated for at least this many days (0: any)
    available_on: str = ""  # ISO date: available that day by their usual week and exceptions (temp staffing)
    available_from: str = ""  # "HH:MM" with available_to: available for that time range on `available_on`
    available_to: str = ""  # before available_from: the range runs past midnight
    sort: str = "name"
    page: int = 1
    page_size: int = 25

    @classmethod
    def from_params(cls, params: Mapping[str, object]) -> CandidateQuery:
        def text(key: str, limit: int = 64) -> str:
            return str(params.get(key) or "").strip()[:limit]

        def number(key: str, default: int, low: int, high: int) -> int:
            try:
                return min(max(int(str(params.get(key) or default)), low), high)
            except ValueError:
                return default

        def flag(key: str) -> bool:
            return str(params.get(key) or "").lower() in ("1", "true", "yes", "on")

        size = number("size", 25, 1, 1000)
        return cls(
            q=" ".join(text("q", MAX_QUERY_LENGTH).split()),
            status=text("status") if text("status") in STATUSES else "",
            tag=text("tag"), flagged=flag("flagged"), job=text("job"), stage=text("stage"), owner=text("owner"),
            portal=_portal(text("portal").lower()), stale_days=number("stale", 0, 0, 36500),
            available_on=_iso_date(text("available", 10)),
            **_time_range(text("available_from", 8), text("available_to", 8)),
            sort=text("sort") if text("sort") in SORTS else "name",
            page=number("page", 1, 1, 1_000_000),
            page_size=size if size in PAGE_SIZES else 25,
        )

    def to_params(self) -> dict[str, str]:
        """The non-default parts, as URL query parameters (the inverse of from_params)."""
        default = CandidateQuery()
        names = {"stale_days": "stale", "page_size": "size", "available_on": "available"}
        params = {}
        for key, value in asdict(self).items():
            if value != getattr(default, key):
                params[names.get(key, key)] = "1" if value is True else str(value)
        return params

    def with_(self, **changes) -> CandidateQuery:
        return replace(self, **changes)

    @property
    def has_filters(self) -> bool:
        return any((self.q, self.status, self.tag, self.flagged, self.job, self.stage, self.owner,
                    self.portal, self.stale_days, self.available_on, self.available_from))


@dataclass
class CandidateRow:
    id: uuid.UUID
    first_name: str
    last_name: str
    email: str | None
    phone: str | None
    status: str
    rating: int | None
    flagged: bool
    owner_name: str
    updated_at: datetime
    tags: list[str]
    sort_key: str = ""  # opaque seek key of this row in the query's sort (keyset paging)


@dataclass
class SearchResult:
    rows: list[CandidateRow]
    total: int  # at most COUNT_CAP
    page: int
    page_size: int

    @property
    def capped(self) -> bool:
        """More matches than counted: the list says "10,000+"."""
        return self.total >= COUNT_CAP

    @property
    def total_label(self) -> str:
        return f"{COUNT_CAP - 1:,}+" if self.capped else f"{self.total:,}"

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))

    @property
    def first_key(self) -> str:
        """Seek key of the first row: `before` for the previous page."""
        return self.rows[0].sort_key if self.rows else ""

    @property
    def last_key(self) -> str:
        """Seek key of the last row: `after` for the next page."""
        return self.rows[-1].sort_key if self.rows else ""


@dataclass
class FilterOptions:
    tags: list[tuple[str, str]]  # (id, name)
    jobs: list[tuple[str, str]]
    stages: list[tuple[str, str]]
    owners: list[tuple[str, str]]


def tokens(text: str) -> list[str]:
    return list(dict.fromkeys(text.lower().split()))[:MAX_TOKENS]


def _like_pattern(token: str) -> str:
    escaped = token.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _uuid(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


FTS_MIN = 3  # the trigram index finds substrings of at least 3 characters


class TokenMatch(sa.sql.expression.ColumnElement):
    """`search_text` contains the token: LIKE '%token%' (PostgreSQL: pg_trgm), or on SQLite the FTS5 trigram
    index for tokens of FTS_MIN characters or more (a phrase query: the token matched as a literal substring)."""

    # No Boolean type: SQLAlchemy would render "<expr> = 1" on SQLite, which hides the IN from the planner.
    type = sa.types.NullType()
    inherit_cache = False

    def __init__(self, token: str):
        self.token = token
        self.like = Candidate.search_text.like(_like_pattern(token), escape="\\")


@compiles(TokenMatch)
def _compile_like(element, compiler, **kw):
    return compiler.process(element.like, **kw)


@compiles(TokenMatch, "sqlite")
def _compile_fts(element, compiler, **kw):
    if len(element.token) < FTS_MIN:
        return compiler.process(element.like, **kw)
    phrase = sa.bindparam(None, '"' + element.token.replace('"', '""') + '"', unique=True)
    return (f"candidate.rowid IN (SELECT rowid FROM candidate_fts WHERE candidate_fts MATCH "
            f"{compiler.process(phrase, **kw)})")


def _id_match(column, value: str):
    """column == value; an id that is not a UUID matches nothing (a stale or tampered URL)."""
    parsed = _uuid(value)
    return column == parsed if parsed else sa.false()


def conditions(actor: Actor, query: CandidateQuery, now: datetime | None = None) -> list:
    """WHERE clauses for the query, always starting with the actor's agency."""
    where = [Candidate.agency_id == actor.agency_id]
    for token in tokens(query.q):
        where.append(TokenMatch(token))
    if query.status:
        where.append(Candidate.status == query.status)
    # IN (subquery) rather than a correlated EXISTS: SQLite then starts from the tag's/job's index instead
    # of probing it once per candidate of the agency; PostgreSQL plans both as the same semi-join.
    if query.tag:
        where.append(Candidate.id.in_(select(CandidateTag.candidate_id)
                                      .where(_id_match(CandidateTag.tag_id, query.tag))))
    if query.flagged:
        where.append(Candidate.is_flagged.is_(True))
    if query.job or query.stage:
        app_where = [Application.agency_id == actor.agency_id]
        if query.job:
            app_where.append(_id_match(Application.job_id, query.job))
        if query.stage:
            app_where.append(_id_match(Application.stage_id, query.stage))
        where.append(Candidate.id.in_(select(Application.candidate_id).where(*app_where)))
    if query.owner:
        where.append(_id_match(Candidate.owner_id, query.owner))
    if query.portal:
        where.append(Candidate.portal_status == query.portal)
    if query.stale_days:
        cutoff = (now or utcnow()) - timedelta(days=query.stale_days)
        where.append(sa.or_(Candidate.profile_updated_at.is_(None), Candidate.profile_updated_at < cutoff))
    if query.available_on:
        where.append(_available_on(actor, date.fromisoformat(query.available_on), query.available_from,
                                   query.available_to))
    return where


def _iso_date(value: str) -> str:
    try:
        return date.fromisoformat(value).isoformat() if value else ""
    except ValueError:
        return ""


def _time_range(start: str, end: str) -> dict[str, str]:
    """Both times of the availability filter ("HH:MM"), or neither when one is missing, equal or not a time."""
    from app.services import hours

    try:
        begin, finish = hours.parse_time(start), hours.parse_time(end)
    except ValueError:
        return {}
    if begin is None or finish is None or begin == finish:
        return {}
    return {"available_from": hours.hhmm(begin), "available_to": hours.hhmm(finish)}


def _covers(start_col, end_col, start: time, end: time):
    """SQL for availability.is_available's `_covers`: the row's hours (maybe past midnight) contain start..end."""
    wraps = end_col <= start_col
    if end > start:  # the asked range stays within the day
        return sa.or_(sa.and_(~wraps, start_col <= start, end_col >= end), sa.and_(wraps, start_col <= start))
    return sa.and_(wraps, start_col <= start, end_col >= end)


def _available_on(actor: Actor, day: date, start: str = "", end: str = ""):
    """Free that day (from `start` to `end` when given, as availability.is_available decides): no unavailability
    covers it, and their usual week or an extra availability does."""
    from app.models import AvailabilityException, AvailabilitySlot

    covering = [AvailabilityException.agency_id == actor.agency_id, AvailabilityException.start_date <= day,
                AvailabilityException.end_date >= day]
    usual_where = [AvailabilitySlot.agency_id == actor.agency_id, AvailabilitySlot.weekday == day.weekday()]
    extra_where = [*covering, AvailabilityException.available.is_(True)]
    if start and end:
        begin, finish = time.fromisoformat(start), time.fromisoformat(end)
        usual_where.append(_covers(AvailabilitySlot.start, AvailabilitySlot.end, begin, finish))
        extra_where.append(sa.or_(AvailabilityException.start.is_(None),
                                  _covers(AvailabilityException.start, AvailabilityException.end, begin, finish)))
    off = select(AvailabilityException.candidate_id).where(*covering, AvailabilityException.available.is_(False))
    extra = select(AvailabilityException.candidate_id).where(*extra_where)
    usual = select(AvailabilitySlot.candidate_id).where(*usual_where)
    return sa.and_(Candidate.id.not_in(off), sa.or_(Candidate.id.in_(extra), Candidate.id.in_(usual)))


def _order(sort: str) -> list:
    by_name = [Candidate.last_name, Candidate.first_name, Candidate.id]
    return {
        "name": by_name,
        "updated": [Candidate.updated_at.desc(), Candidate.id],
        "rating": [Candidate.rating.desc().nulls_last(), *by_name],
        "priority": [Candidate.is_flagged.desc(), Candidate.rating.desc().nulls_last(), *by_name],
    }[sort]


# Sort columns: (column, descending, nullable-with-nulls-last). The order of every sort ends with the id, so
# each row has a unique position and a page can start strictly after (or before) a row: keyset ("seek")
# paging, which reads one page of the index instead of skipping OFFSET rows.
def _sort_columns(sort: str) -> list[tuple]:
    name = [(Candidate.last_name, False, False), (Candidate.first_name, False, False), (Candidate.id, False, False)]
    return {
        "name": name,
        "updated": [(Candidate.updated_at, True, False), (Candidate.id, False, False)],
        "rating": [(Candidate.rating, True, True), *name],
        "priority": [(Candidate.is_flagged, True, False), (Candidate.rating, True, True), *name],
    }[sort]


def _key_values(sort: str, row) -> list:
    values = {"last_name": row.last_name, "first_name": row.first_name, "id": str(row.id),
              "updated_at": row.updated_at.isoformat(), "rating": row.rating, "is_flagged": bool(row.flagged)}
    return [values[col.key] for col, _desc, _nullable in _sort_columns(sort)]


def encode_key(sort: str, row) -> str:
    raw = json.dumps([sort, *_key_values(sort, row)], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_key(sort: str, key: str) -> list | None:
    """The seek key's values for this sort, parsed back to column types; None if it is not a valid key."""
    try:
        raw = json.loads(base64.urlsafe_b64decode(key + "=" * (-len(key) % 4)))
        if not isinstance(raw, list) or raw[0] != sort:
            return None
        values = raw[1:]
        columns = _sort_columns(sort)
        if len(values) != len(columns):
            return None
        parsed = []
        for (col, _desc, nullable), value in zip(columns, values):
            if value is None:
                if not nullable:
                    return None
                parsed.append(None)
            elif col.key == "id":
                parsed.append(uuid.UUID(value))
            elif col.key == "updated_at":
                parsed.append(datetime.fromisoformat(value))
            elif col.key == "rating":
                parsed.append(int(value))
            elif col.key == "is_flagged":
                parsed.append(bool(value))
            else:
                parsed.append(str(value)[:200])
        return parsed
    except (ValueError, TypeError, IndexError, binascii.Error, UnicodeDecodeError):
        return None


def _beyond(col, desc: bool, nullable: bool, value, forward: bool):
    """Rows strictly after (forward) or before the value in this column's order (nulls last)."""
    if value is None:  # null is the last value: nothing after it, every non-null before it
        return sa.false() if forward else col.is_not(None)
    value = sa.literal(value, col.type)
    cond = (col < value) if desc == forward else (col > value)
    return sa.or_(cond, col.is_(None)) if (nullable and forward) else cond


def seek_condition(sort: str, values: list, forward: bool = True):
    """WHERE clause for the rows after (or before) the row with these sort values."""
    columns = _sort_columns(sort)
    if all(not desc and not nullable for _c, desc, nullable in columns):
        # All ascending, no nulls: a row-value comparison, which the name index serves directly.
        cols, vals = sa.tuple_(*[c for c, _d, _n in columns]), sa.tuple_(*[sa.literal(v) for v in values])
        return cols > vals if forward else cols < vals
    clauses = []
    for i, (col, desc, nullable) in enumerate(columns):
        equal = [c.is_(None) if v is None else c == sa.literal(v, c.type)
                 for (c, _d, _n), v in zip(columns[:i], values[:i])]
        clauses.append(sa.and_(*equal, _beyond(col, desc, nullable, values[i], forward)))
    return sa.or_(*clauses)


def _reverse_order(sort: str) -> list:
    out = []
    for col, desc, nullable in _sort_columns(sort):
        expr = col.asc() if desc else col.desc()
        out.append(expr.nulls_first() if nullable else expr)
    return out


def _select_rows():
    return (select(Candidate.id, Candidate.first_name, Candidate.last_name, Candidate.email, Candidate.phone,
                   Candidate.status, Candidate.rating, Candidate.is_flagged, User.name, Candidate.updated_at)
            .outerjoin(User, User.id == Candidate.owner_id))


# Created by migration 0003 on SQLite only (see there).
SQLITE_SEARCH_INDEX = "ix_candidate_agency_search"


def _row_select(actor: Actor, query: CandidateQuery):
    stmt = _select_rows().where(*conditions(actor, query)).order_by(*_order(query.sort))
    found = tokens(query.q)
    if found and all(len(t) < FTS_MIN for t in found):
        # Short tokens only (no FTS): without the hint SQLite walks the name index and fetches every row to
        # test the text, which is slow when few rows match (about 170 ms at 100k); through the covering
        # index it is about 20 ms.
        stmt = stmt.with_hint(Candidate, f"INDEXED BY {SQLITE_SEARCH_INDEX}", "sqlite")
    return stmt


def _rows_with_tags(session: Session, records, sort: str | None = None) -> list[CandidateRow]:
    rows = [CandidateRow(id=r[0], first_name=r[1], last_name=r[2], email=r[3], phone=r[4], status=r[5],
                         rating=r[6], flagged=r[7], owner_name=r[8] or "", updated_at=r[9], tags=[])
            for r in records]
    if sort:
        for row in rows:
            row.sort_key = encode_key(sort, row)
    by_id = {row.id: row for row in rows}
    if by_id:
        stmt = (select(CandidateTag.candidate_id, Tag.name).join(Tag, Tag.id == CandidateTag.tag_id)
                .where(CandidateTag.candidate_id.in_(list(by_id))).order_by(Tag.name))
        for candidate_id, name in session.exec(stmt):
            by_id[candidate_id].tags.append(name)
    return rows


def count(session: Session, actor: Actor, query: CandidateQuery, cap: int | None = None) -> int:
    """How many candidates match; with `cap`, stops counting there (returns at most `cap`)."""
    if cap is None:
        stmt = select(sa.func.count()).select_from(Candidate).where(*conditions(actor, query))
        return session.exec(stmt).one()
    limited = select(Candidate.id).where(*conditions(actor, query)).limit(cap).subquery()
    return session.exec(select(sa.func.count()).select_from(limited)).one()


def _page(actor: Actor, query: CandidateQuery, page: int):
    return _row_select(actor, query).offset((page - 1) * query.page_size).limit(query.page_size)


def search(session: Session, actor: Actor, query: CandidateQuery, after: str = "", before: str = "") -> SearchResult:
    """One page of matching candidates and the total (counted up to COUNT_CAP).

    `after` / `before`: the seek key of the last / first row of the page the user is on (`last_key` /
    `first_key` of its result), for the next / previous page: the page starts right there in the index
    instead of skipping (page - 1) * size rows. Without a usable key (a URL opened at page 40, a key of
    another sort) the page is read with OFFSET; a page past the end shows the last page.
    """
    total = count(session, actor, query, cap=COUNT_CAP)
    # Past the cap the last page is unknown: any page may be asked for (one past the end is empty).
    page = query.page if total >= COUNT_CAP else min(query.page, max(1, -(-total // query.page_size)))
    rows = page_rows(session, actor, query.with_(page=page), after if page == query.page else "",
                     before if page == query.page else "")
    return SearchResult(rows=rows, total=total, page=page, page_size=query.page_size)


def page_rows(session: Session, actor: Actor, query: CandidateQuery, after: str = "",
              before: str = "") -> list[CandidateRow]:
    """The rows of query.page only (no count): what the list shows first, before the total is known."""
    records = None
    key = decode_key(query.sort, after or before) if (after or before) else None
    if key is not None and query.page > 1:
        base = _row_select(actor, query)
        if after:
            records = session.exec(base.where(seek_condition(query.sort, key, True)).limit(query.page_size)).all()
        else:
            stmt = (base.where(seek_condition(query.sort, key, False)).order_by(None)
                    .order_by(*_reverse_order(query.sort)).limit(query.page_size))
            records = list(reversed(session.exec(stmt).all()))
        if not records or (before and len(records) < query.page_size):
            records = None  # the neighbours changed under us: read the page by its number
    if records is None:
        records = session.exec(_page(actor, query, query.page)).all()
    return _rows_with_tags(session, records, query.sort)


def matching_ids(session: Session, actor: Actor, query: CandidateQuery) -> list[uuid.UUID]:
    """Every matching candidate id, in the query's order: "select all N matching", resolved on the server."""
    stmt = select(Candidate.id).where(*conditions(actor, query)).order_by(*_order(query.sort))
    return list(session.exec(stmt))


def rows_for_ids(session: Session, actor: Actor, ids: Iterable[uuid.UUID]) -> list[CandidateRow]:
    """Row data for these ids of the actor's agency, in the given order (others are left out)."""
    ids = list(ids)
    stmt = _select_rows().where(Candidate.agency_id == actor.agency_id, Candidate.id.in_(ids))
    found = {row.id: row for row in _rows_with_tags(session, session.exec(stmt).all())}
    return [found[i] for i in ids if i in found]


def filter_options(session: Session, actor: Actor) -> FilterOptions:
    aid = actor.agency_id

    def pairs(stmt) -> list[tuple[str, str]]:
        return [(str(i), name) for i, name in session.exec(stmt)]

    return FilterOptions(
        tags=pairs(select(Tag.id, Tag.name).where(Tag.agency_id == aid).order_by(Tag.name)),
        jobs=pairs(select(Job.id, Job.title).where(Job.agency_id == aid).order_by(Job.title)),
        stages=pairs(select(PipelineStage.id, PipelineStage.name).where(PipelineStage.agency_id == aid)
                     .order_by(PipelineStage.position)),
        owners=pairs(select(User.id, User.name).where(User.agency_id == aid, User.is_active.is_(True))
                     .order_by(User.name)),
    )

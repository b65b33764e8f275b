"""The candidate list at scale: the count stops at COUNT_CAP ("10,000+"), and next/previous pages seek from the
last/first row's key instead of skipping rows with OFFSET, giving the same pages in every sort."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.models import Candidate
from app.models.base import utcnow
from app.services import candidate_search, candidates
from app.services.candidate_search import CandidateQuery, decode_key, encode_key, seek_condition
from tests.factories import actor_for, make_agency, make_user

SORTS = ["name", "updated", "rating", "priority"]


@pytest.fixture
def crowd(session):
    """60 candidates with ties everywhere: shared names, equal ratings and times, null ratings, flags."""
    agency = make_agency(session, "crowd")
    actor = actor_for(make_user(session, agency, "recruiter"))
    now = utcnow()
    made = []
    for i in range(60):
        c = candidates.create_candidate(session, actor, first_name=["Ann", "Bob", "Cy"][i % 3],
                                        last_name=["Lee", "Ray", "Lee-Smith", "Ng"][i % 4],
                                        rating=None if i % 5 == 0 else (i % 4) * 10, skills="Python" if i % 2 else "")
        c.is_flagged = i % 7 == 0
        c.updated_at = now - timedelta(hours=i // 3)  # three share each time
        made.append(c)
    session.add_all(made)
    session.commit()
    other = actor_for(make_user(session, make_agency(session, "elsewhere"), "admin"))
    candidates.create_candidate(session, other, first_name="Ann", last_name="Lee", skills="Python")
    session.commit()
    return actor


def _ids(result) -> list[str]:
    return [str(r.id) for r in result.rows]


@pytest.mark.parametrize("sort", SORTS)
def test_seek_pages_equal_offset_pages_forward_and_back(session, crowd, sort):
    base = CandidateQuery(sort=sort, page_size=25)
    by_offset = [candidate_search.search(session, crowd, base.with_(page=p)) for p in (1, 2, 3)]
    assert sum(len(r.rows) for r in by_offset) == 60
    assert len({i for r in by_offset for i in _ids(r)}) == 60

    # Forward: each next page from the previous page's last key, and never by OFFSET.
    statements = []

    def record(_conn, _cursor, statement, parameters, *_rest):
        statements.append((statement, parameters))

    sa.event.listen(session.bind, "before_cursor_execute", record)
    try:
        page2 = candidate_search.search(session, crowd, base.with_(page=2), after=by_offset[0].last_key)
        page3 = candidate_search.search(session, crowd, base.with_(page=3), after=page2.last_key)
        # Back: the previous page from the first key of the page after it.
        back2 = candidate_search.search(session, crowd, base.with_(page=2), before=page3.first_key)
        back1 = candidate_search.search(session, crowd, base.with_(page=1), before=back2.first_key)
    finally:
        sa.event.remove(session.bind, "before_cursor_execute", record)
    assert _ids(page2) == _ids(by_offset[1]) and _ids(page3) == _ids(by_offset[2])
    assert _ids(back2) == _ids(by_offset[1])
    assert _ids(back1) == _ids(by_offset[0])  # page 1 is read from the start
    page_reads = [(s, p) for s, p in statements if s.lstrip().startswith("SELECT candidate.id") and "LIMIT" in s]
    assert len(page_reads) == 4

    def skips_rows(statement, params) -> bool:  # SQLite always renders "OFFSET ?", with 0 when not asked
        return "OFFSET" in statement and not (isinstance(params, (list, tuple)) and params[-1] == 0)

    assert not any(skips_rows(s, p) for s, p in page_reads[:3])


def test_seek_with_a_filter_and_text_search(session, crowd):
    base = CandidateQuery(q="python", page_size=25, sort="rating")
    total = candidate_search.search(session, crowd, base).total
    assert total > 25  # two pages of matches (the other agency's Ann Lee is not one)
    first = candidate_search.search(session, crowd, base)
    second = candidate_search.search(session, crowd, base.with_(page=2), after=first.last_key)
    assert _ids(second) == _ids(candidate_search.search(session, crowd, base.with_(page=2)))
    assert len(first.rows) + len(second.rows) == total


def test_a_bad_or_foreign_key_falls_back_to_the_page_number(session, crowd):
    base = CandidateQuery(sort="name", page=2, page_size=25)
    expected = _ids(candidate_search.search(session, crowd, base))
    first = candidate_search.search(session, crowd, base.with_(page=1))
    updated_key = candidate_search.search(session, crowd, base.with_(page=1, sort="updated")).last_key
    for key in ["", "garbage", "eyJ4IjoxfQ", updated_key]:
        assert _ids(candidate_search.search(session, crowd, base, after=key)) == expected
    assert decode_key("name", updated_key) is None
    assert decode_key("name", first.last_key) is not None


def test_keys_round_trip_with_nulls(session, crowd):
    rows = candidate_search.search(session, crowd, CandidateQuery(sort="rating", page_size=100)).rows
    null_row = next(r for r in rows if r.rating is None)
    values = decode_key("rating", encode_key("rating", null_row))
    assert values[0] is None and str(values[-1]) == str(null_row.id)
    # Nothing comes after the last null-rated row except later null-rated rows in name order.
    after_last = seek_condition("rating", decode_key("rating", rows[-1].sort_key), True)
    assert session.execute(sa.select(sa.func.count()).select_from(Candidate).where(
        Candidate.agency_id == crowd.agency_id, after_last)).scalar_one() == 0


def test_the_count_stops_at_the_cap(session, crowd, monkeypatch):
    monkeypatch.setattr(candidate_search, "COUNT_CAP", 31)
    result = candidate_search.search(session, crowd, CandidateQuery())
    assert result.total == 31 and result.capped and result.total_label == "30+"
    assert result.pages == 2  # 31 counted rows at 25 a page
    few = candidate_search.search(session, crowd, CandidateQuery(q="ann ray"))
    assert not few.capped and few.total == 5 and few.total_label == "5"
    # The exact count is still there for whoever needs it (bulk "all matching" jobs).
    assert candidate_search.count(session, crowd, CandidateQuery()) == 60
    assert candidate_search.count(session, crowd, CandidateQuery(), cap=10) == 10


def test_the_real_cap_label():
    result = candidate_search.SearchResult(rows=[], total=candidate_search.COUNT_CAP, page=1, page_size=25)
    assert result.capped and result.total_label == "10,000+"
    assert candidate_search.SearchResult(rows=[], total=1234, page=1, page_size=25).total_label == "1,234"


def test_fts_index_follows_inserts_updates_and_deletes(session, crowd):
    """SQLite's FTS5 table is kept by triggers; on PostgreSQL the same calls go through pg_trgm."""
    from sqlmodel import select as sm_select

    def hits(q: str) -> list[str]:
        return [f"{r.first_name} {r.last_name}"
                for r in candidate_search.search(session, crowd, CandidateQuery(q=q)).rows]

    person = candidates.create_candidate(session, crowd, first_name="Zebedee", last_name="Quorn", skills="Abseiling")
    session.commit()
    assert hits("zebedee") == ["Zebedee Quorn"] and hits("BSEIL") == ["Zebedee Quorn"]
    assert hits('ebe"d') == [] and hits("zebedee abseil") == ["Zebedee Quorn"]
    person = session.exec(sm_select(Candidate).where(Candidate.id == person.id)).one()
    person.search_text = person.search_text.replace("abseiling", "caving")
    session.add(person)
    session.commit()
    assert hits("abseil") == [] and hits("caving") == ["Zebedee Quorn"]
    session.delete(person)
    session.commit()
    assert hits("caving") == [] and hits("zebedee") == []

from datetime import timedelta

import pytest

from app.models.base import utcnow
from app.services import applications, candidate_search, candidates, jobs, tags
from app.services.candidate_search import CandidateQuery
from tests.factories import actor_for, make_agency, make_user


def q(**kw) -> CandidateQuery:
    return CandidateQuery(**kw)


def names(result) -> list[str]:
    return [f"{r.first_name} {r.last_name}" for r in result.rows]


@pytest.fixture
def world(session):
    agency = make_agency(session, "north")
    rick = make_user(session, agency, "recruiter")
    other_owner = make_user(session, agency, "admin")
    actor = actor_for(rick)
    people = {}
    for first, last, skills, rating, email in [
        ("Ann", "Lee", "Python, SQL", 90, "ann@example.net"),
        ("Bob", "Ray", "Forklift", None, "bob@example.net"),
        ("Cara", "Lee", "Python", 50, None),
        ("Dan", "Smith", "Welding", 70, "dan_smith@example.net"),
        ("Eve", "Smithers", "Excel", None, "eve%@example.net"),
    ]:
        people[first] = candidates.create_candidate(session, actor, first_name=first, last_name=last,
                                                    skills=skills, rating=rating, email=email)
    job = jobs.create_job(session, actor, title="Developer")
    session.flush()
    tags.add_tag(session, actor, [people["Ann"].id, people["Bob"].id], "Night shifts")
    candidates.set_flag(session, actor, [people["Bob"].id], True)
    applications.assign_to_job(session, actor, [people["Cara"].id], job.id)
    people["Dan"].owner_id = other_owner.id
    people["Ann"].owner_id = rick.id
    people["Eve"].portal_status = "open"
    now = utcnow()
    people["Ann"].profile_updated_at = now - timedelta(days=2)
    people["Bob"].profile_updated_at = now - timedelta(days=200)
    people["Dan"].status = "APPLIED"
    for i, c in enumerate(people.values()):  # distinct, known update times
        c.updated_at = now - timedelta(hours=i)
        session.add(c)
    session.commit()
    south = make_agency(session, "south")
    south_actor = actor_for(make_user(session, south, "admin"))
    candidates.create_candidate(session, south_actor, first_name="Ann", last_name="Leeward", skills="Python")
    session.commit()
    tag_id = str(tags.list_tags(session, actor)[0].id)
    return {"actor": actor, "people": people, "job": job, "tag_id": tag_id, "other_owner": other_owner,
            "south": south_actor}


def test_every_token_must_match_name_email_phone_skill_or_tag(session, world):
    a = world["actor"]
    assert names(candidate_search.search(session, a, q(q="lee"))) == ["Ann Lee", "Cara Lee"]
    assert names(candidate_search.search(session, a, q(q="LEE python ann"))) == ["Ann Lee"]
    assert names(candidate_search.search(session, a, q(q="night"))) == ["Ann Lee", "Bob Ray"]
    assert names(candidate_search.search(session, a, q(q="smith"))) == ["Dan Smith", "Eve Smithers"]
    assert names(candidate_search.search(session, a, q(q="smith nobody"))) == []


def test_like_wildcards_in_the_search_are_literal(session, world):
    a = world["actor"]
    assert names(candidate_search.search(session, a, q(q="%"))) == ["Eve Smithers"]
    assert names(candidate_search.search(session, a, q(q="n_s"))) == ["Dan Smith"]


def test_filters(session, world):
    a, p = world["actor"], world["people"]
    search = lambda **kw: names(candidate_search.search(session, a, q(**kw)))  # noqa: E731
    assert search(status="APPLIED") == ["Dan Smith"]
    assert search(tag=world["tag_id"]) == ["Ann Lee", "Bob Ray"]
    assert search(flagged=True) == ["Bob Ray"]
    assert search(job=str(world["job"].id)) == ["Cara Lee"]
    first = applications.first_stage(session, a.agency_id)
    assert search(stage=str(first.id)) == ["Cara Lee"]
    assert search(job=str(world["job"].id), stage=str(first.id), q="cara") == ["Cara Lee"]
    assert search(owner=str(world["other_owner"].id)) == ["Dan Smith"]
    assert search(portal="open") == ["Eve Smithers"]
    # never updated (None) or longer ago than 30 days
    assert search(stale_days=30) == ["Cara Lee", "Bob Ray", "Dan Smith", "Eve Smithers"]
    assert search(tag=world["tag_id"], flagged=True, q="ray") == ["Bob Ray"]
    assert p["Ann"].id not in candidate_search.matching_ids(session, a, q(stale_days=30))


def test_sorts(session, world):
    a = world["actor"]
    assert names(candidate_search.search(session, a, q(sort="name"))) == \
        ["Ann Lee", "Cara Lee", "Bob Ray", "Dan Smith", "Eve Smithers"]
    assert names(candidate_search.search(session, a, q(sort="updated"))) == \
        ["Ann Lee", "Bob Ray", "Cara Lee", "Dan Smith", "Eve Smithers"]
    assert names(candidate_search.search(session, a, q(sort="rating"))) == \
        ["Ann Lee", "Dan Smith", "Cara Lee", "Bob Ray", "Eve Smithers"]  # no rating last
    assert names(candidate_search.search(session, a, q(sort="priority"))) == \
        ["Bob Ray", "Ann Lee", "Dan Smith", "Cara Lee", "Eve Smithers"]


def test_pagination_total_and_row_data(session, world):
    a = world["actor"]
    first = candidate_search.search(session, a, q(page_size=2, page=1))
    second = candidate_search.search(session, a, q(page_size=2, page=2))
    past_end = candidate_search.search(session, a, q(page_size=2, page=99))
    assert (first.total, first.pages) == (5, 3)
    assert names(first) == ["Ann Lee", "Cara Lee"] and names(second) == ["Bob Ray", "Dan Smith"]
    assert past_end.page == 3 and names(past_end) == ["Eve Smithers"]
    lee = candidate_search.search(session, a, q(q="lee", page_size=1, page=2))
    lee_past_end = candidate_search.search(session, a, q(q="lee", page_size=1, page=5))
    assert (lee.total, lee.page, names(lee)) == (2, 2, ["Cara Lee"])
    assert (lee_past_end.total, lee_past_end.page, names(lee_past_end)) == (2, 2, ["Cara Lee"])
    ann = first.rows[0]
    assert (ann.email, ann.rating, ann.tags, ann.owner_name) == ("ann@example.net", 90, ["Night shifts"],
                                                                  "Recruiter North")


def test_tenancy_other_agencies_ids_match_nothing(session, world):
    south = world["south"]
    assert names(candidate_search.search(session, south, q(q="ann"))) == ["Ann Leeward"]
    assert candidate_search.search(session, south, q(tag=world["tag_id"])).total == 0
    assert candidate_search.search(session, south, q(job=str(world["job"].id))).total == 0
    ids = [c.id for c in world["people"].values()]
    assert candidate_search.rows_for_ids(session, south, ids) == []
    assert candidate_search.search(session, world["actor"], q(tag="not-a-uuid")).total == 0


def test_query_from_untrusted_params_round_trips(session, world):
    parsed = CandidateQuery.from_params({"q": "  Ann   Lee ", "status": "BOGUS", "sort": "drop table",
                                         "page": "-3", "size": "7", "flagged": "1", "stale": "x", "portal": "1"})
    assert parsed == CandidateQuery(q="Ann Lee", flagged=True, portal="open")  # an older "portal open" link
    assert CandidateQuery.from_params(parsed.to_params()) == parsed
    full = CandidateQuery(q="x", status="APPLIED", tag="t", flagged=True, job="j", stage="s", owner="o",
                          portal="invited", stale_days=30, sort="rating", page=3, page_size=50)
    assert CandidateQuery.from_params(full.to_params()) == full
    assert CandidateQuery().to_params() == {}


def test_filter_options_are_the_agencys_own(session, world):
    options = candidate_search.filter_options(session, world["actor"])
    assert [name for _, name in options.tags] == ["Night shifts"]
    assert [name for _, name in options.jobs] == ["Developer"]
    assert [name for _, name in options.stages][0] == "New"
    assert sorted(name for _, name in options.owners) == ["Admin North", "Recruiter North"]
    assert candidate_search.filter_options(session, world["south"]).tags == []


def test_text_search_on_sqlite_reads_through_the_fts_index_or_the_covering_index(session):
    """Tokens of 3+ characters go through the FTS5 trigram index (migration 0009); shorter ones through the
    covering index (the INDEXED BY hint: without it SQLite fetched every row when few matched)."""
    import uuid

    import sqlalchemy as sa

    from app.services.actor import Actor
    if session.get_bind().dialect.name != "sqlite":
        return
    actor = Actor(user_id=uuid.uuid4(), agency_id=uuid.uuid4(), role="admin", name="x", email="x@example.com")

    def plan(q: str) -> str:
        stmt = candidate_search._row_select(actor, candidate_search.CandidateQuery.from_params({"q": q}))
        compiled = stmt.compile(dialect=session.get_bind().dialect, compile_kwargs={"literal_binds": True})
        return " ".join(str(r) for r in session.exec(sa.text(f"EXPLAIN QUERY PLAN {compiled}")).all())

    assert "candidate_fts VIRTUAL TABLE INDEX" in plan("zzqx")
    assert candidate_search.SQLITE_SEARCH_INDEX not in plan("zzqx")
    assert candidate_search.SQLITE_SEARCH_INDEX in plan("zq")

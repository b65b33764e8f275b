"""No service call made by one agency's staff reaches another agency's rows."""

import pytest

from app.services import activity, candidates, dashboard, jobs, users
from app.services.errors import NotFound
from tests.factories import actor_for, make_agency, make_user


@pytest.fixture
def two_agencies(session):
    north, south = make_agency(session, "north"), make_agency(session, "south")
    north_actor = actor_for(make_user(session, north, "admin"))
    south_actor = actor_for(make_user(session, south, "admin"))
    candidates.create_candidate(session, north_actor, first_name="Nina", last_name="North")
    south_candidate = candidates.create_candidate(session, south_actor, first_name="Sid", last_name="South",
                                                  status="IN_PROCESS")
    jobs.create_job(session, north_actor, title="North job")
    jobs.create_job(session, south_actor, title="South job")
    session.commit()
    return north_actor, south_actor, south_candidate


def test_reads_are_scoped_to_the_actors_agency(session, two_agencies):
    north, south, south_candidate = two_agencies
    assert [j.title for j in jobs.list_jobs(session, north)] == ["North job"]
    assert candidates.count_candidates(session, north) == 1
    assert [u.email for u in users.list_users(session, north)] == [north.email]
    assert {e.agency_id for e in activity.recent(session, north)} == {north.agency_id}
    assert activity.for_subject(session, north, "candidate", south_candidate.id) == []
    overview = dashboard.overview(session, north)
    assert (overview.candidates_total, overview.candidates_in_process, overview.open_jobs) == (1, 0, 1)


def test_another_agencys_candidate_is_not_found(session, two_agencies):
    north, _, south_candidate = two_agencies
    with pytest.raises(NotFound):
        candidates.get_candidate(session, north, south_candidate.id)
    with pytest.raises(NotFound):
        candidates.get_candidate(session, north, "definitely-not-a-uuid")

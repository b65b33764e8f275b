import pytest
from sqlmodel import select

from app.models import Application, PipelineStage
from app.services import activity, applications, candidates, jobs, tags
from app.services.errors import Forbidden, NotFound, ValidationError
from tests.factories import actor_for, make_agency, make_user


@pytest.fixture
def north(session):
    agency = make_agency(session, "north")
    recruiter = actor_for(make_user(session, agency, "recruiter"))
    ann = candidates.create_candidate(session, recruiter, first_name="Ann", last_name="Lee", skills="Python, SQL")
    bob = candidates.create_candidate(session, recruiter, first_name="Bob", last_name="Ray")
    job = jobs.create_job(session, recruiter, title="Data Analyst")
    session.commit()
    return {"agency": agency, "actor": recruiter, "ann": ann, "bob": bob, "job": job}


@pytest.fixture
def south(session):
    agency = make_agency(session, "south")
    actor = actor_for(make_user(session, agency, "admin"))
    cand = candidates.create_candidate(session, actor, first_name="Sid", last_name="South")
    session.commit()
    return {"actor": actor, "cand": cand}


def test_tags_are_created_on_the_fly_and_make_candidates_findable(session, north):
    n = tags.add_tag(session, north["actor"], [north["ann"].id, north["bob"].id], "  Night   shifts ")
    session.commit()
    assert n == 2
    assert tags.add_tag(session, north["actor"], [north["ann"].id], "night shifts") == 0  # same tag, any case
    assert tags.tags_of(session, north["actor"], north["ann"].id) == ["Night shifts"]
    assert "night shifts" in north["ann"].search_text and "python" in north["ann"].search_text
    assert tags.remove_tag(session, north["actor"], [north["ann"].id], "NIGHT SHIFTS") == 1
    session.commit()
    assert "night shifts" not in north["ann"].search_text
    kinds = [e.kind for e in activity.for_subject(session, north["actor"], "candidate", north["ann"].id)]
    assert kinds[:2] == ["candidate.tag_removed", "candidate.tag_added"]


def test_bad_tag_names_are_refused(session, north):
    with pytest.raises(ValidationError):
        tags.add_tag(session, north["actor"], [north["ann"].id], "   ")
    with pytest.raises(ValidationError):
        tags.add_tag(session, north["actor"], [north["ann"].id], "x" * 61)


def test_bulk_operations_ignore_other_agencies_ids(session, north, south):
    assert tags.add_tag(session, north["actor"], [south["cand"].id, "garbage"], "Stolen") == 0
    assert candidates.set_flag(session, north["actor"], [south["cand"].id], True) == 0
    assert applications.assign_to_job(session, north["actor"], [south["cand"].id], north["job"].id) == 0
    session.commit()
    assert south["cand"].is_flagged is False
    # Nothing to tag: no "Stolen" tag is left behind in north's tag list either.
    assert [t.name for t in tags.list_tags(session, north["actor"])] == []
    with pytest.raises(NotFound):
        applications.assign_to_job(session, south["actor"], [south["cand"].id], north["job"].id)


def test_flag_bumps_version_and_is_recorded(session, north):
    version = north["ann"].version
    assert candidates.set_flag(session, north["actor"], [north["ann"].id], True) == 1
    assert candidates.set_flag(session, north["actor"], [north["ann"].id], True) == 0
    session.commit()
    assert north["ann"].is_flagged and north["ann"].version == version + 1


def test_assign_then_move_through_the_pipeline_with_a_rejection_reason(session, north):
    actor = north["actor"]
    assert applications.assign_to_job(session, actor, [north["ann"].id, north["ann"].id], north["job"].id) == 1
    assert applications.assign_to_job(session, actor, [north["ann"].id], north["job"].id) == 0
    session.commit()
    app_row = session.exec(select(Application)).one()
    stages = {s.name: s for s in session.exec(select(PipelineStage).where(
        PipelineStage.agency_id == actor.agency_id))}
    assert app_row.stage_id == stages["New"].id and app_row.owner_id == north["job"].owner_id
    applications.move_stage(session, actor, app_row.id, stages["Interview"].id)
    with pytest.raises(ValidationError) as exc:
        applications.move_stage(session, actor, app_row.id, stages["Rejected"].id, reason=" ")
    assert "reason" in exc.value.errors
    applications.move_stage(session, actor, app_row.id, stages["Rejected"].id, reason="Salary too high")
    session.commit()
    assert app_row.rejection_reason == "Salary too high"
    latest = activity.for_subject(session, actor, "candidate", north["ann"].id)[0]
    assert latest.payload == {"job": "Data Analyst", "job_id": str(north["job"].id), "from": "Interview",
                              "to": "Rejected", "reason": "Salary too high"}
    [(application, job, stage)] = applications.list_for_candidate(session, actor, north["ann"].id)
    assert (job.title, stage.name) == ("Data Analyst", "Rejected")


def test_stage_of_another_agency_cannot_be_used(session, north, south):
    applications.assign_to_job(session, north["actor"], [north["ann"].id], north["job"].id)
    session.commit()
    app_row = session.exec(select(Application)).one()
    south_stage = session.exec(select(PipelineStage).where(
        PipelineStage.agency_id == south["actor"].agency_id)).first()
    with pytest.raises(NotFound):
        applications.move_stage(session, north["actor"], app_row.id, south_stage.id)
    with pytest.raises(NotFound):
        applications.move_stage(session, south["actor"], app_row.id, south_stage.id)


def test_viewers_cannot_change_anything(session, north):
    viewer = actor_for(make_user(session, north["agency"], "viewer"))
    for call in (lambda: tags.add_tag(session, viewer, [north["ann"].id], "x"),
                 lambda: candidates.set_flag(session, viewer, [north["ann"].id], True),
                 lambda: applications.assign_to_job(session, viewer, [north["ann"].id], north["job"].id)):
        with pytest.raises(Forbidden):
            call()

"""Jobs (create, edit, open/close) and the agency's pipeline stages (admin rules, kanban data)."""

import pytest
from sqlmodel import select

from app.models import Application, PipelineStage
from app.services import activity, applications, candidates, jobs, pipeline, tags
from app.services.errors import Conflict, Forbidden, NotFound, ValidationError
from tests.factories import actor_for, make_agency, make_user


@pytest.fixture
def north(session):
    agency = make_agency(session, "north")
    admin = actor_for(make_user(session, agency, "admin"))
    recruiter = actor_for(make_user(session, agency, "recruiter"))
    viewer = actor_for(make_user(session, agency, "viewer"))
    return {"agency": agency, "admin": admin, "recruiter": recruiter, "viewer": viewer}


@pytest.fixture
def south(session):
    agency = make_agency(session, "south")
    admin = actor_for(make_user(session, agency, "admin"))
    job = jobs.create_job(session, admin, title="South job")
    session.commit()
    return {"admin": admin, "job": job}


def _names(session, actor):
    return [s.name for s in pipeline.list_stages(session, actor)]


def _stage(session, actor, name):
    return next(s for s in pipeline.list_stages(session, actor) if s.name == name)


# --- jobs ---------------------------------------------------------------------------------------------

def test_job_is_created_edited_closed_and_reopened_with_a_timeline(session, north):
    actor = north["recruiter"]
    job = jobs.create_job(session, actor, title="  Welder ", location="Leeds", employment_type="contract")
    session.commit()
    assert (job.title, job.location, job.employment_type, job.status) == ("Welder", "Leeds", "contract", "open")
    jobs.update_job(session, actor, str(job.id), title="Senior Welder", location="  ", description="Night shifts")
    jobs.update_job(session, actor, job.id, title="Senior Welder")  # nothing changed: no event
    jobs.set_job_status(session, actor, job.id, "closed")
    jobs.set_job_status(session, actor, job.id, "closed")
    session.commit()
    assert (job.title, job.location, job.description, job.status) == ("Senior Welder", None, "Night shifts",
                                                                        "closed")
    events = activity.for_subject(session, actor, "job", job.id)
    assert [e.kind for e in events] == ["job.closed", "job.updated", "job.created"]
    assert events[1].payload["fields"] == ["title", "location", "description"]
    jobs.set_job_status(session, actor, job.id, "open")
    assert job.status == "open"


def test_bad_job_input_names_each_field_and_changes_nothing(session, north):
    actor = north["recruiter"]
    with pytest.raises(ValidationError) as exc:
        jobs.create_job(session, actor, title=" ", employment_type="forever")
    assert set(exc.value.errors) == {"title", "employment_type"}
    job = jobs.create_job(session, actor, title="Cook")
    session.commit()
    with pytest.raises(ValidationError) as exc:
        jobs.update_job(session, actor, job.id, title="x" * 201, location="L" * 201)
    assert set(exc.value.errors) == {"title", "location"}
    with pytest.raises(ValidationError):
        jobs.set_job_status(session, actor, job.id, "archived")
    session.rollback()
    assert session.get(type(job), job.id).title == "Cook"


def test_viewers_cannot_create_or_change_jobs(session, north):
    job = jobs.create_job(session, north["recruiter"], title="Cook")
    for call in (lambda: jobs.create_job(session, north["viewer"], title="X"),
                 lambda: jobs.update_job(session, north["viewer"], job.id, title="X"),
                 lambda: jobs.set_job_status(session, north["viewer"], job.id, "closed")):
        with pytest.raises(Forbidden):
            call()


def test_jobs_of_another_agency_are_not_found_and_not_counted(session, north, south):
    actor = north["recruiter"]
    for call in (lambda: jobs.update_job(session, actor, south["job"].id, title="Mine"),
                 lambda: jobs.set_job_status(session, actor, south["job"].id, "closed"),
                 lambda: jobs.update_job(session, actor, "nonsense", title="Mine"),
                 lambda: pipeline.board(session, actor, south["job"].id)):
        with pytest.raises(NotFound):
            call()
    mine = jobs.create_job(session, actor, title="Mine")
    ann = candidates.create_candidate(session, actor, first_name="Ann", last_name="Lee")
    applications.assign_to_job(session, actor, [ann.id], mine.id)
    south_cand = candidates.create_candidate(session, south["admin"], first_name="Sid", last_name="S")
    applications.assign_to_job(session, south["admin"], [south_cand.id], south["job"].id)
    session.commit()
    assert jobs.candidate_counts(session, actor) == {mine.id: 1}


# --- stage administration -----------------------------------------------------------------------------

def test_admin_adds_renames_and_reorders_stages(session, north):
    admin = north["admin"]
    pipeline.add_stage(session, admin, "  Phone   screen ")
    pipeline.add_stage(session, admin, "Withdrawn", "rejected")
    session.commit()
    assert _names(session, admin) == ["New", "Screening", "Interview", "Offer", "Phone screen", "Hired",
                                      "Rejected", "Withdrawn"]
    phone = _stage(session, admin, "Phone screen")
    pipeline.move_stage_position(session, admin, phone.id, "up")
    pipeline.move_stage_position(session, admin, phone.id, "up")
    pipeline.move_stage_position(session, admin, _stage(session, admin, "New").id, "up")  # already first
    pipeline.move_stage_position(session, admin, _stage(session, admin, "Withdrawn").id, "down")  # already last
    pipeline.rename_stage(session, admin, str(phone.id), "Phone call")
    session.commit()
    stages = pipeline.list_stages(session, admin)
    assert [s.name for s in stages] == ["New", "Screening", "Phone call", "Interview", "Offer", "Hired",
                                        "Rejected", "Withdrawn"]
    assert [s.position for s in stages] == list(range(8))
    kinds = [e.kind for e in activity.recent(session, admin)]
    assert kinds[:3] == ["stage.renamed", "stage.moved", "stage.moved"]


def test_bad_stage_names_and_kinds_are_refused(session, north):
    admin = north["admin"]
    with pytest.raises(ValidationError) as exc:
        pipeline.add_stage(session, admin, " ", "finished")
    assert set(exc.value.errors) == {"name", "kind"}
    with pytest.raises(ValidationError) as exc:
        pipeline.add_stage(session, admin, "interview")
    assert "already a stage" in exc.value.errors["name"]
    with pytest.raises(ValidationError):
        pipeline.rename_stage(session, admin, _stage(session, admin, "Offer").id, "HIRED")
    with pytest.raises(ValidationError):
        pipeline.move_stage_position(session, admin, _stage(session, admin, "Offer").id, "sideways")
    pipeline.rename_stage(session, admin, _stage(session, admin, "Offer").id, "offer")  # own name, other case
    assert "offer" in _names(session, admin)


def test_a_stage_in_use_cannot_be_removed_until_it_is_empty(session, north):
    actor = north["admin"]
    job = jobs.create_job(session, actor, title="Cook")
    ann = candidates.create_candidate(session, actor, first_name="Ann", last_name="Lee")
    applications.assign_to_job(session, actor, [ann.id], job.id)
    session.commit()
    new = _stage(session, actor, "New")
    with pytest.raises(Conflict) as exc:
        pipeline.remove_stage(session, actor, new.id)
    assert "1 candidate is in “New”" in exc.value.message
    application = session.exec(select(Application)).one()
    applications.move_stage(session, actor, application.id, _stage(session, actor, "Offer").id)
    pipeline.remove_stage(session, actor, new.id)
    session.commit()
    stages = pipeline.list_stages(session, actor)
    assert [s.name for s in stages] == ["Screening", "Interview", "Offer", "Hired", "Rejected"]
    assert [s.position for s in stages] == list(range(5))


def test_the_pipeline_keeps_an_active_a_hired_and_a_rejected_stage(session, north):
    admin = north["admin"]
    with pytest.raises(Conflict, match="Hired"):
        pipeline.remove_stage(session, admin, _stage(session, admin, "Hired").id)
    with pytest.raises(Conflict, match="Rejected"):
        pipeline.set_stage_kind(session, admin, _stage(session, admin, "Rejected").id, "active")
    for name in ("New", "Screening", "Interview"):
        pipeline.remove_stage(session, admin, _stage(session, admin, name).id)
    with pytest.raises(Conflict, match="active"):
        pipeline.remove_stage(session, admin, _stage(session, admin, "Offer").id)
    with pytest.raises(Conflict, match="active"):
        pipeline.set_stage_kind(session, admin, _stage(session, admin, "Offer").id, "hired")
    pipeline.add_stage(session, admin, "Placed", "hired")
    pipeline.set_stage_kind(session, admin, _stage(session, admin, "Hired").id, "active")
    session.commit()
    assert {s.name: s.kind for s in pipeline.list_stages(session, admin)} == {
        "Offer": "active", "Hired": "active", "Rejected": "rejected", "Placed": "hired"}


def test_only_admins_change_stages_and_only_their_own(session, north, south):
    offer = _stage(session, north["admin"], "Offer")
    for actor in (north["recruiter"], north["viewer"]):
        for call in (lambda: pipeline.add_stage(session, actor, "X"),
                     lambda: pipeline.rename_stage(session, actor, offer.id, "X"),
                     lambda: pipeline.move_stage_position(session, actor, offer.id, "up"),
                     lambda: pipeline.set_stage_kind(session, actor, offer.id, "hired"),
                     lambda: pipeline.remove_stage(session, actor, offer.id)):
            with pytest.raises(Forbidden):
                call()
    outsider = south["admin"]
    for call in (lambda: pipeline.rename_stage(session, outsider, offer.id, "Mine"),
                 lambda: pipeline.move_stage_position(session, outsider, offer.id, "up"),
                 lambda: pipeline.set_stage_kind(session, outsider, offer.id, "hired"),
                 lambda: pipeline.remove_stage(session, outsider, offer.id)):
        with pytest.raises(NotFound):
            call()
    assert session.get(PipelineStage, offer.id).name == "Offer"
    assert len(pipeline.list_stages(session, outsider)) == 6


# --- the board ------------------------------------------------------------------------------------------

def test_board_groups_cards_by_stage_with_tags_and_flags(session, north, south):
    actor = north["recruiter"]
    job = jobs.create_job(session, actor, title="Cook")
    other_job = jobs.create_job(session, actor, title="Driver")
    ann = candidates.create_candidate(session, actor, first_name="Ann", last_name="Lee")
    bob = candidates.create_candidate(session, actor, first_name="Bob", last_name="Ray")
    applications.assign_to_job(session, actor, [ann.id, bob.id], job.id)
    applications.assign_to_job(session, actor, [ann.id], other_job.id)
    tags.add_tag(session, actor, [ann.id], "Night shifts")
    tags.add_tag(session, actor, [ann.id], "Bilingual")
    candidates.set_flag(session, actor, [bob.id], True)
    session.commit()
    bob_app = session.exec(select(Application).where(Application.candidate_id == bob.id)).one()
    applications.move_stage(session, actor, bob_app.id, _stage(session, actor, "Interview").id)
    session.commit()

    data = pipeline.board(session, actor, str(job.id))
    assert [s.name for s in data.stages][:3] == ["New", "Screening", "Interview"]
    by_stage = {s.name: [c.name for c in data.cards.get(s.id, [])] for s in data.stages}
    assert by_stage["New"] == ["Ann Lee"] and by_stage["Interview"] == ["Bob Ray"]
    [ann_card] = data.cards[_stage(session, actor, "New").id]
    [bob_card] = data.cards[_stage(session, actor, "Interview").id]
    assert ann_card.tags == ["Bilingual", "Night shifts"] and not ann_card.flagged
    assert bob_card.tags == [] and bob_card.flagged
    assert bob_card.days_in_stage(bob_app.stage_entered_at) == 0

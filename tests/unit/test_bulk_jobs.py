import csv
import dataclasses
import uuid
from datetime import timedelta

import pytest
from sqlmodel import Session, select

from app.models import Application, BulkJob, Candidate
from app.models.base import utcnow
from app.services import bulk, candidates, jobs, tags
from app.services.candidate_search import CandidateQuery
from app.services.errors import Forbidden, NotFound, ValidationError
from tests.factories import actor_for, make_agency, make_user


@pytest.fixture
def north(session):
    agency = make_agency(session, "north")
    recruiter = make_user(session, agency, "recruiter")
    actor = actor_for(recruiter)
    people = [candidates.create_candidate(session, actor, first_name=f"Person{i:03d}", last_name="Bulk",
                                          skills="Welding" if i % 2 else "Python")
              for i in range(450)]
    people.append(candidates.create_candidate(session, actor, first_name="=HYPERLINK(\"x\")", last_name="-Evil",
                                              email="evil@example.net", skills="Welding"))
    session.commit()
    return {"agency": agency, "actor": actor, "user": recruiter, "people": people}


def run_to_end(engine, actor, job_id):
    """Run a job the way the background event does: claim once, then one committed unit per chunk."""
    with Session(engine, expire_on_commit=False) as s:
        view, ids = bulk.claim(s, actor, job_id)
        s.commit()
    progress = []
    for chunk in bulk.chunks(view, ids):
        with Session(engine, expire_on_commit=False) as s:
            view = bulk.run_chunk(s, actor, job_id, chunk)
            s.commit()
        with Session(engine) as s:  # what another page reads from the database
            progress.append(s.get(BulkJob, uuid.UUID(view.id)).done)
    return view, progress


def test_all_matching_is_resolved_on_the_server_and_progress_is_committed_per_chunk(session, engine, north):
    actor = north["actor"]
    query = CandidateQuery(q="welding")
    job = bulk.start(session, actor, "add_tag", "  Night  shifts ", query=query)
    session.commit()
    assert (job.total, job.status, job.label) == (226, "queued", 'Add tag "Night shifts"')
    view, progress = run_to_end(engine, actor, job.id)
    assert progress == [200, 226]
    assert (view.status, view.done, view.message) == ("done", 226, "226 candidates now have the tag.")
    session.expire_all()
    tagged = [c for c in north["people"] if tags.tags_of(session, actor, c.id) == ["Night shifts"]]
    assert len(tagged) == 226 and all("welding" in c.search_text for c in tagged)
    assert bulk.claim(session, actor, job.id) is None  # a job runs once


@pytest.mark.parametrize("kind", ["flag", "assign_job", "set_owner", "remove_tag"])
def test_each_write_action_goes_through_its_service(session, engine, north, kind):
    actor = north["actor"]
    ids = [str(c.id) for c in north["people"][:3]]
    value = ""
    if kind == "assign_job":
        value = str(jobs.create_job(session, actor, title="Welder").id)
    elif kind == "set_owner":
        value = str(make_user(session, north["agency"], "admin").id)
    elif kind == "remove_tag":
        tags.add_tag(session, actor, ids, "Old")
        value = "old"
    session.commit()
    job = bulk.start(session, actor, kind, value, ids=ids)
    session.commit()
    view, _ = run_to_end(engine, actor, job.id)
    assert view.status == "done" and view.done == 3
    session.expire_all()
    first = session.get(Candidate, north["people"][0].id)
    if kind == "flag":
        assert first.is_flagged
    elif kind == "assign_job":
        assert len(session.exec(select(Application)).all()) == 3
    elif kind == "set_owner":
        assert str(first.owner_id) == value
    else:
        assert tags.tags_of(session, actor, first.id) == []


def test_viewers_may_export_but_not_write(session, north):
    viewer = actor_for(make_user(session, north["agency"], "viewer"))
    ids = [str(north["people"][0].id)]
    for kind in bulk.WRITE_KINDS:
        with pytest.raises(Forbidden):
            bulk.start(session, viewer, kind, "x", ids=ids)
    assert bulk.start(session, viewer, "export", ids=ids).total == 1


def test_bad_input_is_refused_before_anything_is_written(session, north):
    actor = north["actor"]
    ids = [str(north["people"][0].id)]
    with pytest.raises(ValidationError) as exc:
        bulk.start(session, actor, "add_tag", "   ", ids=ids)
    assert "tag" in exc.value.errors
    with pytest.raises(ValidationError):
        bulk.start(session, actor, "drop_tables", ids=ids)
    with pytest.raises(ValidationError) as exc:
        bulk.start(session, actor, "flag", ids=[])
    assert "selection" in exc.value.errors
    with pytest.raises(NotFound):
        bulk.start(session, actor, "assign_job", "not-a-job", ids=ids)
    assert session.exec(select(BulkJob)).all() == []


def test_jobs_and_exports_are_private_to_their_agency(session, engine, north):
    actor = north["actor"]
    south = actor_for(make_user(session, make_agency(session, "south"), "admin"))
    colleague = actor_for(make_user(session, north["agency"], "admin"))
    north_ids = [str(c.id) for c in north["people"][:5]]
    with pytest.raises(ValidationError):  # another agency's ids are not selectable
        bulk.start(session, south, "flag", ids=north_ids)
    job = bulk.start(session, actor, "export", query=CandidateQuery(q="welding"))
    session.commit()
    for other in (south, colleague):
        with pytest.raises(NotFound):
            bulk.claim(session, other, job.id)
    run_to_end(engine, actor, job.id)
    path, name = bulk.export_file(session, colleague, job.id)  # same agency: may download
    assert name.startswith("candidates-") and path.is_relative_to(bulk.export_dir())
    with pytest.raises(NotFound):
        bulk.export_file(session, south, job.id)
    with pytest.raises(NotFound):
        bulk.export_file(session, actor, "../../secret_key")


def test_export_writes_the_matching_rows_and_neutralises_formulas(session, engine, north):
    actor = north["actor"]
    job = bulk.start(session, actor, "export", query=CandidateQuery(q="welding", sort="name"))
    session.commit()
    view, progress = run_to_end(engine, actor, job.id)
    assert progress == [226]  # export chunks are larger
    path, _ = bulk.export_file(session, actor, job.id)
    with path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == bulk.CSV_HEADER and len(rows) == 227
    evil = [r for r in rows if "evil@example.net" in r][0]
    assert evil[:2] == ["'=HYPERLINK(\"x\")", "'-Evil"]
    assert rows[1][:2] == ["'=HYPERLINK(\"x\")", "'-Evil"]  # name order: "-Evil" sorts before "Bulk"


def test_latest_job_shows_the_users_running_or_recent_job(session, engine, north):
    actor = north["actor"]
    assert bulk.latest_job(session, actor) is None
    job = bulk.start(session, actor, "flag", ids=[str(north["people"][0].id)])
    session.commit()
    assert bulk.latest_job(session, actor).status == "queued"
    colleague = actor_for(make_user(session, north["agency"], "admin"))
    assert bulk.latest_job(session, colleague) is None
    run_to_end(engine, actor, job.id)
    session.expire_all()
    assert bulk.latest_job(session, actor).status == "done"
    failed = bulk.fail(session, actor, job.id, "ignored: already finished")
    assert failed.status == "done"


def test_a_job_that_lost_its_runner_is_marked_interrupted(session, north):
    actor = north["actor"]
    job = bulk.start(session, actor, "flag", ids=[str(north["people"][0].id)])
    session.commit()
    assert bulk.latest_job(session, actor).status == "queued"
    later = utcnow() + bulk.ABANDONED_AFTER + timedelta(minutes=1)
    view = bulk.latest_job(session, actor, now=later)
    assert view.status == "failed" and "Interrupted" in view.message
    assert bulk.claim(session, actor, job.id) is None
    assert bulk.latest_job(session, actor, now=later + bulk.SHOW_FINISHED_FOR * 2) is None


def test_a_user_who_lost_the_write_role_cannot_continue_a_job(session, north):
    actor = north["actor"]
    job = bulk.start(session, actor, "flag", ids=[str(c.id) for c in north["people"][:3]])
    session.commit()
    view, ids = bulk.claim(session, actor, job.id)
    session.commit()
    demoted = dataclasses.replace(actor, role="viewer")
    with pytest.raises(Forbidden):
        bulk.run_chunk(session, demoted, job.id, ids)
    session.rollback()
    failed = bulk.fail(session, demoted, job.id, "Your role can view but not change records.")
    assert failed.status == "failed"


def test_bulk_profile_update_queues_one_email_each_and_reports_those_without_email(session, engine, north):
    from app.models import OutboxMessage
    from app.services import email

    actor = north["actor"]
    with_email = north["people"][:5]
    for i, person in enumerate(with_email):
        person.email = f"person{i}@example.net"
        session.add(person)
    session.commit()
    ids = [str(p.id) for p in north["people"][:8]]
    job = bulk.start(session, actor, "profile_update", ids=ids)
    session.commit()
    view, _ = run_to_end(engine, actor, job.id)
    assert view.message == ("5 requests queued, one email each. 3 candidates have no email address: "
                            "see Profile updates, status failed.")
    assert sorted(m.to_email for m in session.exec(select(OutboxMessage))) == [
        f"person{i}@example.net" for i in range(5)]
    assert bulk.email_progress(session, actor, job.id) == (0, 5)
    email.deliver_due(session, email.LocalOutbox())
    assert bulk.email_progress(session, actor, job.id) == (5, 5)

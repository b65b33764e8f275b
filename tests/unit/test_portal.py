"""The candidate portal's services: only the candidate's own data, in candidate words, and every action recorded."""

from __future__ import annotations

import json
import zipfile

import pytest
from sqlmodel import select

from app.models import Application, Notification, PipelineStage, Task
from app.services import applications, jobs, messages, portal, portal_auth
from app.services.candidates import create_candidate
from app.services.errors import Conflict, NotFound, ValidationError
from tests.docfiles import pdf
from tests.factories import actor_for, make_agency, make_user


@pytest.fixture
def world(session):
    agency = make_agency(session, "north")
    recruiter = make_user(session, agency, "recruiter")
    actor = actor_for(recruiter)
    ann = create_candidate(session, actor, first_name="Ann", last_name="Lee", email="ann@example.com")
    bob = create_candidate(session, actor, first_name="Bob", last_name="Ray", email="bob@example.com")
    ann.owner_id = recruiter.id
    job = jobs.create_job(session, actor, title="Data Analyst", location="Leeds")
    other = jobs.create_job(session, actor, title="Welder")
    session.commit()
    who = portal_auth.CandidateActor(ann.id, agency.id, "north", "Ann Lee", "Ann", "en")
    return {"agency": agency, "actor": actor, "recruiter": recruiter, "ann": ann, "bob": bob, "job": job,
            "other": other, "who": who}


def test_applications_show_candidate_words_and_no_internal_reason(session, world):
    actor, ann = world["actor"], world["ann"]
    applications.assign_to_job(session, actor, [ann.id], world["job"].id)
    stage = session.exec(select(PipelineStage).where(PipelineStage.name == "Interview")).one()
    stage.portal_label, stage.portal_next_step = "Interview planned", "We will call you to fix a date."
    rejected = session.exec(select(PipelineStage).where(PipelineStage.kind == "rejected")).one()
    session.add(stage)
    app_row = session.exec(select(Application)).one()
    applications.move_stage(session, actor, app_row.id, stage.id)
    session.commit()
    [view] = portal.my_applications(session, world["who"])
    assert (view.job_title, view.stage, view.next_step) == ("Data Analyst", "Interview planned",
                                                            "We will call you to fix a date.")
    assert [s.label for s in view.history] == ["Interview planned", "Application received"]
    applications.move_stage(session, actor, app_row.id, rejected.id, reason="Too junior, rude on the phone")
    session.commit()
    [view] = portal.my_applications(session, world["who"])
    assert view.stage == "Not selected this time" and view.closed
    assert "rude" not in repr(portal.my_applications(session, world["who"]))


def test_apply_once_to_an_open_job_notifies_its_owner(session, world):
    application, job = portal.apply(session, world["who"], world["job"].id)
    session.commit()
    assert application.owner_id == world["job"].owner_id
    assert session.exec(select(Notification)).one().title == "Ann Lee applied to Data Analyst"
    assert [j.applied for j in portal.open_jobs(session, world["who"], "analyst")] == [True]
    with pytest.raises(Conflict, match="already applied"):
        portal.apply(session, world["who"], world["job"].id)
    jobs.set_job_status(session, world["actor"], world["other"].id, "closed")
    with pytest.raises(NotFound):
        portal.apply(session, world["who"], world["other"].id)


def test_another_agencys_job_is_not_found(session, world):
    south = actor_for(make_user(session, make_agency(session, "south"), "admin"))
    theirs = jobs.create_job(session, south, title="Secret")
    session.commit()
    with pytest.raises(NotFound):
        portal.apply(session, world["who"], theirs.id)
    assert "Secret" not in [j.title for j in portal.open_jobs(session, world["who"])]


def test_profile_saves_with_the_shared_form_rules(session, world):
    with pytest.raises(ValidationError) as bad:
        portal.save_profile(session, world["who"], {"first_name": "Ann", "last_name": "Lee", "email": "nope"})
    assert "email" in bad.value.errors
    session.rollback()
    changes = portal.save_profile(session, world["who"], {"first_name": "Ann", "last_name": "Lee",
                                                          "email": "ann@example.com", "city": "York"},
                                  cv=("cv.pdf", pdf()))
    session.commit()
    assert [c["field"] for c in changes] == ["city"] and world["ann"].city == "York"
    assert [d.filename for d in portal.my_documents(session, world["who"])] == ["cv.pdf"]


def test_consent_is_recorded_with_its_wording_and_can_be_withdrawn(session, world):
    shown = portal.consent(session, world["who"]).wording
    with pytest.raises(ValidationError):
        portal.set_consent(session, world["who"], "given", "something else")
    until = portal.set_consent(session, world["who"], "given", shown)
    assert world["ann"].gdpr_expiry == until and portal.consent(session, world["who"]).active
    portal.set_consent(session, world["who"], "withdrawn", shown)
    session.commit()
    view = portal.consent(session, world["who"])
    assert not view.active and [h[0] for h in view.history] == ["withdrawn", "given"]
    assert view.history[1][1] == shown


def test_export_holds_the_data_and_the_files(session, world):
    portal.upload_document(session, world["who"], "diploma.pdf", pdf(), "certificate")
    portal.reply(session, world["who"], "Hello, I moved to York")
    session.commit()
    path, name = portal.export_data(session, world["who"])
    try:
        with zipfile.ZipFile(path) as archive:
            data = json.loads(archive.read("data.json"))
            assert "documents/diploma.pdf" in archive.namelist()
        assert data["profile"]["email"] == "ann@example.com"
        assert data["messages"][0]["body"] == "Hello, I moved to York"
        assert "Bob" not in json.dumps(data)
    finally:
        path.unlink()


def test_deletion_request_makes_one_task_for_the_owner(session, world):
    portal.request_deletion(session, world["who"])
    portal.request_deletion(session, world["who"])
    session.commit()
    [task] = session.exec(select(Task)).all()
    assert task.kind == "deletion_request" and task.assignee_id == world["recruiter"].id


def test_replies_reach_the_recruiter_unread_and_emails_show_without_their_links(session, world):
    from app.services import email, profile_requests

    profile_requests.request_update(session, world["actor"], world["ann"].id)
    messages.send(session, world["actor"], world["ann"].id, "Your interview", "See you Monday")
    session.commit()
    email.deliver_due(session, email.LocalOutbox())
    views = portal.my_messages(session, world["who"])
    assert {v.subject for v in views} == {"North Agency: please update your profile", "Your interview"}
    assert all("/update/" not in v.body for v in views) and any("[personal link]" in v.body for v in views)
    portal.reply(session, world["who"], "Monday works", in_reply_to=views[0].id)
    session.commit()
    assert messages.unread_count(session, world["actor"], world["ann"].id) == 1
    entries = messages.thread(session, world["actor"], world["ann"].id)
    assert entries[0].incoming and entries[0].status == "unread" and entries[0].subject.startswith("Re: ")
    assert messages.mark_read(session, world["actor"], world["ann"].id) == 1
    assert messages.unread_count(session, world["actor"], world["ann"].id) == 0
    with pytest.raises(ValidationError):
        portal.reply(session, world["who"], "   ")


def test_a_candidate_actor_for_another_agency_reaches_nothing(session, world):
    south = make_agency(session, "south")
    forged = portal_auth.CandidateActor(world["ann"].id, south.id, "south", "Ann Lee", "Ann", "en")
    for call in (lambda: portal.apply(session, forged, world["job"].id),
                 lambda: portal.save_profile(session, forged, {}),
                 lambda: portal.reply(session, forged, "hi"),
                 lambda: portal.request_deletion(session, forged)):
        with pytest.raises(NotFound):
            call()
    assert portal.my_applications(session, forged) == [] and portal.my_documents(session, forged) == []


# --- portal-shell ----------------------------------------------------------------------------------------------

def test_the_language_is_kept_on_the_candidate(session, world):
    assert portal.set_language(session, world["who"], "FR") == "fr"
    session.commit()
    assert world["ann"].preferred_language == "fr"
    with pytest.raises(ValidationError):
        portal.set_language(session, world["who"], "xx")
    bob_as_ann = portal_auth.CandidateActor(world["bob"].id, world["agency"].id, "north", "Bob", "Bob", "en")
    portal.set_language(session, bob_as_ann, "en")
    assert world["ann"].preferred_language == "fr"


def test_applying_twice_is_refused_and_nothing_is_added(session, world):
    portal.apply(session, world["who"], world["job"].id)
    session.commit()
    with pytest.raises(Conflict):
        portal.apply(session, world["who"], world["job"].id)
    session.rollback()
    assert len(session.exec(select(Application)).all()) == 1
    with pytest.raises(NotFound):
        portal.apply(session, world["who"], "not-a-job")


def test_a_candidate_reads_only_their_own_applications_and_messages(session, world):
    from app.models import CandidateMessage
    from app.services import email

    applications.assign_to_job(session, world["actor"], [world["bob"].id], world["other"].id)
    bob_mail = messages.send(session, world["actor"], world["bob"].id, "Bob only", "Private to Bob")
    session.commit()
    email.deliver_due(session, email.LocalOutbox())
    assert portal.my_applications(session, world["who"]) == []
    assert portal.my_messages(session, world["who"]) == []
    assert [j.applied for j in portal.open_jobs(session, world["who"], "welder")] == [False]
    # Answering Bob's email with Ann's session does not link her message to his email.
    reply = messages.add_candidate_reply(session, world["who"], "Hello", in_reply_to=str(bob_mail.id))
    session.commit()
    assert reply.candidate_id == world["ann"].id and reply.in_reply_to_id is None
    assert session.exec(select(CandidateMessage).where(CandidateMessage.candidate_id == world["bob"].id)).all() == []


def test_a_candidate_reply_tells_the_owner_and_names_the_live_topics(session, world):
    message = messages.add_candidate_reply(session, world["who"], "Can we talk?")
    session.commit()
    assert messages.unread_count(session, world["actor"], world["ann"].id) == 1
    assert session.exec(select(Notification)).one().kind == "message.portal"
    assert messages.reply_topics(session, world["who"]) == [
        f"candidate:{world['ann'].id}", f"agency:{world['agency'].id}", f"user:{world['recruiter'].id}"]
    assert message.subject == "Message from the portal"

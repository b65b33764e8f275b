"""The candidate profile: edits with optimistic locking, custom attributes, comments, delete, anonymise."""

from datetime import date, timedelta

import pytest
from sqlmodel import func, select

from app.models import (ActivityEvent, Application, CandidateTag, Comment, Document, Notification,
                        PipelineStage)
from app.services import (activity, applications, candidates, comments, custom_attributes, jobs,
                          notifications, tags)
from app.services.errors import Conflict, Forbidden, NotFound, ValidationError
from app.settings import get_settings
from tests.factories import actor_for, make_agency, make_user


@pytest.fixture
def north(session):
    agency = make_agency(session, "north")
    rick = make_user(session, agency, "recruiter")
    nora = make_user(session, agency, "admin")
    actor = actor_for(rick)
    ann = candidates.create_candidate(session, actor, first_name="Ann", last_name="Lee", email="a@x.com")
    job = jobs.create_job(session, actor, title="Data Analyst")
    session.commit()
    return {"agency": agency, "actor": actor, "admin": actor_for(nora), "ann": ann, "job": job}


@pytest.fixture
def south(session):
    agency = make_agency(session, "south")
    actor = actor_for(make_user(session, agency, "admin"))
    session.commit()
    return {"actor": actor}


def _events(session, actor, cand, kind=None):
    events = activity.for_subject(session, actor, "candidate", cand.id)
    return [e for e in events if kind is None or e.kind == kind]


def test_update_records_one_entry_with_old_and_new_values(session, north):
    actor, ann = north["actor"], north["ann"]
    v = ann.version
    candidates.update_candidate(session, actor, str(ann.id), {"email": "B@x.com", "phone": "020 7946 0958",
                                                               "rating": "80", "first_name": "Ann"}, v)
    session.commit()
    assert (ann.email, ann.phone, ann.rating, ann.version) == ("b@x.com", "+442079460958", 80, v + 1)
    assert "b@x.com" in ann.search_text and "a@x.com" not in ann.search_text
    [event] = _events(session, actor, ann, "candidate.updated")
    assert event.payload["changes"] == [
        {"field": "email", "old": "a@x.com", "new": "b@x.com"},
        {"field": "phone", "old": None, "new": "+442079460958"},
        {"field": "rating", "old": None, "new": 80},
    ]
    # Nothing changed: no new version, no new entry.
    candidates.update_candidate(session, actor, ann.id, {"email": "b@x.com"}, v + 1)
    assert ann.version == v + 1 and len(_events(session, actor, ann, "candidate.updated")) == 1


def test_a_stale_version_is_refused_with_the_fresh_values_and_who_changed_them(session, north):
    actor, admin, ann = north["actor"], north["admin"], north["ann"]
    v = ann.version
    candidates.update_candidate(session, admin, ann.id, {"email": "nora@x.com"}, v)
    session.commit()
    with pytest.raises(Conflict) as exc:
        candidates.update_candidate(session, actor, ann.id, {"phone": "07400 123456"}, v)
    session.rollback()
    assert exc.value.version == v + 1
    assert exc.value.current["email"] == "nora@x.com"
    assert exc.value.changed_by == admin.name
    assert admin.name in exc.value.message
    session.refresh(ann)
    assert ann.phone is None and ann.email == "nora@x.com"


def test_invalid_fields_are_all_reported_and_nothing_is_written(session, north):
    actor, ann = north["actor"], north["ann"]
    v = ann.version
    with pytest.raises(ValidationError) as exc:
        candidates.update_candidate(session, actor, ann.id, {"email": "nope", "rating": "101", "status": "x",
                                                             "owner_id": "garbage"}, v)
    assert set(exc.value.errors) == {"email", "rating", "status", "owner_id"}
    session.rollback()
    session.refresh(ann)
    assert ann.email == "a@x.com" and ann.version == v
    with pytest.raises(ValidationError):
        candidates.update_candidate(session, actor, ann.id, {"agency_id": "x"}, v)


def test_owner_must_be_a_colleague(session, north, south):
    actor, ann = north["actor"], north["ann"]
    with pytest.raises(ValidationError) as exc:
        candidates.update_candidate(session, actor, ann.id, {"owner_id": str(south["actor"].user_id)}, ann.version)
    assert "owner_id" in exc.value.errors
    candidates.update_candidate(session, actor, ann.id, {"owner_id": str(north["admin"].user_id)}, ann.version)
    assert ann.owner_id == north["admin"].user_id
    change = _events(session, actor, ann, "candidate.updated")[0].payload["changes"][0]
    assert change == {"field": "owner", "old": None, "new": north["admin"].name}


def test_custom_attributes_are_validated_by_type_and_searchable_ones_are_found(session, north):
    admin, actor, ann = north["admin"], north["actor"], north["ann"]
    shift = custom_attributes.create_attribute(session, admin, label="Preferred shift", type="choice",
                                               choices="Day, Night", searchable=True)
    years = custom_attributes.create_attribute(session, admin, label="Years of experience", type="number")
    start = custom_attributes.create_attribute(session, admin, label="Start", type="date")
    assert (shift.key, years.key) == ("preferred_shift", "years_of_experience")
    with pytest.raises(ValidationError) as exc:
        candidates.update_candidate(session, actor, ann.id, {"custom_fields": {
            "preferred_shift": "Evening", "years_of_experience": "lots", "start": "31/01/2027", "nope": "1"}},
            ann.version)
    assert set(exc.value.errors) == {"custom.preferred_shift", "custom.years_of_experience", "custom.start",
                                     "custom.nope"}
    candidates.update_candidate(session, actor, ann.id, {"custom_fields": {
        "preferred_shift": "Night", "years_of_experience": "4", "start": "2027-01-31"}}, ann.version)
    session.commit()
    assert ann.custom_fields == {"preferred_shift": "Night", "years_of_experience": 4, "start": "2027-01-31"}
    assert "night" in ann.search_text and "2027-01-31" not in ann.search_text
    custom_attributes.update_attribute(session, admin, start.id, searchable=True, label="Start date")
    assert "2027-01-31" in ann.search_text and start.key == "start"
    custom_attributes.delete_attribute(session, admin, shift.id)
    session.commit()
    assert "preferred_shift" not in ann.custom_fields and "night" not in ann.search_text
    with pytest.raises(Forbidden):
        custom_attributes.create_attribute(session, actor, label="X")
    with pytest.raises(ValidationError):
        custom_attributes.create_attribute(session, admin, label="Shift", type="choice", choices=" , ")


def test_a_mention_notifies_the_colleague_only(session, north):
    actor, admin, ann = north["actor"], north["admin"], north["ann"]
    comment, notified = comments.add_comment(session, actor, ann.id,
                                             f"@{admin.name} please call her. cc @{actor.name} @Nobody")
    session.commit()
    assert notified == [admin.user_id] and comment.mentions == [str(admin.user_id)]
    [note] = notifications.list_unread(session, admin)
    assert note.title == f"{actor.name} mentioned you on Ann Lee" and note.link == f"/candidates/{ann.id}"
    assert notifications.unread_count(session, actor) == 0
    with pytest.raises(NotFound):
        notifications.mark_read(session, actor, note.id)  # not theirs
    notifications.mark_read(session, admin, str(note.id))
    assert notifications.unread_count(session, admin) == 0
    [(row, author)] = comments.list_comments(session, admin, ann.id)
    assert author == actor.name and row.body.startswith("@")
    with pytest.raises(ValidationError):
        comments.add_comment(session, actor, ann.id, "   ")


def _with_everything(session, north):
    actor, ann = north["actor"], north["ann"]
    tags.add_tag(session, actor, [ann.id], "Night shifts")
    applications.assign_to_job(session, actor, [ann.id], north["job"].id)
    session.flush()
    app_row = session.exec(select(Application)).one()
    interview = session.exec(select(PipelineStage).where(PipelineStage.agency_id == actor.agency_id,
                                                         PipelineStage.name == "Interview")).one()
    applications.move_stage(session, actor, app_row.id, interview.id)
    comments.add_comment(session, actor, ann.id, f"@{north['admin'].name} strong CV, call Ann on 07400 123456")
    candidates.update_candidate(session, actor, ann.id, {"phone": "07400 123456", "skills": "SQL"}, ann.version)
    files = get_settings().data_dir / "files" / str(ann.agency_id) / str(ann.id)
    files.mkdir(parents=True, exist_ok=True)
    (files / "cv.pdf").write_bytes(b"%PDF")
    session.add(Document(agency_id=ann.agency_id, candidate_id=ann.id, filename="ann-lee-cv.pdf",
                         content_type="application/pdf", size=4, sha256="0" * 64, storage_key="cv.pdf"))
    _self_service_everything(session, actor, ann)
    session.commit()
    return files


def _candidate_rows():
    from app.models import (AccessToken, CandidateMessage, CandidateSession, ConsentRecord, OutboxMessage,
                            ProfileUpdateRequest)

    return (AccessToken, CandidateMessage, CandidateSession, ConsentRecord, OutboxMessage, ProfileUpdateRequest)


def _self_service_everything(session, actor, ann):
    """What the candidate's own channels leave behind: emails, links, a portal session, messages, consent."""
    from app.models import CandidateMessage, ConsentRecord
    from app.services import portal_auth, profile_requests

    ann.city, ann.address_line = "Leeds", "1 Main Street"
    ann.languages = [{"language": "French", "level": "Fluent"}]
    session.add(ann)
    profile_requests.request_update(session, actor, ann.id)
    portal_auth.open_portal(session, actor, ann.id)
    session.add(CandidateMessage(agency_id=ann.agency_id, candidate_id=ann.id, body="Hi, Ann Lee here"))
    session.add(ConsentRecord(agency_id=ann.agency_id, candidate_id=ann.id, action="given", wording="I agree"))
    session.flush()


def _count(session, model, **where):
    stmt = select(func.count()).select_from(model)
    for k, v in where.items():
        stmt = stmt.where(getattr(model, k) == v)
    return session.exec(stmt).one()


def test_anonymise_removes_personal_data_but_keeps_applications(session, north):
    actor, ann = north["actor"], north["ann"]
    files = _with_everything(session, north)
    candidates.anonymise_candidate(session, actor, str(ann.id))
    session.commit()
    session.refresh(ann)
    assert (ann.first_name, ann.last_name, ann.email, ann.phone, ann.skills, ann.search_text) == (
        "Anonymised", "Candidate", None, None, [], "")
    assert ann.anonymised_at is not None and not files.exists()
    assert _count(session, Application, candidate_id=ann.id) == 1
    assert _count(session, Comment, candidate_id=ann.id) == 0
    assert _count(session, Document, candidate_id=ann.id) == 0
    assert _count(session, Notification) == 0
    assert (ann.city, ann.address_line, ann.languages, ann.portal_status) == (None, None, [], "closed")
    for model in _candidate_rows():
        assert _count(session, model, candidate_id=ann.id) == 0, model
    events = _events(session, actor, ann)
    assert events[0].kind == "candidate.anonymised"
    stage = next(e for e in events if e.kind == "application.stage_changed")
    assert stage.payload["to"] == "Interview"
    text = repr([e.payload for e in events])
    for personal in ("Ann", "Lee", "a@x.com", "07400", "+447400", "strong CV"):
        assert personal not in text
    with pytest.raises(Forbidden):
        candidates.update_candidate(session, actor, ann.id, {"first_name": "Ann"}, ann.version)


def test_delete_removes_the_candidate_and_everything_about_them(session, north):
    actor, ann = north["actor"], north["ann"]
    files = _with_everything(session, north)
    with pytest.raises(ValidationError):
        candidates.delete_candidate(session, actor, ann.id, confirm_name="Ann")
    candidates.delete_candidate(session, actor, ann.id, confirm_name="Ann  Lee")
    session.commit()
    with pytest.raises(NotFound):
        candidates.get_candidate(session, actor, ann.id)
    for model in (Application, Comment, Document, CandidateTag, *_candidate_rows()):
        assert _count(session, model, candidate_id=ann.id) == 0
    assert _count(session, Notification) == 0 and not files.exists()
    kinds = [e.kind for e in _events(session, actor, ann)]
    assert kinds == ["candidate.deleted"]
    assert _count(session, ActivityEvent, subject_id=ann.id) == 1


def test_other_agencies_and_viewers_cannot_touch_the_profile(session, north, south):
    ann, outsider = north["ann"], south["actor"]
    for call in (lambda: candidates.update_candidate(session, outsider, ann.id, {"first_name": "X"}, ann.version),
                 lambda: candidates.delete_candidate(session, outsider, ann.id),
                 lambda: candidates.anonymise_candidate(session, outsider, ann.id),
                 lambda: comments.add_comment(session, outsider, ann.id, "hi"),
                 lambda: comments.list_comments(session, outsider, ann.id),
                 lambda: candidates.update_candidate(session, outsider, "not-a-uuid", {}, 1)):
        with pytest.raises(NotFound):
            call()
    attr = custom_attributes.create_attribute(session, north["admin"], label="Shift")
    with pytest.raises(NotFound):
        custom_attributes.update_attribute(session, outsider, attr.id, label="Stolen")
    viewer = actor_for(make_user(session, north["agency"], "viewer"))
    for call in (lambda: candidates.update_candidate(session, viewer, ann.id, {"first_name": "X"}, ann.version),
                 lambda: candidates.delete_candidate(session, viewer, ann.id),
                 lambda: candidates.anonymise_candidate(session, viewer, ann.id),
                 lambda: comments.add_comment(session, viewer, ann.id, "hi")):
        with pytest.raises(Forbidden):
            call()
    session.refresh(ann)
    assert ann.first_name == "Ann"


def test_gdpr_expiry_that_has_passed_can_be_kept_but_not_set(session, north):
    actor, ann = north["actor"], north["ann"]
    ann.gdpr_expiry = date.today() - timedelta(days=1)
    session.commit()
    candidates.update_candidate(session, actor, ann.id, {"gdpr_expiry": ann.gdpr_expiry.isoformat(),
                                                         "last_name": "Leigh"}, ann.version)
    with pytest.raises(ValidationError):
        candidates.update_candidate(session, actor, ann.id, {"gdpr_expiry": "2001-01-01"}, ann.version)

"""The recruiter's side of the candidate portal: access states, closing, the message thread, deletion requests,
branding, and that another agency reaches none of it."""

from __future__ import annotations

import pytest
from sqlmodel import select

from app.models import AccessToken, ActivityEvent, Agency, Candidate, CandidateSession, Notification, OutboxMessage, Task
from app.services import messages, portal, portal_auth as pa, portal_staff, timeline
from app.services.candidates import create_candidate
from app.services.errors import Forbidden, NotFound, ValidationError
from tests.factories import actor_for, make_agency, make_user

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
       b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")


@pytest.fixture
def north(session):
    agency = make_agency(session, "north")
    recruiter = actor_for(make_user(session, agency, "recruiter"))
    admin = actor_for(make_user(session, agency, "admin"))
    viewer = actor_for(make_user(session, agency, "viewer"))
    return agency, recruiter, admin, viewer


@pytest.fixture
def south(session):
    agency = make_agency(session, "south")
    return agency, actor_for(make_user(session, agency, "admin"))


@pytest.fixture
def ann(session, north):
    candidate = create_candidate(session, north[1], first_name="Ann", last_name="Lee", email="ann@example.com")
    candidate.owner_id = north[1].user_id
    session.add(candidate)
    session.commit()
    return candidate


def _link(session) -> str:
    message = session.exec(select(OutboxMessage).where(OutboxMessage.purpose == "portal_invitation")
                           .order_by(OutboxMessage.created_at.desc())).first()
    return message.body_text.split("/portal-auth/", 1)[1].split()[0]


def _signed_in(session, north, ann):
    pa.open_portal(session, north[1], ann.id)
    session.commit()
    exchange = pa.exchange_link(session, _link(session))
    session.commit()
    return pa.resolve(session, exchange.session_token), exchange.session_token


# --- access -------------------------------------------------------------------------------------------------

def test_access_goes_closed_invited_open_closed(session, north, ann):
    access = pa.access_of(session, north[1], ann.id)
    assert access.status == "closed"
    assert portal_staff.access_summary(access.status, None, None)[0] == "Closed"
    pa.open_portal(session, north[1], ann.id)
    session.commit()
    assert pa.access_of(session, north[1], ann.id).status == "invited"
    invitation = session.exec(select(OutboxMessage)).one()
    assert invitation.purpose == "portal_invitation" and "/portal/north" in invitation.body_text
    with pytest.raises(ValidationError):  # already open: resend instead
        pa.open_portal(session, north[1], ann.id)
    pa.exchange_link(session, _link(session))
    session.commit()
    access = pa.access_of(session, north[1], ann.id)
    label, detail = portal_staff.access_summary(access.status, access.opened_at, access.last_visit_at)
    assert access.status == "open" and label.startswith("Open since ") and detail.startswith("Last visit: ")
    assert "never" not in detail
    pa.close_portal(session, north[1], ann.id)
    session.commit()
    assert pa.access_of(session, north[1], ann.id).status == "closed"
    with pytest.raises(ValidationError):  # closed: open it first
        pa.resend_access(session, north[1], ann.id)


def test_resend_replaces_the_link(session, north, ann):
    pa.open_portal(session, north[1], ann.id)
    session.commit()
    first = _link(session)
    pa.resend_access(session, north[1], ann.id)
    session.commit()
    assert _link(session) != first
    assert pa.exchange_link(session, first) is None
    assert pa.exchange_link(session, _link(session)) is not None


def test_close_kills_sessions_and_every_outstanding_link(session, north, ann):
    who, cookie = _signed_in(session, north, ann)
    assert who is not None
    pa.resend_access(session, north[1], ann.id)
    session.commit()
    pending = _link(session)
    pa.request_sign_in_link(session, "north", "ann@example.com")
    session.commit()
    pa.close_portal(session, north[1], ann.id)
    session.commit()
    assert pa.resolve(session, cookie) is None
    assert all(s.revoked_at is not None for s in session.exec(select(CandidateSession)))
    assert all(t.revoked_at is not None or t.used_at is not None
               for t in session.exec(select(AccessToken).where(AccessToken.candidate_id == ann.id)))
    assert pa.exchange_link(session, pending) is None
    kinds = [e.kind for e in session.exec(select(ActivityEvent).where(ActivityEvent.subject_id == ann.id))]
    assert {"portal.opened", "portal.first_visit", "portal.access_resent", "portal.closed"} <= set(kinds)


def test_viewer_and_other_agency_cannot_change_access(session, north, south, ann):
    with pytest.raises(Forbidden):
        pa.open_portal(session, north[3], ann.id)
    for call in (pa.open_portal, pa.resend_access, pa.close_portal, pa.access_of):
        with pytest.raises(NotFound):
            call(session, south[1], ann.id)
    assert session.get(Candidate, ann.id).portal_status == "closed"


# --- messages -----------------------------------------------------------------------------------------------

def test_reply_lands_unread_with_a_notification_and_is_marked_read(session, north, ann):
    who, _ = _signed_in(session, north, ann)
    message = messages.add_candidate_reply(session, who, "Yes, Tuesday works.", subject="Interview")
    session.commit()
    assert f"user:{north[1].user_id}" in messages.reply_topics(session, who)
    assert messages.unread_count(session, north[1], ann.id) == 1
    entries = messages.thread(session, north[1], ann.id)
    assert entries[0].incoming and entries[0].body == "Yes, Tuesday works." and entries[0].status == "unread"
    assert [e.incoming for e in entries] == [True, False]  # the reply above the invitation it follows
    note = session.exec(select(Notification).where(Notification.user_id == north[1].user_id)).one()
    assert note.link == f"/candidates/{ann.id}?tab=messages"
    event = session.exec(select(ActivityEvent).where(ActivityEvent.kind == "portal.replied")).one()
    assert timeline.describe(event.kind, event.payload, event.actor_label, "Ann") == \
        "Ann replied in the portal: Interview"
    assert messages.mark_read(session, north[1], ann.id) == 1
    session.commit()
    assert messages.unread_count(session, north[1], ann.id) == 0
    assert messages.thread(session, north[1], ann.id)[0].status == "read"


def test_empty_reply_is_refused_and_other_agency_sees_no_thread(session, north, south, ann):
    who, _ = _signed_in(session, north, ann)
    with pytest.raises(ValidationError):
        messages.add_candidate_reply(session, who, "   ")
    for call in (messages.thread, messages.unread_count, messages.mark_read):
        with pytest.raises(NotFound):
            call(session, south[1], ann.id)


# --- deletion requests -----------------------------------------------------------------------------------------

def _asked(session, north, ann):
    who, _ = _signed_in(session, north, ann)
    portal.request_deletion(session, who)
    session.commit()
    return who


def test_decline_needs_a_reason_records_it_and_tells_the_candidate(session, north, ann):
    _asked(session, north, ann)
    with pytest.raises(ValidationError) as err:
        portal_staff.decline_deletion(session, north[1], ann.id, " ")
    assert "reason" in err.value.errors
    portal_staff.decline_deletion(session, north[1], ann.id, "An open timesheet must be paid first.")
    session.commit()
    session.refresh(ann)
    assert ann.deletion_requested_at is None and ann.anonymised_at is None
    assert session.exec(select(Task).where(Task.candidate_id == ann.id)).one().done_at is not None
    told = session.exec(select(OutboxMessage).where(OutboxMessage.purpose == "message")).one()
    assert "An open timesheet must be paid first." in told.body_text
    reason, _ = portal_staff.last_deletion_decline(session, north[0].id, ann.id)
    assert reason == "An open timesheet must be paid first."
    event = session.exec(select(ActivityEvent).where(ActivityEvent.kind == "portal.deletion_declined")).one()
    assert "declined the deletion request: An open timesheet" in timeline.describe(event.kind, event.payload, "Rick")
    with pytest.raises(ValidationError):  # nothing left to decline
        portal_staff.decline_deletion(session, north[1], ann.id, "again")


def test_confirm_needs_the_name_then_anonymises(session, north, ann):
    _asked(session, north, ann)
    with pytest.raises(ValidationError) as err:
        portal_staff.confirm_deletion(session, north[1], ann.id, "Ann")
    assert "confirm" in err.value.errors
    session.rollback()
    assert session.get(Candidate, ann.id).anonymised_at is None
    portal_staff.confirm_deletion(session, north[1], ann.id, " Ann  Lee ")
    session.commit()
    candidate = session.get(Candidate, ann.id)
    assert candidate.anonymised_at is not None and candidate.email is None and candidate.portal_status == "closed"


def test_deletion_rules_per_agency_and_role(session, north, south, ann):
    with pytest.raises(ValidationError):  # not asked
        portal_staff.confirm_deletion(session, north[1], ann.id, "Ann Lee")
    _asked(session, north, ann)
    with pytest.raises(NotFound):
        portal_staff.confirm_deletion(session, south[1], ann.id, "Ann Lee")
    with pytest.raises(NotFound):
        portal_staff.decline_deletion(session, south[1], ann.id, "No reason at all")
    with pytest.raises(Forbidden):
        portal_staff.decline_deletion(session, north[3], ann.id, "No reason at all")
    assert session.get(Candidate, ann.id).deletion_requested_at is not None


# --- branding ----------------------------------------------------------------------------------------------

def test_colour_must_carry_white_text():
    assert portal_staff.check_color("#0F766E") == "#0f766e"
    assert portal_staff.check_color("0f766e") == "#0f766e"
    with pytest.raises(ValueError, match="4.5:1"):
        portal_staff.check_color("#ffeb3b")
    with pytest.raises(ValueError, match="#rrggbb"):
        portal_staff.check_color("teal")


def test_branding_validates_every_field_and_saves_nothing_on_error(session, north):
    good = {"primary_color": "#0f766e", "portal_title": "Harbour jobs", "welcome_text": "Hello",
            "support_email": "Help@Harbour.example.com", "support_phone": "020 7946 0958", "default_language": "fr"}
    bad = {**good, "primary_color": "#fde68a", "support_email": "nope", "support_phone": "12", "default_language": "de"}
    with pytest.raises(ValidationError) as err:
        portal_staff.save_branding(session, north[2], bad)
    assert set(err.value.errors) == {"primary_color", "support_email", "support_phone", "default_language"}
    session.rollback()
    assert session.get(Agency, north[0].id).portal_title == "North Agency careers"
    saved = portal_staff.save_branding(session, north[2], good)
    session.commit()
    assert saved.support_email == "help@harbour.example.com" and saved.support_phone == "+442079460958"
    assert saved.default_language == "fr" and saved.primary_color == "#0f766e"
    assert portal.branding(session, "north").title == "Harbour jobs"


def test_only_admins_brand_and_only_their_agency(session, north, south):
    with pytest.raises(Forbidden):
        portal_staff.save_branding(session, north[1], {"primary_color": "#0f766e"})
    with pytest.raises(Forbidden):
        portal_staff.store_logo(session, north[1], "logo.png", PNG)
    portal_staff.save_branding(session, south[1], {"primary_color": "#7c2d12", "default_language": "en"})
    session.commit()
    assert session.get(Agency, north[0].id).primary_color != "#7c2d12"


def test_logo_is_content_checked_and_stored_privately(session, north):
    with pytest.raises(ValidationError):
        portal_staff.store_logo(session, north[2], "logo.png", b"<svg onload=alert(1)>")
    url = portal_staff.store_logo(session, north[2], "logo.png", PNG)
    session.commit()
    assert url.startswith("/brand/north/logo-") and url.endswith(".png")
    path, media = portal_staff.logo_file(session, "north", url.rsplit("/", 1)[1])
    assert path.read_bytes() == PNG and media == "image/png" and "_upload" not in str(path)
    for slug, name in (("south", url.rsplit("/", 1)[1]), ("north", "../secret_key"), ("north", "logo-x.png")):
        with pytest.raises(NotFound):
            portal_staff.logo_file(session, slug, name)


def test_timeline_speaks_of_portal_events():
    assert timeline.describe("portal.opened", {"email": "a@b.c"}, "Rick", "Ann") == \
        "Rick opened the candidate portal for Ann (invitation to a@b.c)"
    assert timeline.describe("portal.closed", {}, "Rick", "Ann") == "Rick closed the candidate portal of Ann"
    assert timeline.describe("portal.signed_in", {}, "Ann Lee", "Ann") == "Ann signed in to the candidate portal"
    assert timeline.describe("consent.renewed", {"until": "2028-01-01"}, "Ann Lee", "Ann") == \
        "Ann renewed GDPR consent until 2028-01-01"
    assert timeline.describe("portal.deletion_requested", {}, "Ann Lee", "Ann") == \
        "Ann asked for their data to be deleted"


# --- stages: the words candidates read ------------------------------------------------------------------------

def test_stage_portal_words_show_in_the_candidates_applications(session, north, south, ann):
    from app.services import applications, jobs, pipeline

    job = jobs.create_job(session, north[1], title="Forklift driver")
    applications.assign_to_job(session, north[1], [ann.id], job.id)
    session.commit()
    who, _ = _signed_in(session, north, ann)
    stage = applications.first_stage(session, north[0].id)
    assert portal.my_applications(session, who)[0].stage == stage.name
    with pytest.raises(Forbidden):
        pipeline.set_portal_words(session, north[1], stage.id, "Received", "")
    with pytest.raises(NotFound):
        pipeline.set_portal_words(session, south[1], stage.id, "Received", "")
    with pytest.raises(ValidationError) as err:
        pipeline.set_portal_words(session, north[2], stage.id, "x" * 101, "y" * 501)
    assert set(err.value.errors) == {"portal_label", "portal_next_step"}
    pipeline.set_portal_words(session, north[2], stage.id, "  We have your application ", "We reply within 2 days.")
    session.commit()
    view = portal.my_applications(session, who)[0]
    assert (view.stage, view.next_step) == ("We have your application", "We reply within 2 days.")
    pipeline.set_portal_words(session, north[2], stage.id, "", "")
    session.commit()
    assert portal.my_applications(session, who)[0].stage == stage.name


def test_candidate_list_filters_by_portal_state(session, north, south, ann):
    from app.services import candidate_search
    from app.services.candidate_search import CandidateQuery

    bob = create_candidate(session, north[1], first_name="Bob", last_name="Ray", email="bob@example.com")
    create_candidate(session, north[1], first_name="Cy", last_name="Oak")
    session.commit()
    pa.open_portal(session, north[1], bob.id)  # invited
    _signed_in(session, north, ann)  # open
    session.commit()

    def names(portal: str, actor=north[1]) -> set[str]:
        return {r.first_name for r in candidate_search.search(session, actor, CandidateQuery(portal=portal)).rows}

    assert names("open") == {"Ann"} and names("invited") == {"Bob"} and names("closed") == {"Cy"}
    assert names("") == {"Ann", "Bob", "Cy"}
    assert names("open", south[1]) == set()
    assert CandidateQuery.from_params({"portal": "INVITED"}).portal == "invited"
    assert CandidateQuery.from_params({"portal": "drop"}).portal == ""
    assert CandidateQuery(portal="closed").to_params() == {"portal": "closed"}


def test_the_agency_time_zone_is_chosen_from_the_iana_list(session, north):
    base = {"primary_color": "#0f766e", "default_language": "en"}
    assert portal_staff.get_branding(session, north[2]).time_zone == "Europe/Paris"
    with pytest.raises(ValidationError) as err:
        portal_staff.save_branding(session, north[2], {**base, "time_zone": "Mars/Olympus_Mons"})
    assert set(err.value.errors) == {"time_zone"}
    session.rollback()
    assert "America/New_York" in portal_staff.time_zones() and "UTC" in portal_staff.time_zones()
    saved = portal_staff.save_branding(session, north[2], {**base, "time_zone": "America/New_York"})
    session.commit()
    assert saved.time_zone == "America/New_York" == session.get(Agency, north[0].id).time_zone

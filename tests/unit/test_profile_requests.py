"""Profile-update requests: the link's life, the form's checks, the one-transaction submit, tracking."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from app.models import AccessToken, ActivityEvent, Document, Notification, OutboxMessage
from app.models.base import utcnow
from app.services import email, profile_form, profile_requests as pr
from app.services.candidates import create_candidate
from app.services.errors import NotFound, ValidationError
from tests.docfiles import pdf
from tests.factories import actor_for, make_agency, make_user


@pytest.fixture
def north(session):
    agency = make_agency(session, "north")
    return agency, actor_for(make_user(session, agency, "recruiter"))


@pytest.fixture
def ann(session, north):
    _, actor = north
    candidate = create_candidate(session, actor, first_name="Ann", last_name="Lee", email="ann@example.com",
                                 phone="+442079460958", skills=["Excel"])
    session.commit()
    return candidate


def _link(session, request) -> str:
    """The raw token of the request's latest email, read back from its body as the candidate would."""
    message = session.exec(select(OutboxMessage).where(OutboxMessage.subject_id == request.id)
                           .order_by(OutboxMessage.created_at.desc())).first()
    return message.body_text.split("/update/", 1)[1].split()[0]


def _answers(**overrides):
    base = {"first_name": "Ann", "last_name": "Lee", "email": "ann@example.com", "phone": "+44 20 7946 0958",
            "skills": "Excel, SQL", "languages": [], "experiences": []}
    return {**base, **overrides}


def test_a_request_writes_one_personal_email_with_a_hashed_single_use_link(session, north, ann):
    _, actor = north
    request = pr.request_update(session, actor, ann.id)
    session.commit()
    message = session.exec(select(OutboxMessage)).one()
    assert message.to_email == "ann@example.com" and "Hello Ann" in message.body_text
    raw = _link(session, request)
    assert len(raw) >= 22  # >= 128 bits
    token = session.exec(select(AccessToken)).one()
    assert token.token_hash != raw and raw not in token.token_hash
    assert token.expires_at - token.created_at == timedelta(days=30)
    assert request.status == "queued"


def test_delivery_marks_the_request_sent(session, north, ann):
    request = pr.request_update(session, north[1], ann.id)
    session.commit()
    email.deliver_due(session, email.LocalOutbox())
    session.refresh(request)
    assert request.status == "sent" and request.sent_at is not None


def test_the_template_is_used_in_the_candidates_language(session, north, ann):
    from app.services import email_templates

    agency, actor = north
    admin = actor_for(make_user(session, agency, "admin"))
    email_templates.save_template(session, admin, "profile_update", "fr", "Mise à jour {AGENCY}",
                                  "Salut {FIRST_NAME} : {URL}")
    ann.preferred_language = "fr"
    session.add(ann)
    pr.request_update(session, actor, ann.id)
    session.commit()
    message = session.exec(select(OutboxMessage)).one()
    assert message.subject == "Mise à jour North Agency" and message.body_text.startswith("Salut Ann : http")


def test_submit_updates_in_one_go_logs_each_change_and_kills_the_link(session, north, ann):
    _, actor = north
    request = pr.request_update(session, actor, ann.id)
    session.commit()
    raw = _link(session, request)
    context = pr.open_link(session, raw)
    session.commit()
    assert context.values["skills"] == "Excel" and request.status == "opened"
    pr.submit(session, raw, _answers(phone="020 7946 0000", city="Leeds", address_line="1 Main St",
                                     languages=[{"language": "French", "level": "Fluent"}]),
              cv=("cv.pdf", pdf()))
    session.commit()
    session.refresh(ann)
    assert ann.phone == "+442079460000" and ann.city == "Leeds" and ann.skills == ["Excel", "SQL"]
    assert ann.languages == [{"language": "French", "level": "Fluent"}] and ann.profile_updated_at is not None
    assert session.exec(select(Document)).one().category == "cv"
    entry = session.exec(select(ActivityEvent).where(ActivityEvent.kind == "profile_update.submitted")).one()
    changed = {c["field"]: (c["old"], c["new"]) for c in entry.payload["changes"]}
    assert changed["phone"] == ("+442079460958", "+442079460000") and changed["skills"] == ("Excel", "Excel, SQL")
    assert entry.payload["cv"] == "cv.pdf" and entry.actor_label == "Ann Lee"
    assert session.exec(select(Notification)).one().title == "Ann Lee updated their profile"
    with pytest.raises(pr.DeadLink) as dead:
        pr.open_link(session, raw)
    assert dead.value.reason == "used" and dead.value.can_ask


def test_invalid_answers_change_nothing_and_name_each_field(session, north, ann):
    request = pr.request_update(session, north[1], ann.id)
    session.commit()
    raw = _link(session, request)
    with pytest.raises(ValidationError) as bad:
        pr.submit(session, raw, _answers(email="not-an-email", first_name="",
                                         experiences=[{"title": "", "company": "Acme", "start": "2020-13"}],
                                         languages=[{"language": "German", "level": "Wizard"}]))
    assert set(bad.value.errors) >= {"email", "first_name", "experiences.0.title", "experiences.0.start",
                                     "languages.0.level"}
    session.rollback()
    session.refresh(ann)
    assert ann.email == "ann@example.com"
    assert pr.open_link(session, raw).candidate_name == "Ann Lee"  # the link still works


def test_an_expired_link_is_dead_and_the_request_expires(session, north, ann):
    request = pr.request_update(session, north[1], ann.id)
    session.commit()
    raw = _link(session, request)
    with pytest.raises(pr.DeadLink) as dead:
        pr.open_link(session, raw, now=utcnow() + timedelta(days=31))
    assert dead.value.reason == "expired"
    assert request.status == "expired"


def test_asking_for_a_new_link_tells_the_recruiter_once(session, north, ann):
    request = pr.request_update(session, north[1], ann.id)
    session.commit()
    raw = _link(session, request)
    pr.cancel(session, north[1], request.id)
    session.commit()
    with pytest.raises(pr.DeadLink):
        pr.open_link(session, raw)
    assert pr.ask_for_new_link(session, raw) and pr.ask_for_new_link(session, raw)
    session.commit()
    notes = session.exec(select(Notification)).all()
    assert [n.title for n in notes] == ["Ann Lee asks for a new profile-update link"]
    assert not pr.ask_for_new_link(session, "made-up-token")


def test_a_new_request_replaces_the_active_one(session, north, ann):
    first = pr.request_update(session, north[1], ann.id)
    session.commit()
    raw = _link(session, first)
    second = pr.request_update(session, north[1], ann.id)
    session.commit()
    assert first.status == "cancelled" and second.status == "queued"
    with pytest.raises(pr.DeadLink) as dead:
        pr.open_link(session, raw)
    assert dead.value.reason == "replaced"


def test_resend_sends_a_fresh_link_and_keeps_the_request(session, north, ann):
    request = pr.request_update(session, north[1], ann.id)
    session.commit()
    first = _link(session, request)
    pr.resend(session, north[1], request.id)
    session.commit()
    second = _link(session, request)
    assert first != second and request.send_count == 2
    pr.open_link(session, first)  # the earlier email still works until the form is submitted


def test_bulk_reports_candidates_without_email(session, north, ann):
    _, actor = north
    nomail = create_candidate(session, actor, first_name="No", last_name="Mail")
    session.commit()
    assert pr.request_many(session, actor, [ann.id, nomail.id]) == (1, 1)
    session.commit()
    rows, total = pr.list_requests(session, actor, status="failed")
    assert total == 1 and rows[0].candidate_name == "No Mail" and rows[0].failure_reason == pr.NO_EMAIL
    assert session.exec(select(OutboxMessage)).one().to_email == "ann@example.com"


def test_another_agency_cannot_touch_a_request(session, north, ann):
    request = pr.request_update(session, north[1], ann.id)
    session.commit()
    south = make_agency(session, "south")
    stranger = actor_for(make_user(session, south, "admin"))
    for action in (pr.cancel, pr.resend):
        with pytest.raises(NotFound):
            action(session, stranger, request.id)
    with pytest.raises(NotFound):
        pr.list_for_candidate(session, stranger, ann.id)
    assert pr.list_requests(session, stranger)[1] == 0


def test_viewers_cannot_request(session, north, ann):
    from app.services.errors import Forbidden

    viewer = actor_for(make_user(session, north[0], "viewer"))
    with pytest.raises(Forbidden):
        pr.request_update(session, viewer, ann.id)


def test_reminder_goes_once_after_n_days(session, north, ann):
    agency, actor = north
    admin = actor_for(make_user(session, agency, "admin"))
    current = profile_form.get_settings(session, admin)
    profile_form.save_settings(session, admin, texts=current.texts, fields={}, default_languages=[],
                               levels=current.levels, link_max_age_days=30, reminder_days=3)
    request = pr.request_update(session, actor, ann.id)
    session.commit()
    email.deliver_due(session, email.LocalOutbox())
    assert pr.send_reminders(session, now=utcnow() + timedelta(days=2)) == 0
    assert pr.send_reminders(session, now=utcnow() + timedelta(days=4)) == 1
    assert pr.send_reminders(session, now=utcnow() + timedelta(days=5)) == 0
    session.commit()
    subjects = [m.subject for m in session.exec(select(OutboxMessage).order_by(OutboxMessage.created_at))]
    assert subjects[1].startswith("Reminder:") and request.reminder_sent_at is not None


def test_form_settings_hide_and_require_fields(session, north, ann):
    agency, actor = north
    admin = actor_for(make_user(session, agency, "admin"))
    current = profile_form.get_settings(session, admin)
    profile_form.save_settings(session, admin, texts=current.texts,
                               fields={"phone": {"visible": False}, "city": {},
                                       "desired_position": {"visible": True, "required": True,
                                                            "label": "Dream job"}},
                               default_languages=["English"], levels=current.levels, link_max_age_days=10,
                               reminder_days="")
    request = pr.request_update(session, actor, ann.id)
    session.commit()
    raw = _link(session, request)
    context = pr.open_link(session, raw)
    assert not context.settings.shows("phone") and context.settings.field("desired_position").label == "Dream job"
    with pytest.raises(ValidationError) as bad:
        pr.submit(session, raw, _answers(phone="garbage"))
    assert bad.value.errors == {"desired_position": "Dream job is required.",
                                "languages": "Give your level in English."}
    session.rollback()
    pr.submit(session, raw, _answers(phone="garbage", desired_position="Analyst",
                                     languages=[{"language": "English", "level": "Native"}]))
    session.commit()
    session.refresh(ann)
    assert ann.phone == "+442079460958"  # a hidden field is never written


def test_settings_are_validated(session, north):
    admin = actor_for(make_user(session, north[0], "admin"))
    current = profile_form.get_settings(session, admin)
    with pytest.raises(ValidationError) as bad:
        profile_form.save_settings(session, admin, texts=current.texts, fields={"email": {"label": ""}},
                                   default_languages=[], levels=["Only"], link_max_age_days=0, reminder_days=99)
    assert set(bad.value.errors) == {"fields.email", "levels", "link_max_age_days", "reminder_days"}


def test_check_link_says_whether_a_link_still_works_and_a_dead_one_names_its_agency(session, north, ann):
    agency, actor = north
    request = pr.request_update(session, actor, ann.id)
    session.commit()
    raw = _link(session, request)
    pr.check_link(session, raw)  # alive: no error, nothing changes
    assert request.status == "queued"
    with pytest.raises(pr.DeadLink) as dead:
        pr.check_link(session, raw, now=utcnow() + timedelta(days=31))
    assert (dead.value.reason, dead.value.can_ask, dead.value.agency_id) == ("expired", True, agency.id)
    assert request.status == "expired"
    brand = pr.dead_link_branding(session, dead.value)
    assert brand.agency_name == agency.name and brand.texts["new_link_label"] == "Ask for a new link"


def test_an_unknown_link_reveals_no_agency(session, north, ann):
    with pytest.raises(pr.DeadLink) as dead:
        pr.check_link(session, "x" * 43)
    assert (dead.value.reason, dead.value.can_ask, dead.value.agency_id) == ("unknown", False, None)
    assert pr.dead_link_branding(session, dead.value) is None


def test_check_answers_names_the_problems_and_saves_nothing(session, north, ann):
    request = pr.request_update(session, north[1], ann.id)
    session.commit()
    raw = _link(session, request)
    with pytest.raises(ValidationError) as bad:
        pr.check_answers(session, raw, _answers(email="nope"))
    assert set(bad.value.errors) == {"email"}
    pr.check_answers(session, raw, _answers(phone="020 7946 0000"))
    session.commit()
    session.refresh(ann)
    assert ann.phone == "+442079460958" and ann.profile_updated_at is None
    pr.open_link(session, raw)  # still alive: checking does not use the link


def test_a_submitted_update_emits_its_webhook_in_the_same_transaction(session, north, ann):
    from app.models import WebhookDelivery, WebhookEndpoint

    agency, actor = north
    session.add(WebhookEndpoint(agency_id=agency.id, url="https://hooks.example.com/x", secret="s" * 32,
                                events=["profile_update.submitted"]))
    request = pr.request_update(session, actor, ann.id)
    session.commit()
    pr.submit(session, _link(session, request), _answers(city="Leeds", address_line="1 Main St"))
    session.commit()
    [delivery] = session.exec(select(WebhookDelivery)).all()
    assert delivery.event == "profile_update.submitted"
    assert sorted(delivery.payload["data"]["changes"]) == ["addressLine", "city", "skills"]

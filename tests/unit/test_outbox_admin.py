"""The admins' view of the outbox: the agency's messages only, newest first, by status, in pages."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from app.models import OutboxMessage
from app.models.base import utcnow
from app.services import email
from app.services.errors import Forbidden, NotFound, ValidationError
from tests.factories import actor_for, make_agency, make_user


@pytest.fixture
def north(session):
    agency = make_agency(session, "north")
    return agency, actor_for(make_user(session, agency, "admin"))


def _message(session, agency, n: int, status: str = "queued", **extra) -> OutboxMessage:
    message = email.enqueue(session, agency_id=agency.id, to_email=f"c{n}@example.com", subject=f"Subject {n}",
                            body_text=f"Body {n}", purpose="profile_update")
    message.status, message.created_at = status, utcnow() - timedelta(minutes=100 - n)
    for key, value in extra.items():
        setattr(message, key, value)
    session.add(message)
    session.commit()
    return message


def test_lists_the_agencys_messages_newest_first_with_their_status(session, north):
    agency, admin = north
    south = make_agency(session, "south")
    _message(session, agency, 1, "sent", sent_at=utcnow())
    _message(session, agency, 2, "failed", last_error="422: invalid address", attempts=1)
    _message(session, south, 3)
    rows, total = email.list_outbox(session, admin)
    assert total == 2
    assert [r.to_email for r in rows] == ["c2@example.com", "c1@example.com"]
    assert rows[0].status == "failed" and rows[0].last_error == "422: invalid address"
    assert rows[1].sent_at is not None


def test_filters_by_status_and_pages(session, north):
    agency, admin = north
    for n in range(30):
        _message(session, agency, n, "sent" if n % 3 else "queued")
    rows, total = email.list_outbox(session, admin, status="queued")
    assert total == 10 and {r.status for r in rows} == {"queued"}
    first, total = email.list_outbox(session, admin, page=1, per_page=25)
    second, _ = email.list_outbox(session, admin, page=2, per_page=25)
    assert total == 30 and len(first) == 25 and len(second) == 5
    assert not {r.id for r in first} & {r.id for r in second}
    assert first[0].to_email == "c29@example.com" and second[-1].to_email == "c0@example.com"
    with pytest.raises(ValidationError):
        email.list_outbox(session, admin, status="delivered")


def test_only_admins_read_the_outbox(session, north):
    agency, _ = north
    message = _message(session, agency, 1)
    for role in ("recruiter", "viewer"):
        actor = actor_for(make_user(session, agency, role))
        with pytest.raises(Forbidden):
            email.list_outbox(session, actor)
        with pytest.raises(Forbidden):
            email.get_message(session, actor, message.id)


def test_a_message_of_another_agency_or_a_bad_id_is_not_found(session, north):
    agency, admin = north
    south = make_agency(session, "south")
    theirs = _message(session, south, 1)
    mine = _message(session, agency, 2)
    assert email.get_message(session, admin, str(mine.id)).body_text == "Body 2"
    for wrong in (theirs.id, str(theirs.id), str(uuid.uuid4()), "not-an-id", ""):
        with pytest.raises(NotFound):
            email.get_message(session, admin, wrong)


def test_link_segments_make_http_links_and_leave_the_rest_as_text():
    text = "Hello,\nplease go to https://x.example/update/abc123.\nOr (http://y.example/a?b=1) javascript:alert(1)"
    parts = email.link_segments(text)
    assert "".join(piece for piece, _ in parts) == text
    assert [href for _, href in parts if href] == ["https://x.example/update/abc123", "http://y.example/a?b=1"]
    assert email.link_segments("") == []
    assert email.link_segments("no links") == [("no links", "")]


def test_the_backend_name_follows_the_resend_key(monkeypatch):
    from app import settings

    monkeypatch.setenv("RESEND_API_KEY", "")
    settings.get_settings.cache_clear()
    assert email.delivery_backend_name() == "outbox"
    monkeypatch.setenv("RESEND_API_KEY", "re_test")
    settings.get_settings.cache_clear()
    assert email.delivery_backend_name() == "resend"
    monkeypatch.undo()
    settings.get_settings.cache_clear()

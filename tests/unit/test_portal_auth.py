"""Candidate portal identity: invitations, sign-in links (lifetime, single use, rate limit), sessions, closing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from app.models import CandidateSession, OutboxMessage
from app.models.base import utcnow
from app.services import portal_auth as pa
from app.services.candidates import create_candidate
from app.services.errors import NotFound, RateLimited, ValidationError
from tests.factories import actor_for, make_agency, make_user


@pytest.fixture
def north(session):
    agency = make_agency(session, "north")
    return agency, actor_for(make_user(session, agency, "recruiter"))


@pytest.fixture
def ann(session, north):
    candidate = create_candidate(session, north[1], first_name="Ann", last_name="Lee", email="ann@example.com")
    session.commit()
    return candidate


def _last_link(session) -> str:
    message = session.exec(select(OutboxMessage).order_by(OutboxMessage.created_at.desc())).first()
    return message.body_text.split("/portal-auth/", 1)[1].split()[0]


def test_open_portal_invites_and_the_first_link_opens_it(session, north, ann):
    pa.open_portal(session, north[1], ann.id)
    session.commit()
    assert ann.portal_status == "invited"
    message = session.exec(select(OutboxMessage)).one()
    assert message.purpose == "portal_invitation" and message.candidate_id == ann.id
    assert "http://localhost:3000/portal/north" in message.body_text or "/portal/north" in message.body_text
    exchange = pa.exchange_link(session, _last_link(session))
    session.commit()
    assert exchange is not None and exchange.agency_slug == "north"
    assert ann.portal_status == "open" and ann.portal_opened_at is not None
    who = pa.resolve(session, exchange.session_token)
    assert who.candidate_id == ann.id and who.agency_id == north[0].id
    stored = session.exec(select(CandidateSession)).one()
    assert stored.token_hash != exchange.session_token


def test_a_link_works_once(session, north, ann):
    pa.open_portal(session, north[1], ann.id)
    session.commit()
    raw = _last_link(session)
    assert pa.exchange_link(session, raw) is not None
    session.commit()
    assert pa.exchange_link(session, raw) is None


def test_sign_in_link_lives_15_minutes_and_answers_the_same_for_strangers(session, north, ann):
    pa.open_portal(session, north[1], ann.id)
    session.commit()
    known = pa.request_sign_in_link(session, "north", "ANN@example.com")
    unknown = pa.request_sign_in_link(session, "north", "nobody@example.com")
    session.commit()
    assert known == unknown
    assert [m.purpose for m in session.exec(select(OutboxMessage).order_by(OutboxMessage.created_at))] == [
        "portal_invitation", "magic_link"]
    raw = _last_link(session)
    assert pa.exchange_link(session, raw, now=utcnow() + timedelta(minutes=16)) is None
    assert pa.exchange_link(session, raw, now=utcnow() + timedelta(minutes=14)) is not None


def test_no_link_for_a_closed_portal_or_another_agency(session, north, ann):
    make_agency(session, "south")
    pa.request_sign_in_link(session, "north", "ann@example.com")  # portal closed
    pa.open_portal(session, north[1], ann.id)
    session.commit()
    pa.request_sign_in_link(session, "south", "ann@example.com")  # not a candidate there
    session.commit()
    assert [m.purpose for m in session.exec(select(OutboxMessage))] == ["portal_invitation"]
    with pytest.raises(NotFound):
        pa.request_sign_in_link(session, "nowhere", "ann@example.com")
    with pytest.raises(ValidationError):
        pa.request_sign_in_link(session, "north", "not an email")


def test_sign_in_links_are_rate_limited(session, north, ann):
    for _ in range(pa.LINKS_PER_EMAIL):
        pa.request_sign_in_link(session, "north", "ann@example.com", ip="10.0.0.1")
    session.commit()
    with pytest.raises(RateLimited):
        pa.request_sign_in_link(session, "north", "ann@example.com", ip="10.0.0.2")


def test_closing_ends_sessions_and_kills_links(session, north, ann):
    pa.open_portal(session, north[1], ann.id)
    session.commit()
    exchange = pa.exchange_link(session, _last_link(session))
    pa.request_sign_in_link(session, "north", "ann@example.com")
    session.commit()
    pending = _last_link(session)
    pa.close_portal(session, north[1], ann.id)
    session.commit()
    assert pa.resolve(session, exchange.session_token) is None
    assert pa.exchange_link(session, pending) is None
    assert ann.portal_status == "closed"


def test_sessions_expire_when_idle_and_sign_out_revokes(session, north, ann):
    pa.open_portal(session, north[1], ann.id)
    session.commit()
    exchange = pa.exchange_link(session, _last_link(session))
    session.commit()
    assert pa.resolve(session, exchange.session_token, now=utcnow() + pa.SESSION_IDLE + timedelta(minutes=1)) is None
    pa.sign_out(session, exchange.session_token)
    assert pa.resolve(session, exchange.session_token) is None


def test_a_staff_token_is_not_a_candidate_session(session, north, ann):
    from app.services import auth

    user = make_user(session, north[0], "admin")
    staff_token, _ = auth.start_session(session, user)
    session.commit()
    assert pa.resolve(session, staff_token) is None


def test_a_ticket_signs_in_only_an_open_portal(session, north, ann):
    assert pa.ticket_for(session, ann.id) is None
    pa.open_portal(session, north[1], ann.id)
    session.commit()
    pa.exchange_link(session, _last_link(session))
    session.commit()
    ticket = pa.ticket_for(session, ann.id)
    session.commit()
    assert pa.exchange_link(session, ticket) is not None
    assert pa.exchange_link(session, ticket, now=utcnow() + timedelta(minutes=2)) is None


def test_only_writers_of_the_agency_manage_access(session, north, ann):
    from app.services.errors import Forbidden

    viewer = actor_for(make_user(session, north[0], "viewer"))
    with pytest.raises(Forbidden):
        pa.open_portal(session, viewer, ann.id)
    south = actor_for(make_user(session, make_agency(session, "south"), "admin"))
    for action in (pa.open_portal, pa.close_portal, pa.resend_access):
        with pytest.raises(NotFound):
            action(session, south, ann.id)


# --- portal-shell ----------------------------------------------------------------------------------------------

def test_a_sign_in_link_is_stored_only_as_its_hash(session, north, ann):
    from app.models import AccessToken
    from app.services.security import hash_token

    pa.open_portal(session, north[1], ann.id)
    pa.request_sign_in_link(session, "north", "ann@example.com")
    session.commit()
    raw = _last_link(session)
    [stored] = session.exec(select(AccessToken).where(AccessToken.purpose == pa.SIGN_IN)).all()
    assert stored.token_hash == hash_token(raw) and raw not in repr(stored.model_dump())
    assert stored.expires_at - stored.created_at == timedelta(minutes=15)


def test_a_closed_portal_refuses_its_earlier_sign_in_link(session, north, ann):
    pa.open_portal(session, north[1], ann.id)
    session.commit()
    pa.exchange_link(session, _last_link(session))
    pa.request_sign_in_link(session, "north", "ann@example.com")
    session.commit()
    link = _last_link(session)
    pa.close_portal(session, north[1], ann.id)
    session.commit()
    assert pa.exchange_link(session, link) is None
    assert pa.request_sign_in_link(session, "north", "ann@example.com") == pa.request_sign_in_link(
        session, "north", "zed@example.com")


def test_a_profile_update_link_signs_an_open_portal_in(session, north, ann):
    from app.services import profile_requests

    request = profile_requests.request_update(session, north[1], ann.id)
    session.commit()
    assert pa.ticket_for_update_request(session, request.id) is None  # portal closed: nothing
    pa.open_portal(session, north[1], ann.id)
    session.commit()
    pa.exchange_link(session, _last_link(session))
    session.commit()
    ticket = pa.ticket_for_update_request(session, request.id)
    session.commit()
    exchange = pa.exchange_link(session, ticket)
    assert exchange is not None and pa.resolve(session, exchange.session_token).candidate_id == ann.id
    assert pa.exchange_link(session, ticket) is None  # once only
    assert pa.ticket_for_update_request(session, "not-a-uuid") is None
    script = pa.ticket_script("a'b);alert(1)//")
    assert "ticket: 'abalert1'" in script and "alert(1)" not in script

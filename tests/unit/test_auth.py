from datetime import timedelta

import pytest
from sqlmodel import select

from app.models import LoginTicket, StaffSession
from app.models.base import utcnow
from app.services import auth
from app.services.errors import RateLimited, Unauthenticated
from tests.factories import PASSWORD, make_agency, make_user


@pytest.fixture
def user(session):
    return make_user(session, make_agency(session, "north"), role="recruiter")


def test_right_password_signs_in_and_email_is_case_insensitive(session, user):
    assert auth.authenticate(session, "  RECRUITER@north.example.com ", PASSWORD).id == user.id


def test_unknown_email_and_wrong_password_get_the_same_message(session, user):
    with pytest.raises(Unauthenticated) as wrong:
        auth.authenticate(session, user.email, "not-the-password")
    with pytest.raises(Unauthenticated) as unknown:
        auth.authenticate(session, "nobody@north.example.com", PASSWORD)
    assert wrong.value.message == unknown.value.message == auth.WRONG_CREDENTIALS


def test_deactivated_user_cannot_sign_in(session):
    user = make_user(session, make_agency(session, "north"), active=False)
    with pytest.raises(Unauthenticated, match="deactivated"):
        auth.authenticate(session, user.email, PASSWORD)


def test_failures_are_rate_limited_even_with_the_right_password_afterwards(session, user):
    for _ in range(5):
        with pytest.raises(Unauthenticated):
            auth.authenticate(session, user.email, "bad-password", ip="10.0.0.1")
    with pytest.raises(RateLimited):
        auth.authenticate(session, user.email, PASSWORD, ip="10.0.0.2")


def test_failures_from_one_address_are_limited_across_emails(session, user):
    for n in range(20):
        with pytest.raises(Unauthenticated):
            auth.authenticate(session, f"guess{n}@north.example.com", "x", ip="192.0.2.9")
    with pytest.raises(RateLimited):
        auth.authenticate(session, user.email, PASSWORD, ip="192.0.2.9")
    assert auth.authenticate(session, user.email, PASSWORD, ip="192.0.2.10").id == user.id


def test_a_login_ticket_works_once(session, user):
    raw = auth.create_login_ticket(session, user, "/candidates?q=ann")
    session.commit()
    token, staff_session, next_path = auth.redeem_login_ticket(session, raw)
    session.commit()
    assert next_path == "/candidates?q=ann"
    assert auth.resolve_session(session, token).user_id == user.id
    with pytest.raises(Unauthenticated):
        auth.redeem_login_ticket(session, raw)


def test_an_expired_ticket_is_refused(session, user):
    raw = auth.create_login_ticket(session, user, "/")
    ticket = session.exec(select(LoginTicket)).one()
    ticket.expires_at = utcnow() - timedelta(seconds=1)
    session.commit()
    with pytest.raises(Unauthenticated):
        auth.redeem_login_ticket(session, raw)


def test_tokens_are_stored_only_as_hashes(session, user):
    raw, staff_session = auth.start_session(session, user)
    session.commit()
    assert raw not in staff_session.token_hash
    assert len(staff_session.token_hash) == 64


@pytest.mark.parametrize("given,expected", [
    ("/candidates", "/candidates"), ("/jobs?x=1", "/jobs?x=1"), (None, "/"), ("", "/"),
    ("https://evil.example/", "/"), ("//evil.example/x", "/"), ("/\\evil.example", "/"),
    ("/login?next=/", "/"), ("/auth/logout", "/"), ("javascript:alert(1)", "/"),
])
def test_next_path_allows_only_local_pages(given, expected):
    assert auth.safe_next(given) == expected


def _session_row(session, user):
    raw, row = auth.start_session(session, user)
    session.commit()
    return raw, row


def test_revoked_session_no_longer_resolves(session, user):
    raw, _ = _session_row(session, user)
    auth.revoke_session(session, raw)
    session.commit()
    assert auth.resolve_session(session, raw) is None


def test_idle_and_absolute_expiry(session, user):
    idle_raw, idle = _session_row(session, user)
    old_raw, old = _session_row(session, user)
    idle.last_seen_at = utcnow() - timedelta(hours=3)
    old.expires_at = utcnow() - timedelta(minutes=1)
    session.add_all([idle, old])
    session.commit()
    assert auth.resolve_session(session, idle_raw) is None
    assert auth.resolve_session(session, old_raw) is None


def test_tampered_or_missing_token_resolves_to_nobody(session, user):
    raw, _ = _session_row(session, user)
    assert auth.resolve_session(session, raw[:-1] + ("A" if raw[-1] != "A" else "B")) is None
    assert auth.resolve_session(session, "") is None
    assert auth.resolve_session(session, None) is None


def test_deactivating_a_user_kills_their_sessions(session, user):
    raw, _ = _session_row(session, user)
    user.is_active = False
    session.add(user)
    session.commit()
    assert auth.resolve_session(session, raw) is None


def test_session_resolves_to_the_users_agency_and_role(session, user):
    raw, _ = _session_row(session, user)
    actor = auth.resolve_session(session, raw)
    assert (actor.agency_id, actor.role, actor.can_write, actor.is_admin) == (user.agency_id, "recruiter", True, False)
    assert session.exec(select(StaffSession)).one().user_id == user.id

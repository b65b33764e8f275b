"""Staff sign-in: password check with rate limiting, single-use login tickets, cookie sessions."""

from __future__ import annotations

from datetime import datetime, timedelta
from urllib.parse import urlsplit

from sqlalchemy import delete, func, update
from sqlmodel import Session, select

from app.models import Agency, LoginFailure, LoginTicket, StaffSession, User
from app.models.base import utcnow
from app.services.actor import Actor
from app.services.errors import RateLimited, Unauthenticated
from app.services.security import hash_token, new_token, verify_password
from app.settings import get_settings

COOKIE_NAME = "candor_session"
WRONG_CREDENTIALS = "Wrong email or password."
DEACTIVATED = "This account has been deactivated. Ask your agency admin."
TICKET_LIFETIME = timedelta(seconds=60)
TOUCH_EVERY = timedelta(seconds=60)


def _failure_keys(email: str, ip: str | None) -> list[str]:
    return [f"email:{email}"] + ([f"ip:{ip}"] if ip else [])


def _check_rate_limit(session: Session, email: str, ip: str | None) -> None:
    s = get_settings()
    since = utcnow() - timedelta(minutes=s.login_window_minutes)
    limits = {f"email:{email}": s.login_max_failures, f"ip:{ip}": s.login_max_failures * 4}
    for key in _failure_keys(email, ip):
        count = session.exec(
            select(func.count()).select_from(LoginFailure).where(LoginFailure.key == key, LoginFailure.at > since)
        ).one()
        if count >= limits[key]:
            raise RateLimited(
                f"Too many failed sign-ins. Wait {s.login_window_minutes} minutes and try again."
            )


def _record_failure(session: Session, email: str, ip: str | None) -> None:
    for key in _failure_keys(email, ip):
        session.add(LoginFailure(key=key))
    session.commit()


def authenticate(session: Session, email: str, password: str, ip: str | None = None) -> User:
    """The user for these credentials, or Unauthenticated / RateLimited. Failures are committed."""
    email = (email or "").strip().lower()
    _check_rate_limit(session, email, ip)
    user = session.exec(select(User).where(User.email == email)).first()
    if not verify_password(user.password_hash if user else None, password or ""):
        _record_failure(session, email, ip)
        raise Unauthenticated(WRONG_CREDENTIALS)
    if not user.is_active:
        raise Unauthenticated(DEACTIVATED)
    session.exec(delete(LoginFailure).where(LoginFailure.key == f"email:{email}"))
    return user


def safe_next(path: str | None) -> str:
    """Only same-site paths are allowed after sign-in (no open redirects)."""
    if not path or not path.startswith("/") or path.startswith("//") or "\\" in path:
        return "/"
    parts = urlsplit(path)
    if parts.scheme or parts.netloc or parts.path.startswith(("/auth/", "/login")):
        return "/"
    return path


def create_login_ticket(session: Session, user: User, next_path: str | None) -> str:
    raw, hashed = new_token()
    session.add(LoginTicket(token_hash=hashed, user_id=user.id, next_path=safe_next(next_path),
                            expires_at=utcnow() + TICKET_LIFETIME))
    return raw


def redeem_login_ticket(session: Session, raw: str, ip: str | None = None) -> tuple[str, StaffSession, str]:
    """Swap a ticket for a new session: (cookie token, session row, next path). Each ticket works once."""
    now = utcnow()
    ticket = session.exec(select(LoginTicket).where(LoginTicket.token_hash == hash_token(raw or ""))).first()
    if ticket is None or ticket.used_at is not None or ticket.expires_at < now:
        raise Unauthenticated("This sign-in link has expired. Please sign in again.")
    claimed = session.exec(
        update(LoginTicket).where(LoginTicket.id == ticket.id, LoginTicket.used_at.is_(None)).values(used_at=now)
    )
    if claimed.rowcount != 1:
        raise Unauthenticated("This sign-in link has expired. Please sign in again.")
    user = session.get(User, ticket.user_id)
    if user is None or not user.is_active:
        raise Unauthenticated(DEACTIVATED)
    token, staff_session = start_session(session, user, ip)
    return token, staff_session, ticket.next_path


def start_session(session: Session, user: User, ip: str | None = None) -> tuple[str, StaffSession]:
    raw, hashed = new_token()
    now = utcnow()
    staff_session = StaffSession(
        token_hash=hashed, user_id=user.id, created_at=now, last_seen_at=now, ip=ip,
        expires_at=now + timedelta(hours=get_settings().session_absolute_hours),
    )
    user.last_login_at = now
    session.add_all([staff_session, user])
    return raw, staff_session


def _is_live(staff_session: StaffSession, now: datetime) -> bool:
    idle_limit = timedelta(minutes=get_settings().session_idle_minutes)
    return (
        staff_session.revoked_at is None
        and staff_session.expires_at > now
        and staff_session.last_seen_at > now - idle_limit
    )


def resolve_session(session: Session, raw: str | None) -> Actor | None:
    """The actor behind a session cookie, or None when it is unknown, revoked, expired or idle too long."""
    if not raw:
        return None
    row = session.exec(
        select(StaffSession, User, Agency)
        .join(User, User.id == StaffSession.user_id)
        .join(Agency, Agency.id == User.agency_id)
        .where(StaffSession.token_hash == hash_token(raw))
    ).first()
    if row is None:
        return None
    staff_session, user, _agency = row
    now = utcnow()
    if not user.is_active or not _is_live(staff_session, now):
        return None
    if now - staff_session.last_seen_at > TOUCH_EVERY:
        staff_session.last_seen_at = now
        session.add(staff_session)
    return Actor(user_id=user.id, agency_id=user.agency_id, role=user.role, name=user.name, email=user.email)


def revoke_session(session: Session, raw: str | None) -> None:
    if raw:
        session.exec(
            update(StaffSession)
            .where(StaffSession.token_hash == hash_token(raw), StaffSession.revoked_at.is_(None))
            .values(revoked_at=utcnow())
        )


def revoke_user_sessions(session: Session, user_id) -> None:
    session.exec(
        update(StaffSession)
        .where(StaffSession.user_id == user_id, StaffSession.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )


def user_for_sso(session: Session, email: str | None, agency_slug: str | None = None) -> User | None:
    """The active user an OIDC identity maps to: same email, and the configured agency if one is set."""
    email = (email or "").strip().lower()
    if not email:
        return None
    stmt = select(User).where(User.email == email, User.is_active.is_(True))
    if agency_slug:
        stmt = stmt.join(Agency, Agency.id == User.agency_id).where(Agency.slug == agency_slug)
    return session.exec(stmt).first()

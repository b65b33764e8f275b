"""Who is using the candidate portal: passwordless sign-in by emailed link, candidate sessions, portal access.

Candidates never have a password. A recruiter opens the portal (an invitation with a first-access link,
valid 7 days); afterwards the candidate asks for a sign-in link at `/portal/<agency>` (valid 15 minutes).
Either link is used once and exchanged, by an HTTP route, for an HttpOnly cookie holding a random session
token stored only as its hash. Candidate sessions are a separate table and cookie from staff sessions:
nothing a candidate holds opens a recruiter page, and nothing a recruiter holds is a candidate session.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, update
from sqlmodel import Session, select

from app.models import Agency, Candidate, CandidateSession, LoginFailure, PortalStatus
from app.models.base import utcnow
from app.services import activity, email, email_templates, tokens
from app.services.actor import Actor
from app.services.candidates import get_candidate
from app.services.errors import Forbidden, NotFound, RateLimited, ValidationError
from app.services.security import hash_token, new_token
from app.services.validation import clean_email

COOKIE_NAME = "candor_portal"
INVITE = "portal_invite"
SIGN_IN = "portal_login"
TICKET = "portal_ticket"  # hands a session from a Reflex page to the cookie route (60 s)
INVITE_LIFETIME = timedelta(days=7)
LINK_LIFETIME = timedelta(minutes=15)
TICKET_LIFETIME = timedelta(seconds=60)
SESSION_IDLE = timedelta(days=7)
SESSION_ABSOLUTE = timedelta(days=30)
TOUCH_EVERY = timedelta(seconds=60)
LINKS_PER_EMAIL = 5  # sign-in links asked for one address ...
LINKS_PER_ADDRESS = 20  # ... and from one client address, per window
RATE_WINDOW = timedelta(minutes=15)
SENT_ANSWER = ("If this address belongs to a candidate space of {agency}, a sign-in link is on its way. "
               "It works once, within 15 minutes.")


@dataclass(frozen=True)
class CandidateActor:
    """A signed-in candidate: everything they may touch is theirs, in their agency."""

    candidate_id: uuid.UUID
    agency_id: uuid.UUID
    agency_slug: str
    name: str
    first_name: str
    language: str


# --- the recruiter's side: open, close, resend --------------------------------------------------------

@dataclass
class PortalAccess:
    status: str  # closed, invited, open
    opened_at: datetime | None
    last_visit_at: datetime | None
    has_email: bool


def access_of(session: Session, actor: Actor, candidate_id) -> PortalAccess:
    candidate = get_candidate(session, actor, candidate_id)
    return PortalAccess(candidate.portal_status, candidate.portal_opened_at, candidate.portal_last_visit_at,
                        bool(candidate.email))


def _invite(session: Session, actor: Actor, candidate: Candidate, kind: str) -> None:
    if not candidate.email:
        raise ValidationError({"email": "This candidate has no email address: add one to the profile first."})
    if candidate.anonymised_at is not None:
        raise Forbidden("An anonymised candidate cannot be contacted.")
    agency = session.get(Agency, candidate.agency_id)
    tokens.revoke_for(session, INVITE, candidate.id, "replaced")
    raw = tokens.issue(session, agency_id=agency.id, purpose=INVITE, subject_id=candidate.id,
                       candidate_id=candidate.id, lifetime=INVITE_LIFETIME)
    subject, body = email_templates.compose(session, agency, candidate, "portal_invitation", {
        "URL": link_url(raw), "RECRUITER": actor.name})
    email.enqueue(session, agency_id=agency.id, to_email=candidate.email, to_name=candidate.full_name,
                  subject=subject, body_text=body, purpose="portal_invitation", candidate_id=candidate.id)
    activity.record(session, agency_id=agency.id, actor=actor, subject_type="candidate", subject_id=candidate.id,
                    kind=kind, payload={"email": candidate.email})


def open_portal(session: Session, actor: Actor, candidate_id) -> Candidate:
    """Send the invitation; the portal is "invited" until the candidate first signs in."""
    actor.require_write()
    candidate = get_candidate(session, actor, candidate_id)
    if candidate.portal_status != PortalStatus.CLOSED.value:
        raise ValidationError({"portal": "The portal is already open; use “Resend access”."})
    _invite(session, actor, candidate, "portal.opened")
    candidate.portal_status = PortalStatus.INVITED.value
    session.add(candidate)
    session.flush()
    return candidate


def resend_access(session: Session, actor: Actor, candidate_id) -> Candidate:
    """A fresh first-access link (the previous one stops working)."""
    actor.require_write()
    candidate = get_candidate(session, actor, candidate_id)
    if candidate.portal_status == PortalStatus.CLOSED.value:
        raise ValidationError({"portal": "The portal is closed; open it first."})
    _invite(session, actor, candidate, "portal.access_resent")
    session.flush()
    return candidate


def close_portal(session: Session, actor: Actor, candidate_id) -> Candidate:
    """End the candidate's sessions at once and kill every outstanding portal link."""
    actor.require_write()
    candidate = get_candidate(session, actor, candidate_id)
    _shut(session, candidate)
    activity.record(session, agency_id=candidate.agency_id, actor=actor, subject_type="candidate",
                    subject_id=candidate.id, kind="portal.closed")
    session.flush()
    return candidate


def _shut(session: Session, candidate: Candidate) -> None:
    now = utcnow()
    candidate.portal_status = PortalStatus.CLOSED.value
    session.add(candidate)
    session.execute(update(CandidateSession).where(CandidateSession.candidate_id == candidate.id,
                                                   CandidateSession.revoked_at.is_(None))
                    .values(revoked_at=now).execution_options(synchronize_session=False))
    for purpose in (INVITE, SIGN_IN, TICKET):
        _revoke_candidate_tokens(session, candidate.id, purpose, now)


def _revoke_candidate_tokens(session: Session, candidate_id: uuid.UUID, purpose: str, now: datetime) -> None:
    from app.models import AccessToken

    session.execute(update(AccessToken).where(AccessToken.candidate_id == candidate_id,
                                              AccessToken.purpose == purpose, AccessToken.used_at.is_(None),
                                              AccessToken.revoked_at.is_(None))
                    .values(revoked_at=now, revoke_reason="portal closed")
                    .execution_options(synchronize_session=False))


# --- the candidate's side: ask for a link, use it ---------------------------------------------------------

def link_url(raw: str) -> str:
    from app.settings import get_settings

    return f"{get_settings().public_url}/portal-auth/{raw}"


def _rate_limit(session: Session, email_address: str, ip: str | None) -> None:
    since = utcnow() - RATE_WINDOW
    keys = {f"portal-email:{email_address}": LINKS_PER_EMAIL}
    if ip:
        keys[f"portal-ip:{ip}"] = LINKS_PER_ADDRESS
    for key, limit in keys.items():
        count = session.exec(select(func.count()).select_from(LoginFailure)
                             .where(LoginFailure.key == key, LoginFailure.at > since)).one()
        if count >= limit:
            raise RateLimited("Too many sign-in links were asked for. Wait 15 minutes and try again.")
    for key in keys:
        session.add(LoginFailure(key=key[:300]))


def request_sign_in_link(session: Session, agency_slug: str, email_address: str, ip: str | None = None) -> str:
    """Email a sign-in link if the address is a candidate of this agency with a portal that is not closed.

    Returns the same sentence whether or not it did, so the page reveals nothing about who is a candidate.
    ValidationError for an address that is not one; RateLimited when asked too often (both committed)."""
    agency = session.exec(select(Agency).where(Agency.slug == agency_slug)).first()
    if agency is None:
        raise NotFound("Agency")
    try:
        address = clean_email(email_address)
    except ValueError as exc:
        raise ValidationError({"email": str(exc)}) from None
    _rate_limit(session, address, ip)
    candidate = session.exec(select(Candidate).where(
        Candidate.agency_id == agency.id, func.lower(Candidate.email) == address,
        Candidate.portal_status != PortalStatus.CLOSED.value, Candidate.anonymised_at.is_(None))).first()
    if candidate is not None:
        raw = tokens.issue(session, agency_id=agency.id, purpose=SIGN_IN, subject_id=candidate.id,
                           candidate_id=candidate.id, lifetime=LINK_LIFETIME)
        subject, body = email_templates.compose(session, agency, candidate, "magic_link", {"URL": link_url(raw)})
        email.enqueue(session, agency_id=agency.id, to_email=candidate.email, to_name=candidate.full_name,
                      subject=subject, body_text=body, purpose="magic_link", candidate_id=candidate.id)
    return SENT_ANSWER.format(agency=agency.name)


def link_agency(session: Session, raw: str) -> tuple[Agency | None, bool]:
    """(the agency a portal link belongs to, whether it still works): to brand the page that uses it."""
    for purpose in (SIGN_IN, INVITE, TICKET):
        found = tokens.look_up(session, raw, purpose)
        if found.token is not None:
            return session.get(Agency, found.token.agency_id), found.alive
    return None, False


def link_language(session: Session, raw: str) -> str:
    """The language of the page a portal link opens: its candidate's, else their agency's default."""
    for purpose in (SIGN_IN, INVITE, TICKET):
        found = tokens.look_up(session, raw, purpose)
        if found.token is not None:
            candidate = session.get(Candidate, found.token.candidate_id)
            agency = session.get(Agency, found.token.agency_id)
            return (candidate.preferred_language if candidate else None) or (agency.default_language if agency
                                                                             else None) or "en"
    return "en"


@dataclass(frozen=True)
class Exchange:
    session_token: str
    expires_at: datetime
    agency_slug: str
    agency_id: uuid.UUID | None = None
    candidate_id: uuid.UUID | None = None


def exchange_link(session: Session, raw: str, now: datetime | None = None) -> Exchange | None:
    """An invitation, sign-in link or ticket, used once, becomes a new candidate session (None: dead link)."""
    now = now or utcnow()
    for purpose in (SIGN_IN, INVITE, TICKET):
        found = tokens.look_up(session, raw, purpose, now)
        if found.token is not None:
            break
    if not found.alive:
        return None
    candidate = session.get(Candidate, found.token.candidate_id)
    if (candidate is None or candidate.portal_status == PortalStatus.CLOSED.value
            or candidate.anonymised_at is not None or not tokens.use(session, found.token, now)):
        return None
    return _start(session, candidate, now, first_access=found.token.purpose == INVITE)


def _start(session: Session, candidate: Candidate, now: datetime, first_access: bool) -> Exchange:
    raw, digest = new_token()
    session.add(CandidateSession(agency_id=candidate.agency_id, candidate_id=candidate.id, token_hash=digest,
                                 created_at=now, last_seen_at=now, expires_at=now + SESSION_ABSOLUTE))
    if candidate.portal_status != PortalStatus.OPEN.value:
        candidate.portal_status = PortalStatus.OPEN.value
        candidate.portal_opened_at = candidate.portal_opened_at or now
        activity.record(session, agency_id=candidate.agency_id, actor=None, actor_label=candidate.full_name,
                        subject_type="candidate", subject_id=candidate.id, kind="portal.first_visit")
    elif not first_access:
        activity.record(session, agency_id=candidate.agency_id, actor=None, actor_label=candidate.full_name,
                        subject_type="candidate", subject_id=candidate.id, kind="portal.signed_in")
    candidate.portal_last_visit_at = now
    session.add(candidate)
    agency = session.get(Agency, candidate.agency_id)
    return Exchange(raw, now + SESSION_ABSOLUTE, agency.slug, agency.id, candidate.id)


def ticket_for(session: Session, candidate_id: uuid.UUID) -> str | None:
    """A 60-second single-use ticket that signs this candidate in through the cookie route, when their portal
    is open: used by pages a candidate reaches through another Candor link (a profile-update form, ...)."""
    candidate = session.get(Candidate, candidate_id)
    if candidate is None or candidate.portal_status != PortalStatus.OPEN.value or candidate.anonymised_at:
        return None
    return tokens.issue(session, agency_id=candidate.agency_id, purpose=TICKET, subject_id=candidate.id,
                        candidate_id=candidate.id, lifetime=TICKET_LIFETIME)


def resolve(session: Session, raw: str | None, now: datetime | None = None) -> CandidateActor | None:
    """The candidate behind a portal cookie, or None (unknown, revoked, expired, idle, portal closed)."""
    if not raw or len(raw) > tokens.MAX_TOKEN_LENGTH:
        return None
    row = session.exec(select(CandidateSession, Candidate, Agency)
                       .join(Candidate, Candidate.id == CandidateSession.candidate_id)
                       .join(Agency, Agency.id == Candidate.agency_id)
                       .where(CandidateSession.token_hash == hash_token(raw))).first()
    if row is None:
        return None
    cs, candidate, agency = row
    now = now or utcnow()
    if (cs.revoked_at is not None or cs.expires_at <= now or cs.last_seen_at <= now - SESSION_IDLE
            or candidate.portal_status != PortalStatus.OPEN.value or candidate.anonymised_at is not None
            or cs.agency_id != candidate.agency_id):
        return None
    if now - cs.last_seen_at > TOUCH_EVERY:
        cs.last_seen_at = candidate.portal_last_visit_at = now
        session.add_all([cs, candidate])
    return CandidateActor(candidate.id, agency.id, agency.slug, candidate.full_name, candidate.first_name,
                          email_templates.language_for(agency, candidate))


def sign_out(session: Session, raw: str | None) -> None:
    if raw:
        session.execute(update(CandidateSession).where(CandidateSession.token_hash == hash_token(raw),
                                                       CandidateSession.revoked_at.is_(None))
                        .values(revoked_at=utcnow()).execution_options(synchronize_session=False))


def end_sessions(session: Session, candidate_id: uuid.UUID) -> None:
    """Used when a candidate is anonymised or deleted."""
    candidate = session.get(Candidate, candidate_id)
    if candidate is not None:
        _shut(session, candidate)


def ticket_for_update_request(session: Session, request_id) -> str | None:
    """A sign-in ticket for the candidate of a profile-update request whose link was just opened (their portal
    open): following that link signs them in to the portal too, without a second login."""
    from app.models import ProfileUpdateRequest

    try:
        key = uuid.UUID(str(request_id))
    except ValueError:
        return None
    request = session.get(ProfileUpdateRequest, key)
    return ticket_for(session, request.candidate_id) if request is not None else None


TICKET_SCRIPT = ("fetch('/portal-auth/ticket', {{method: 'POST', credentials: 'same-origin', "
                 "body: new URLSearchParams({{ticket: {ticket!r}}})}}).catch(() => null)")


def ticket_script(ticket: str) -> str:
    """The browser code that exchanges a ticket for the portal cookie (no navigation, nothing shown)."""
    safe = "".join(c for c in ticket if c.isalnum() or c in "-_")
    return TICKET_SCRIPT.format(ticket=safe)

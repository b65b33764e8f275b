"""Profile-update requests: ask a candidate, by email, to check and update their profile through a personal link.

A request is written together with its email (transactional outbox) and a single-use link. The link
opens `/update/<token>`; submitting it updates the candidate in one transaction and kills the link.
Statuses: queued -> sent (or failed, with the provider's reason) -> opened -> submitted; or expired,
or cancelled. A newer request for the same candidate replaces an active one.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, select

from app.models import (ACTIVE_REQUEST_STATUSES, Agency, Candidate, DocumentCategory, OutboxMessage,
                        ProfileUpdateRequest, RequestStatus, User)
from app.models.base import utcnow
from app.services import activity, email, email_templates, notifications, profile_form, tokens, webhooks
from app.services.actor import Actor
from app.services.candidates import as_uuid, get_candidate
from app.services.errors import Forbidden, NotFound, ServiceError, ValidationError
from app.settings import get_settings

PURPOSE = "profile_update"
SUBJECT_TYPE = "profile_update_request"
STATUSES = [s.value for s in RequestStatus]
NO_EMAIL = "No email address on file."
RENEWAL_QUIET = timedelta(hours=1)  # a dead link asks the recruiter for a new one at most this often


class DeadLink(ServiceError):
    """The link cannot be used (any more); `reason` says why, `can_ask` whether a new one may be asked for.

    `agency_id` names the agency that sent a link we know (so its dead page can carry the agency's brand);
    it is None for an unknown link, which must not reveal anything.
    """

    def __init__(self, reason: str, can_ask: bool, agency_id: uuid.UUID | None = None):
        super().__init__("This link can no longer be used.")
        self.reason, self.can_ask, self.agency_id = reason, can_ask, agency_id


@dataclass
class RequestRow:
    id: str
    candidate_id: str
    candidate_name: str
    email: str
    status: str
    failure_reason: str
    requested_by: str
    created_at: datetime
    sent_at: datetime | None
    opened_at: datetime | None
    submitted_at: datetime | None
    expires_at: datetime
    reminder_sent_at: datetime | None
    renewal_requested_at: datetime | None
    send_count: int

    @property
    def can_cancel(self) -> bool:
        return self.status in ACTIVE_REQUEST_STATUSES + (RequestStatus.FAILED.value,)

    @property
    def can_resend(self) -> bool:
        return self.status != RequestStatus.SUBMITTED.value


# --- sending ---------------------------------------------------------------------------------------

def link_url(raw_token: str) -> str:
    return f"{get_settings().public_url}/update/{raw_token}"


def _send(session: Session, agency: Agency, candidate: Candidate, request: ProfileUpdateRequest, recruiter: str,
          purpose: str = PURPOSE, now: datetime | None = None) -> OutboxMessage:
    """A fresh link for the request, in an email built from the agency's template, in the candidate's language."""
    now = now or utcnow()
    raw = tokens.issue(session, agency_id=agency.id, purpose=PURPOSE, subject_id=request.id,
                       candidate_id=candidate.id, lifetime=request.expires_at - now, now=now)
    subject, body = email_templates.compose(session, agency, candidate, purpose, {
        "URL": link_url(raw), "RECRUITER": recruiter, "EXPIRY_DATE": f"{request.expires_at:%d %B %Y}"})
    return email.enqueue(session, agency_id=agency.id, to_email=candidate.email, to_name=candidate.full_name,
                         subject=subject, body_text=body, purpose=purpose, subject_type=SUBJECT_TYPE,
                         subject_id=request.id, candidate_id=candidate.id)


def _replace_active(session: Session, candidate_id: uuid.UUID, now: datetime) -> None:
    for old in session.exec(select(ProfileUpdateRequest).where(
            ProfileUpdateRequest.candidate_id == candidate_id,
            ProfileUpdateRequest.status.in_(ACTIVE_REQUEST_STATUSES))):
        old.status, old.closed_at, old.updated_at = RequestStatus.CANCELLED.value, now, now
        old.failure_reason = "Replaced by a newer request."
        session.add(old)
        tokens.revoke_for(session, PURPOSE, old.id, "replaced", now)


def _create(session: Session, actor: Actor, agency: Agency, candidate: Candidate, max_age: timedelta,
            bulk_job_id: uuid.UUID | None = None) -> ProfileUpdateRequest:
    now = utcnow()
    _replace_active(session, candidate.id, now)
    request = ProfileUpdateRequest(agency_id=agency.id, candidate_id=candidate.id, requested_by_id=actor.user_id,
                                   bulk_job_id=bulk_job_id, created_at=now, updated_at=now,
                                   expires_at=now + max_age)
    session.add(request)
    if candidate.email:
        _send(session, agency, candidate, request, actor.name, now=now)
        kind, payload = "profile_update.requested", {"email": candidate.email}
    else:
        request.status, request.failure_reason, request.closed_at = RequestStatus.FAILED.value, NO_EMAIL, now
        kind, payload = "profile_update.not_sent", {"reason": NO_EMAIL}
    activity.record(session, agency_id=agency.id, actor=actor, subject_type="candidate", subject_id=candidate.id,
                    kind=kind, payload=payload)
    return request


def _max_age(session: Session, agency_id: uuid.UUID) -> timedelta:
    return timedelta(days=profile_form.load(session, agency_id).link_max_age_days)


def request_update(session: Session, actor: Actor, candidate_id) -> ProfileUpdateRequest:
    """One candidate: the "Request updated profile" button."""
    actor.require_write()
    candidate = get_candidate(session, actor, candidate_id)
    if candidate.anonymised_at is not None:
        raise Forbidden("An anonymised candidate cannot be contacted.")
    if not candidate.email:
        raise ValidationError({"email": "This candidate has no email address: add one to the profile first."})
    agency = session.get(Agency, actor.agency_id)
    request = _create(session, actor, agency, candidate, _max_age(session, agency.id))
    session.flush()
    return request


def request_many(session: Session, actor: Actor, candidate_ids: list[uuid.UUID],
                 bulk_job_id: uuid.UUID | None = None) -> tuple[int, int]:
    """A slice of a bulk request: one request and one email per candidate. Returns (queued, without email).

    Candidates without an email get a failed request saying so, which the request list shows.
    """
    actor.require_write()
    agency = session.get(Agency, actor.agency_id)
    max_age = _max_age(session, agency.id)
    queued = missing = 0
    for candidate in session.exec(select(Candidate).where(Candidate.agency_id == actor.agency_id,
                                                          Candidate.id.in_(list(candidate_ids)),
                                                          Candidate.anonymised_at.is_(None))):
        request = _create(session, actor, agency, candidate, max_age, bulk_job_id)
        if request.status == RequestStatus.FAILED.value:
            missing += 1
        else:
            queued += 1
    session.flush()
    return queued, missing


def _own(session: Session, actor: Actor, request_id) -> ProfileUpdateRequest:
    request = session.get(ProfileUpdateRequest, as_uuid(request_id, "Request"))
    if request is None or request.agency_id != actor.agency_id:
        raise NotFound("Request")
    return request


def resend(session: Session, actor: Actor, request_id) -> ProfileUpdateRequest:
    """Send the request again with a fresh link and a fresh maximum age (earlier links keep working)."""
    actor.require_write()
    request = _own(session, actor, request_id)
    if request.status == RequestStatus.SUBMITTED.value:
        raise ValidationError({"request": "The candidate already submitted this update; send a new request."})
    candidate = session.get(Candidate, request.candidate_id)
    if not candidate.email or candidate.anonymised_at is not None:
        raise ValidationError({"request": "This candidate has no email address: add one to the profile first."})
    now = utcnow()
    request.expires_at = now + _max_age(session, request.agency_id)
    if request.status != RequestStatus.OPENED.value:
        request.status = RequestStatus.QUEUED.value
    request.failure_reason, request.closed_at, request.updated_at = "", None, now
    request.send_count += 1
    session.add(request)
    _send(session, session.get(Agency, request.agency_id), candidate, request, actor.name, now=now)
    activity.record(session, agency_id=actor.agency_id, actor=actor, subject_type="candidate",
                    subject_id=candidate.id, kind="profile_update.resent", payload={"email": candidate.email})
    session.flush()
    return request


def cancel(session: Session, actor: Actor, request_id) -> ProfileUpdateRequest:
    actor.require_write()
    request = _own(session, actor, request_id)
    if request.status not in ACTIVE_REQUEST_STATUSES + (RequestStatus.FAILED.value,):
        raise ValidationError({"request": f"This request is already {request.status}."})
    now = utcnow()
    request.status, request.closed_at, request.updated_at = RequestStatus.CANCELLED.value, now, now
    session.add(request)
    tokens.revoke_for(session, PURPOSE, request.id, "cancelled", now)
    activity.record(session, agency_id=actor.agency_id, actor=actor, subject_type="candidate",
                    subject_id=request.candidate_id, kind="profile_update.cancelled")
    session.flush()
    return request


# --- tracking --------------------------------------------------------------------------------------

def _rows(session: Session, where: list, *, offset: int = 0, limit: int = 50) -> list[RequestRow]:
    stmt = (select(ProfileUpdateRequest, Candidate.first_name, Candidate.last_name, Candidate.email, User.name)
            .join(Candidate, Candidate.id == ProfileUpdateRequest.candidate_id)
            .outerjoin(User, User.id == ProfileUpdateRequest.requested_by_id).where(*where)
            .order_by(ProfileUpdateRequest.created_at.desc(), ProfileUpdateRequest.id).offset(offset).limit(limit))
    return [RequestRow(str(r.id), str(r.candidate_id), f"{first} {last}", mail or "", r.status, r.failure_reason,
                       who or "", r.created_at, r.sent_at, r.opened_at, r.submitted_at, r.expires_at,
                       r.reminder_sent_at, r.renewal_requested_at, r.send_count)
            for r, first, last, mail, who in session.exec(stmt).all()]


def list_for_candidate(session: Session, actor: Actor, candidate_id) -> list[RequestRow]:
    candidate = get_candidate(session, actor, candidate_id)
    return _rows(session, [ProfileUpdateRequest.agency_id == actor.agency_id,
                           ProfileUpdateRequest.candidate_id == candidate.id])


def list_requests(session: Session, actor: Actor, status: str = "", page: int = 1,
                  per_page: int = 50) -> tuple[list[RequestRow], int]:
    """The agency's requests, newest first, optionally of one status; (page of rows, total)."""
    where = [ProfileUpdateRequest.agency_id == actor.agency_id]
    if status:
        if status not in STATUSES:
            raise ValidationError({"status": "Unknown status."})
        where.append(ProfileUpdateRequest.status == status)
    total = session.exec(select(func.count()).select_from(ProfileUpdateRequest).where(*where)).one()
    page = max(1, int(page))
    return _rows(session, where, offset=(page - 1) * per_page, limit=per_page), total


def status_counts(session: Session, actor: Actor) -> dict[str, int]:
    rows = session.exec(select(ProfileUpdateRequest.status, func.count()).where(
        ProfileUpdateRequest.agency_id == actor.agency_id).group_by(ProfileUpdateRequest.status)).all()
    counts = {s: 0 for s in STATUSES}
    counts.update({status: n for status, n in rows})
    return counts


def pending_count(session: Session, actor: Actor) -> int:
    """Requests still waiting for the candidate (queued, sent or opened)."""
    return session.exec(select(func.count()).select_from(ProfileUpdateRequest).where(
        ProfileUpdateRequest.agency_id == actor.agency_id,
        ProfileUpdateRequest.status.in_(ACTIVE_REQUEST_STATUSES))).one()


# --- the link --------------------------------------------------------------------------------------

@dataclass
class FormContext:
    request_id: str
    agency_name: str
    logo_url: str
    primary_color: str
    candidate_name: str
    settings: profile_form.FormSettings
    values: dict[str, Any]
    cv_on_file: str  # filename of the latest CV, "" if none


def _alive(session: Session, raw: str, now: datetime) -> tuple[ProfileUpdateRequest, Candidate, Any]:
    found = tokens.look_up(session, raw, PURPOSE, now)
    request = session.get(ProfileUpdateRequest, found.token.subject_id) if found.token else None
    if request is not None and found.dead_reason == "expired" and request.status in ACTIVE_REQUEST_STATUSES:
        _expire(session, request, now)
    if not found.alive or request is None or request.status not in ACTIVE_REQUEST_STATUSES:
        reason = found.dead_reason or (request.status if request else "unknown")
        raise DeadLink(reason, can_ask=request is not None, agency_id=request.agency_id if request else None)
    candidate = session.get(Candidate, request.candidate_id)
    if candidate is None or candidate.anonymised_at is not None:
        raise DeadLink("unknown", can_ask=False)
    return request, candidate, found.token


def check_link(session: Session, raw: str, now: datetime | None = None) -> None:
    """Raise DeadLink unless the link can still be used (an expired one marks its request expired: commit)."""
    _alive(session, raw, now or utcnow())


@dataclass
class LinkBranding:
    agency_name: str
    logo_url: str
    primary_color: str
    texts: dict[str, str]


def dead_link_branding(session: Session, dead: DeadLink) -> LinkBranding | None:
    """The sending agency's look and wording for the page of a dead link it sent; None for an unknown link."""
    agency = session.get(Agency, dead.agency_id) if dead.agency_id else None
    if agency is None:
        return None
    return LinkBranding(agency.name, agency.logo_url or "", agency.primary_color,
                        profile_form.load(session, agency.id).texts)


def open_link(session: Session, raw: str, now: datetime | None = None) -> FormContext:
    """What the form shows; the first opening marks the request opened. DeadLink when it cannot be used."""
    now = now or utcnow()
    request, candidate, _ = _alive(session, raw, now)
    if request.opened_at is None:
        request.opened_at = now
        activity.record(session, agency_id=request.agency_id, actor=None, actor_label=candidate.full_name,
                        subject_type="candidate", subject_id=candidate.id, kind="profile_update.opened")
    if request.status != RequestStatus.OPENED.value:
        request.status, request.updated_at = RequestStatus.OPENED.value, now
    session.add(request)
    agency = session.get(Agency, request.agency_id)
    return FormContext(str(request.id), agency.name, agency.logo_url or "", agency.primary_color,
                       candidate.full_name, profile_form.load(session, agency.id),
                       profile_form.current_values(candidate), _latest_cv(session, candidate))


def _latest_cv(session: Session, candidate: Candidate) -> str:
    from app.models import Document

    return session.exec(select(Document.filename).where(
        Document.candidate_id == candidate.id, Document.category == DocumentCategory.CV.value)
        .order_by(Document.created_at.desc())).first() or ""


def check_answers(session: Session, raw: str, answers: dict[str, Any], has_new_cv: bool = False,
                  now: datetime | None = None) -> None:
    """The checks of submit() without saving anything: ValidationError naming each bad field, or DeadLink."""
    request, candidate, _ = _alive(session, raw, now or utcnow())
    profile_form.clean_answers(session, profile_form.load(session, request.agency_id), candidate, answers,
                               has_new_cv=has_new_cv)


def submit(session: Session, raw: str, answers: dict[str, Any], cv: tuple[str, bytes] | None = None,
           now: datetime | None = None) -> Candidate:
    """Check the answers, then in the caller's transaction: update the candidate, keep the CV, kill the link,
    write one timeline entry listing each change, and tell the recruiter. ValidationError changes nothing."""
    now = now or utcnow()
    request, candidate, token = _alive(session, raw, now)
    settings = profile_form.load(session, request.agency_id)
    clean = profile_form.check_answers(session, settings, candidate, answers, cv)
    if not tokens.use(session, token, now):
        raise DeadLink("used", can_ask=True, agency_id=request.agency_id)
    payload = profile_form.save_answers(session, settings, candidate, clean, cv, now)
    request.status, request.submitted_at, request.updated_at = RequestStatus.SUBMITTED.value, now, now
    session.add(request)
    tokens.revoke_for(session, PURPOSE, request.id, "submitted", now)
    activity.record(session, agency_id=request.agency_id, actor=None, actor_label=candidate.full_name,
                    subject_type="candidate", subject_id=candidate.id, kind="profile_update.submitted",
                    payload=payload)
    webhooks.emit_profile_update_submitted(session, candidate, changes=[c["field"] for c in payload["changes"]],
                                           source="profile_update_link")
    _tell_recruiter(session, request, candidate, "profile_update.submitted",
                    f"{candidate.full_name} updated their profile")
    session.flush()
    return candidate


def _tell_recruiter(session: Session, request: ProfileUpdateRequest, candidate: Candidate, kind: str,
                    title: str) -> uuid.UUID | None:
    user_id = request.requested_by_id or candidate.owner_id
    if user_id is not None:
        notifications.notify(session, agency_id=request.agency_id, user_id=user_id, kind=kind, title=title,
                             link=f"/candidates/{candidate.id}")
    return user_id


def ask_for_new_link(session: Session, raw: str, now: datetime | None = None) -> bool:
    """From a dead link's page: tell the recruiter the candidate wants a new link. False if we cannot tell whom."""
    now = now or utcnow()
    found = tokens.look_up(session, raw, PURPOSE, now)
    request = session.get(ProfileUpdateRequest, found.token.subject_id) if found.token else None
    candidate = session.get(Candidate, request.candidate_id) if request else None
    if request is None or candidate is None or candidate.anonymised_at is not None:
        return False
    if request.renewal_requested_at and request.renewal_requested_at > now - RENEWAL_QUIET:
        return True  # already told: asking twice does not ring twice
    request.renewal_requested_at, request.updated_at = now, now
    session.add(request)
    activity.record(session, agency_id=request.agency_id, actor=None, actor_label=candidate.full_name,
                    subject_type="candidate", subject_id=candidate.id, kind="profile_update.renewal_asked")
    _tell_recruiter(session, request, candidate, "profile_update.renewal_asked",
                    f"{candidate.full_name} asks for a new profile-update link")
    session.flush()
    return True


# --- background: delivery outcomes, expiry, reminders -------------------------------------------------

@email.on_outcome(SUBJECT_TYPE)
def delivery_outcome(session: Session, message: OutboxMessage) -> None:
    """The sender reports each message: a queued request becomes sent, or failed with the provider's reason."""
    request = session.get(ProfileUpdateRequest, message.subject_id)
    if request is None or request.status != RequestStatus.QUEUED.value:
        return
    if message.status == "sent":
        request.status, request.sent_at = RequestStatus.SENT.value, message.sent_at
    elif message.status == "failed":
        request.status, request.failure_reason = RequestStatus.FAILED.value, message.last_error[:300]
    request.updated_at = utcnow()
    session.add(request)


def _expire(session: Session, request: ProfileUpdateRequest, now: datetime) -> None:
    request.status, request.closed_at, request.updated_at = RequestStatus.EXPIRED.value, now, now
    session.add(request)


def expire_overdue(session: Session, now: datetime | None = None) -> int:
    now = now or utcnow()
    overdue = session.exec(select(ProfileUpdateRequest).where(
        ProfileUpdateRequest.status.in_(ACTIVE_REQUEST_STATUSES), ProfileUpdateRequest.expires_at <= now)
        .limit(1000)).all()
    for request in overdue:
        _expire(session, request, now)
    return len(overdue)


def send_reminders(session: Session, now: datetime | None = None) -> int:
    """One reminder per request, `reminder_days` after it was sent, for agencies that turned reminders on."""
    from app.models import ProfileFormSettings

    now = now or utcnow()
    sent = 0
    for agency_id, days in session.exec(select(ProfileFormSettings.agency_id, ProfileFormSettings.reminder_days)
                                        .where(ProfileFormSettings.reminder_days.is_not(None))).all():
        due = session.exec(select(ProfileUpdateRequest).where(
            ProfileUpdateRequest.agency_id == agency_id,
            ProfileUpdateRequest.status.in_((RequestStatus.SENT.value, RequestStatus.OPENED.value)),
            ProfileUpdateRequest.reminder_sent_at.is_(None), ProfileUpdateRequest.expires_at > now,
            ProfileUpdateRequest.sent_at <= now - timedelta(days=days)).limit(500)).all()
        agency = session.get(Agency, agency_id)
        for request in due:
            candidate = session.get(Candidate, request.candidate_id)
            if not candidate or not candidate.email or candidate.anonymised_at is not None:
                continue
            recruiter = session.get(User, request.requested_by_id) if request.requested_by_id else None
            _send(session, agency, candidate, request, recruiter.name if recruiter else agency.name,
                  purpose="profile_update_reminder", now=now)
            request.reminder_sent_at = request.updated_at = now
            session.add(request)
            activity.record(session, agency_id=agency_id, actor=None, actor_label="Candor",
                            subject_type="candidate", subject_id=candidate.id, kind="profile_update.reminded")
            sent += 1
    return sent

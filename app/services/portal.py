"""What a signed-in candidate can see and do in the portal. Every function takes the CandidateActor and
touches only that candidate's rows in that agency: no internal notes, ratings, tags or comments, ever."""

from __future__ import annotations

import json
import os
import tempfile
import uuid
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, or_
from sqlmodel import Session, select

from app.models import (ActivityEvent, Agency, Application, Candidate, CandidateMessage, ConsentAction,
                        ConsentRecord, Document, Job, JobStatus, MessageStatus, OutboxMessage, PipelineStage,
                        StageKind, Task, User)
from app.models.base import utcnow
from app.services import activity, applications, documents, notifications, profile_form, webhooks
from app.services.candidates import as_uuid
from app.services.errors import Conflict, NotFound, ValidationError
from app.services.portal_auth import CandidateActor

MAX_MESSAGE = 5000
DEFAULT_CONSENT = ("I agree that {agency} keeps my profile, CV and documents to offer me jobs and to contact me "
                   "about them, until the date shown. I can withdraw this consent at any time.")
STAGE_WORDS = {StageKind.HIRED.value: "Hired", StageKind.REJECTED.value: "Not selected this time"}


def _candidate(session: Session, who: CandidateActor) -> Candidate:
    candidate = session.get(Candidate, who.candidate_id)
    if candidate is None or candidate.agency_id != who.agency_id or candidate.anonymised_at is not None:
        raise NotFound("Candidate")
    return candidate


def _record(session: Session, who: CandidateActor, kind: str, payload: dict | None = None) -> None:
    activity.record(session, agency_id=who.agency_id, actor=None, actor_label=who.name, subject_type="candidate",
                    subject_id=who.candidate_id, kind=kind, payload=payload or {})


def _tell_owner(session: Session, who: CandidateActor, candidate: Candidate, kind: str, title: str,
                user_id: uuid.UUID | None = None, link_suffix: str = "") -> uuid.UUID | None:
    """Notify the candidate's owner (or the given user); returns whom, so the caller can refresh their bell."""
    user_id = user_id or candidate.owner_id
    if user_id is not None:
        notifications.notify(session, agency_id=who.agency_id, user_id=user_id, kind=kind, title=title,
                             link=f"/candidates/{candidate.id}{link_suffix}")
    return user_id


# --- branding ------------------------------------------------------------------------------------------

@dataclass
class Branding:
    slug: str
    name: str
    title: str
    logo_url: str
    color: str
    welcome: str
    support_email: str
    support_phone: str
    language: str


def branding(session: Session, slug: str) -> Branding:
    """What the public pages of an agency's portal show (NotFound for an unknown agency)."""
    agency = session.exec(select(Agency).where(Agency.slug == str(slug)[:60])).first()
    if agency is None:
        raise NotFound("Agency")
    return Branding(agency.slug, agency.name, agency.portal_title or f"{agency.name} candidate space",
                    agency.logo_url or "", agency.primary_color, agency.welcome_text or "",
                    agency.support_email or "", agency.support_phone or "", agency.default_language or "en")


# --- applications ----------------------------------------------------------------------------------------

@dataclass
class StepView:
    label: str
    when: datetime


@dataclass
class ApplicationView:
    id: str
    job_title: str
    location: str
    stage: str
    next_step: str
    closed: bool
    applied_at: datetime
    history: list[StepView]


def _stage_words(stage: PipelineStage | None) -> str:
    if stage is None:
        return "In progress"
    return stage.portal_label or STAGE_WORDS.get(stage.kind) or stage.name


def my_applications(session: Session, who: CandidateActor) -> list[ApplicationView]:
    rows = session.exec(select(Application, Job, PipelineStage)
                        .join(Job, Job.id == Application.job_id)
                        .join(PipelineStage, PipelineStage.id == Application.stage_id)
                        .where(Application.agency_id == who.agency_id, Application.candidate_id == who.candidate_id)
                        .order_by(Application.created_at.desc())).all()
    stages = {s.id: s for s in session.exec(select(PipelineStage).where(PipelineStage.agency_id == who.agency_id))}
    by_name = {s.name: s for s in stages.values()}
    events = session.exec(select(ActivityEvent).where(
        ActivityEvent.agency_id == who.agency_id, ActivityEvent.subject_type == "candidate",
        ActivityEvent.subject_id == who.candidate_id,
        ActivityEvent.kind.in_(("application.created", "application.stage_changed")))
        .order_by(ActivityEvent.created_at)).all()
    views = []
    for application, job, stage in rows:
        history = [StepView("Application received", application.created_at)]
        for event in events:
            if event.payload.get("job_id") != str(job.id) or event.kind != "application.stage_changed":
                continue
            moved_to = stages.get(_uuid_or_none(event.payload.get("stage_id"))) or by_name.get(event.payload.get("to"))
            history.append(StepView(_stage_words(moved_to), event.created_at))
        views.append(ApplicationView(str(application.id), job.title, job.location or "", _stage_words(stage),
                                     stage.portal_next_step or "", stage.kind != StageKind.ACTIVE.value,
                                     application.created_at, list(reversed(history))))
    return views


def _uuid_or_none(value) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError):
        return None


# --- jobs ----------------------------------------------------------------------------------------------

@dataclass
class JobView:
    id: str
    title: str
    location: str
    employment_type: str
    description: str
    applied: bool


def open_jobs(session: Session, who: CandidateActor, query: str = "") -> list[JobView]:
    stmt = select(Job).where(Job.agency_id == who.agency_id, Job.status == JobStatus.OPEN.value)
    for word in " ".join(str(query)[:100].split()).lower().split():
        like = f"%{word}%"
        stmt = stmt.where(or_(func.lower(Job.title).like(like), func.lower(Job.location).like(like),
                              func.lower(Job.description).like(like)))
    applied = set(session.exec(select(Application.job_id).where(Application.candidate_id == who.candidate_id)))
    return [JobView(str(j.id), j.title, j.location or "", profile_form.EMPLOYMENT_LABELS.get(j.employment_type, ""),
                    j.description or "", j.id in applied)
            for j in session.exec(stmt.order_by(Job.created_at.desc()).limit(200))]


def apply(session: Session, who: CandidateActor, job_id) -> tuple[Application, Job]:
    """Apply with the profile on file: the job's first stage, owned by the job's owner, who is told."""
    candidate = _candidate(session, who)
    job = session.get(Job, as_uuid(job_id, "Job"))
    if job is None or job.agency_id != who.agency_id or job.status != JobStatus.OPEN.value:
        raise NotFound("Job")
    existing = session.exec(select(Application).where(Application.candidate_id == candidate.id,
                                                      Application.job_id == job.id)).first()
    if existing is not None:
        raise Conflict(f"You have already applied to {job.title}: follow it under Applications.")
    stage = applications.first_stage(session, who.agency_id)
    application = Application(agency_id=who.agency_id, candidate_id=candidate.id, job_id=job.id,
                              stage_id=stage.id, owner_id=job.owner_id)
    session.add(application)
    session.flush()
    _record(session, who, "application.created", {"job": job.title, "job_id": str(job.id), "to": stage.name,
                                                  "via": "portal"})
    _tell_owner(session, who, candidate, "application.portal", f"{candidate.full_name} applied to {job.title}",
                user_id=job.owner_id)
    return application, job


# --- profile and documents ------------------------------------------------------------------------------

@dataclass
class ProfileView:
    settings: profile_form.FormSettings
    values: dict[str, Any]
    cv_on_file: str
    version: int  # changes whenever anyone saves the profile: the page refills its form only then


def profile(session: Session, who: CandidateActor) -> ProfileView:
    """The agency's form settings, the candidate's values and the CV on file, for the portal's profile page."""
    candidate = _candidate(session, who)
    cv = session.exec(select(Document.filename).where(Document.candidate_id == candidate.id,
                                                      Document.category == "cv")
                      .order_by(Document.created_at.desc())).first()
    return ProfileView(profile_form.load(session, who.agency_id), profile_form.current_values(candidate), cv or "",
                       candidate.version)


def save_profile(session: Session, who: CandidateActor, answers: dict[str, Any],
                 cv: tuple[str, bytes] | None = None) -> list[dict]:
    """Same fields, settings and checks as the profile-update form; one timeline entry with the changes."""
    candidate = _candidate(session, who)
    settings = profile_form.load(session, who.agency_id)
    clean = profile_form.check_answers(session, settings, candidate, answers, cv)
    payload = profile_form.save_answers(session, settings, candidate, clean, cv, utcnow())
    if payload["changes"] or payload.get("cv"):
        _record(session, who, "profile_update.submitted", {**payload, "via": "portal"})
        webhooks.emit_profile_update_submitted(session, candidate, changes=[c["field"] for c in payload["changes"]],
                                               source="portal")
    return payload["changes"]


def check_profile(session: Session, who: CandidateActor, answers: dict[str, Any]) -> None:
    """The checks of save_profile without saving anything: ValidationError naming each bad field."""
    candidate = _candidate(session, who)
    profile_form.clean_answers(session, profile_form.load(session, who.agency_id), candidate, answers,
                               has_new_cv=False)


@dataclass
class DocumentView:
    id: str
    filename: str
    category: str
    size: str
    uploaded: datetime


def my_documents(session: Session, who: CandidateActor) -> list[DocumentView]:
    rows = session.exec(select(Document).where(Document.agency_id == who.agency_id,
                                               Document.candidate_id == who.candidate_id)
                        .order_by(Document.created_at.desc())).all()
    return [DocumentView(str(d.id), d.filename, d.category, documents.human_size(d.size), d.created_at) for d in rows]


def upload_document(session: Session, who: CandidateActor, filename: str, data: bytes,
                    category: str) -> tuple[Document, uuid.UUID | None]:
    """Keep the candidate's file (content-checked, private) and tell their owner; returns (document, whom told)."""
    candidate = _candidate(session, who)
    document = documents.store(session, candidate, filename, data, category, actor_label=who.name)
    told = _tell_owner(session, who, candidate, "document.portal", f"{candidate.full_name} sent {document.filename}",
                       link_suffix="/documents")
    return document, told


def my_document(session: Session, who: CandidateActor, document_id) -> Document:
    """One of the candidate's own documents (to download it); NotFound for anyone else's, in any agency."""
    key = _uuid_or_none(document_id)
    document = session.get(Document, key) if key is not None else None
    if document is None or document.candidate_id != who.candidate_id or document.agency_id != who.agency_id:
        raise NotFound("Document")
    _candidate(session, who)  # an anonymised candidate has no documents left to fetch
    return document


# --- consent (GDPR) ---------------------------------------------------------------------------------------

@dataclass
class ConsentView:
    wording: str
    valid_until: date | None
    active: bool
    history: list[tuple[str, str, datetime, date | None]]  # (action, wording, when, valid until)
    renews_until: date | None = None  # until when giving or renewing now would last
    deletion_requested_at: datetime | None = None


def _consent_until(agency: Agency) -> date:
    return date.today() + timedelta(days=round(30.44 * agency.consent_months))


def consent_wording(session: Session, agency_id: uuid.UUID) -> str:
    agency = session.get(Agency, agency_id)
    return (agency.consent_text or DEFAULT_CONSENT).replace("{agency}", agency.name)


def consent(session: Session, who: CandidateActor) -> ConsentView:
    candidate = _candidate(session, who)
    records = session.exec(select(ConsentRecord).where(ConsentRecord.candidate_id == candidate.id)
                           .order_by(ConsentRecord.created_at.desc())).all()
    active = candidate.gdpr_expiry is not None and candidate.gdpr_expiry > date.today()
    return ConsentView(consent_wording(session, who.agency_id), candidate.gdpr_expiry, active,
                       [(r.action, r.wording, r.created_at, r.valid_until) for r in records],
                       _consent_until(session.get(Agency, who.agency_id)), candidate.deletion_requested_at)


def set_consent(session: Session, who: CandidateActor, action: str, shown_wording: str) -> date | None:
    """Give, renew or withdraw consent; recorded with the time and the exact wording the candidate was shown."""
    if action not in {a.value for a in ConsentAction}:
        raise ValidationError({"consent": "Choose to give, renew or withdraw your consent."})
    candidate = _candidate(session, who)
    wording = consent_wording(session, who.agency_id)
    if " ".join(str(shown_wording).split()) != " ".join(wording.split()):
        raise ValidationError({"consent": "The wording changed since you opened the page: read it again."})
    agency = session.get(Agency, who.agency_id)
    until = None
    if action != ConsentAction.WITHDRAWN.value:
        until = _consent_until(agency)
    candidate.gdpr_expiry = until
    candidate.updated_at = utcnow()
    candidate.version += 1
    session.add(candidate)
    session.add(ConsentRecord(agency_id=who.agency_id, candidate_id=candidate.id, action=action, wording=wording,
                              valid_until=until))
    _record(session, who, f"consent.{action}", {"until": until.isoformat() if until else ""})
    return until


# --- my data: download, deletion ------------------------------------------------------------------------------

def export_data(session: Session, who: CandidateActor) -> tuple[Path, str]:
    """A temporary zip: data.json (profile, applications, consent, messages, documents list) and the files."""
    candidate = _candidate(session, who)
    data = {
        "exported_at": utcnow().isoformat(),
        "profile": {k: _plain(v) for k, v in profile_form.current_values(candidate).items()},
        "gdpr_expiry": _plain(candidate.gdpr_expiry),
        "preferred_language": candidate.preferred_language,
        "applications": [{"job": a.job_title, "stage": a.stage, "applied_at": _plain(a.applied_at)}
                         for a in my_applications(session, who)],
        "consent": [{"action": a, "wording": w, "at": _plain(t), "valid_until": _plain(u)}
                    for a, w, t, u in consent(session, who).history],
        "messages": [{"from": m.sender, "subject": m.subject, "body": m.body, "at": _plain(m.when)}
                     for m in my_messages(session, who)],
        "documents": [{"filename": d.filename, "category": d.category, "uploaded": _plain(d.uploaded)}
                      for d in my_documents(session, who)],
    }
    fd, tmp = tempfile.mkstemp(prefix="candor-export-", suffix=".zip")
    os.close(fd)
    used: set[str] = set()
    try:
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("data.json", json.dumps(data, indent=2, ensure_ascii=False))
            for doc in session.exec(select(Document).where(Document.candidate_id == candidate.id)):
                if documents.path_of(doc).is_file():
                    archive.write(documents.path_of(doc), documents._unique(f"documents/{doc.filename}", used))
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _record(session, who, "portal.data_exported")
    return Path(tmp), "my-data.zip"


def _plain(value):
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return value


def request_deletion(session: Session, who: CandidateActor) -> uuid.UUID | None:
    """The candidate asks to be forgotten: a task for the recruiter, who confirms by anonymising.

    Returns whom the task went to (None when it was already asked for)."""
    candidate = _candidate(session, who)
    if candidate.deletion_requested_at is not None:
        return None
    candidate.deletion_requested_at = utcnow()
    session.add(candidate)
    assignee = candidate.owner_id or session.exec(select(User.id).where(
        User.agency_id == who.agency_id, User.role == "admin", User.is_active.is_(True))).first()
    session.add(Task(agency_id=who.agency_id, assignee_id=assignee, candidate_id=candidate.id,
                     kind="deletion_request", title=f"{candidate.full_name} asks for their data to be deleted",
                     due_on=date.today() + timedelta(days=30)))
    _record(session, who, "portal.deletion_requested")
    return _tell_owner(session, who, candidate, "deletion_request", f"{candidate.full_name} asks to be deleted",
                       user_id=assignee)


# --- messages ---------------------------------------------------------------------------------------------

@dataclass
class MessageView:
    id: str
    sender: str  # "agency" or "me"
    subject: str
    body: str
    when: datetime


def my_messages(session: Session, who: CandidateActor) -> list[MessageView]:
    sent = session.exec(select(OutboxMessage).where(OutboxMessage.agency_id == who.agency_id,
                                                    OutboxMessage.candidate_id == who.candidate_id,
                                                    OutboxMessage.status == MessageStatus.SENT.value,
                                                    OutboxMessage.purpose != "magic_link")).all()
    mine = session.exec(select(CandidateMessage).where(CandidateMessage.agency_id == who.agency_id,
                                                       CandidateMessage.candidate_id == who.candidate_id)).all()
    views = [MessageView(str(m.id), "agency", m.subject, _without_links(m.body_text), m.sent_at or m.created_at)
             for m in sent]
    views += [MessageView(str(m.id), "me", m.subject, m.body, m.created_at) for m in mine]
    return sorted(views, key=lambda v: v.when, reverse=True)


def _without_links(body: str) -> str:
    """Sent emails hold single-use links; the portal shows the text without handing them out again."""
    import re

    return re.sub(r"https?://\S+/(update|portal-auth)/\S+", "[personal link]", body)


def reply(session: Session, who: CandidateActor, body: str, subject: str = "",
          in_reply_to: str | None = None) -> CandidateMessage:
    candidate = _candidate(session, who)
    text = str(body or "").strip()
    if not text:
        raise ValidationError({"body": "Write your message first."})
    if len(text) > MAX_MESSAGE:
        raise ValidationError({"body": f"At most {MAX_MESSAGE:,} characters."})
    answered = None
    if in_reply_to:
        answered = session.get(OutboxMessage, _uuid_or_none(in_reply_to))
        if answered is None or answered.candidate_id != candidate.id:
            answered = None
    message = CandidateMessage(agency_id=who.agency_id, candidate_id=candidate.id, body=text,
                               subject=(str(subject).strip() or (f"Re: {answered.subject}" if answered else
                                                                 "Message from the portal"))[:300],
                               in_reply_to_id=answered.id if answered else None)
    session.add(message)
    _record(session, who, "portal.replied", {"subject": message.subject})
    _tell_owner(session, who, candidate, "message.portal", f"{candidate.full_name} sent you a message",
                link_suffix="?tab=messages")
    session.flush()
    return message


# --- language (portal-shell) ---------------------------------------------------------------------------------

def set_language(session: Session, who: CandidateActor, lang: str) -> str:
    """The candidate's preferred language: the portal and the agency's emails speak it from now on."""
    from app.services.portal_text import LANGUAGES

    value = str(lang or "").strip().lower()[:5]
    if value not in LANGUAGES:
        raise ValidationError({"language": "Choose one of the languages offered."})
    candidate = _candidate(session, who)
    if candidate.preferred_language != value:
        candidate.preferred_language = value
        session.add(candidate)
        session.flush()
    return value

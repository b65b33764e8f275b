"""A candidate's messages as recruiters see them: the emails Candor sent them and what they wrote back."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, update
from sqlmodel import Session, select

from app.models import Agency, Candidate, CandidateMessage, OutboxMessage
from app.models.base import utcnow
from app.services import activity, email
from app.services.actor import Actor
from app.services.candidates import get_candidate
from app.services.errors import Forbidden, ValidationError

MAX_BODY = 10_000


@dataclass
class ThreadEntry:
    id: str
    incoming: bool
    subject: str
    body: str
    when: datetime
    status: str  # for emails: queued, sent, failed; for replies: "unread" or "read"


def thread(session: Session, actor: Actor, candidate_id) -> list[ThreadEntry]:
    candidate = get_candidate(session, actor, candidate_id)
    out = session.exec(select(OutboxMessage).where(OutboxMessage.agency_id == actor.agency_id,
                                                   OutboxMessage.candidate_id == candidate.id)).all()
    inbound = session.exec(select(CandidateMessage).where(CandidateMessage.agency_id == actor.agency_id,
                                                          CandidateMessage.candidate_id == candidate.id)).all()
    entries = [ThreadEntry(str(m.id), False, m.subject, m.body_text, m.sent_at or m.created_at, m.status) for m in out]
    entries += [ThreadEntry(str(m.id), True, m.subject, m.body, m.created_at, "read" if m.read_at else "unread")
                for m in inbound]
    return sorted(entries, key=lambda e: e.when, reverse=True)


def unread_count(session: Session, actor: Actor, candidate_id) -> int:
    candidate = get_candidate(session, actor, candidate_id)
    return session.exec(select(func.count()).select_from(CandidateMessage).where(
        CandidateMessage.agency_id == actor.agency_id, CandidateMessage.candidate_id == candidate.id,
        CandidateMessage.read_at.is_(None))).one()


def mark_read(session: Session, actor: Actor, candidate_id) -> int:
    candidate = get_candidate(session, actor, candidate_id)
    done = session.execute(update(CandidateMessage).where(
        CandidateMessage.agency_id == actor.agency_id, CandidateMessage.candidate_id == candidate.id,
        CandidateMessage.read_at.is_(None)).values(read_at=utcnow(), read_by_id=actor.user_id)
        .execution_options(synchronize_session="fetch"))  # a thread read next in this session shows them read
    return done.rowcount


def send(session: Session, actor: Actor, candidate_id, subject: str, body: str) -> OutboxMessage:
    """Email the candidate from the profile; it also shows in their portal's Messages."""
    actor.require_write()
    candidate = get_candidate(session, actor, candidate_id)
    if candidate.anonymised_at is not None:
        raise Forbidden("An anonymised candidate cannot be contacted.")
    errors = {}
    subject, body = " ".join(str(subject or "").split()), str(body or "").strip()
    if not candidate.email:
        errors["to"] = "This candidate has no email address."
    if not subject or len(subject) > 300:
        errors["subject"] = "Give a subject of at most 300 characters."
    if not body or len(body) > MAX_BODY:
        errors["body"] = f"Write a message of at most {MAX_BODY:,} characters."
    if errors:
        raise ValidationError(errors)
    agency = session.get(Agency, actor.agency_id)
    message = email.enqueue(session, agency_id=agency.id, to_email=candidate.email, to_name=candidate.full_name,
                            subject=subject, body_text=f"{body}\n\n{actor.name}\n{agency.name}", purpose="message",
                            candidate_id=candidate.id)
    activity.record(session, agency_id=actor.agency_id, actor=actor, subject_type="candidate",
                    subject_id=candidate.id, kind="email.sent", payload={"subject": subject})
    session.flush()
    return message


def add_candidate_reply(session: Session, who, body: str, subject: str = "",
                        in_reply_to: str | None = None) -> CandidateMessage:
    """A message the signed-in candidate (a portal CandidateActor) writes: stored as a CandidateMessage, unread,
    with a timeline entry and a notification to the candidate's owner. Callers publish the candidate's, the
    agency's and the owner's live topics (see `reply_topics`)."""
    from app.services import portal

    return portal.reply(session, who, body, subject=subject, in_reply_to=in_reply_to)


def reply_topics(session: Session, who) -> list[str]:
    """The live topics a candidate's reply changes: their record, their agency, their owner's bell."""
    from app.models import Candidate

    candidate = session.get(Candidate, who.candidate_id)
    topics = [f"candidate:{who.candidate_id}", f"agency:{who.agency_id}"]
    if candidate is not None and candidate.owner_id is not None:
        topics.append(f"user:{candidate.owner_id}")
    return topics

"""Asking candidates "can you work from <first day> to <last day>, <hours>?" by email; each answers on a public
page with no sign-in.

Each candidate asked is one `AvailabilityCheck` row; the candidates asked together share its `batch_id` (the
bulk job's id when the recruiter asked a selection from the candidate list). The emailed link is a single-use
token (tokens.py) pointing at the row. The answer is stored on the row, as an availability exception over the
period (extra availability when yes, unavailable when no) and on the candidate's timeline.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import update
from sqlmodel import Session, select

from app.models import Agency, AvailabilityCheck, AvailabilityException, Candidate, User
from app.models.base import utcnow
from app.services import activity, email, email_templates, hours, portal_text, tokens
from app.services.actor import Actor
from app.services.candidates import get_candidate
from app.services.errors import Forbidden, ValidationError
from app.settings import get_settings

PURPOSE = "availability_check"
MAX_DAYS = 62  # one check covers at most about two months
MAX_NOTE = 300
ANSWERED, SENT, NO_EMAIL = "answered", "sent", "no_email"


def day_label(day: date, language: str = "en") -> str:
    if language == "fr":
        return portal_text.day(day, "fr")
    return f"{day:%d %b %Y}"


def period_label(first: date, last: date, language: str = "en") -> str:
    if first == last:
        return day_label(first, language)
    joiner = " au " if language == "fr" else " to "
    return day_label(first, language) + joiner + day_label(last, language)


def hours_label(start: time | None, end: time | None, language: str = "en") -> str:
    if start is None:
        return "toute la journée" if language == "fr" else "all day"
    return f"{hours.hhmm(start)}–{hours.hhmm(end)}"


@dataclass(frozen=True)
class Period:
    first: date
    last: date
    start: time | None
    end: time | None

    def to_value(self) -> str:
        return json.dumps({"first": self.first.isoformat(), "last": self.last.isoformat(),
                           "start": hours.hhmm(self.start), "end": hours.hhmm(self.end)})

    @property
    def label(self) -> str:
        return f"{period_label(self.first, self.last)}, {hours_label(self.start, self.end)}"


def parse_period(session: Session, agency_id: uuid.UUID, first, last, start="", end="",
                 now: datetime | None = None) -> Period:
    """Validate what the recruiter typed; errors per field: first_day, last_day, hours. Blank hours: all day."""
    errors: dict[str, str] = {}
    days: dict[str, date] = {}
    for key, value in (("first_day", first), ("last_day", last or first)):
        try:
            days[key] = date.fromisoformat(str(value or "").strip())
        except ValueError:
            errors[key] = "Enter a date."
    try:
        begin, finish = hours.parse_time(start), hours.parse_time(end)
    except ValueError as exc:
        errors["hours"] = str(exc)
        begin = finish = None
    else:
        if (begin is None) != (finish is None):
            errors["hours"] = "Give both the start and the end time, or neither for the whole day."
        elif begin is not None and begin == finish:
            errors["hours"] = "The end time is the same as the start time."
    if "first_day" in days:
        today = hours.local_today(hours.zone(session.get(Agency, agency_id).time_zone), now)
        if days["first_day"] < today:
            errors["first_day"] = "This day has already passed."
    if len(days) == 2 and "first_day" not in errors:
        if days["last_day"] < days["first_day"]:
            errors["last_day"] = "The last day is on or after the first day."
        elif (days["last_day"] - days["first_day"]).days >= MAX_DAYS:
            errors["last_day"] = f"At most {MAX_DAYS} days at a time."
    if errors:
        raise ValidationError(errors)
    return Period(days["first_day"], days["last_day"], begin, finish)


def period_from_value(session: Session, agency_id: uuid.UUID, value: str) -> Period:
    """A bulk job's stored value (JSON from `Period.to_value`, or typed by the recruiter) back to a Period."""
    try:
        data = json.loads(value or "{}")
    except ValueError:
        data = {}
    data = data if isinstance(data, dict) else {}
    return parse_period(session, agency_id, data.get("first"), data.get("last"), data.get("start", ""),
                        data.get("end", ""))


def _send(session: Session, actor: Actor, agency: Agency, candidate: Candidate, row: AvailabilityCheck,
          now: datetime) -> str:
    """The token and the email of one row; returns the raw token."""
    ends = datetime.combine(row.last_day + timedelta(days=1), time(0)).replace(tzinfo=now.tzinfo) - now
    raw = tokens.issue(session, agency_id=agency.id, purpose=PURPOSE, candidate_id=candidate.id, subject_id=row.id,
                       lifetime=max(ends, timedelta(hours=1)), now=now)
    language = email_templates.language_for(agency, candidate)
    subject, body = email_templates.compose(session, agency, candidate, PURPOSE, {
        "DAY": period_label(row.first_day, row.last_day, language),
        "HOURS": hours_label(row.start, row.end, language), "JOB": row.job,
        "URL": f"{get_settings().public_url}/availability-check/{raw}", "RECRUITER": actor.name})
    email.enqueue(session, agency_id=agency.id, to_email=candidate.email, to_name=candidate.first_name,
                  subject=subject, body_text=body, purpose=PURPOSE, subject_type="candidate",
                  subject_id=candidate.id, candidate_id=candidate.id)
    return raw


def _create(session: Session, actor: Actor, agency: Agency, candidate: Candidate, period: Period,
            batch_id: uuid.UUID | None, job: str, now: datetime) -> tuple[AvailabilityCheck, str]:
    row = AvailabilityCheck(agency_id=agency.id, candidate_id=candidate.id, first_day=period.first,
                            last_day=period.last, start=period.start, end=period.end, job=job[:200],
                            created_by_id=actor.user_id, created_at=now)
    row.batch_id = batch_id or row.id
    raw = ""
    if not candidate.email or candidate.anonymised_at is not None:
        row.status = NO_EMAIL
    session.add(row)
    session.flush()
    if row.status == SENT:
        raw = _send(session, actor, agency, candidate, row, now)
    activity.record(session, agency_id=agency.id, actor=actor, subject_type="candidate", subject_id=candidate.id,
                    kind="availability.asked",
                    payload={"check": str(row.id), "first_day": period.first.isoformat(),
                             "last_day": period.last.isoformat(), "start": hours.hhmm(period.start),
                             "end": hours.hhmm(period.end), "job": row.job, "sent": row.status == SENT})
    return row, raw


def ask(session: Session, actor: Actor, candidate_id, day: str, start: str, end: str, job: str = "",
        now: datetime | None = None, last_day: str = "") -> str:
    """Email one candidate the question; returns the raw link token (tests read it; never stored)."""
    actor.require_write()
    candidate = get_candidate(session, actor, candidate_id)
    if not candidate.email or candidate.anonymised_at is not None:
        raise ValidationError({"candidate": f"{candidate.first_name} {candidate.last_name} has no email address."})
    now = now or utcnow()
    period = parse_period(session, actor.agency_id, day, last_day or day, start, end, now)
    _, raw = _create(session, actor, session.get(Agency, actor.agency_id), candidate, period, None, job, now)
    session.flush()
    return raw


def ask_many(session: Session, actor: Actor, candidate_ids, period: Period, batch_id: uuid.UUID,
             now: datetime | None = None) -> tuple[int, int]:
    """A slice of a group check: one row and one email per candidate. Returns (sent, without email)."""
    actor.require_write()
    agency = session.get(Agency, actor.agency_id)
    now = now or utcnow()
    sent = missing = 0
    for candidate in session.exec(select(Candidate).where(Candidate.agency_id == actor.agency_id,
                                                          Candidate.id.in_(list(candidate_ids)))):
        row, _ = _create(session, actor, agency, candidate, period, batch_id, "", now)
        sent, missing = (sent + 1, missing) if row.status == SENT else (sent, missing + 1)
    session.flush()
    return sent, missing


@dataclass
class Question:
    agency: str
    first_name: str
    day: str  # the period, e.g. "07 Dec 2026 to 11 Dec 2026"
    hours: str
    job: str
    dead_reason: str
    language: str = "en"
    single_day: bool = True


def _language(session: Session, agency: Agency | None, candidate: Candidate | None) -> str:
    return email_templates.language_for(agency, candidate) if agency is not None else "en"


def look_up(session: Session, raw: str, now: datetime | None = None) -> Question:
    found = tokens.look_up(session, raw, PURPOSE, now)
    row = session.get(AvailabilityCheck, found.token.subject_id) if found.token is not None else None
    if row is None:
        return Question("", "", "", "", "", "unknown")
    agency = session.get(Agency, row.agency_id)
    candidate = session.get(Candidate, row.candidate_id)
    language = _language(session, agency, candidate)
    return Question(agency.name, candidate.first_name if candidate else "",
                    period_label(row.first_day, row.last_day, language), hours_label(row.start, row.end, language),
                    row.job, found.dead_reason, language, row.first_day == row.last_day)


def answer(session: Session, raw: str, available: bool, note: str = "", now: datetime | None = None) -> None:
    """Record the candidate's answer once: on the check, as an availability exception, on the timeline."""
    found = tokens.look_up(session, raw, PURPOSE, now)
    row = session.get(AvailabilityCheck, found.token.subject_id) if found.token is not None else None
    if row is None or not found.alive or not tokens.use(session, found.token, now):
        raise Forbidden("This link has already been used or has expired.")
    now = now or utcnow()
    available = available is True
    note = " ".join(str(note or "").split())[:MAX_NOTE]
    won = session.execute(update(AvailabilityCheck).where(AvailabilityCheck.id == row.id,
                                                          AvailabilityCheck.status == SENT)
                          .values(status=ANSWERED, available=available, answer_note=note, answered_at=now)
                          .execution_options(synchronize_session=False))
    if won.rowcount != 1:
        raise Forbidden("This link has already been used or has expired.")
    session.add(AvailabilityException(
        agency_id=row.agency_id, candidate_id=row.candidate_id, start_date=row.first_day, end_date=row.last_day,
        available=available, start=row.start if available else None, end=row.end if available else None,
        note=(note or "Answer to an availability check")[:300]))
    candidate = session.get(Candidate, row.candidate_id)
    activity.record(session, agency_id=row.agency_id, actor=None,
                    actor_label=f"{candidate.first_name} {candidate.last_name}", subject_type="candidate",
                    subject_id=candidate.id, kind="availability.answered",
                    payload={"check": str(row.id), "first_day": row.first_day.isoformat(),
                             "last_day": row.last_day.isoformat(), "start": hours.hhmm(row.start),
                             "end": hours.hhmm(row.end), "available": available, "note": note})
    session.flush()
    session.refresh(row)


# --- what the recruiter sees -----------------------------------------------------------------------------------

@dataclass
class Reply:
    candidate_id: str
    name: str
    status: str  # "Available", "Not available", "Not answered", "Expired", "No email address"
    note: str
    answered: str


@dataclass
class Batch:
    id: str
    period: str
    hours: str
    job: str
    sent: str
    by: str
    asked: int
    answered: int
    yes: int
    no: int
    replies: list[Reply] = field(default_factory=list)


def batches(session: Session, actor: Actor, limit: int = 20, now: datetime | None = None) -> list[Batch]:
    """The agency's most recent checks, newest first, with each candidate's answer."""
    now = now or utcnow()
    recent = session.exec(select(AvailabilityCheck.batch_id, AvailabilityCheck.created_at)
                          .where(AvailabilityCheck.agency_id == actor.agency_id)
                          .order_by(AvailabilityCheck.created_at.desc()).limit(limit * 50)).all()
    order: list[uuid.UUID] = []
    for batch_id, _ in recent:
        if batch_id not in order:
            order.append(batch_id)
    order = order[:limit]
    if not order:
        return []
    rows = session.exec(select(AvailabilityCheck, Candidate)
                        .join(Candidate, Candidate.id == AvailabilityCheck.candidate_id)
                        .where(AvailabilityCheck.agency_id == actor.agency_id, AvailabilityCheck.batch_id.in_(order))
                        .order_by(Candidate.last_name, Candidate.first_name)).all()
    users = {u.id: u.name for u in session.exec(select(User).where(User.agency_id == actor.agency_id))}
    found: dict[uuid.UUID, Batch] = {}
    for row, candidate in rows:
        batch = found.get(row.batch_id)
        if batch is None:
            batch = found[row.batch_id] = Batch(
                str(row.batch_id), period_label(row.first_day, row.last_day), hours_label(row.start, row.end),
                row.job, f"{row.created_at:%d %b %Y %H:%M}", users.get(row.created_by_id, ""), 0, 0, 0, 0)
        if row.status == ANSWERED:
            status = "Available" if row.available else "Not available"
        elif row.status == NO_EMAIL:
            status = "No email address"
        else:
            status = "Expired" if now.date() > row.last_day else "Not answered"
        batch.asked += 1
        batch.answered += row.status == ANSWERED
        batch.yes += row.status == ANSWERED and row.available is True
        batch.no += row.status == ANSWERED and row.available is False
        batch.replies.append(Reply(str(candidate.id), f"{candidate.first_name} {candidate.last_name}", status,
                                   row.answer_note, f"{row.answered_at:%d %b %H:%M}" if row.answered_at else ""))
    return [found[b] for b in order if b in found]

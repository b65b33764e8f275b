"""Asking a candidate "can you work on <day>, <hours>?" by email; they answer on a public page with no sign-in.

The question is an `availability.asked` event on the candidate's timeline; the emailed link is a single-use
token (tokens.py) pointing at that event. The answer is stored as an availability exception for that day
(extra availability when yes, unavailable when no) and written to the timeline.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlmodel import Session

from app.models import ActivityEvent, Agency, AvailabilityException, Candidate
from app.models.base import utcnow
from app.services import activity, email, email_templates, hours, tokens
from app.services.actor import Actor
from app.services.candidates import get_candidate
from app.services.errors import Forbidden, ValidationError
from app.settings import get_settings

PURPOSE = "availability_check"


def _check_times(day: str, start: str, end: str) -> tuple[date, time, time]:
    errors: dict[str, str] = {}
    try:
        when = date.fromisoformat(str(day or ""))
    except ValueError:
        errors["day"] = "Enter a date."
        when = None
    try:
        begin, finish = hours.parse_time(start), hours.parse_time(end)
    except ValueError as exc:
        errors["start"] = str(exc)
        begin = finish = None
    else:
        if begin is None or finish is None or begin == finish:
            errors["start"] = "Give the start and the end time."
    if errors:
        raise ValidationError(errors)
    return when, begin, finish


def ask(session: Session, actor: Actor, candidate_id, day: str, start: str, end: str, job: str = "",
        now: datetime | None = None) -> str:
    """Email the candidate the question; returns the raw link token (tests read it; never stored)."""
    actor.require_write()
    candidate = get_candidate(session, actor, candidate_id)
    if not candidate.email or candidate.anonymised_at is not None:
        raise ValidationError({"candidate": f"{candidate.first_name} {candidate.last_name} has no email address."})
    when, begin, finish = _check_times(day, start, end)
    now = now or utcnow()
    if when < hours.local_today(hours.zone(session.get(Agency, actor.agency_id).time_zone), now):
        raise ValidationError({"day": "This day has already passed."})
    payload = {"day": when.isoformat(), "start": hours.hhmm(begin), "end": hours.hhmm(finish), "job": job[:200]}
    event = activity.record(session, agency_id=actor.agency_id, actor=actor, subject_type="candidate",
                            subject_id=candidate.id, kind="availability.asked", payload=payload)
    session.flush()
    expires = datetime.combine(when + timedelta(days=1), time(0)).replace(tzinfo=now.tzinfo) - now
    raw = tokens.issue(session, agency_id=actor.agency_id, purpose=PURPOSE, candidate_id=candidate.id,
                       subject_id=event.id, lifetime=max(expires, timedelta(hours=1)), now=now)
    agency = session.get(Agency, actor.agency_id)
    subject, body = email_templates.compose(session, agency, candidate, PURPOSE, {
        "DAY": f"{when:%d %b %Y}", "HOURS": f"{payload['start']}–{payload['end']}", "JOB": job or "",
        "URL": f"{get_settings().public_url}/availability-check/{raw}", "RECRUITER": actor.name})
    email.enqueue(session, agency_id=agency.id, to_email=candidate.email, to_name=candidate.first_name,
                  subject=subject, body_text=body, purpose=PURPOSE, subject_type="candidate",
                  subject_id=candidate.id, candidate_id=candidate.id)
    return raw


@dataclass
class Question:
    agency: str
    first_name: str
    day: str
    hours: str
    job: str
    dead_reason: str


def look_up(session: Session, raw: str) -> Question:
    found = tokens.look_up(session, raw, PURPOSE)
    if found.token is None:
        return Question("", "", "", "", "", "unknown")
    event = session.get(ActivityEvent, found.token.subject_id)
    agency = session.get(Agency, found.token.agency_id)
    candidate = session.get(Candidate, found.token.candidate_id)
    p = event.payload if event else {}
    return Question(agency.name, candidate.first_name if candidate else "", p.get("day", ""),
                    f"{p.get('start', '')}–{p.get('end', '')}", p.get("job", ""), found.dead_reason)


def answer(session: Session, raw: str, available: bool, now: datetime | None = None) -> None:
    found = tokens.look_up(session, raw, PURPOSE, now)
    if not found.alive or not tokens.use(session, found.token, now):
        raise Forbidden("This link has already been used or has expired.")
    token = found.token
    event = session.get(ActivityEvent, token.subject_id)
    p = event.payload
    day = date.fromisoformat(p["day"])
    session.add(AvailabilityException(
        agency_id=token.agency_id, candidate_id=token.candidate_id, start_date=day, end_date=day,
        available=available, start=hours.parse_time(p["start"]) if available else None,
        end=hours.parse_time(p["end"]) if available else None, note="Answer to an availability check"))
    candidate = session.get(Candidate, token.candidate_id)
    activity.record(session, agency_id=token.agency_id, actor=None,
                    actor_label=f"{candidate.first_name} {candidate.last_name}", subject_type="candidate",
                    subject_id=candidate.id, kind="availability.answered",
                    payload={**p, "available": available})
    session.flush()

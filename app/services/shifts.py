"""Shifts of a temp job: created once or weekly, offered to candidates, accepted or declined in the portal.

A candidate is never booked on two shifts at the same time: offering or accepting one that overlaps a shift
they already accepted is refused with the clashing shift named. An offer outside the candidate's
availability is allowed but flagged for the recruiter.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session, func, select

from app.models import Agency, Candidate, Job, OfferStatus, Shift, ShiftOffer
from app.models.base import utcnow
from app.services import activity, availability, email, email_templates, hours
from app.services.actor import Actor
from app.services.candidates import as_uuid, get_candidate
from app.services.errors import Forbidden, NotFound, ValidationError
from app.services.placements import _job, agency_zone
from app.services.portal_auth import CandidateActor

OFFERED, ACCEPTED, DECLINED = (s.value for s in OfferStatus)
MAX_REPEAT_WEEKS = 26
MAX_HEADCOUNT = 200


@dataclass
class OfferView:
    id: str
    candidate_id: str
    candidate: str
    status: str
    outside_availability: bool


@dataclass
class ShiftView:
    id: str
    job_id: str
    job: str
    day: str
    day_label: str
    start: str
    end: str
    location: str
    headcount: int
    accepted: int
    repeats: bool
    offers: list[OfferView]

    @property
    def fill(self) -> str:
        return f"{self.accepted}/{self.headcount}"


def _label(shift: Shift) -> str:
    return f"{shift.day:%a %d %b} {hours.hhmm(shift.start)}–{hours.hhmm(shift.end)}"


def create_shifts(session: Session, actor: Actor, job_id, data: dict) -> list[Shift]:
    """One shift, or the same shift every week for `repeat_weeks` weeks (a series)."""
    actor.require_write()
    job = _job(session, actor, job_id)
    errors: dict[str, str] = {}
    try:
        day = date.fromisoformat(str(data.get("day") or ""))
    except ValueError:
        errors["day"] = "Enter a date."
        day = None
    try:
        start, end = hours.parse_time(data.get("start")), hours.parse_time(data.get("end"))
        if start is None:
            errors["start"] = "Enter the start time."
        if end is None:
            errors["end"] = "Enter the end time."
        elif start == end:
            errors["end"] = "The end time is the same as the start time."
    except ValueError as exc:
        errors["start"] = str(exc)
        start = end = None
    try:
        headcount = int(data.get("headcount") or 1)
        if not 1 <= headcount <= MAX_HEADCOUNT:
            raise ValueError
    except ValueError:
        errors["headcount"] = f"Between 1 and {MAX_HEADCOUNT} people."
        headcount = 1
    try:
        weeks = int(data.get("repeat_weeks") or 1)
        if not 1 <= weeks <= MAX_REPEAT_WEEKS:
            raise ValueError
    except ValueError:
        errors["repeat_weeks"] = f"Repeat for 1 to {MAX_REPEAT_WEEKS} weeks."
        weeks = 1
    location = str(data.get("location") or job.location or "").strip()[:200]
    if errors:
        raise ValidationError(errors)
    series = uuid.uuid4() if weeks > 1 else None
    made = [Shift(agency_id=actor.agency_id, job_id=job.id, day=day + timedelta(weeks=i), start=start, end=end,
                  location=location, headcount=headcount, series_id=series) for i in range(weeks)]
    session.add_all(made)
    session.flush()
    return made


def get_shift(session: Session, actor: Actor, shift_id) -> Shift:
    shift = session.get(Shift, as_uuid(shift_id, "Shift"))
    if shift is None or shift.agency_id != actor.agency_id:
        raise NotFound("Shift")
    return shift


def _accepted_count(session: Session, shift_id: uuid.UUID) -> int:
    return session.exec(select(func.count()).select_from(ShiftOffer).where(
        ShiftOffer.shift_id == shift_id, ShiftOffer.status == ACCEPTED)).one()


def list_shifts(session: Session, actor: Actor, job_id) -> list[ShiftView]:
    job = _job(session, actor, job_id)
    shifts = list(session.exec(select(Shift).where(Shift.agency_id == actor.agency_id, Shift.job_id == job.id)
                               .order_by(Shift.day, Shift.start).limit(300)))
    offers: dict[uuid.UUID, list[OfferView]] = {}
    if shifts:
        for offer, candidate in session.exec(
                select(ShiftOffer, Candidate).join(Candidate, Candidate.id == ShiftOffer.candidate_id)
                .where(ShiftOffer.shift_id.in_([s.id for s in shifts]))
                .order_by(Candidate.last_name)):
            offers.setdefault(offer.shift_id, []).append(OfferView(
                str(offer.id), str(candidate.id), f"{candidate.first_name} {candidate.last_name}", offer.status,
                offer.outside_availability))
    return [ShiftView(str(s.id), str(job.id), job.title, s.day.isoformat(), f"{s.day:%a %d %b %Y}",
                      hours.hhmm(s.start), hours.hhmm(s.end), s.location, s.headcount,
                      sum(1 for o in offers.get(s.id, []) if o.status == ACCEPTED), s.series_id is not None,
                      offers.get(s.id, [])) for s in shifts]


def clash(session: Session, agency_id: uuid.UUID, candidate_id: uuid.UUID, shift: Shift) -> Shift | None:
    """An accepted shift of the candidate that overlaps `shift`, if any."""
    tz = agency_zone(session, agency_id)
    mine = hours.span(shift.day, shift.start, shift.end, tz)
    for other in session.exec(select(Shift).join(ShiftOffer, ShiftOffer.shift_id == Shift.id).where(
            ShiftOffer.agency_id == agency_id, ShiftOffer.candidate_id == candidate_id,
            ShiftOffer.status == ACCEPTED, Shift.id != shift.id,
            Shift.day >= shift.day - timedelta(days=1), Shift.day <= shift.day + timedelta(days=1))):
        if hours.span(other.day, other.start, other.end, tz).overlaps(mine):
            return other
    return None


def _clash_message(session: Session, name: str, other: Shift) -> str:
    job = session.get(Job, other.job_id)
    return f"{name} is already booked on {_label(other)} ({job.title}) at the same time."


def offer(session: Session, actor: Actor, shift_id, candidate_id) -> ShiftOffer:
    """Offer a shift to one candidate (emailed); refused if it would double-book them."""
    actor.require_write()
    shift = get_shift(session, actor, shift_id)
    candidate = get_candidate(session, actor, candidate_id)
    name = f"{candidate.first_name} {candidate.last_name}"
    other = clash(session, actor.agency_id, candidate.id, shift)
    if other is not None:
        raise ValidationError({"candidate": _clash_message(session, name, other)})
    existing = session.exec(select(ShiftOffer).where(ShiftOffer.shift_id == shift.id,
                                                     ShiftOffer.candidate_id == candidate.id)).first()
    if existing is not None and existing.status != DECLINED:
        raise ValidationError({"candidate": f"{name} already has this shift ({existing.status})."})
    outside = not availability.is_available(session, actor.agency_id, candidate.id, shift.day, shift.start,
                                            shift.end)
    row = existing or ShiftOffer(agency_id=actor.agency_id, shift_id=shift.id, candidate_id=candidate.id)
    row.status, row.outside_availability, row.answered_at, row.created_at = OFFERED, outside, None, utcnow()
    session.add(row)
    session.flush()
    job = session.get(Job, shift.job_id)
    activity.record(session, agency_id=actor.agency_id, actor=actor, subject_type="candidate",
                    subject_id=candidate.id, kind="shift.offered", payload={"job": job.title, "shift": _label(shift)})
    if candidate.email and candidate.anonymised_at is None:
        agency = session.get(Agency, actor.agency_id)
        subject, body = email_templates.compose(session, agency, candidate, "shift_offered", {
            "JOB": job.title, "SHIFT_DATE": f"{shift.day:%d %b %Y}",
            "SHIFT_TIME": f"{hours.hhmm(shift.start)}–{hours.hhmm(shift.end)}", "LOCATION": shift.location,
            "URL": f"{email_templates.portal_url(agency)}/shifts", "RECRUITER": actor.name})
        email.enqueue(session, agency_id=agency.id, to_email=candidate.email, to_name=candidate.first_name,
                      subject=subject, body_text=body, purpose="shift_offered", subject_type="shift_offer",
                      subject_id=row.id, candidate_id=candidate.id)
    return row


# --- the candidate's side ---------------------------------------------------------------------------------

@dataclass
class MyShift:
    offer_id: str
    job: str
    day_label: str
    start: str
    end: str
    location: str
    status: str


def my_shifts(session: Session, who: CandidateActor) -> list[MyShift]:
    tz = agency_zone(session, who.agency_id)
    today = hours.local_today(tz)
    return [MyShift(str(o.id), j.title, f"{s.day:%a %d %b %Y}", hours.hhmm(s.start), hours.hhmm(s.end), s.location,
                    o.status) for o, s, j in session.exec(
        select(ShiftOffer, Shift, Job).join(Shift, Shift.id == ShiftOffer.shift_id).join(Job, Job.id == Shift.job_id)
        .where(ShiftOffer.agency_id == who.agency_id, ShiftOffer.candidate_id == who.candidate_id,
               Shift.day >= today - timedelta(days=1)).order_by(Shift.day, Shift.start).limit(100))]


def answer(session: Session, who: CandidateActor, offer_id, accept: bool) -> ShiftOffer:
    row = session.get(ShiftOffer, as_uuid(offer_id, "Shift"))
    if row is None or row.agency_id != who.agency_id or row.candidate_id != who.candidate_id:
        raise NotFound("Shift")
    if row.status != OFFERED:
        raise Forbidden(f"You have already {row.status} this shift.")
    shift = session.get(Shift, row.shift_id)
    if accept:
        other = clash(session, who.agency_id, who.candidate_id, shift)
        if other is not None:
            job = session.get(Job, other.job_id)
            raise ValidationError({"offer": f"You are already booked on {_label(other)} ({job.title})."})
        if _accepted_count(session, shift.id) >= shift.headcount:
            raise ValidationError({"offer": "Sorry, this shift has just been filled."})
    row.status, row.answered_at = (ACCEPTED if accept else DECLINED), utcnow()
    session.add(row)
    session.flush()
    job = session.get(Job, shift.job_id)
    activity.record(session, agency_id=who.agency_id, actor=None, actor_label=who.name, subject_type="candidate",
                    subject_id=who.candidate_id, kind="shift.accepted" if accept else "shift.declined",
                    payload={"job": job.title, "shift": _label(shift)})
    return row

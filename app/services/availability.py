"""When a candidate can work: a usual week (slots per weekday) and exceptions (holidays, extra days)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, time, timedelta

from sqlmodel import Session, select

from app.models import AvailabilityException, AvailabilitySlot
from app.services import hours
from app.services.actor import Actor
from app.services.candidates import as_uuid, get_candidate
from app.services.errors import NotFound, ValidationError
from app.services.portal_auth import CandidateActor

WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
MAX_SLOTS = 21
MAX_EXCEPTIONS = 100
MAX_RANGE = timedelta(days=366)


@dataclass
class SlotView:
    weekday: int
    start: str
    end: str


@dataclass
class ExceptionView:
    id: str
    start_date: str
    end_date: str
    available: bool
    start: str
    end: str
    note: str


def _times(start, end, key: str, errors: dict) -> tuple[time | None, time | None]:
    try:
        begin, finish = hours.parse_time(start), hours.parse_time(end)
    except ValueError as exc:
        errors[key] = str(exc)
        return None, None
    if (begin is None) != (finish is None):
        errors[key] = "Give both the start and the end time."
    elif begin is not None and begin == finish:
        errors[key] = "The end time is the same as the start time."
    return begin, finish


def pattern(session: Session, agency_id: uuid.UUID, candidate_id: uuid.UUID) -> list[SlotView]:
    return [SlotView(s.weekday, hours.hhmm(s.start), hours.hhmm(s.end)) for s in session.exec(
        select(AvailabilitySlot).where(AvailabilitySlot.agency_id == agency_id,
                                       AvailabilitySlot.candidate_id == candidate_id)
        .order_by(AvailabilitySlot.weekday, AvailabilitySlot.start))]


def exceptions(session: Session, agency_id: uuid.UUID, candidate_id: uuid.UUID) -> list[ExceptionView]:
    return [ExceptionView(str(e.id), e.start_date.isoformat(), e.end_date.isoformat(), e.available,
                          hours.hhmm(e.start), hours.hhmm(e.end), e.note) for e in session.exec(
        select(AvailabilityException).where(AvailabilityException.agency_id == agency_id,
                                            AvailabilityException.candidate_id == candidate_id)
        .order_by(AvailabilityException.start_date))]


def set_pattern(session: Session, who: CandidateActor, slots: list[dict]) -> list[SlotView]:
    """Replace the usual week. `slots`: [{"weekday": 0..6, "start": "08:00", "end": "17:00"}]; errors per
    weekday key "day-<n>"."""
    errors: dict[str, str] = {}
    kept: list[tuple[int, time, time]] = []
    for raw in list(slots or [])[:MAX_SLOTS]:
        raw = raw if isinstance(raw, dict) else {}
        try:
            weekday = int(raw.get("weekday"))
        except (TypeError, ValueError):
            continue
        if not 0 <= weekday <= 6:
            continue
        start, end = _times(raw.get("start"), raw.get("end"), f"day-{weekday}", errors)
        if start is not None and f"day-{weekday}" not in errors:
            kept.append((weekday, start, end))
    if errors:
        raise ValidationError(errors)
    for slot in session.exec(select(AvailabilitySlot).where(AvailabilitySlot.agency_id == who.agency_id,
                                                            AvailabilitySlot.candidate_id == who.candidate_id)):
        session.delete(slot)
    for weekday, start, end in kept:
        session.add(AvailabilitySlot(agency_id=who.agency_id, candidate_id=who.candidate_id, weekday=weekday,
                                     start=start, end=end))
    session.flush()
    return pattern(session, who.agency_id, who.candidate_id)


def add_exception(session: Session, who: CandidateActor, data: dict) -> AvailabilityException:
    errors: dict[str, str] = {}
    dates = {}
    for key in ("start_date", "end_date"):
        try:
            dates[key] = date.fromisoformat(str(data.get(key) or data.get("start_date") or ""))
        except ValueError:
            errors[key] = "Enter a date."
    if not errors and dates["end_date"] < dates["start_date"]:
        errors["end_date"] = "The last day is on or after the first day."
    elif not errors and dates["end_date"] - dates["start_date"] > MAX_RANGE:
        errors["end_date"] = "At most one year at a time."
    available = str(data.get("kind") or "unavailable") == "extra"
    start, end = _times(data.get("start"), data.get("end"), "hours", errors) if available else (None, None)
    note = str(data.get("note") or "").strip()[:300]
    count = len(exceptions(session, who.agency_id, who.candidate_id))
    if count >= MAX_EXCEPTIONS:
        errors["start_date"] = "Too many exceptions: remove old ones first."
    if errors:
        raise ValidationError(errors)
    row = AvailabilityException(agency_id=who.agency_id, candidate_id=who.candidate_id, available=available,
                                start=start, end=end, note=note, **dates)
    session.add(row)
    session.flush()
    return row


def remove_exception(session: Session, who: CandidateActor, exception_id) -> None:
    row = session.get(AvailabilityException, as_uuid(exception_id, "Exception"))
    if row is None or row.agency_id != who.agency_id or row.candidate_id != who.candidate_id:
        raise NotFound("Exception")
    session.delete(row)
    session.flush()


def _covers(slot_start: time, slot_end: time, start: time, end: time) -> bool:
    """Does the slot (maybe past midnight) contain start..end (maybe past midnight)?"""
    def minutes(t: time) -> int:
        return t.hour * 60 + t.minute
    s0, s1 = minutes(slot_start), minutes(slot_end)
    w0, w1 = minutes(start), minutes(end)
    s1 += 1440 if s1 <= s0 else 0
    w1 += 1440 if w1 <= w0 else 0
    return s0 <= w0 and w1 <= s1


def is_available(session: Session, agency_id: uuid.UUID, candidate_id: uuid.UUID, day: date, start: time,
                 end: time) -> bool:
    """Can the candidate work `start`..`end` on `day`? Exceptions win over the usual week."""
    for row in session.exec(select(AvailabilityException).where(
            AvailabilityException.agency_id == agency_id, AvailabilityException.candidate_id == candidate_id,
            AvailabilityException.start_date <= day, AvailabilityException.end_date >= day)):
        if not row.available:
            return False
        if row.start is None or _covers(row.start, row.end, start, end):
            return True
    return any(_covers(s.start, s.end, start, end) for s in session.exec(select(AvailabilitySlot).where(
        AvailabilitySlot.agency_id == agency_id, AvailabilitySlot.candidate_id == candidate_id,
        AvailabilitySlot.weekday == day.weekday())))


def available_over(session: Session, agency_id: uuid.UUID, candidate_id: uuid.UUID, first: date, last: date,
                   start: time = time(0), end: time = time(0)) -> bool:
    """Available on every day of first..last (by default for the whole day)."""
    day = first
    while day <= last:
        if not is_available(session, agency_id, candidate_id, day, start, end):
            return False
        day += timedelta(days=1)
    return True


@dataclass
class CalendarDay:
    day: str
    label: str
    text: str  # e.g. "08:00–17:00", "Unavailable (holiday)", "—"
    available: bool


def week_calendar(session: Session, actor: Actor, candidate_id, week: date) -> list[CalendarDay]:
    """The recruiter's week view of a candidate's availability."""
    candidate = get_candidate(session, actor, candidate_id)
    slots = pattern(session, actor.agency_id, candidate.id)
    found = exceptions(session, actor.agency_id, candidate.id)
    days = []
    for offset in range(7):
        day = hours.week_start(week) + timedelta(days=offset)
        iso = day.isoformat()
        hits = [e for e in found if e.start_date <= iso <= e.end_date]
        if any(not e.available for e in hits):
            note = next((e.note for e in hits if not e.available and e.note), "")
            days.append(CalendarDay(iso, day.strftime("%a %d %b"), "Unavailable" + (f" ({note})" if note else ""),
                                    False))
            continue
        parts = [f"{e.start}–{e.end}" if e.start else "All day" for e in hits]
        parts += [f"{s.start}–{s.end}" for s in slots if s.weekday == day.weekday()]
        days.append(CalendarDay(iso, day.strftime("%a %d %b"), ", ".join(parts) or "—", bool(parts)))
    return days



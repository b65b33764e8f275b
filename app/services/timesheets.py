"""Timesheets: a temp worker's week of hours per placement, submitted from the portal and approved by the
agency or by the client's approver through a single-use emailed link; CSV export of approved hours.

Status: draft -> submitted -> approved, or submitted -> rejected (with a reason) -> submitted again.
Approved weeks are locked. Every step is written to the candidate's timeline.
"""

from __future__ import annotations

import csv
import io
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import update
from sqlmodel import Session, select

from app.models import (Agency, ApprovalLink, Candidate, Job, OutboxMessage, Placement, Timesheet, TimesheetEntry,
                        TimesheetStatus)
from app.models.base import utcnow
from app.services import activity, email, email_templates, hours, webhooks
from app.services.actor import Actor
from app.services.candidates import as_uuid
from app.services.errors import Forbidden, NotFound, ValidationError
from app.services.placements import agency_zone, candidate_placement
from app.services.portal_auth import CandidateActor
from app.services.security import hash_token, new_token
from app.settings import get_settings

DRAFT, SUBMITTED, APPROVED, REJECTED = (s.value for s in TimesheetStatus)
EDITABLE = {DRAFT, REJECTED}
LINK_LIFETIME = timedelta(days=14)
MAX_BREAK = 8 * 60
MAX_NOTE = 300
MAX_NOTES = 2000
MAX_ROWS = 40
DAY_LIMIT = 24 * 60
REMIND_WEEKS = 4  # missing timesheets older than this are left to the recruiter
APPROVER_WAIT_DAYS = 2


# --- reading and checking what the candidate typed -----------------------------------------------------

@dataclass
class Row:
    key: str
    day: date
    start: time
    end: time
    break_minutes: int
    note: str
    minutes: int = 0
    span: hours.Span | None = None


def _fmt_day(day: date) -> str:
    return day.strftime("%a %d %b")


def check_rows(rows: list[dict], placement: Placement, week: date, tz, today: date) -> tuple[list[Row], dict]:
    """The rows worth keeping and one error per refused row (keyed by the row's `key`)."""
    errors: dict[str, str] = {}
    kept: list[Row] = []
    for index, raw in enumerate(rows[:MAX_ROWS]):
        raw = raw if isinstance(raw, dict) else {}
        key = str(raw.get("key") or index)[:40]
        start_text, end_text = str(raw.get("start") or "").strip(), str(raw.get("end") or "").strip()
        break_text, note = str(raw.get("break") or "").strip(), str(raw.get("note") or "").strip()
        if not start_text and not end_text:
            continue  # an empty day: nothing worked
        try:
            day = date.fromisoformat(str(raw.get("day") or ""))
        except ValueError:
            errors[key] = "This day is not a date."
            continue
        try:
            start, end = hours.parse_time(start_text), hours.parse_time(end_text)
        except ValueError as exc:
            errors[key] = str(exc)
            continue
        if start is None or end is None:
            errors[key] = "Give both the start and the end time."
            continue
        if start == end:
            errors[key] = "The end time is the same as the start time."
            continue
        try:
            break_minutes = int(break_text or 0)
        except ValueError:
            errors[key] = "The break is a number of minutes, like 30."
            continue
        if not week <= day < week + timedelta(days=7):
            errors[key] = "This day is not in this week."
        elif not placement.start_date <= day <= placement.end_date:
            errors[key] = (f"The placement runs from {placement.start_date:%d %b} to {placement.end_date:%d %b}: "
                           "this day is outside it.")
        elif day > today:
            errors[key] = "This day has not happened yet."
        elif not 0 <= break_minutes <= MAX_BREAK:
            errors[key] = f"The break is between 0 and {MAX_BREAK} minutes."
        elif len(note) > MAX_NOTE:
            errors[key] = f"The note has at most {MAX_NOTE} characters."
        if key in errors:
            continue
        row = Row(key, day, start, end, break_minutes, note)
        row.span = hours.span(day, start, end, tz)
        if break_minutes >= row.span.minutes:
            errors[key] = "The break is as long as the time worked."
            continue
        row.minutes = row.span.minutes - break_minutes
        kept.append(row)
    per_day: dict[date, int] = {}
    accepted: list[Row] = []
    for row in sorted(kept, key=lambda r: r.span.start):
        clash = next((other for other in accepted if other.span.overlaps(row.span)), None)
        if clash is not None:
            errors[row.key] = (f"Overlaps {hours.hhmm(clash.start)}–{hours.hhmm(clash.end)} on "
                               f"{_fmt_day(clash.day)}: the same hour cannot be worked twice.")
            continue
        if per_day.get(row.day, 0) + row.minutes > DAY_LIMIT:
            errors[row.key] = "More than 24 hours on one day."
            continue
        per_day[row.day] = per_day.get(row.day, 0) + row.minutes
        accepted.append(row)
    return accepted, errors


# --- views ------------------------------------------------------------------------------------------------

@dataclass
class EntryView:
    day: str
    day_label: str
    start: str
    end: str
    break_minutes: int
    note: str
    minutes: int


@dataclass
class TimesheetView:
    id: str
    placement_id: str
    candidate_id: str
    candidate: str
    job: str
    client: str
    approver: str
    week_start: str
    week_label: str
    status: str
    notes: str
    reject_reason: str
    total_minutes: int
    entries: list[EntryView] = field(default_factory=list)

    @property
    def total_label(self) -> str:
        return hours.hours_label(self.total_minutes)


def _entries(session: Session, timesheet_id: uuid.UUID) -> list[TimesheetEntry]:
    return list(session.exec(select(TimesheetEntry).where(TimesheetEntry.timesheet_id == timesheet_id)
                             .order_by(TimesheetEntry.day, TimesheetEntry.start)))


def view_of(session: Session, timesheet: Timesheet) -> TimesheetView:
    placement = session.get(Placement, timesheet.placement_id)
    candidate = session.get(Candidate, placement.candidate_id)
    job = session.get(Job, placement.job_id)
    tz = agency_zone(session, timesheet.agency_id)
    entries = [EntryView(e.day.isoformat(), _fmt_day(e.day), hours.hhmm(e.start), hours.hhmm(e.end),
                         e.break_minutes, e.note, hours.worked_minutes(e.day, e.start, e.end, e.break_minutes, tz))
               for e in _entries(session, timesheet.id)]
    return TimesheetView(str(timesheet.id), str(placement.id), str(candidate.id),
                         f"{candidate.first_name} {candidate.last_name}", job.title, placement.client_company,
                         placement.approver_name, timesheet.week_start.isoformat(),
                         f"{timesheet.week_start:%d %b %Y}", timesheet.status, timesheet.notes,
                         timesheet.reject_reason, sum(e.minutes for e in entries), entries)


def api_view(session: Session, timesheet: Timesheet) -> dict:
    v = view_of(session, timesheet)
    return {"id": v.id, "placementId": v.placement_id, "candidateId": v.candidate_id, "weekStart": v.week_start,
            "status": v.status, "totalHours": str(hours.as_hours(v.total_minutes)),
            "submittedAt": timesheet.submitted_at.isoformat() if timesheet.submitted_at else None,
            "entries": [{"date": e.day, "start": e.start, "end": e.end, "breakMinutes": e.break_minutes,
                         "note": e.note} for e in v.entries]}


# --- the candidate's side -------------------------------------------------------------------------------

@dataclass
class WeekCard:
    placement_id: str
    job: str
    client: str
    days: list[tuple[str, str, bool]]  # (iso date, label, open for entry)
    timesheet: TimesheetView | None


def candidate_week(session: Session, who: CandidateActor, week: date) -> list[WeekCard]:
    """The candidate's placements running in the week starting `week` (a Monday), with their timesheets."""
    week = hours.week_start(week)
    tz = agency_zone(session, who.agency_id)
    today = hours.local_today(tz)
    cards = []
    for placement, job in session.exec(
            select(Placement, Job).join(Job, Job.id == Placement.job_id)
            .where(Placement.agency_id == who.agency_id, Placement.candidate_id == who.candidate_id,
                   Placement.start_date <= week + timedelta(days=6), Placement.end_date >= week)
            .order_by(Placement.start_date)):
        days = [(d.isoformat(), _fmt_day(d), placement.start_date <= d <= placement.end_date and d <= today)
                for d in (week + timedelta(days=i) for i in range(7))]
        sheet = _find(session, placement.id, week)
        cards.append(WeekCard(str(placement.id), job.title, placement.client_company, days,
                              view_of(session, sheet) if sheet else None))
    return cards


def _find(session: Session, placement_id: uuid.UUID, week: date) -> Timesheet | None:
    return session.exec(select(Timesheet).where(Timesheet.placement_id == placement_id,
                                                Timesheet.week_start == week)).first()


def _week(value) -> date:
    try:
        day = value if isinstance(value, date) else date.fromisoformat(str(value))
    except ValueError:
        raise NotFound("Week") from None
    return hours.week_start(day)


def save(session: Session, who: CandidateActor, placement_id, week, rows: list[dict], notes: str = "",
         *, submit: bool = False, now: datetime | None = None) -> Timesheet:
    """Store the week's rows (all or nothing); with `submit`, send it for approval. Errors per row key."""
    placement = candidate_placement(session, who, placement_id)
    week = _week(week)
    if week > placement.end_date or week + timedelta(days=6) < placement.start_date:
        raise ValidationError({"week": "This placement does not run in this week."})
    tz = agency_zone(session, placement.agency_id)
    sheet = _find(session, placement.id, week)
    if sheet is not None and sheet.status not in EDITABLE:
        raise Forbidden("This timesheet is approved and locked." if sheet.status == APPROVED
                        else "This timesheet is waiting for approval: it cannot be changed now.")
    notes = str(notes or "").strip()
    kept, errors = check_rows(list(rows or []), placement, week, tz, hours.local_today(tz, now))
    if len(notes) > MAX_NOTES:
        errors["notes"] = f"Notes have at most {MAX_NOTES} characters."
    if submit and not kept and not errors:
        errors["week"] = "Enter the hours you worked before submitting."
    if errors:
        raise ValidationError(errors)
    now = now or utcnow()
    if sheet is None:
        sheet = Timesheet(agency_id=placement.agency_id, placement_id=placement.id, week_start=week)
        session.add(sheet)
        session.flush()
    for entry in _entries(session, sheet.id):
        session.delete(entry)
    for row in kept:
        session.add(TimesheetEntry(timesheet_id=sheet.id, day=row.day, start=row.start, end=row.end,
                                   break_minutes=row.break_minutes, note=row.note))
    sheet.notes, sheet.updated_at = notes, now
    session.add(sheet)
    session.flush()
    if submit:
        _submit(session, who, sheet, placement, sum(r.minutes for r in kept), now)
    return sheet


def _timeline(session: Session, sheet: Timesheet, placement: Placement, kind: str, label: str,
              actor: Actor | None = None, **extra) -> None:
    activity.record(session, agency_id=sheet.agency_id, actor=actor, actor_label=label, subject_type="candidate",
                    subject_id=placement.candidate_id, kind=kind,
                    payload={"week": sheet.week_start.isoformat(), "timesheet_id": str(sheet.id), **extra})


def _submit(session: Session, who: CandidateActor, sheet: Timesheet, placement: Placement, minutes: int,
            now: datetime) -> None:
    again = sheet.status == REJECTED
    sheet.status, sheet.submitted_at, sheet.reject_reason = SUBMITTED, now, ""
    session.add(sheet)
    session.flush()
    _timeline(session, sheet, placement, "timesheet.resubmitted" if again else "timesheet.submitted", who.name,
              hours=str(hours.as_hours(minutes)))
    webhooks.emit_timesheet_submitted(session, sheet.agency_id, api_view(session, sheet))
    _ask_approver(session, sheet, placement, minutes, now)


# --- the client's approval link ------------------------------------------------------------------------------

def approval_url(raw: str) -> str:
    return f"{get_settings().public_url}/timesheet-approval/{raw}"


def _ask_approver(session: Session, sheet: Timesheet, placement: Placement, minutes: int, now: datetime) -> None:
    _close_links(session, sheet.id, now)
    raw, digest = new_token()
    session.add(ApprovalLink(agency_id=sheet.agency_id, timesheet_id=sheet.id, token_hash=digest, created_at=now,
                             expires_at=now + LINK_LIFETIME))
    agency = session.get(Agency, sheet.agency_id)
    candidate = session.get(Candidate, placement.candidate_id)
    subject, body = email_templates.compose(session, agency, None, "timesheet_approval", {
        "APPROVER": placement.approver_name, "CANDIDATE": f"{candidate.first_name} {candidate.last_name}",
        "CLIENT": placement.client_company, "WEEK": f"{sheet.week_start:%d %b %Y}",
        "HOURS": str(hours.as_hours(minutes)), "URL": approval_url(raw)})
    email.enqueue(session, agency_id=sheet.agency_id, to_email=placement.approver_email,
                  to_name=placement.approver_name, subject=subject, body_text=body, purpose="timesheet_approval",
                  subject_type="timesheet", subject_id=sheet.id)


def _close_links(session: Session, timesheet_id: uuid.UUID, now: datetime) -> None:
    session.execute(update(ApprovalLink).where(ApprovalLink.timesheet_id == timesheet_id,
                                               ApprovalLink.used_at.is_(None))
                    .values(used_at=now).execution_options(synchronize_session=False))


@dataclass
class LinkLookup:
    view: TimesheetView | None
    dead_reason: str  # "" when the link can still be used; else unknown / used / expired
    language: str = "en"  # the agency's default language: the approver has no account to choose one


def look_up_link(session: Session, raw: str, now: datetime | None = None) -> LinkLookup:
    link = _link(session, raw)
    if link is None:
        return LinkLookup(None, "unknown")
    sheet = session.get(Timesheet, link.timesheet_id)
    agency = session.get(Agency, link.agency_id)
    language = agency.default_language if agency is not None and agency.default_language in ("en", "fr") else "en"
    if link.used_at is not None or sheet.status != SUBMITTED:
        return LinkLookup(view_of(session, sheet), "used", language)
    if link.expires_at <= (now or utcnow()):
        return LinkLookup(view_of(session, sheet), "expired", language)
    return LinkLookup(view_of(session, sheet), "", language)


def _link(session: Session, raw: str) -> ApprovalLink | None:
    raw = str(raw or "")
    if not raw or len(raw) > 100:
        return None
    return session.exec(select(ApprovalLink).where(ApprovalLink.token_hash == hash_token(raw))).first()


def decide_by_link(session: Session, raw: str, approve: bool, reason: str = "",
                   now: datetime | None = None) -> Timesheet:
    """The client's approver approves or rejects through the emailed link, which then stops working."""
    now = now or utcnow()
    reason = str(reason or "").strip()
    if not approve and not reason:
        raise ValidationError({"reason": "Say what is wrong so the candidate can correct it."})
    if len(reason) > 1000:
        raise ValidationError({"reason": "The reason has at most 1000 characters."})
    found = look_up_link(session, raw, now)
    if found.dead_reason:
        raise Forbidden("This link has already been used or has expired." if found.view
                        else "This link is not valid.")
    link = _link(session, raw)
    won = session.execute(update(ApprovalLink).where(ApprovalLink.id == link.id, ApprovalLink.used_at.is_(None))
                          .values(used_at=now).execution_options(synchronize_session=False))
    if won.rowcount != 1:
        raise Forbidden("This link has already been used or has expired.")
    sheet = session.get(Timesheet, link.timesheet_id)
    placement = session.get(Placement, sheet.placement_id)
    label = f"{placement.approver_name} ({placement.client_company})"
    return _decide(session, sheet, placement, approve, reason, label, None, now)


def _decide(session: Session, sheet: Timesheet, placement: Placement, approve: bool, reason: str, label: str,
            actor: Actor | None, now: datetime) -> Timesheet:
    if sheet.status != SUBMITTED:
        raise Forbidden("Only a submitted timesheet can be approved or rejected.")
    _close_links(session, sheet.id, now)
    if approve:
        sheet.status, sheet.approved_at, sheet.approved_by = APPROVED, now, label[:200]
        _timeline(session, sheet, placement, "timesheet.approved", label, actor)
    else:
        sheet.status, sheet.reject_reason = REJECTED, reason[:1000]
        _timeline(session, sheet, placement, "timesheet.rejected", label, actor, reason=reason[:300])
        _tell_rejected(session, sheet, placement)
    sheet.updated_at = now
    session.add(sheet)
    session.flush()
    return sheet


def _portal_timesheets_url(agency: Agency, week: date) -> str:
    """The portal's timesheets, opened on `week` (the one the email is about)."""
    return f"{email_templates.portal_url(agency)}/timesheets?week={week.isoformat()}"


def _tell_rejected(session: Session, sheet: Timesheet, placement: Placement) -> None:
    agency = session.get(Agency, sheet.agency_id)
    candidate = session.get(Candidate, placement.candidate_id)
    if not candidate.email:
        return
    subject, body = email_templates.compose(session, agency, candidate, "timesheet_rejected", {
        "WEEK": f"{sheet.week_start:%d %b %Y}", "REASON": sheet.reject_reason,
        "URL": _portal_timesheets_url(agency, sheet.week_start), "RECRUITER": agency.name})
    email.enqueue(session, agency_id=agency.id, to_email=candidate.email, to_name=candidate.first_name,
                  subject=subject, body_text=body, purpose="timesheet_rejected", subject_type="timesheet",
                  subject_id=sheet.id, candidate_id=candidate.id)


# --- the recruiter's side -------------------------------------------------------------------------------

def get_timesheet(session: Session, actor: Actor, timesheet_id) -> Timesheet:
    sheet = session.get(Timesheet, as_uuid(timesheet_id, "Timesheet"))
    if sheet is None or sheet.agency_id != actor.agency_id:
        raise NotFound("Timesheet")
    return sheet


def queue(session: Session, actor: Actor, status: str = SUBMITTED) -> list[TimesheetView]:
    stmt = select(Timesheet).where(Timesheet.agency_id == actor.agency_id)
    if status:
        stmt = stmt.where(Timesheet.status == status)
    return [view_of(session, s) for s in session.exec(stmt.order_by(Timesheet.week_start, Timesheet.submitted_at)
                                                        .limit(200))]


def approve(session: Session, actor: Actor, timesheet_id, now: datetime | None = None) -> Timesheet:
    actor.require_write()
    sheet = get_timesheet(session, actor, timesheet_id)
    return _decide(session, sheet, session.get(Placement, sheet.placement_id), True, "", actor.name, actor,
                   now or utcnow())


def reject(session: Session, actor: Actor, timesheet_id, reason: str, now: datetime | None = None) -> Timesheet:
    actor.require_write()
    reason = str(reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Say what is wrong so the candidate can correct it."})
    if len(reason) > 1000:
        raise ValidationError({"reason": "The reason has at most 1000 characters."})
    sheet = get_timesheet(session, actor, timesheet_id)
    return _decide(session, sheet, session.get(Placement, sheet.placement_id), False, reason, actor.name, actor,
                   now or utcnow())


CSV_HEADER = ["candidate", "job", "client", "period_start", "period_end", "hours", "pay_rate", "pay_amount",
              "bill_rate", "bill_amount"]


def export_csv(session: Session, actor: Actor, start, end) -> str:
    """Approved hours worked between `start` and `end` (inclusive), one line per placement, with amounts."""
    errors = {}
    try:
        start = start if isinstance(start, date) else date.fromisoformat(str(start))
    except ValueError:
        errors["start"] = "Enter a date (YYYY-MM-DD)."
    try:
        end = end if isinstance(end, date) else date.fromisoformat(str(end))
    except ValueError:
        errors["end"] = "Enter a date (YYYY-MM-DD)."
    if not errors and end < start:
        errors["end"] = "The end of the period is on or after its start."
    if errors:
        raise ValidationError(errors)
    tz = agency_zone(session, actor.agency_id)
    minutes: dict[uuid.UUID, int] = {}
    for entry, sheet in session.exec(
            select(TimesheetEntry, Timesheet).join(Timesheet, Timesheet.id == TimesheetEntry.timesheet_id)
            .where(Timesheet.agency_id == actor.agency_id, Timesheet.status == APPROVED,
                   TimesheetEntry.day >= start, TimesheetEntry.day <= end)):
        minutes[sheet.placement_id] = minutes.get(sheet.placement_id, 0) + hours.worked_minutes(
            entry.day, entry.start, entry.end, entry.break_minutes, tz)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    rows = []
    for placement_id, total in minutes.items():
        placement = session.get(Placement, placement_id)
        candidate = session.get(Candidate, placement.candidate_id)
        job = session.get(Job, placement.job_id)
        rows.append([f"{candidate.first_name} {candidate.last_name}", job.title, placement.client_company,
                     start.isoformat(), end.isoformat(), str(hours.as_hours(total)), f"{placement.pay_rate:.2f}",
                     str(hours.amount(total, placement.pay_rate)), f"{placement.bill_rate:.2f}",
                     str(hours.amount(total, placement.bill_rate))])
    for row in sorted(rows):
        writer.writerow([_safe_cell(c) for c in row])
    return out.getvalue()


def _safe_cell(value: str) -> str:
    """Spreadsheets run cells starting with = + - @ as formulas: keep names from doing that."""
    return "'" + value if value[:1] in ("=", "+", "-", "@") and not value[1:2].isdigit() else value


# --- reminders (a periodic task) -------------------------------------------------------------------------

def _week_key(placement_id: uuid.UUID, week: date) -> uuid.UUID:
    return uuid.uuid5(placement_id, week.isoformat())


def send_reminders(session: Session, now: datetime | None = None, approver_days: int = APPROVER_WAIT_DAYS) -> int:
    """Email candidates whose past week has no submitted timesheet (once per week), and approvers whose
    queue has waited more than `approver_days` (a fresh link, once). Returns how many emails were queued."""
    now = now or utcnow()
    sent = 0
    for agency in session.exec(select(Agency)):
        tz = hours.zone(agency.time_zone)
        today = hours.local_today(tz, now)
        this_week = hours.week_start(today)
        oldest = this_week - timedelta(weeks=REMIND_WEEKS)
        for placement in session.exec(select(Placement).where(
                Placement.agency_id == agency.id, Placement.start_date < this_week, Placement.end_date >= oldest)):
            week = max(hours.week_start(placement.start_date), oldest)
            while week < this_week and week <= placement.end_date:
                sheet = _find(session, placement.id, week)
                if sheet is None or sheet.status == DRAFT:
                    sent += _remind_candidate(session, agency, placement, week)
                week += timedelta(weeks=1)
        for sheet in session.exec(select(Timesheet).where(
                Timesheet.agency_id == agency.id, Timesheet.status == SUBMITTED,
                Timesheet.submitted_at <= now - timedelta(days=approver_days))):
            asked = session.exec(select(OutboxMessage).where(
                OutboxMessage.agency_id == agency.id, OutboxMessage.purpose == "timesheet_approval",
                OutboxMessage.subject_id == sheet.id, OutboxMessage.created_at > sheet.submitted_at)).all()
            if len(asked) <= 1:
                placement = session.get(Placement, sheet.placement_id)
                _ask_approver(session, sheet, placement, view_of(session, sheet).total_minutes, now)
                sent += 1
    return sent


def _remind_candidate(session: Session, agency: Agency, placement: Placement, week: date) -> int:
    key = _week_key(placement.id, week)
    if session.exec(select(OutboxMessage.id).where(OutboxMessage.purpose == "timesheet_reminder",
                                                   OutboxMessage.subject_id == key)).first():
        return 0
    candidate = session.get(Candidate, placement.candidate_id)
    if not candidate.email or candidate.anonymised_at is not None:
        return 0
    subject, body = email_templates.compose(session, agency, candidate, "timesheet_reminder", {
        "WEEK": f"{week:%d %b %Y}", "URL": _portal_timesheets_url(agency, week), "RECRUITER": agency.name})
    email.enqueue(session, agency_id=agency.id, to_email=candidate.email, to_name=candidate.first_name,
                  subject=subject, body_text=body, purpose="timesheet_reminder", subject_type="timesheet_week",
                  subject_id=key, candidate_id=candidate.id)
    return 1


def totals(view: TimesheetView) -> Decimal:
    return hours.as_hours(view.total_minutes)

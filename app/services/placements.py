"""Placements: a hired candidate of a temp or contract job working for a client, with rates and an approver."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from sqlmodel import Session, select

from app.models import (Agency, Application, Candidate, EmploymentType, Job, PipelineStage, Placement,
                        StageKind)
from app.services import activity
from app.services.actor import Actor
from app.services.applications import get_application
from app.services.candidates import as_uuid
from app.services.errors import NotFound, ValidationError
from app.services.hours import zone
from app.services.portal_auth import CandidateActor
from app.services.validation import RuleError, clean_email

TEMP_TYPES = {EmploymentType.TEMP.value, EmploymentType.CONTRACT.value}
FIELDS = ("start_date", "end_date", "pay_rate", "bill_rate", "client_company", "client_contact",
          "approver_name", "approver_email", "expected_hours")


@dataclass(frozen=True)
class PlacementRow:
    id: str
    candidate_id: str
    candidate: str
    job_id: str
    job: str
    client: str
    start: str
    end: str
    pay_rate: str
    bill_rate: str
    approver: str


def _date(value, field: str, errors: dict) -> date | None:
    try:
        return value if isinstance(value, date) else date.fromisoformat(str(value or "").strip())
    except ValueError:
        errors[field] = "Enter a date (YYYY-MM-DD)."
        return None


def _money(value, field: str, errors: dict, limit: Decimal = Decimal("100000")) -> Decimal | None:
    try:
        amount = Decimal(str(value).strip().replace(",", ".")) if str(value or "").strip() else None
    except InvalidOperation:
        amount = None
    if amount is None or not amount.is_finite() or amount < 0 or amount >= limit:
        errors[field] = "Enter a number, like 15.50."
        return None
    return amount.quantize(Decimal("0.01"))


def clean_fields(data: dict) -> dict:
    errors: dict[str, str] = {}
    out: dict = {"start_date": _date(data.get("start_date"), "start_date", errors),
                 "end_date": _date(data.get("end_date"), "end_date", errors),
                 "pay_rate": _money(data.get("pay_rate"), "pay_rate", errors),
                 "bill_rate": _money(data.get("bill_rate"), "bill_rate", errors),
                 "expected_hours": _money(data.get("expected_hours") or "35", "expected_hours", errors,
                                          Decimal("169"))}
    if out["start_date"] and out["end_date"] and out["end_date"] < out["start_date"]:
        errors["end_date"] = "The end date is on or after the start date."
    for field, label in (("client_company", "The client company"), ("approver_name", "The approver's name")):
        out[field] = str(data.get(field) or "").strip()[:200]
        if not out[field]:
            errors[field] = f"{label} is required."
    out["client_contact"] = str(data.get("client_contact") or "").strip()[:200]
    try:
        out["approver_email"] = clean_email(data.get("approver_email"))
    except RuleError as exc:
        errors["approver_email"] = str(exc)
    if errors:
        raise ValidationError(errors)
    return out


def hired_applications(session: Session, actor: Actor, job_id) -> list[tuple[Application, Candidate]]:
    """Applications of a temp or contract job in a Hired stage that have no placement yet."""
    job = _job(session, actor, job_id)
    if job.employment_type not in TEMP_TYPES:
        return []
    placed = select(Placement.application_id).where(Placement.agency_id == actor.agency_id)
    return list(session.exec(
        select(Application, Candidate).join(Candidate, Candidate.id == Application.candidate_id)
        .join(PipelineStage, PipelineStage.id == Application.stage_id)
        .where(Application.agency_id == actor.agency_id, Application.job_id == job.id,
               PipelineStage.kind == StageKind.HIRED.value, Application.id.not_in(placed))
        .order_by(Candidate.last_name, Candidate.first_name)))


def _job(session: Session, actor: Actor, job_id) -> Job:
    job = session.get(Job, as_uuid(job_id, "Job"))
    if job is None or job.agency_id != actor.agency_id:
        raise NotFound("Job")
    return job


def create_placement(session: Session, actor: Actor, application_id, data: dict) -> Placement:
    actor.require_write()
    application = get_application(session, actor, application_id)
    job = session.get(Job, application.job_id)
    stage = session.get(PipelineStage, application.stage_id)
    if job.employment_type not in TEMP_TYPES:
        raise ValidationError({"application": "Placements are for temp or contract jobs."})
    if stage.kind != StageKind.HIRED.value:
        raise ValidationError({"application": "Move the candidate to a Hired stage first."})
    if session.exec(select(Placement).where(Placement.application_id == application.id)).first():
        raise ValidationError({"application": "This hire already has a placement."})
    fields = clean_fields(data)
    placement = Placement(agency_id=actor.agency_id, application_id=application.id,
                          candidate_id=application.candidate_id, job_id=job.id, created_by_id=actor.user_id,
                          **fields)
    session.add(placement)
    session.flush()
    activity.record(session, agency_id=actor.agency_id, actor=actor, subject_type="candidate",
                    subject_id=application.candidate_id, kind="placement.created",
                    payload={"job": job.title, "client": placement.client_company,
                             "start": placement.start_date.isoformat(), "end": placement.end_date.isoformat()})
    return placement


def get_placement(session: Session, actor: Actor, placement_id) -> Placement:
    placement = session.get(Placement, as_uuid(placement_id, "Placement"))
    if placement is None or placement.agency_id != actor.agency_id:
        raise NotFound("Placement")
    return placement


def candidate_placement(session: Session, who: CandidateActor, placement_id) -> Placement:
    placement = session.get(Placement, as_uuid(placement_id, "Placement"))
    if placement is None or placement.agency_id != who.agency_id or placement.candidate_id != who.candidate_id:
        raise NotFound("Placement")
    return placement


def list_placements(session: Session, actor: Actor, *, job_id=None, candidate_id=None) -> list[PlacementRow]:
    stmt = (select(Placement, Candidate, Job).join(Candidate, Candidate.id == Placement.candidate_id)
            .join(Job, Job.id == Placement.job_id).where(Placement.agency_id == actor.agency_id))
    if job_id is not None:
        stmt = stmt.where(Placement.job_id == as_uuid(job_id, "Job"))
    if candidate_id is not None:
        stmt = stmt.where(Placement.candidate_id == as_uuid(candidate_id))
    rows = session.exec(stmt.order_by(Placement.start_date.desc()))
    return [PlacementRow(str(p.id), str(c.id), f"{c.first_name} {c.last_name}", str(j.id), j.title,
                         p.client_company, p.start_date.isoformat(), p.end_date.isoformat(), f"{p.pay_rate:.2f}",
                         f"{p.bill_rate:.2f}", f"{p.approver_name} <{p.approver_email}>") for p, c, j in rows]


def for_candidate(session: Session, agency_id: uuid.UUID, candidate_id: uuid.UUID) -> list[tuple[Placement, Job]]:
    return list(session.exec(select(Placement, Job).join(Job, Job.id == Placement.job_id)
                             .where(Placement.agency_id == agency_id, Placement.candidate_id == candidate_id)
                             .order_by(Placement.start_date)))


def agency_zone(session: Session, agency_id: uuid.UUID):
    agency = session.get(Agency, agency_id)
    return zone(agency.time_zone if agency else None)


def delete_for_candidate(session: Session, candidate_id: uuid.UUID) -> None:
    """A candidate is deleted for good: their placements, timesheets, offers and availability go too."""
    from sqlalchemy import delete

    from app.models import (ApprovalLink, AvailabilityCheck, AvailabilityException, AvailabilitySlot, ShiftOffer,
                            Timesheet, TimesheetEntry)

    placement_ids = select(Placement.id).where(Placement.candidate_id == candidate_id)
    sheet_ids = select(Timesheet.id).where(Timesheet.placement_id.in_(placement_ids))
    session.exec(delete(ApprovalLink).where(ApprovalLink.timesheet_id.in_(sheet_ids)))
    session.exec(delete(TimesheetEntry).where(TimesheetEntry.timesheet_id.in_(sheet_ids)))
    session.exec(delete(Timesheet).where(Timesheet.placement_id.in_(placement_ids)))
    session.exec(delete(Placement).where(Placement.candidate_id == candidate_id))
    for model in (ShiftOffer, AvailabilitySlot, AvailabilityException, AvailabilityCheck):
        session.exec(delete(model).where(model.candidate_id == candidate_id))


def has_placement(session: Session, application_id: uuid.UUID) -> bool:
    return session.exec(select(Placement.id).where(Placement.application_id == application_id)).first() is not None


def works_temp(session: Session, who: CandidateActor) -> bool:
    """Whether the portal shows the temp-work sections (shifts, timesheets, availability) to this candidate: they
    applied to a temp or contract job, have a placement, or were offered a shift."""
    from app.models import ShiftOffer

    mine = (who.agency_id, who.candidate_id)
    queries = (
        select(Application.id).join(Job, Job.id == Application.job_id)
        .where(Application.agency_id == mine[0], Application.candidate_id == mine[1],
               Job.employment_type.in_(TEMP_TYPES)),
        select(Placement.id).where(Placement.agency_id == mine[0], Placement.candidate_id == mine[1]),
        select(ShiftOffer.id).where(ShiftOffer.agency_id == mine[0], ShiftOffer.candidate_id == mine[1]),
    )
    return any(session.exec(query.limit(1)).first() is not None for query in queries)

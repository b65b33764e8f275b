"""Temp staffing: placements, availability, shifts, timesheets and the client's approval links."""

from __future__ import annotations

import enum
import uuid
from datetime import date, datetime, time
from decimal import Decimal

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from app.models.base import UTCDateTime, new_id, utcnow


class TimesheetStatus(str, enum.Enum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    REJECTED = "rejected"


class OfferStatus(str, enum.Enum):
    OFFERED = "offered"
    ACCEPTED = "accepted"
    DECLINED = "declined"


class Placement(SQLModel, table=True):
    """A hired candidate working for a client through the agency, from one application."""

    __tablename__ = "placement"
    __table_args__ = (sa.Index("ix_placement_agency_job", "agency_id", "job_id"),
                      sa.Index("ix_placement_agency_candidate", "agency_id", "candidate_id"))

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    agency_id: uuid.UUID = Field(foreign_key="agency.id")
    application_id: uuid.UUID = Field(foreign_key="application.id", unique=True)
    candidate_id: uuid.UUID = Field(foreign_key="candidate.id")
    job_id: uuid.UUID = Field(foreign_key="job.id")
    start_date: date
    end_date: date
    pay_rate: Decimal = Field(sa_type=sa.Numeric(10, 2))
    bill_rate: Decimal = Field(sa_type=sa.Numeric(10, 2))
    client_company: str = Field(max_length=200)
    client_contact: str = Field(default="", max_length=200)
    approver_name: str = Field(max_length=200)
    approver_email: str = Field(max_length=254)
    expected_hours: Decimal = Field(default=Decimal("35"), sa_type=sa.Numeric(5, 2))  # per week
    created_by_id: uuid.UUID | None = Field(default=None, foreign_key="staff_user.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class AvailabilitySlot(SQLModel, table=True):
    """The candidate's usual week: available on `weekday` (0 = Monday) from `start` to `end`."""

    __tablename__ = "availability_slot"

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    agency_id: uuid.UUID = Field(foreign_key="agency.id")
    candidate_id: uuid.UUID = Field(foreign_key="candidate.id", index=True)
    weekday: int
    start: time
    end: time


class AvailabilityException(SQLModel, table=True):
    """A change to the usual week: unavailable (holiday) or extra availability, over a date range."""

    __tablename__ = "availability_exception"

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    agency_id: uuid.UUID = Field(foreign_key="agency.id")
    candidate_id: uuid.UUID = Field(foreign_key="candidate.id", index=True)
    start_date: date
    end_date: date
    available: bool = False  # False: unavailable; True: extra availability
    start: time | None = None  # hours of an extra availability (None: the whole day)
    end: time | None = None
    note: str = Field(default="", max_length=300)


class Shift(SQLModel, table=True):
    """Work to staff on a job: a date and hours (local to the agency), `headcount` people."""

    __tablename__ = "shift"
    __table_args__ = (sa.Index("ix_shift_agency_job_date", "agency_id", "job_id", "day"),)

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    agency_id: uuid.UUID = Field(foreign_key="agency.id")
    job_id: uuid.UUID = Field(foreign_key="job.id")
    day: date
    start: time
    end: time  # before `start` means the shift ends the next day
    location: str = Field(default="", max_length=200)
    headcount: int = 1
    series_id: uuid.UUID | None = Field(default=None)  # shared by the shifts of one weekly repeat
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class ShiftOffer(SQLModel, table=True):
    """A shift offered to a candidate; accepted offers are the shift's assignments."""

    __tablename__ = "shift_offer"
    __table_args__ = (sa.UniqueConstraint("shift_id", "candidate_id", name="uq_shift_offer_candidate"),
                      sa.Index("ix_shift_offer_candidate", "candidate_id", "status"))

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    agency_id: uuid.UUID = Field(foreign_key="agency.id")
    shift_id: uuid.UUID = Field(foreign_key="shift.id")
    candidate_id: uuid.UUID = Field(foreign_key="candidate.id")
    status: str = Field(default=OfferStatus.OFFERED.value, sa_type=sa.String(20))
    outside_availability: bool = False
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    answered_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class Timesheet(SQLModel, table=True):
    """One week (Monday `week_start`) of hours worked on one placement."""

    __tablename__ = "timesheet"
    __table_args__ = (sa.UniqueConstraint("placement_id", "week_start", name="uq_timesheet_week"),
                      sa.Index("ix_timesheet_agency_status", "agency_id", "status"))

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    agency_id: uuid.UUID = Field(foreign_key="agency.id")
    placement_id: uuid.UUID = Field(foreign_key="placement.id")
    week_start: date
    status: str = Field(default=TimesheetStatus.DRAFT.value, sa_type=sa.String(20))
    notes: str = Field(default="", max_length=2000)
    reject_reason: str = Field(default="", max_length=1000)
    submitted_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    approved_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    approved_by: str = Field(default="", max_length=200)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class TimesheetEntry(SQLModel, table=True):
    """One stretch of work on a day; `end` before `start` runs past midnight."""

    __tablename__ = "timesheet_entry"

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    timesheet_id: uuid.UUID = Field(foreign_key="timesheet.id", index=True)
    day: date
    start: time
    end: time
    break_minutes: int = 0
    note: str = Field(default="", max_length=300)


class ApprovalLink(SQLModel, table=True):
    """A client approver's single-use link to approve or reject one submitted timesheet (hash only)."""

    __tablename__ = "approval_link"

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    agency_id: uuid.UUID = Field(foreign_key="agency.id")
    timesheet_id: uuid.UUID = Field(foreign_key="timesheet.id", index=True)
    token_hash: str = Field(max_length=64, unique=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    expires_at: datetime = Field(sa_type=UTCDateTime)
    used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class AvailabilityCheck(SQLModel, table=True):
    """One candidate asked by email whether they can work `first_day`..`last_day` (from `start` to `end`, or all
    day when None). `batch_id` groups the candidates asked together (a bulk job's id, or the row's own)."""

    __tablename__ = "availability_check"
    __table_args__ = (sa.Index("ix_availability_check_agency_batch", "agency_id", "batch_id"),)

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    agency_id: uuid.UUID = Field(foreign_key="agency.id")
    batch_id: uuid.UUID
    candidate_id: uuid.UUID = Field(foreign_key="candidate.id", index=True)
    first_day: date
    last_day: date
    start: time | None = None
    end: time | None = None
    job: str = Field(default="", max_length=200)
    status: str = Field(default="sent", sa_type=sa.String(20))  # sent, no_email, answered
    available: bool | None = None
    answer_note: str = Field(default="", max_length=300)
    created_by_id: uuid.UUID | None = Field(default=None, foreign_key="staff_user.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    answered_at: datetime | None = Field(default=None, sa_type=UTCDateTime)

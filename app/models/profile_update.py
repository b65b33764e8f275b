"""Profile-update requests, the single-use links behind them, email templates and the form's settings."""

import enum
import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from app.models.base import UTCDateTime, new_id, utcnow


class AccessToken(SQLModel, table=True):
    """A link sent to a candidate (or a client): only the SHA-256 of the random token is kept.

    `purpose` says what it opens and `subject_id` which record (a profile-update request, ...). A token is
    dead once used, revoked or past `expires_at`; the row stays so a dead link can still say why.
    """

    __tablename__ = "access_token"
    __table_args__ = (sa.Index("ix_access_token_subject", "purpose", "subject_id"),)

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    agency_id: uuid.UUID = Field(foreign_key="agency.id")
    candidate_id: uuid.UUID | None = Field(default=None, foreign_key="candidate.id", index=True)
    purpose: str = Field(max_length=30)
    subject_id: uuid.UUID | None = Field(default=None)
    token_hash: str = Field(max_length=64, unique=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    expires_at: datetime = Field(sa_type=UTCDateTime)
    used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    revoke_reason: str = Field(default="", max_length=30)


class RequestStatus(str, enum.Enum):
    QUEUED = "queued"
    SENT = "sent"
    FAILED = "failed"
    OPENED = "opened"
    SUBMITTED = "submitted"
    EXPIRED = "expired"
    CANCELLED = "cancelled"


ACTIVE_REQUEST_STATUSES = (RequestStatus.QUEUED.value, RequestStatus.SENT.value, RequestStatus.OPENED.value)


class ProfileUpdateRequest(SQLModel, table=True):
    """One "please update your profile" request to one candidate, from its email to the submitted form."""

    __tablename__ = "profile_update_request"
    __table_args__ = (
        sa.Index("ix_pur_agency_status", "agency_id", "status", "created_at"),
        sa.Index("ix_pur_candidate", "candidate_id", "created_at"),
    )

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    agency_id: uuid.UUID = Field(foreign_key="agency.id")
    candidate_id: uuid.UUID = Field(foreign_key="candidate.id")
    requested_by_id: uuid.UUID | None = Field(default=None, foreign_key="staff_user.id")
    bulk_job_id: uuid.UUID | None = Field(default=None)
    status: str = Field(default=RequestStatus.QUEUED.value, sa_type=sa.String(20))
    failure_reason: str = Field(default="", max_length=300)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    expires_at: datetime = Field(sa_type=UTCDateTime)
    sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    opened_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    submitted_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    closed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    reminder_sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    renewal_requested_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    send_count: int = Field(default=1)


class EmailTemplate(SQLModel, table=True):
    """An agency's own wording of a standard email, per purpose and language (defaults live in code)."""

    __tablename__ = "email_template"
    __table_args__ = (sa.UniqueConstraint("agency_id", "purpose", "language", name="uq_email_template"),)

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    agency_id: uuid.UUID = Field(foreign_key="agency.id")
    purpose: str = Field(max_length=40)
    language: str = Field(max_length=5)
    subject: str = Field(max_length=300)
    body: str = Field(sa_type=sa.Text)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_by_id: uuid.UUID | None = Field(default=None, foreign_key="staff_user.id")


class ProfileFormSettings(SQLModel, table=True):
    """How an agency's profile-update form looks: texts, fields (visible, required, label), languages."""

    __tablename__ = "profile_form_settings"

    agency_id: uuid.UUID = Field(foreign_key="agency.id", primary_key=True)
    config: dict = Field(default_factory=dict, sa_column=sa.Column(sa.JSON, nullable=False))
    link_max_age_days: int = Field(default=30)
    reminder_days: int | None = Field(default=None)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_by_id: uuid.UUID | None = Field(default=None, foreign_key="staff_user.id")

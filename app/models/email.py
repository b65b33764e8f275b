import enum
import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from app.models.base import UTCDateTime, new_id, utcnow


class MessageStatus(str, enum.Enum):
    QUEUED = "queued"
    SENT = "sent"
    FAILED = "failed"


class OutboxMessage(SQLModel, table=True):
    """One email. Written in the same transaction as what caused it; a sender delivers it later, with retries."""

    __tablename__ = "outbox_message"
    __table_args__ = (
        sa.Index("ix_outbox_due", "status", "next_attempt_at"),
        sa.Index("ix_outbox_agency_created", "agency_id", "created_at"),
    )

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    agency_id: uuid.UUID = Field(foreign_key="agency.id")
    to_email: str = Field(max_length=254)
    to_name: str = Field(default="", max_length=200)
    from_email: str = Field(max_length=254)
    subject: str = Field(max_length=300)
    body_text: str = Field(sa_type=sa.Text)
    purpose: str = Field(max_length=40)
    # The candidate it was written to (their portal's Messages and the recruiter's Messages tab list it).
    candidate_id: uuid.UUID | None = Field(default=None, foreign_key="candidate.id", index=True)
    subject_type: str | None = Field(default=None, max_length=30)
    subject_id: uuid.UUID | None = Field(default=None)
    # Sent as the provider's Idempotency-Key: a retry after an unknown outcome is never delivered twice.
    idempotency_key: str = Field(max_length=64, unique=True)
    status: str = Field(default=MessageStatus.QUEUED.value, sa_type=sa.String(20))
    attempts: int = Field(default=0)
    next_attempt_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    last_error: str = Field(default="", max_length=500)
    provider_id: str | None = Field(default=None, max_length=100)
    # Messages first sent together to Resend's batch endpoint are retried together, under the batch's key.
    batch_id: uuid.UUID | None = Field(default=None, index=True)
    # Set by the sender that claimed the message, so two senders (workers) never send it both.
    claim_id: str | None = Field(default=None, max_length=32, index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)

"""Webhooks: an agency's receiving endpoints and every delivery made (or still to make) to them."""

import enum
import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from app.models.base import UTCDateTime, new_id, utcnow


class DeliveryStatus(str, enum.Enum):
    PENDING = "pending"  # waiting for its first attempt or for a retry
    DELIVERED = "delivered"
    FAILED = "failed"  # every attempt failed; an admin can send it again


class WebhookEndpoint(SQLModel, table=True):
    """A URL that receives the agency's events, signed with `secret` (HMAC-SHA256).

    The secret is kept as is because signing needs it; it is shown to the admin once and never sent again.
    """

    __tablename__ = "webhook_endpoint"
    __table_args__ = (sa.Index("ix_webhook_endpoint_agency", "agency_id", "created_at"),)

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    agency_id: uuid.UUID = Field(foreign_key="agency.id")
    url: str = Field(max_length=2000)
    description: str = Field(default="", max_length=200)
    events: list = Field(default_factory=list, sa_column=sa.Column(sa.JSON, nullable=False))
    secret: str = Field(max_length=100)
    is_active: bool = Field(default=True)
    created_by_id: uuid.UUID | None = Field(default=None, foreign_key="staff_user.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class WebhookDelivery(SQLModel, table=True):
    """One event for one endpoint. Written in the transaction that caused the event; sent later, with retries."""

    __tablename__ = "webhook_delivery"
    __table_args__ = (
        sa.Index("ix_webhook_delivery_due", "status", "next_attempt_at"),
        sa.Index("ix_webhook_delivery_agency_created", "agency_id", "created_at"),
        sa.Index("ix_webhook_delivery_endpoint", "endpoint_id", "created_at"),
    )

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    agency_id: uuid.UUID = Field(foreign_key="agency.id")
    endpoint_id: uuid.UUID = Field(foreign_key="webhook_endpoint.id")
    event_id: uuid.UUID  # the same for every endpoint that receives this event
    event: str = Field(max_length=60)
    payload: dict = Field(default_factory=dict, sa_column=sa.Column(sa.JSON, nullable=False))
    status: str = Field(default=DeliveryStatus.PENDING.value, sa_type=sa.String(20))
    attempts: int = Field(default=0)
    next_attempt_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    last_attempt_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    response_code: int | None = Field(default=None)
    error: str = Field(default="", max_length=500)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    delivered_at: datetime | None = Field(default=None, sa_type=UTCDateTime)

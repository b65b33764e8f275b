import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from app.models.base import UTCDateTime, new_id, utcnow


class ActivityEvent(SQLModel, table=True):
    """The timeline: one row per thing that happened, written by every feature."""

    __tablename__ = "activity_event"
    __table_args__ = (
        sa.Index("ix_activity_subject", "agency_id", "subject_type", "subject_id", "created_at"),
        sa.Index("ix_activity_agency_created", "agency_id", "created_at"),
    )

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    agency_id: uuid.UUID = Field(foreign_key="agency.id")
    actor_id: uuid.UUID | None = Field(default=None, foreign_key="staff_user.id")
    actor_label: str = Field(default="", max_length=200)
    subject_type: str = Field(max_length=30)
    subject_id: uuid.UUID
    kind: str = Field(max_length=60)
    payload: dict = Field(default_factory=dict, sa_column=sa.Column(sa.JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)

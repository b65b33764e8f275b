import enum
import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from app.models.base import UTCDateTime, new_id, utcnow


class EmploymentType(str, enum.Enum):
    PERMANENT = "permanent"
    TEMP = "temp"
    CONTRACT = "contract"


class JobStatus(str, enum.Enum):
    OPEN = "open"
    CLOSED = "closed"


class StageKind(str, enum.Enum):
    ACTIVE = "active"
    HIRED = "hired"
    REJECTED = "rejected"


class Job(SQLModel, table=True):
    __tablename__ = "job"
    __table_args__ = (sa.Index("ix_job_agency_status", "agency_id", "status", "created_at"),)

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    agency_id: uuid.UUID = Field(foreign_key="agency.id")
    title: str = Field(max_length=200)
    location: str | None = Field(default=None, max_length=200)
    employment_type: str = Field(default=EmploymentType.PERMANENT.value, sa_type=sa.String(20))
    status: str = Field(default=JobStatus.OPEN.value, sa_type=sa.String(20))
    description: str | None = Field(default=None, sa_type=sa.Text)
    owner_id: uuid.UUID | None = Field(default=None, foreign_key="staff_user.id", index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class PipelineStage(SQLModel, table=True):
    """One column of the agency's pipeline, in `position` order."""

    __tablename__ = "pipeline_stage"
    __table_args__ = (sa.Index("ix_stage_agency_position", "agency_id", "position"),)

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    agency_id: uuid.UUID = Field(foreign_key="agency.id")
    name: str = Field(max_length=100)
    position: int = Field(default=0)
    kind: str = Field(default=StageKind.ACTIVE.value, sa_type=sa.String(20))
    # What candidates see in the portal instead of the internal name, and what happens next.
    portal_label: str | None = Field(default=None, max_length=100)
    portal_next_step: str | None = Field(default=None, max_length=500)


class Application(SQLModel, table=True):
    """A candidate in a job's pipeline. `agency_id` is kept on the row so every query can scope by it."""

    __tablename__ = "application"
    __table_args__ = (
        sa.UniqueConstraint("candidate_id", "job_id", name="uq_application_candidate_job"),
        sa.Index("ix_application_job_stage", "job_id", "stage_id"),
        sa.Index("ix_application_agency_stage", "agency_id", "stage_id"),
        sa.Index("ix_application_agency_owner", "agency_id", "owner_id"),
    )

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    agency_id: uuid.UUID = Field(foreign_key="agency.id")
    candidate_id: uuid.UUID = Field(foreign_key="candidate.id", index=True)
    job_id: uuid.UUID = Field(foreign_key="job.id")
    stage_id: uuid.UUID = Field(foreign_key="pipeline_stage.id")
    owner_id: uuid.UUID | None = Field(default=None, foreign_key="staff_user.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    stage_entered_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    rejection_reason: str | None = Field(default=None, max_length=500)

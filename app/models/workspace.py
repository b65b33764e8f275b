"""Tables of the recruiter workspace: custom attributes, documents, comments, notifications, tasks, bulk jobs."""

import enum
import uuid
from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from app.models.base import UTCDateTime, new_id, utcnow


class AttributeType(str, enum.Enum):
    TEXT = "text"
    NUMBER = "number"
    DATE = "date"
    CHOICE = "choice"


class CustomAttribute(SQLModel, table=True):
    """An agency-defined candidate field."""

    __tablename__ = "custom_attribute"
    __table_args__ = (sa.UniqueConstraint("agency_id", "key", name="uq_custom_attribute_key"),)

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    agency_id: uuid.UUID = Field(foreign_key="agency.id", index=True)
    key: str = Field(max_length=60)
    label: str = Field(max_length=100)
    type: str = Field(default=AttributeType.TEXT.value, sa_type=sa.String(20))
    choices: list = Field(default_factory=list, sa_column=sa.Column(sa.JSON, nullable=False))
    searchable: bool = Field(default=False)
    position: int = Field(default=0)


class DocumentCategory(str, enum.Enum):
    CV = "cv"
    CERTIFICATE = "certificate"
    ID = "id"
    OTHER = "other"


class Document(SQLModel, table=True):
    """A private file. The bytes live under CANDOR_DATA_DIR/files, never in Reflex's public upload folder."""

    __tablename__ = "document"
    __table_args__ = (sa.Index("ix_document_candidate", "agency_id", "candidate_id", "created_at"),)

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    agency_id: uuid.UUID = Field(foreign_key="agency.id")
    candidate_id: uuid.UUID = Field(foreign_key="candidate.id")
    category: str = Field(default=DocumentCategory.OTHER.value, sa_type=sa.String(20))
    filename: str = Field(max_length=255)
    content_type: str = Field(max_length=100)
    size: int
    sha256: str = Field(max_length=64)
    storage_key: str = Field(max_length=200)
    uploaded_by_id: uuid.UUID | None = Field(default=None, foreign_key="staff_user.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Comment(SQLModel, table=True):
    __tablename__ = "comment"
    __table_args__ = (sa.Index("ix_comment_candidate", "agency_id", "candidate_id", "created_at"),)

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    agency_id: uuid.UUID = Field(foreign_key="agency.id")
    candidate_id: uuid.UUID = Field(foreign_key="candidate.id")
    author_id: uuid.UUID | None = Field(default=None, foreign_key="staff_user.id")
    body: str = Field(sa_type=sa.Text)
    mentions: list = Field(default_factory=list, sa_column=sa.Column(sa.JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Notification(SQLModel, table=True):
    """Something a staff member should see in their bell."""

    __tablename__ = "notification"
    __table_args__ = (sa.Index("ix_notification_user_unread", "user_id", "read_at", "created_at"),)

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    agency_id: uuid.UUID = Field(foreign_key="agency.id")
    user_id: uuid.UUID = Field(foreign_key="staff_user.id")
    kind: str = Field(max_length=40)
    title: str = Field(max_length=300)
    link: str = Field(default="/", max_length=300)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    read_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class Task(SQLModel, table=True):
    """A to-do for a staff member (follow-ups, deletion requests to confirm, ...)."""

    __tablename__ = "task"
    __table_args__ = (sa.Index("ix_task_assignee_open", "agency_id", "assignee_id", "done_at"),)

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    agency_id: uuid.UUID = Field(foreign_key="agency.id")
    assignee_id: uuid.UUID | None = Field(default=None, foreign_key="staff_user.id")
    candidate_id: uuid.UUID | None = Field(default=None, foreign_key="candidate.id")
    kind: str = Field(default="follow_up", max_length=40)
    title: str = Field(max_length=300)
    due_on: date | None = Field(default=None)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    done_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class BulkJobStatus(str, enum.Enum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class BulkJob(SQLModel, table=True):
    """A bulk action running in the background; its progress is what the recruiter watches."""

    __tablename__ = "bulk_job"
    __table_args__ = (sa.Index("ix_bulk_job_agency_created", "agency_id", "created_at"),)

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    agency_id: uuid.UUID = Field(foreign_key="agency.id")
    created_by_id: uuid.UUID | None = Field(default=None, foreign_key="staff_user.id")
    kind: str = Field(max_length=40)
    params: dict = Field(default_factory=dict, sa_column=sa.Column(sa.JSON, nullable=False))
    total: int = Field(default=0)
    done: int = Field(default=0)
    failed: int = Field(default=0)
    status: str = Field(default=BulkJobStatus.QUEUED.value, sa_type=sa.String(20))
    message: str = Field(default="", max_length=500)
    result_key: str | None = Field(default=None, max_length=200)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    finished_at: datetime | None = Field(default=None, sa_type=UTCDateTime)

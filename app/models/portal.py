"""The candidate portal: candidate sessions, consent records, messages from candidates."""

import enum
import uuid
from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from app.models.base import UTCDateTime, new_id, utcnow


class CandidateSession(SQLModel, table=True):
    """A signed-in candidate (portal). Separate from staff sessions: its cookie opens only portal pages."""

    __tablename__ = "candidate_session"

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    agency_id: uuid.UUID = Field(foreign_key="agency.id")
    candidate_id: uuid.UUID = Field(foreign_key="candidate.id", index=True)
    token_hash: str = Field(max_length=64, unique=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    last_seen_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    expires_at: datetime = Field(sa_type=UTCDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class ConsentAction(str, enum.Enum):
    GIVEN = "given"
    RENEWED = "renewed"
    WITHDRAWN = "withdrawn"


class ConsentRecord(SQLModel, table=True):
    """One GDPR consent decision, with the exact wording the candidate saw."""

    __tablename__ = "consent_record"
    __table_args__ = (sa.Index("ix_consent_candidate", "candidate_id", "created_at"),)

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    agency_id: uuid.UUID = Field(foreign_key="agency.id")
    candidate_id: uuid.UUID = Field(foreign_key="candidate.id")
    action: str = Field(sa_type=sa.String(20))
    wording: str = Field(sa_type=sa.Text)
    valid_until: date | None = Field(default=None)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class CandidateMessage(SQLModel, table=True):
    """A message written by a candidate in the portal; recruiters read it in the candidate's Messages tab."""

    __tablename__ = "candidate_message"
    __table_args__ = (sa.Index("ix_candidate_message_candidate", "candidate_id", "created_at"),
                      sa.Index("ix_candidate_message_unread", "agency_id", "read_at"))

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    agency_id: uuid.UUID = Field(foreign_key="agency.id")
    candidate_id: uuid.UUID = Field(foreign_key="candidate.id")
    subject: str = Field(default="", max_length=300)
    body: str = Field(sa_type=sa.Text)
    in_reply_to_id: uuid.UUID | None = Field(default=None)  # the OutboxMessage it answers, if any
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    read_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    read_by_id: uuid.UUID | None = Field(default=None, foreign_key="staff_user.id")

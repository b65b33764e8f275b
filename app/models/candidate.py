import enum
import uuid
from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from app.models.base import UTCDateTime, new_id, utcnow


class CandidateStatus(str, enum.Enum):
    UNDEFINED = "UNDEFINED"
    APPLIED = "APPLIED"
    IN_PROCESS = "IN_PROCESS"
    REJECTED = "REJECTED"
    ACCEPTED = "ACCEPTED"


class PortalStatus(str, enum.Enum):
    CLOSED = "closed"
    INVITED = "invited"
    OPEN = "open"


class Gender(str, enum.Enum):
    MALE = "male"
    FEMALE = "female"


class Candidate(SQLModel, table=True):
    __tablename__ = "candidate"
    __table_args__ = (
        sa.Index("ix_candidate_agency_name", "agency_id", "last_name", "first_name"),
        sa.Index("ix_candidate_agency_updated", "agency_id", "updated_at"),
        sa.Index("ix_candidate_agency_status", "agency_id", "status"),
        sa.Index("ix_candidate_agency_email", "agency_id", "email"),
        sa.Index("ix_candidate_agency_rating", "agency_id", "rating"),
        sa.Index("ix_candidate_agency_flag", "agency_id", "is_flagged"),
        sa.Index("ix_candidate_agency_portal", "agency_id", "portal_status"),
        sa.Index("ix_candidate_agency_profile_updated", "agency_id", "profile_updated_at"),
        sa.CheckConstraint("rating IS NULL OR (rating >= 0 AND rating <= 100)", name="ck_candidate_rating"),
    )

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    agency_id: uuid.UUID = Field(foreign_key="agency.id")
    first_name: str = Field(max_length=100)
    last_name: str = Field(max_length=100)
    email: str | None = Field(default=None, max_length=254)
    phone: str | None = Field(default=None, max_length=16)  # E.164
    status: str = Field(default=CandidateStatus.UNDEFINED.value, sa_type=sa.String(20))
    gdpr_expiry: date | None = Field(default=None)
    gender: str | None = Field(default=None, sa_type=sa.String(10))
    rating: int | None = Field(default=None)
    # "metadata" is reserved by SQLAlchemy's declarative base, so the attribute is `meta`.
    meta: dict = Field(default_factory=dict, sa_column=sa.Column("metadata", sa.JSON, nullable=False))
    cv_text: str | None = Field(default=None, sa_type=sa.Text)
    preferred_language: str = Field(default="en", max_length=5, sa_column_kwargs={"server_default": "en"})
    address_line: str | None = Field(default=None, max_length=200)
    postal_code: str | None = Field(default=None, max_length=20)
    city: str | None = Field(default=None, max_length=100)
    country: str | None = Field(default=None, max_length=100)
    current_position: str | None = Field(default=None, max_length=150)
    current_employer: str | None = Field(default=None, max_length=150)
    desired_position: str | None = Field(default=None, max_length=150)
    preferred_locations: str | None = Field(default=None, max_length=200)
    # EmploymentType values the candidate is open to.
    employment_types: list = Field(default_factory=list, sa_column=sa.Column(sa.JSON, nullable=False,
                                                                             server_default="[]"))
    available_from: date | None = Field(default=None)
    availability_note: str | None = Field(default=None, max_length=200)
    salary_expectation: int | None = Field(default=None)
    salary_currency: str | None = Field(default=None, max_length=3)
    salary_period: str | None = Field(default=None, max_length=10)  # year, month, day, hour
    # [{"title", "company", "start": "YYYY-MM", "end": "YYYY-MM" or "", "description"}], newest first.
    experiences: list = Field(default_factory=list, sa_column=sa.Column(sa.JSON, nullable=False,
                                                                        server_default="[]"))
    # [{"language": "French", "level": "Fluent"}]
    languages: list = Field(default_factory=list, sa_column=sa.Column(sa.JSON, nullable=False,
                                                                      server_default="[]"))
    skills: list = Field(default_factory=list, sa_column=sa.Column(sa.JSON, nullable=False))
    # Values of the agency's custom attributes, keyed by CustomAttribute.key.
    custom_fields: dict = Field(default_factory=dict, sa_column=sa.Column(sa.JSON, nullable=False))
    # Lower-cased name, email, phone, skills, tags and searchable custom values, kept by the service.
    # PostgreSQL indexes it with pg_trgm (see the migration); SQLite scans it.
    search_text: str = Field(default="", sa_type=sa.Text)
    portal_status: str = Field(default=PortalStatus.CLOSED.value, sa_type=sa.String(20))
    profile_updated_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    portal_opened_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    portal_last_visit_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    deletion_requested_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    anonymised_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    owner_id: uuid.UUID | None = Field(default=None, foreign_key="staff_user.id", index=True)
    is_flagged: bool = Field(default=False)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    version: int = Field(default=1)  # optimistic locking: bumped on every write

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

import uuid
from datetime import datetime

from sqlmodel import Field, SQLModel

from app.models.base import UTCDateTime, new_id, utcnow


class Agency(SQLModel, table=True):
    """A tenant: one staffing agency. Every other row belongs to exactly one."""

    __tablename__ = "agency"

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    name: str = Field(max_length=200)
    slug: str = Field(max_length=60, unique=True, index=True)
    logo_url: str | None = Field(default=None, max_length=500)
    primary_color: str = Field(default="#4f46e5", max_length=7)
    portal_title: str | None = Field(default=None, max_length=200)
    welcome_text: str | None = Field(default=None, max_length=2000)
    support_email: str | None = Field(default=None, max_length=254)
    support_phone: str | None = Field(default=None, max_length=40)
    consent_text: str | None = Field(default=None, max_length=4000)
    consent_months: int = Field(default=24, sa_column_kwargs={"server_default": "24"})
    default_language: str = Field(default="en", max_length=5, sa_column_kwargs={"server_default": "en"})
    time_zone: str = Field(default="Europe/Paris", max_length=60,
                           sa_column_kwargs={"server_default": "Europe/Paris"})  # where shifts and hours happen
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)

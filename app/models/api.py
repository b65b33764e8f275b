"""REST API credentials and their request counters."""

import enum
import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from app.models.base import UTCDateTime, new_id, utcnow


class ApiScope(str, enum.Enum):
    READ = "read"
    READ_WRITE = "read_write"


class ApiKey(SQLModel, table=True):
    """An agency's API key. Only the SHA-256 of the full key is kept; `prefix` identifies it in lists."""

    __tablename__ = "api_key"
    __table_args__ = (sa.Index("ix_api_key_agency_created", "agency_id", "created_at"),)

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    agency_id: uuid.UUID = Field(foreign_key="agency.id")
    name: str = Field(max_length=100)
    scope: str = Field(default=ApiScope.READ.value, sa_type=sa.String(20))
    prefix: str = Field(max_length=20, unique=True)
    key_hash: str = Field(max_length=64, unique=True)
    created_by_id: uuid.UUID = Field(foreign_key="staff_user.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    last_used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class ApiRateWindow(SQLModel, table=True):
    """Requests of one key in one fixed window (`slot` = unix time // window length): shared by every worker."""

    __tablename__ = "api_rate_window"

    key_id: uuid.UUID = Field(foreign_key="api_key.id", primary_key=True)
    slot: int = Field(primary_key=True, sa_type=sa.BigInteger, sa_column_kwargs={"autoincrement": False})
    count: int = Field(default=0)

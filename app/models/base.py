"""Column types and helpers shared by all tables."""

from __future__ import annotations

import uuid
from datetime import datetime, timezone

import sqlalchemy as sa
from sqlalchemy.types import TypeDecorator


# Indexes created by hand in migrations (dialect-specific), which the models do not declare.
MANUAL_INDEXES = {"ix_candidate_search_trgm", "ix_candidate_agency_search", "ix_candidate_agency_priority",
                  "ix_candidate_agency_rating_order"}


# Tables created by hand in migrations: SQLite's FTS5 index of candidate.search_text and its shadow tables.
MANUAL_TABLES = ("candidate_fts",)


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """Alembic filter: ignore MANUAL_INDEXES and MANUAL_TABLES when comparing the database with the models."""
    if type_ == "table" and name and name.startswith(MANUAL_TABLES):
        return False
    return not (type_ == "index" and name in MANUAL_INDEXES)


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def new_id() -> uuid.UUID:
    return uuid.uuid4()


class UTCDateTime(TypeDecorator):
    """Timezone-aware UTC datetimes on every database (SQLite keeps no zone, so we add it back)."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use timezone-aware UTC")
        return value.astimezone(timezone.utc)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)

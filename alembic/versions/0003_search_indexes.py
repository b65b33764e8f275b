"""search indexes: SQLite covering index for text search, PostgreSQL index for the priority sort

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""
from typing import Sequence, Union

from alembic import op

revision: str = "0003"
down_revision: Union[str, None] = "0002"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

# Both are dialect-specific and listed in app.models.base.MANUAL_INDEXES.
SQLITE_SEARCH = "ix_candidate_agency_search"
PG_PRIORITY = "ix_candidate_agency_priority"


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        # Text search reads search_text from this index instead of fetching every row of the agency.
        op.execute(f"CREATE INDEX {SQLITE_SEARCH} ON candidate (agency_id, search_text)")
    elif dialect == "postgresql":
        # "Flagged first" sort: flag, rating (nulls last), name, in index order.
        op.execute(f"CREATE INDEX {PG_PRIORITY} ON candidate "
                   "(agency_id, is_flagged DESC, rating DESC NULLS LAST, last_name, first_name, id)")


def downgrade() -> None:
    op.execute(f"DROP INDEX IF EXISTS {SQLITE_SEARCH}")
    op.execute(f"DROP INDEX IF EXISTS {PG_PRIORITY}")

"""search speed: SQLite FTS5 (trigram) index of candidate.search_text, kept by triggers; PostgreSQL index
for the rating sort

Text search matches every token anywhere in `search_text` (LIKE '%token%'). PostgreSQL serves that from the
pg_trgm GIN index of migration 0002. On SQLite, a token of 3 characters or more now goes through an FTS5
table with the trigram tokenizer (substring matching, case-insensitive), instead of reading every
search_text of the agency. The FTS table holds no copy of the text (external content: the candidate table).

Revision ID: 0009
Revises: 0007
Create Date: 2026-12-02
"""
from typing import Sequence, Union

from alembic import op

revision: str = "0009"
down_revision: Union[str, None] = "0008"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

# Listed in app.models.base.MANUAL_TABLES / MANUAL_INDEXES (the models do not declare them).
FTS = "candidate_fts"
PG_RATING = "ix_candidate_agency_rating_order"


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        # "Rating" sort: rating (nulls last), name, id in index order; without it a page sorted by rating
        # sorted every candidate of the agency (about 400 ms at 1,000,000).
        op.execute(f"CREATE INDEX {PG_RATING} ON candidate "
                   "(agency_id, rating DESC NULLS LAST, last_name, first_name, id)")
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute(f"CREATE VIRTUAL TABLE {FTS} USING fts5(search_text, content='candidate', content_rowid='rowid', "
               "tokenize='trigram')")
    op.execute(f"""CREATE TRIGGER {FTS}_ai AFTER INSERT ON candidate BEGIN
        INSERT INTO {FTS}(rowid, search_text) VALUES (new.rowid, new.search_text); END""")
    op.execute(f"""CREATE TRIGGER {FTS}_ad AFTER DELETE ON candidate BEGIN
        INSERT INTO {FTS}({FTS}, rowid, search_text) VALUES ('delete', old.rowid, old.search_text); END""")
    op.execute(f"""CREATE TRIGGER {FTS}_au AFTER UPDATE OF search_text ON candidate BEGIN
        INSERT INTO {FTS}({FTS}, rowid, search_text) VALUES ('delete', old.rowid, old.search_text);
        INSERT INTO {FTS}(rowid, search_text) VALUES (new.rowid, new.search_text); END""")
    op.execute(f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP INDEX IF EXISTS {PG_RATING}")
    if op.get_bind().dialect.name != "sqlite":
        return
    for suffix in ("ai", "ad", "au"):
        op.execute(f"DROP TRIGGER IF EXISTS {FTS}_{suffix}")
    op.execute(f"DROP TABLE IF EXISTS {FTS}")

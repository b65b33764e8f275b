"""The migrations build exactly the models' schema, and downgrade to nothing, on both databases."""

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel

from app.models.base import MANUAL_TABLES, include_object
from tests.conftest import ThrowawayPostgres, alembic_config


@pytest.fixture(params=["sqlite", "postgresql"])
def fresh_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'migrate.db'}"
    else:
        with ThrowawayPostgres() as url:
            yield url


def _tables(url: str) -> set[str]:
    engine = sa.create_engine(url)
    try:
        return set(sa.inspect(engine).get_table_names()) - {"alembic_version"}
    finally:
        engine.dispose()


def test_upgrade_matches_models_and_downgrade_removes_everything(fresh_url):
    cfg = alembic_config(fresh_url)
    command.upgrade(cfg, "head")
    # Beside the models: SQLite's FTS5 search index (migration 0009) and its shadow tables; gone after downgrade.
    assert {t for t in _tables(fresh_url) if not t.startswith(MANUAL_TABLES)} == set(SQLModel.metadata.tables)
    engine = sa.create_engine(fresh_url)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True, "include_object": include_object}), SQLModel.metadata)
    engine.dispose()
    assert diff == []
    command.downgrade(cfg, "base")
    assert _tables(fresh_url) == set()
    command.upgrade(cfg, "head")
    assert {t for t in _tables(fresh_url) if not t.startswith(MANUAL_TABLES)} == set(SQLModel.metadata.tables)

"""Shared fixtures: every database test runs on SQLite and on a throw-away PostgreSQL database."""

from __future__ import annotations

import os
import tempfile
import uuid

_TMP = tempfile.mkdtemp(prefix="candor-test-")
os.environ.setdefault("CANDOR_DATA_DIR", _TMP)
os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production")

import pytest  # noqa: E402
import sqlalchemy as sa  # noqa: E402
from alembic import command  # noqa: E402
from alembic.config import Config  # noqa: E402
from sqlmodel import Session, SQLModel  # noqa: E402

import app.models  # noqa: E402,F401
from app.db import make_engine  # noqa: E402
from app.settings import ROOT  # noqa: E402

PG_ADMIN_URL = os.environ.get("CANDOR_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


def alembic_config(url: str) -> Config:
    cfg = Config(str(ROOT / "alembic.ini"))
    cfg.attributes["database_url"] = url
    cfg.attributes["configure_logger"] = False
    return cfg


class ThrowawayPostgres:
    """CREATE DATABASE on enter, DROP on exit; skip (or fail under CI) when PostgreSQL is unreachable."""

    def __init__(self):
        self.name = f"candor_test_{uuid.uuid4().hex[:10]}"
        self.admin = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")

    def __enter__(self) -> str:
        try:
            with self.admin.connect() as conn:
                conn.execute(sa.text(f'CREATE DATABASE "{self.name}"'))
        except sa.exc.OperationalError as exc:
            self.admin.dispose()
            if os.environ.get("CANDOR_REQUIRE_PG") == "1":
                pytest.fail(f"PostgreSQL is required but unreachable: {exc}")
            pytest.skip("PostgreSQL not reachable (set CANDOR_TEST_PG_URL)")
        return PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + self.name

    def __exit__(self, *exc):
        with self.admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)'))
        self.admin.dispose()


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def database_url(request, tmp_path_factory):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'candor.db'}"
    else:
        with ThrowawayPostgres() as url:
            yield url


@pytest.fixture(scope="session")
def engine(database_url):
    command.upgrade(alembic_config(database_url), "head")
    eng = make_engine(database_url)
    yield eng
    eng.dispose()


@pytest.fixture
def session(engine):
    """A session on a migrated database, emptied after each test."""
    with Session(engine, expire_on_commit=False) as s:
        yield s
        s.rollback()
    with engine.begin() as conn:
        for table in reversed(SQLModel.metadata.sorted_tables):
            conn.execute(table.delete())

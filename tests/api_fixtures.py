"""Fixtures for REST API tests: a TestClient over create_api() on the test database, and two agencies' data."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from app.api.server import create_api
from app.db import get_engine
from app.services import api_keys, applications, candidates, jobs
from app.settings import get_settings
from tests.factories import actor_for, make_agency, make_user


@pytest.fixture
def client(monkeypatch, database_url, engine):
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("CANDOR_API_RATE_LIMIT", "100000")
    monkeypatch.delenv("REFLEX_REDIS_URL", raising=False)
    get_settings.cache_clear()
    get_engine.cache_clear()
    with TestClient(create_api(), base_url="http://testserver") as c:
        yield c
    get_engine().dispose()
    get_settings.cache_clear()
    get_engine.cache_clear()


def auth(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


@pytest.fixture
def world(session):
    """North (keys: read-write, read, revoked) and South (read-write), each with jobs, a candidate, an application."""
    north, south = make_agency(session, "north"), make_agency(session, "south")
    n_admin, s_admin = make_user(session, north, "admin"), make_user(session, south, "admin")
    na, sa = actor_for(n_admin), actor_for(s_admin)
    _, rw = api_keys.create_key(session, na, "Zapier", "read_write")
    _, ro = api_keys.create_key(session, na, "Reporting", "read")
    revoked_key, revoked = api_keys.create_key(session, na, "Old", "read_write")
    api_keys.revoke_key(session, na, revoked_key.id)
    _, south_rw = api_keys.create_key(session, sa, "South sync", "read_write")
    n_job1 = jobs.create_job(session, na, title="Forklift Driver")
    n_job2 = jobs.create_job(session, na, title="Welder")
    s_job = jobs.create_job(session, sa, title="South Job")
    ann = candidates.create_candidate(session, na, first_name="Ann", last_name="Lee", email="ann@example.com",
                                      status="APPLIED")
    applications.assign_to_job(session, na, [ann.id], n_job1.id)
    sam = candidates.create_candidate(session, sa, first_name="Sam", last_name="South")
    applications.assign_to_job(session, sa, [sam.id], s_job.id)
    session.commit()
    ann_app = applications.list_for_candidate(session, na, ann.id)[0][0]
    sam_app = applications.list_for_candidate(session, sa, sam.id)[0][0]
    return {"rw": rw, "ro": ro, "revoked": revoked, "south_rw": south_rw, "north": north, "south": south,
            "admin": n_admin, "n_job1": n_job1, "n_job2": n_job2, "s_job": s_job, "ann": ann, "sam": sam,
            "ann_app": ann_app, "sam_app": sam_app,
            "n_stages": applications.list_stages(session, na), "s_stages": applications.list_stages(session, sa)}


def problem(response, status: int, field: str, rule: str) -> dict:
    """Assert an RFC 9457 problem with this status naming `field` and `rule`; returns the body."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == status and body["type"].startswith("/api/v1/docs#problem-")
    assert body["title"] and body["detail"] and body["instance"].startswith("/api/v1/")
    assert {"field": field, "rule": rule} in [{"field": e["field"], "rule": e["rule"]} for e in body["errors"]], body
    return body

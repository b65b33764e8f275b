"""The per-key rate limit over HTTP with the count in Redis (as with several workers): 429, Retry-After, a problem
body, and the count shared by two API servers. Skips when Redis is unreachable, unless CANDOR_REQUIRE_REDIS=1."""

from __future__ import annotations

import os
import time

import pytest
from sqlmodel import select
from starlette.testclient import TestClient

from app.api.server import create_api
from app.db import get_engine
from app.models import ApiKey, ApiRateWindow
from app.services.api_keys import WINDOW_SECONDS
from app.services.security import hash_token
from app.settings import get_settings
from tests.api_fixtures import auth, problem

redis = pytest.importorskip("redis")
URL = os.environ.get("CANDOR_TEST_API_REDIS_URL", "redis://127.0.0.1:6379/14")
LIMIT = 3


@pytest.fixture
def redis_client():
    client = redis.Redis.from_url(URL)
    try:
        client.ping()
    except redis.RedisError as exc:
        if os.environ.get("CANDOR_REQUIRE_REDIS") == "1":
            pytest.fail(f"Redis is required but unreachable at {URL}: {exc}")
        pytest.skip(f"Redis not reachable at {URL}")
    yield client
    client.close()


@pytest.fixture
def servers(monkeypatch, database_url, engine, redis_client):
    """Two API servers (as two workers) sharing the database and Redis."""
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("REFLEX_REDIS_URL", URL)
    monkeypatch.setenv("CANDOR_API_RATE_LIMIT", str(LIMIT))
    get_settings.cache_clear()
    get_engine.cache_clear()
    with TestClient(create_api()) as one, TestClient(create_api()) as two:
        yield one, two
    get_engine().dispose()
    get_settings.cache_clear()
    get_engine.cache_clear()


def _fresh_window():
    """Wait for a new minute when this one is nearly over, so the test's requests share one window."""
    left = WINDOW_SECONDS - time.time() % WINDOW_SECONDS
    if left < 8:
        time.sleep(left + 0.1)


def test_the_limit_is_counted_in_redis_across_servers(servers, world, session, redis_client):
    one, two = servers
    key = session.exec(select(ApiKey).where(ApiKey.key_hash == hash_token(world["rw"]))).one()
    _fresh_window()
    slot = int(time.time() // WINDOW_SECONDS)
    name = f"candor:api:rate:{key.id}:{slot}"
    redis_client.delete(name)
    try:
        remaining = []
        for client in (one, two, one):
            response = client.get("/api/v1/candidates", headers=auth(world["rw"]))
            assert response.status_code == 200, response.text
            assert response.headers["X-RateLimit-Limit"] == str(LIMIT)
            remaining.append(int(response.headers["X-RateLimit-Remaining"]))
        assert remaining == [2, 1, 0]
        assert int(redis_client.get(name)) == 3 and 0 < redis_client.ttl(name) <= 2 * WINDOW_SECONDS
        for client in (two, one):
            response = client.patch(f"/api/v1/candidates/{world['ann'].id}", headers=auth(world["rw"]),
                                    json={"status": "REJECTED"})
            body = problem(response, 429, "Authorization", "rate_limit")
            retry_after = int(response.headers["Retry-After"])
            assert 1 <= retry_after <= WINDOW_SECONDS and str(LIMIT) in body["detail"]
            assert response.headers["X-RateLimit-Remaining"] == "0"
        # Nothing was changed by the refused write, and another key of the agency has its own count.
        assert one.get(f"/api/v1/candidates/{world['ann'].id}", headers=auth(world["ro"])).json()["status"] == "APPLIED"
        assert session.exec(select(ApiRateWindow)).all() == []  # counted in Redis, not in the database
    finally:
        redis_client.delete(name)
        for other in redis_client.scan_iter(f"candor:api:rate:*:{slot}"):
            redis_client.delete(other)

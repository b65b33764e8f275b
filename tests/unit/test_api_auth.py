"""API keys on every request: 401 for missing/malformed/unknown/revoked, 403 for a read key's writes, 429."""

import pytest
from sqlmodel import select

from app.models import ApiKey
from app.services import api_keys
from app.services.security import hash_token
from app.settings import get_settings
from tests.api_fixtures import auth, problem
from tests.factories import actor_for

PATCH = {"status": "IN_PROCESS"}


def test_missing_malformed_unknown_and_revoked_keys_are_401(client, world):
    cases = [({}, "missing"), ({"Authorization": "Basic dXNlcjpwYXNz"}, "malformed"),
             ({"Authorization": "Bearer"}, "malformed"), ({"Authorization": "Bearer not-a-key"}, "malformed"),
             (auth("cnd_00000000_" + "A" * 43), "unknown"), (auth(world["revoked"]), "revoked")]
    for headers, rule in cases:
        response = client.get("/api/v1/candidates", headers=headers)
        problem(response, 401, "Authorization", rule)
        assert response.headers["www-authenticate"].startswith("Bearer")
        problem(client.patch(f"/api/v1/candidates/{world['ann'].id}", headers=headers, json=PATCH),
                401, "Authorization", rule)


def test_revoking_takes_effect_at_once(client, world, session):
    assert client.get("/api/v1/candidates", headers=auth(world["rw"])).status_code == 200
    key = session.exec(select(ApiKey).where(ApiKey.key_hash == hash_token(world["rw"]))).one()
    api_keys.revoke_key(session, actor_for(world["admin"]), key.id)
    session.commit()
    problem(client.get("/api/v1/candidates", headers=auth(world["rw"])), 401, "Authorization", "revoked")


def test_a_read_key_reads_but_every_write_is_403(client, world):
    ro = auth(world["ro"])
    assert client.get(f"/api/v1/candidates/{world['ann'].id}", headers=ro).status_code == 200
    writes = [("post", "/api/v1/candidates", {"firstName": "A", "lastName": "B"}),
              ("patch", f"/api/v1/candidates/{world['ann'].id}", PATCH),
              ("delete", f"/api/v1/candidates/{world['ann'].id}", None),
              ("post", "/api/v1/jobs", {"title": "T"}),
              ("patch", f"/api/v1/jobs/{world['n_job1'].id}", {"title": "T"}),
              ("post", "/api/v1/applications", {"candidateId": str(world["ann"].id), "jobId": str(world["n_job2"].id)}),
              ("post", f"/api/v1/applications/{world['ann_app'].id}/move", {"stageId": str(world["n_stages"][1].id)})]
    for method, url, body in writes:
        problem(client.request(method, url, headers=ro, json=body), 403, "Authorization", "scope")
    assert client.get(f"/api/v1/candidates/{world['ann'].id}", headers=ro).json()["status"] == "APPLIED"


def test_keys_are_stored_as_hashes_and_last_use_is_recorded(client, world, session):
    key = session.exec(select(ApiKey).where(ApiKey.key_hash == hash_token(world["rw"]))).one()
    assert world["rw"].startswith(key.prefix + "_") and world["rw"] not in str(key.model_dump())
    assert key.last_used_at is None
    client.get("/api/v1/candidates", headers=auth(world["rw"]))
    session.refresh(key)
    assert key.last_used_at is not None


def test_rate_limit_answers_429_with_retry_after(client, world, monkeypatch):
    monkeypatch.setenv("CANDOR_API_RATE_LIMIT", "3")
    get_settings.cache_clear()
    monkeypatch.setattr(api_keys.time, "time", lambda: 1_000_000 * 60 + 10.0)  # 50 s left in this window
    for remaining in ("2", "1", "0"):
        response = client.get("/api/v1/candidates", headers=auth(world["rw"]))
        assert response.status_code == 200 and response.headers["x-ratelimit-remaining"] == remaining
    limited = client.get("/api/v1/candidates", headers=auth(world["rw"]))
    problem(limited, 429, "Authorization", "rate_limit")
    assert limited.headers["retry-after"] == "50"
    # Per key: another key of the same agency still works; the next window starts afresh.
    assert client.get("/api/v1/candidates", headers=auth(world["ro"])).status_code == 200
    monkeypatch.setattr(api_keys.time, "time", lambda: 1_000_001 * 60 + 1.0)
    assert client.get("/api/v1/candidates", headers=auth(world["rw"])).status_code == 200


def test_the_count_is_shared_through_the_database_and_old_windows_are_pruned(session, world):
    key = session.exec(select(ApiKey).where(ApiKey.key_hash == hash_token(world["rw"]))).one()
    now = 5_000 * 60 + 1.0
    counts = [api_keys.hit(session, key, now=now).remaining for _ in range(3)]
    assert counts == [599, 598, 597]  # default limit 600; each call is a separate transaction
    api_keys.hit(session, key, now=now + 120)
    assert api_keys.prune_windows(session, now=now + 120) == 1


def test_the_count_can_live_in_redis(session, world, monkeypatch):
    redis = pytest.importorskip("redis")
    url = "redis://127.0.0.1:6379/7"
    try:
        redis.Redis.from_url(url).ping()
    except redis.RedisError:
        pytest.skip("Redis not reachable")
    monkeypatch.setenv("REFLEX_REDIS_URL", url)
    monkeypatch.setenv("CANDOR_API_RATE_LIMIT", "2")
    get_settings.cache_clear()
    key = session.exec(select(ApiKey).where(ApiKey.key_hash == hash_token(world["rw"]))).one()
    now = 7_777_777 * 60.0 + (hash(str(key.id)) % 30)
    try:
        assert [api_keys.hit(session, key, now=now).allowed for _ in range(3)] == [True, True, False]
        assert session.exec(select(ApiKey)).first() is not None
    finally:
        redis.Redis.from_url(url).delete(f"candor:api:rate:{key.id}:{int(now // 60)}")
        get_settings.cache_clear()

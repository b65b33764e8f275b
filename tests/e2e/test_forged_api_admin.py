"""Forged socket events against the API-key and webhook admin pages: only admins, only their own agency."""

from __future__ import annotations

import pytest
from sqlalchemy import func
from sqlmodel import Session, create_engine, select

from app.models import ApiKey, WebhookEndpoint
from app.services import api_keys, webhooks
from app.services.auth import COOKIE_NAME
from app.states.admin_api_keys import AdminApiKeysState
from app.states.admin_webhooks import AdminWebhooksState
from tests.e2e.forging import NORTH_ADMIN, NORTH_RECRUITER, SOUTH_ADMIN, ForgedClient, run, session_cookie, var
from tests.factories import actor_for

pytestmark = pytest.mark.e2e
ADMIN_ONLY = "Only an agency admin can do that."


@pytest.fixture
def server_db(server):
    engine = create_engine(server.database_url)
    yield engine
    engine.dispose()


def _counts(engine) -> tuple[int, int]:
    with Session(engine) as s:
        return (s.exec(select(func.count()).select_from(ApiKey)).one(),
                s.exec(select(func.count()).select_from(WebhookEndpoint)).one())


def test_a_recruiter_cannot_create_keys_or_webhooks(server, new_page, server_db):
    cookie = session_cookie(new_page, NORTH_RECRUITER)
    before = _counts(server_db)

    async def attack():
        async with await ForgedClient.open(server.url, f"{COOKIE_NAME}={cookie}") as c:
            await c.emit(AdminApiKeysState, "create", pathname="/admin/api-keys",
                         form={"name": "Mallory", "scope": "read_write"})
            await c.emit(AdminWebhooksState, "create", pathname="/admin/webhooks",
                         form={"url": "https://evil.example.com/x", "event:candidate.updated": "on"})
            await c.emit(AdminApiKeysState, "load", pathname="/admin/api-keys")
            return c, await c.snapshot(pathname="/admin/api-keys")

    c, snapshot = run(attack())
    assert c.toasts() == [("error", ADMIN_ONLY)] * 2
    assert var(snapshot, AdminApiKeysState, "rows") == [] and var(snapshot, AdminApiKeysState, "new_key") == ""
    assert "cnd_" not in c.text and "whsec_" not in c.text
    assert _counts(server_db) == before


def test_another_agencys_admin_cannot_revoke_or_touch_northwinds(server, new_page, server_db):
    with Session(server_db, expire_on_commit=False) as s:
        from app.models import User
        admin = actor_for(s.exec(select(User).where(User.email == NORTH_ADMIN)).one())
        key, _ = api_keys.create_key(s, admin, "Target", "read")
        endpoint, _ = webhooks.create_endpoint(s, admin, "https://hooks.example.com/target", ["candidate.created"])
        delivery = webhooks.send_test(s, admin, endpoint.id)
        s.commit()
    cookie = session_cookie(new_page, SOUTH_ADMIN)

    async def attack():
        async with await ForgedClient.open(server.url, f"{COOKIE_NAME}={cookie}") as c:
            await c.emit(AdminApiKeysState, "revoke", pathname="/admin/api-keys", key_id=str(key.id))
            await c.emit(AdminWebhooksState, "remove", pathname="/admin/webhooks", endpoint_id=str(endpoint.id))
            await c.emit(AdminWebhooksState, "send_test", pathname="/admin/webhooks", endpoint_id=str(endpoint.id))
            await c.emit(AdminWebhooksState, "redeliver", pathname="/admin/webhooks", delivery_id=str(delivery.id))
            await c.emit(AdminWebhooksState, "load", pathname="/admin/webhooks")
            return c, await c.snapshot(pathname="/admin/webhooks")

    c, snapshot = run(attack())
    assert c.toasts() == [("error", "API key not found."), ("error", "Webhook not found."),
                          ("error", "Webhook not found."), ("error", "Delivery not found.")]
    assert "hooks.example.com/target" not in c.text
    assert all("target" not in row["url"] for row in var(snapshot, AdminWebhooksState, "endpoints"))
    with Session(server_db) as s:
        assert s.get(ApiKey, key.id).revoked_at is None and s.get(WebhookEndpoint, endpoint.id) is not None

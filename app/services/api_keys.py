"""REST API keys: admins create and revoke them; every API request is authenticated and rate-limited here.

A key looks like `cnd_<8 hex>_<43 random URL-safe characters>` (256 bits of randomness). Only its SHA-256 is
stored; the `cnd_<8 hex>` prefix identifies it in lists. An API request acts as an Actor of the key's agency:
the admin who created the key (so the timeline links to a person) with the name "API key <name>", and the
role recruiter (read_write) or viewer (read).
"""

from __future__ import annotations

import functools
import re
import secrets
import time
import uuid
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete
from sqlmodel import Session, select

from app.models import ApiKey, ApiRateWindow, ApiScope, Role, User
from app.models.base import utcnow
from app.services import activity
from app.services.actor import Actor
from app.services.errors import NotFound, Unauthenticated, ValidationError
from app.services.security import hash_token
from app.services.validation import clean_name
from app.settings import get_settings

SCOPES = {ApiScope.READ.value: "Read", ApiScope.READ_WRITE.value: "Read and write"}
KEY_FORMAT = re.compile(r"cnd_[0-9a-f]{8}_[A-Za-z0-9_-]{43}")  # fullmatch: no trailing newline
WINDOW_SECONDS = 60
TOUCH_EVERY = timedelta(seconds=60)


# --- administration --------------------------------------------------------------------------------------

def create_key(session: Session, actor: Actor, name: str, scope: str) -> tuple[ApiKey, str]:
    """A new key of the actor's agency; returns it and the full key, which is never shown again."""
    actor.require_admin()
    errors, rules = {}, {}
    try:
        name = clean_name(" ".join((name or "").split()), label="Name", max_len=100)
    except ValueError as exc:
        errors["name"], rules["name"] = str(exc), getattr(exc, "rule", "invalid")
    if scope not in SCOPES:
        errors["scope"], rules["scope"] = "Choose read or read and write.", "enum"
    if errors:
        raise ValidationError(errors, rules)
    prefix = "cnd_" + secrets.token_hex(4)
    while session.exec(select(ApiKey.id).where(ApiKey.prefix == prefix)).first():
        prefix = "cnd_" + secrets.token_hex(4)
    raw = f"{prefix}_{secrets.token_urlsafe(32)}"
    key = ApiKey(agency_id=actor.agency_id, name=name, scope=scope, prefix=prefix, key_hash=hash_token(raw),
                 created_by_id=actor.user_id)
    session.add(key)
    session.flush()
    activity.record(session, agency_id=actor.agency_id, actor=actor, subject_type="agency",
                    subject_id=actor.agency_id, kind="api_key.created",
                    payload={"name": name, "prefix": prefix, "scope": scope})
    return key, raw


def list_keys(session: Session, actor: Actor) -> list[tuple[ApiKey, str]]:
    """The agency's keys, newest first, with the name of who created each."""
    actor.require_admin()
    stmt = (select(ApiKey, User.name).join(User, User.id == ApiKey.created_by_id)
            .where(ApiKey.agency_id == actor.agency_id).order_by(ApiKey.created_at.desc()))
    return list(session.exec(stmt))


def revoke_key(session: Session, actor: Actor, key_id) -> ApiKey:
    """Takes effect at once: the next request with this key gets 401."""
    from app.services.candidates import as_uuid

    actor.require_admin()
    key = session.get(ApiKey, as_uuid(key_id, "API key"))
    if key is None or key.agency_id != actor.agency_id:
        raise NotFound("API key")
    if key.revoked_at is None:
        key.revoked_at = utcnow()
        session.add(key)
        activity.record(session, agency_id=actor.agency_id, actor=actor, subject_type="agency",
                        subject_id=actor.agency_id, kind="api_key.revoked",
                        payload={"name": key.name, "prefix": key.prefix})
    return key


# --- authenticating requests -----------------------------------------------------------------------------

def authenticate(session: Session, authorization: str | None) -> ApiKey:
    """The key of an `Authorization: Bearer <key>` header; Unauthenticated says what is wrong with it."""
    if not authorization:
        raise Unauthenticated("Send your API key as `Authorization: Bearer <key>`.", "missing")
    scheme, _, raw = authorization.strip().partition(" ")
    raw = raw.strip()
    if scheme.lower() != "bearer" or not raw:
        raise Unauthenticated("Use the Bearer scheme: `Authorization: Bearer <key>`.", "malformed")
    if not KEY_FORMAT.fullmatch(raw):
        raise Unauthenticated("This is not a Candor API key (they look like cnd_1a2b3c4d_…).", "malformed")
    key = session.exec(select(ApiKey).where(ApiKey.key_hash == hash_token(raw))).first()
    if key is None:
        raise Unauthenticated("Unknown API key.", "unknown")
    if key.revoked_at is not None:
        raise Unauthenticated("This API key has been revoked.", "revoked")
    if key.last_used_at is None or utcnow() - key.last_used_at >= TOUCH_EVERY:
        key.last_used_at = utcnow()
        session.add(key)
    return key


def actor_for(key: ApiKey) -> Actor:
    role = Role.RECRUITER.value if key.scope == ApiScope.READ_WRITE.value else Role.VIEWER.value
    return Actor(user_id=key.created_by_id, agency_id=key.agency_id, role=role, name=f"API key {key.name}",
                 email="")


# --- rate limiting: a fixed window per key, counted in the database or in Redis (shared by all workers) -----

@dataclass(frozen=True)
class Quota:
    allowed: bool
    limit: int
    remaining: int
    reset_in: int  # seconds until the window starts again


def _slot(now: float) -> tuple[int, int]:
    slot = int(now // WINDOW_SECONDS)
    return slot, max(1, int((slot + 1) * WINDOW_SECONDS - now + 0.999))


def _count_db(session: Session, key_id: uuid.UUID, slot: int) -> int:
    from sqlalchemy.dialects import postgresql, sqlite

    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    table = ApiRateWindow.__table__
    stmt = insert(table).values(key_id=key_id, slot=slot, count=1)
    stmt = stmt.on_conflict_do_update(index_elements=["key_id", "slot"], set_={"count": table.c["count"] + 1})
    count = session.execute(stmt.returning(table.c["count"])).scalar_one()
    session.commit()
    return count


@functools.cache
def _redis(url: str):
    import redis

    return redis.Redis.from_url(url)


def _count_redis(url: str, key_id: uuid.UUID, slot: int) -> int:
    name = f"candor:api:rate:{key_id}:{slot}"
    with _redis(url).pipeline() as pipe:
        pipe.incr(name)
        pipe.expire(name, WINDOW_SECONDS * 2)
        count, _ = pipe.execute()
    return int(count)


def hit(session: Session, key: ApiKey, now: float | None = None) -> Quota:
    """Count one request of `key`; `allowed` is False once the key used up this minute's requests."""
    settings = get_settings()
    limit = settings.api_rate_limit
    slot, reset_in = _slot(time.time() if now is None else now)
    if settings.redis_url:
        count = _count_redis(settings.redis_url, key.id, slot)
    else:
        count = _count_db(session, key.id, slot)
    return Quota(allowed=count <= limit, limit=limit, remaining=max(0, limit - count), reset_in=reset_in)


def prune_windows(session: Session, now: float | None = None) -> int:
    """Forget database windows older than the previous one."""
    slot, _ = _slot(time.time() if now is None else now)
    result = session.exec(delete(ApiRateWindow).where(ApiRateWindow.slot < slot - 1))
    session.commit()
    return result.rowcount or 0

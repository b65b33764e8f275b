"""Live updates: a tab follows topics; publishing a topic makes every following tab re-read its data.

Each refreshed tab reloads through the services with its *own* actor, so a publish never carries data
to anyone who may not see it. Subscriptions live in memory for one process, or in Redis
(REFLEX_REDIS_URL) so that several workers see each other's tabs; Reflex's state manager then relays
the delta to whichever worker holds the socket.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections import defaultdict

import reflex as rx
from reflex_base.registry import RegistrationContext

from app.settings import get_settings

log = logging.getLogger(__name__)

_LIVE_CLASSES: dict[str, type[rx.State]] = {}
_PENDING: set[tuple[str, str]] = set()
_TASKS: set[asyncio.Task] = set()
SUBSCRIPTION_TTL = 24 * 3600


def agency_topic(agency_id: uuid.UUID | str) -> str:
    return f"agency:{agency_id}"


def record_topic(kind: str, record_id: uuid.UUID | str) -> str:
    return f"{kind}:{record_id}"


def portal_topic(candidate_id: uuid.UUID | str) -> str:
    """Followed by the candidate's own portal pages: a publish makes them re-check the session (closing signs out)."""
    return record_topic("portal", candidate_id)


def requests_topic(agency_id: uuid.UUID | str) -> str:
    """Profile-update requests of an agency changed (sent, opened, submitted, cancelled, ...)."""
    return f"requests:{agency_id}"


def live(cls: type[rx.State]) -> type[rx.State]:
    """Class decorator: this state can be refreshed by publish(); it must define `_live_refresh(self)`."""
    _LIVE_CLASSES[cls.get_full_name()] = cls
    return cls


class _MemoryRegistry:
    def __init__(self):
        self.by_topic: dict[str, set[tuple[str, str]]] = defaultdict(set)
        self.by_key: dict[tuple[str, str], set[str]] = {}

    async def follow(self, key: tuple[str, str], topics: set[str]) -> None:
        await self.drop(key)
        self.by_key[key] = topics
        for topic in topics:
            self.by_topic[topic].add(key)

    async def drop(self, key: tuple[str, str]) -> None:
        for topic in self.by_key.pop(key, set()):
            self.by_topic[topic].discard(key)

    async def members(self, topic: str) -> set[tuple[str, str]]:
        return set(self.by_topic.get(topic, ()))


class _RedisRegistry:
    def __init__(self, url: str):
        import redis.asyncio as redis

        self.redis = redis.from_url(url, decode_responses=True)

    @staticmethod
    def _k(key: tuple[str, str]) -> str:
        return f"candor:live:key:{key[0]}|{key[1]}"

    async def follow(self, key: tuple[str, str], topics: set[str]) -> None:
        await self.drop(key)
        member = "|".join(key)
        async with self.redis.pipeline() as pipe:
            for topic in topics:
                pipe.sadd(f"candor:live:topic:{topic}", member)
                pipe.expire(f"candor:live:topic:{topic}", SUBSCRIPTION_TTL)
            if topics:
                pipe.sadd(self._k(key), *topics)
                pipe.expire(self._k(key), SUBSCRIPTION_TTL)
            await pipe.execute()

    async def drop(self, key: tuple[str, str]) -> None:
        topics = await self.redis.smembers(self._k(key))
        member = "|".join(key)
        async with self.redis.pipeline() as pipe:
            for topic in topics:
                pipe.srem(f"candor:live:topic:{topic}", member)
            pipe.delete(self._k(key))
            await pipe.execute()

    async def members(self, topic: str) -> set[tuple[str, str]]:
        raw = await self.redis.smembers(f"candor:live:topic:{topic}")
        return {tuple(m.split("|", 1)) for m in raw}


_registry: _MemoryRegistry | _RedisRegistry | None = None


def _get_registry():
    global _registry
    if _registry is None:
        url = get_settings().redis_url
        _registry = _RedisRegistry(url) if url else _MemoryRegistry()
    return _registry


async def follow(state: rx.State, *topics: str) -> None:
    """This tab's `state` now follows exactly these topics (replacing what it followed before)."""
    key = (state.router.session.client_token, type(state).get_full_name())
    await _get_registry().follow(key, set(topics))


async def connected(state: rx.State) -> bool:
    """Whether this state's tab still has a socket open (a background loop stops when it is gone)."""
    app = RegistrationContext.get().app
    if app.event_namespace is None:
        return False
    return await app.event_namespace._token_manager.is_token_connected(state.router.session.client_token)


async def publish(*topics: str, origin: rx.State | None = None) -> None:
    """Refresh every state following any of the topics, except `origin` itself (it already shows the change).

    Other states of the origin's tab are refreshed too: a documents panel changing the timeline beside it.
    """
    # get_full_name() on the instance: a background task passes a StateProxy, whose type() is not the state.
    skip = (origin.router.session.client_token, origin.get_full_name()) if origin is not None else None
    registry = _get_registry()
    keys: set[tuple[str, str]] = set()
    for topic in topics:
        keys |= await registry.members(topic)
    for key in keys:
        if key == skip or key in _PENDING:
            continue
        _PENDING.add(key)
        task = asyncio.create_task(_refresh(key))
        _TASKS.add(task)
        task.add_done_callback(_TASKS.discard)


async def _refresh(key: tuple[str, str]) -> None:
    token, class_name = key
    try:
        cls = _LIVE_CLASSES.get(class_name)
        app = RegistrationContext.get().app
        if cls is None or app.event_namespace is None:
            return
        if not await app.event_namespace._token_manager.is_token_connected(token):
            await _get_registry().drop(key)
            return
        _PENDING.discard(key)  # changes after this point need another refresh
        async with app.modify_state(rx.BaseStateToken(ident=token, cls=cls)) as root:
            state = await root.get_state(cls)
            state._live_refresh()
    except Exception:  # one broken tab must not stop the others
        log.exception("live refresh failed for %s", class_name)
    finally:
        _PENDING.discard(key)

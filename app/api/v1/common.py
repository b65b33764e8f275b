"""What every v1 endpoint shares: the API key check, rate limit, body reading, running a unit of work, and
telling recruiters' open screens about a change."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from fastapi import Path, Request, Response
from starlette.concurrency import run_in_threadpool

from app.api.v1.problems import Problem, from_service, item, unauthorized
from app.db import session_scope
from app.models import ApiScope
from app.services import api_keys
from app.services.actor import Actor
from app.services.errors import ServiceError, Unauthenticated

log = logging.getLogger(__name__)
T = TypeVar("T")
MAX_BODY = 256 * 1024  # a 50,000-character CV in any script, metadata and the rest fit easily


@dataclass(frozen=True)
class ApiContext:
    actor: Actor
    key_id: uuid.UUID
    can_write: bool


def _context(request: Request, response: Response, write: bool) -> ApiContext:
    with session_scope() as session:
        try:
            key = api_keys.authenticate(session, request.headers.get("authorization"))
        except Unauthenticated as exc:
            raise unauthorized(exc.message, exc.rule) from None
        context = ApiContext(api_keys.actor_for(key), key.id, key.scope == ApiScope.READ_WRITE.value)
    with session_scope() as session:
        quota = api_keys.hit(session, key)
    headers = {"X-RateLimit-Limit": str(quota.limit), "X-RateLimit-Remaining": str(quota.remaining),
               "X-RateLimit-Reset": str(quota.reset_in)}
    if not quota.allowed:
        message = f"This API key made more than {quota.limit} requests this minute; retry after {quota.reset_in} s."
        raise Problem(429, message, [item("Authorization", "rate_limit", message)],
                      {"Retry-After": str(quota.reset_in), **headers})
    if write and not context.can_write:
        message = "This API key can only read; ask an admin for a read-write key."
        raise Problem(403, message, [item("Authorization", "scope", message)])
    response.headers.update(headers)
    return context


def reader(request: Request, response: Response) -> ApiContext:
    """Dependency: any valid key (401 otherwise), within its rate limit (429)."""
    return _context(request, response, write=False)


def writer(request: Request, response: Response) -> ApiContext:
    """Dependency: a read-write key (a read key gets 403)."""
    return _context(request, response, write=True)


def path_id(what: str):
    """A path parameter holding an id: documented as a UUID, but anything else is simply not found (404)."""
    return Path(description=f"The {what}'s id.", json_schema_extra={"format": "uuid"})


async def read_body(request: Request) -> bytes:
    declared = request.headers.get("content-length", "")
    too_large = Problem(413, f"The request body can be at most {MAX_BODY // 1024} KB.",
                        [item("body", "max_size", f"At most {MAX_BODY // 1024} KB.")])
    if declared.isdigit() and int(declared) > MAX_BODY:
        raise too_large
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY:
            raise too_large
        chunks.append(chunk)
    return b"".join(chunks)


async def run(work: Callable[..., T], subject: str = "id") -> T:
    """Run a unit of work (which opens its own session) off the event loop; service errors become problems."""
    def guarded():
        try:
            return work()
        except ServiceError as exc:
            raise from_service(exc, subject) from None
    return await run_in_threadpool(guarded)


async def publish(*topics: str) -> None:
    """Refresh recruiters' open screens following these topics, as a change made in the app does.

    Runs in the request's context, where Reflex's middleware has set the app's RegistrationContext, so the
    refreshes reach the tabs (app/states/live.py). Without the Reflex app (unit tests) there is no one to tell.
    """
    try:
        from app.states import live

        await live.publish(*topics)
    except Exception:  # a failed notification must not turn a committed change into an error
        log.exception("live publish failed for %s", topics)

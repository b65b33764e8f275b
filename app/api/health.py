"""GET /healthz: is this backend able to serve? Checks the database and (when configured) Redis.

200 {"status": "ok", "checks": {...}} or 503 {"status": "error", ...}. A failing check names only the kind
of error, never the connection string. Meant for the load balancer and the orchestrator; no auth, no data.
"""

from __future__ import annotations

import logging
import os
import time

import sqlalchemy as sa
from fastapi import APIRouter
from fastapi.responses import JSONResponse

from app.db import get_engine
from app.settings import get_settings

router = APIRouter()
log = logging.getLogger(__name__)


def check_database() -> str:
    with get_engine().connect() as conn:
        conn.execute(sa.text("SELECT 1"))
    return "ok"


def check_redis() -> str:
    url = get_settings().redis_url
    if not url:
        return "not configured"
    import redis

    client = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
    try:
        client.ping()
    finally:
        client.close()
    return "ok"


CHECKS = {"database": check_database, "redis": check_redis}


@router.get("/healthz", include_in_schema=False)
def healthz() -> JSONResponse:
    started = time.perf_counter()
    checks, ok = {}, True
    for name, check in CHECKS.items():
        try:
            checks[name] = check()
        except Exception as exc:  # any failure makes the instance unhealthy; the reason goes to the log
            ok = False
            checks[name] = f"error: {type(exc).__name__}"
            log.warning("health check %s failed: %s", name, type(exc).__name__)
    body = {"status": "ok" if ok else "error", "checks": checks, "pid": os.getpid(),
            "ms": round((time.perf_counter() - started) * 1000, 1)}
    return JSONResponse(body, status_code=200 if ok else 503, headers={"Cache-Control": "no-store"})

"""REST API v1: a FastAPI application mounted at /api/v1 and at /v1, each also under /public, so a client of the
compatible API's /v1/public/... paths works with only its host changed. Every response under it, errors included,
is JSON; errors are RFC 9457 problems."""

from __future__ import annotations

import functools
import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from starlette.exceptions import HTTPException

from app.api.v1 import applications, candidates, jobs, openapi, reference
from app.api.v1.problems import Problem, from_pydantic, item, response

log = logging.getLogger(__name__)


def operation_id(route) -> str:
    """The OpenAPI operationId of a route: its function's name in camelCase (list_candidates -> listCandidates)."""
    first, *rest = route.name.split("_")
    return first + "".join(word.capitalize() for word in rest)


def _request_invalid(request: Request, exc: RequestValidationError):
    problem = from_pydantic(exc)  # loc is ("query"|"path"|"body", name, ...): drop where it came from
    for error in problem.errors:
        parts = error["pointer"].strip("/").split("/")
        error["field"] = parts[1] if len(parts) > 1 else parts[0]
        error.pop("pointer", None)
    problem.detail = "; ".join(f"{e['field']}: {e['detail']}" for e in problem.errors)
    return response(request, problem)


def _allowed_methods(app: FastAPI, request: Request) -> list[str]:
    """Every method this path answers (FastAPI has one route per method, and the 405 of the first matching
    route would name only its own): the methods some route fully matches."""
    from starlette.routing import Match

    allowed = []
    for method in ("GET", "POST", "PUT", "PATCH", "DELETE"):
        scope = {**request.scope, "method": method}
        if any(route.matches(scope)[0] == Match.FULL for route in app.router.routes):
            allowed.append(method)
    return allowed


def _http_error(app: FastAPI, request: Request, exc: HTTPException):
    if exc.status_code == 405:
        allow = _allowed_methods(app, request)
        detail = f"{request.method} is not allowed here; use {', '.join(allow)}."
        headers = {**(exc.headers or {}), "Allow": ", ".join(allow)}
        return response(request, Problem(405, detail, [item("method", "allowed", detail)], headers))
    detail = "No such endpoint in API v1; see /api/v1/docs." if exc.status_code == 404 else str(exc.detail)
    return response(request, Problem(exc.status_code, detail, [item("path", "route", detail)], exc.headers))


def _unexpected(request: Request, exc: Exception):
    log.exception("API v1 error on %s %s", request.method, request.url.path)
    return response(request, Problem(500, "An unexpected error occurred; it has been logged.",
                                     [item("request", "server_error", "Unexpected error.")]))


class NewlinePaths:
    """ASGI middleware for the app that mounts API v1: a path under a v1 base holding a newline (%0A) matches no
    mount (Starlette's path patterns stop at a newline), so it would get the host app's plain 404. Answer it as the
    API would: a 404 problem."""

    def __init__(self, app, bases: tuple[str, ...] = ("/api/v1/", "/v1/")):
        self.app, self.bases = app, bases

    async def __call__(self, scope, receive, send):
        path = scope.get("path", "") if scope["type"] == "http" else ""
        if "\n" in path and path.startswith(self.bases):
            detail = "No such endpoint in API v1; see /api/v1/docs."
            problem = Problem(404, detail, [item("path", "route", detail)])
            await response(Request(scope, receive), problem)(scope, receive, send)
            return
        await self.app(scope, receive, send)


def create_v1(base: str = "/api/v1") -> FastAPI:
    """The API app, to be mounted at `base` (its OpenAPI document names that as the server)."""
    v1 = FastAPI(title="Candor API", openapi_url=None, docs_url=None, redoc_url=None,
                 generate_unique_id_function=operation_id)
    v1.add_exception_handler(Problem, response)
    v1.add_exception_handler(RequestValidationError, _request_invalid)
    v1.add_exception_handler(HTTPException, functools.partial(_http_error, v1))
    v1.add_exception_handler(Exception, _unexpected)
    for router in (candidates.router, jobs.router, applications.router):
        v1.include_router(router)
        v1.include_router(router, prefix="/public", include_in_schema=False)

    @functools.cache
    def document() -> dict:
        return openapi.build(v1, base)

    @v1.get("/openapi.json", include_in_schema=False)
    def openapi_json():
        return JSONResponse(document())

    @v1.get("/docs", include_in_schema=False, response_class=HTMLResponse)
    def docs():
        return HTMLResponse(reference.render(document()))

    @v1.middleware("http")
    async def no_store(request: Request, call_next):
        result = await call_next(request)
        result.headers.setdefault("Cache-Control", "no-store")
        return result

    return v1

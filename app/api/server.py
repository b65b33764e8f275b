"""The FastAPI application Reflex mounts itself into."""

from __future__ import annotations

from fastapi import FastAPI
from starlette.middleware.sessions import SessionMiddleware

from app.api import auth_routes, brand_routes, export_routes, files, health, portal_files, portal_routes, sso_routes
from app.api.v1 import NewlinePaths, create_v1
from app.settings import get_settings


def create_api() -> FastAPI:
    settings = get_settings()
    api = FastAPI(title="Candor", docs_url=None, redoc_url=None, openapi_url=None)
    # Holds only the OIDC state/nonce/PKCE verifier between /auth/sso/start and the callback.
    api.add_middleware(SessionMiddleware, secret_key=settings.secret_key, session_cookie="candor_sso",
                       max_age=600, same_site="lax", https_only=settings.public_url.startswith("https://"))
    api.include_router(health.router)  # GET /healthz for the load balancer (prod-bench)
    api.include_router(auth_routes.router)
    api.include_router(sso_routes.router)
    api.include_router(files.router)
    api.include_router(export_routes.router)
    api.include_router(portal_routes.router)
    api.include_router(portal_files.router)  # portal-self: a candidate's own files
    api.include_router(brand_routes.router)  # portal-staff: agency logos
    api.mount("/api/v1", create_v1())  # the REST API: its own OpenAPI document, errors as problem+json
    api.mount("/v1", create_v1("/v1"))  # the same API where the compatible API's clients look: /v1/public/...
    api.add_middleware(NewlinePaths)  # /api/v1/x%0Ay is a 404 problem too, not the host's plain 404
    return api

"""Optional OIDC single sign-on (authorization code + PKCE, with state and nonce checked by authlib)."""

from __future__ import annotations

import functools

import httpx

from authlib.integrations.starlette_client import OAuth, OAuthError
from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse
from joserfc.errors import JoseError

from app.api.cookies import set_session_cookie
from app.db import session_scope
from app.services import auth
from app.settings import get_settings

router = APIRouter(prefix="/auth/sso")


@functools.cache
def _client():
    s = get_settings()
    oauth = OAuth()
    oauth.register(
        name="oidc",
        server_metadata_url=f"{s.oidc_issuer.rstrip('/')}/.well-known/openid-configuration",
        client_id=s.oidc_client_id,
        client_secret=s.oidc_client_secret,
        client_kwargs={"scope": "openid email profile", "code_challenge_method": "S256"},
    )
    return oauth.oidc


def _fail(reason: str = "sso") -> RedirectResponse:
    return RedirectResponse(f"/login?error={reason}", status_code=303)


@router.get("/start")
async def sso_start(request: Request, next: str = "/"):
    if not get_settings().sso_enabled:
        return RedirectResponse("/login", status_code=303)
    request.session["sso_next"] = auth.safe_next(next)
    try:
        return await _client().authorize_redirect(request, f"{get_settings().public_url}/auth/sso/callback")
    except httpx.HTTPError:
        return _fail("sso_unavailable")


@router.get("/callback")
async def sso_callback(request: Request):
    if not get_settings().sso_enabled:
        return RedirectResponse("/login", status_code=303)
    try:
        token = await _client().authorize_access_token(request)
    except httpx.HTTPError:
        return _fail("sso_unavailable")
    except (OAuthError, JoseError):  # JoseError: the ID token failed validation (nonce, iss, aud, signature...)
        return _fail()
    claims = token.get("userinfo") or {}
    if claims.get("email_verified") is False:
        return _fail()
    with session_scope() as session:
        user = auth.user_for_sso(session, claims.get("email"), get_settings().oidc_agency)
        if user is None:
            return _fail()
        raw, staff_session = auth.start_session(session, user, request.client.host if request.client else None)
    response = RedirectResponse(request.session.pop("sso_next", "/"), status_code=303)
    set_session_cookie(response, raw, staff_session.expires_at)
    return response

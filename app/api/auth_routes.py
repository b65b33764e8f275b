"""Routes that set and clear the session cookie; the Reflex login form hands over a one-time ticket."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse

from app.api.cookies import clear_session_cookie, set_session_cookie
from app.db import session_scope
from app.services import auth
from app.services.errors import Unauthenticated
from app.services.auth import COOKIE_NAME

router = APIRouter(prefix="/auth")


def _client_ip(request: Request) -> str | None:
    return request.client.host if request.client else None


@router.get("/complete")
def complete_login(request: Request, ticket: str = ""):
    try:
        with session_scope() as session:
            token, staff_session, next_path = auth.redeem_login_ticket(session, ticket, _client_ip(request))
    except Unauthenticated:
        return RedirectResponse("/login?error=expired", status_code=303)
    response = RedirectResponse(next_path, status_code=303)
    set_session_cookie(response, token, staff_session.expires_at)
    return response


@router.post("/logout")
def logout(request: Request):
    with session_scope() as session:
        auth.revoke_session(session, request.cookies.get(COOKIE_NAME))
    response = RedirectResponse("/login?signed_out=1", status_code=303)
    clear_session_cookie(response)
    return response

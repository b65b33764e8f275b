"""The staff session cookie: HttpOnly, SameSite=Lax, Secure when served over https."""

from __future__ import annotations

from datetime import datetime

from starlette.responses import Response

from app.settings import get_settings
from app.services.auth import COOKIE_NAME


def set_session_cookie(response: Response, token: str, expires_at: datetime) -> None:
    response.set_cookie(
        COOKIE_NAME, token, expires=expires_at, path="/", httponly=True, samesite="lax",
        secure=get_settings().public_url.startswith("https://"),
    )


def clear_session_cookie(response: Response) -> None:
    response.delete_cookie(COOKIE_NAME, path="/", httponly=True, samesite="lax")

"""The /login form. Credentials are checked here; the cookie is set by the /auth/complete HTTP route."""

from __future__ import annotations

import json
from urllib.parse import quote

import reflex as rx

from app.db import session_scope
from app.services import auth
from app.services.errors import RateLimited, Unauthenticated
from app.settings import get_settings
from app.states.session import SessionState

MESSAGES = {
    "expired": "Your sign-in expired. Please sign in again.",
    "signed_out": "You have been signed out.",
    "sso": "Single sign-on failed: no active Candor account uses that email.",
    "sso_unavailable": "The single sign-on provider cannot be reached. Try again, or sign in with your password.",
}


class LoginState(SessionState):
    email: str = ""
    error: str = ""
    notice: str = ""
    sso_enabled: bool = False
    sso_label: str = ""

    @rx.event
    def load(self):
        params = self.router.url.query_parameters
        if self._actor() is not None:  # already signed in
            return rx.redirect(auth.safe_next(params.get("next", "/")), replace=True)
        self.error = MESSAGES.get(params.get("error", ""), "")
        self.notice = MESSAGES["signed_out"] if "signed_out" in params else ""
        settings = get_settings()
        self.sso_enabled = settings.sso_enabled
        self.sso_label = settings.oidc_label

    @rx.var
    def sso_href(self) -> str:
        target = auth.safe_next(self.router.url.query_parameters.get("next", "/"))
        return "/auth/sso/start?next=" + quote(target, safe="")

    @rx.event
    def set_email(self, value: str):
        self.email = value[:254]

    @rx.event
    def submit(self, form: dict):
        self.email = str(form.get("email", ""))[:254]
        password = str(form.get("password", ""))
        self.notice = ""
        try:
            with session_scope() as session:
                user = auth.authenticate(session, self.email, password, self.router.session.client_ip)
                ticket = auth.create_login_ticket(
                    session, user, self.router.url.query_parameters.get("next", "/"))
        except (Unauthenticated, RateLimited) as exc:
            self.error = exc.message
            return
        self.error = ""
        # A full page load lets the HTTP route set the HttpOnly cookie and the new socket carry it.
        return rx.call_script(f"window.location.replace({json.dumps('/auth/complete?ticket=' + ticket)})")

"""Who is using this tab. The session lives in an HttpOnly cookie that only the server reads."""

from __future__ import annotations

from http.cookies import CookieError, SimpleCookie
from urllib.parse import quote

import reflex as rx
from reflex.middleware import Middleware

from app.db import session_scope
from app.services import agencies, auth
from app.services.actor import Actor
from app.services.auth import COOKIE_NAME
from app.services import portal_auth
from app.services.security import hash_token
from app.states.portal_session import PortalSessionState, portal_cookie

HYDRATE_EVENTS = ("hydrate", "hydrate_and_load")


def cookie_token(cookie_header: str) -> str | None:
    try:
        jar = SimpleCookie(cookie_header or "")
    except CookieError:
        return None
    morsel = jar.get(COOKIE_NAME)
    return morsel.value if morsel else None


class SessionState(rx.State):
    """Identity shown in the workspace shell. Every handler re-checks the cookie against the database."""

    # Hash of the session whose data this tab's state holds ("" when anonymous). See SessionBinding.
    _bound_session: str = ""
    user_name: str = ""
    user_email: str = ""
    user_role: str = ""
    agency_name: str = ""
    agency_logo: str = ""
    agency_color: str = "#4f46e5"

    def _actor(self) -> Actor | None:
        """The signed-in staff member, or None (unknown, revoked, expired, idle or deactivated)."""
        token = cookie_token(self.router.headers.cookie)
        if not token:
            return None
        with session_scope() as session:
            return auth.resolve_session(session, token)

    def _admin(self):
        """(actor, None) for an admin; otherwise (None, the event that answers the caller)."""
        actor = self._actor()
        if actor is None:
            return None, self._to_login()
        if not actor.is_admin:
            return None, rx.toast.error("Only an agency admin can do that.")
        return actor, None

    def _to_login(self):
        here = self.router.url.path or "/"
        if self.router.url.query:
            here += "?" + self.router.url.query
        return rx.redirect(f"/login?next={quote(here, safe='')}", replace=True)

    @rx.event
    def guard(self):
        """on_load of every workspace page: anonymous visitors go to /login and come back afterwards."""
        actor = self._actor()
        if actor is None:
            return self._to_login()
        with session_scope() as session:
            agency = agencies.get_agency(session, actor.agency_id)
        self.user_name, self.user_email, self.user_role = actor.name, actor.email, actor.role
        self.agency_name = agency.name
        self.agency_logo = agency.logo_url or ""
        self.agency_color = agency.primary_color
        if self.router.url.path.startswith("/admin") and not actor.is_admin:
            return rx.redirect("/forbidden", replace=True)

    @rx.var
    def is_admin(self) -> bool:
        return self.user_role == "admin"

    @rx.var
    def initials(self) -> str:
        return "".join(part[0] for part in self.user_name.split()[:2]).upper()


async def _load_subtree(root: rx.State, cls: type[rx.State]) -> None:
    await root.get_state(cls)
    for sub in cls.get_substates():
        await _load_subtree(root, sub)


class SessionBinding(Middleware):
    """Reflex keeps each tab's state on the server and replays it to whoever presents the tab token.

    So before every event we check that the state still belongs to the session in the cookie of the
    connection; at (re)hydration the session must also still be valid. Otherwise every Candor state of
    the tab is reset to its defaults before anything is sent, and the tab is bound to the new session.
    """

    async def preprocess(self, app, state, event):
        root = state._get_root_state()
        session_state = await root.get_state(SessionState)
        token = cookie_token(root.router.headers.cookie)
        current = hash_token(token) if token else ""
        if current and event.name.rsplit(".", 1)[-1] in HYDRATE_EVENTS:
            with session_scope() as session:
                if auth.resolve_session(session, token) is None:
                    current = ""
        if session_state._bound_session != current:
            await _load_subtree(root, SessionState)
            session_state.reset()
            session_state._bound_session = current
        await _bind_portal(root, event)
        return None


async def _bind_portal(root: rx.State, event) -> None:
    """The same for the candidate portal's cookie and PortalSessionState (a separate identity)."""
    portal_state = await root.get_state(PortalSessionState)
    raw = portal_cookie(root.router.headers.cookie)
    current = hash_token(raw) if raw else ""
    if current and event.name.rsplit(".", 1)[-1] in HYDRATE_EVENTS:
        with session_scope() as session:
            if portal_auth.resolve(session, raw) is None:
                current = ""
    if portal_state._bound_portal != current:
        await _load_subtree(root, PortalSessionState)
        portal_state.reset()
        portal_state._bound_portal = current

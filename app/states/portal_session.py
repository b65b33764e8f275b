"""Who is using a candidate portal tab: the candidate behind the HttpOnly `candor_portal` cookie.

Separate from SessionState (staff): a candidate cookie never resolves to a staff actor, and no workspace
handler reads this state. Every portal handler calls `_who()` again; nothing here trusts the tab's vars.
"""

from __future__ import annotations

from http.cookies import CookieError, SimpleCookie

import reflex as rx

from app.db import session_scope
from app.services import branding, portal, portal_auth, portal_text
from app.services.errors import NotFound
from app.services.portal_auth import CandidateActor


def portal_cookie(cookie_header: str) -> str | None:
    try:
        jar = SimpleCookie(cookie_header or "")
    except CookieError:
        return None
    morsel = jar.get(portal_auth.COOKIE_NAME)
    return morsel.value if morsel else None


class PortalSessionState(rx.State):
    # Hash of the portal session whose data this tab's state holds; see SessionBinding.
    _bound_portal: str = ""
    known_agency: bool = True
    slug: str = ""
    agency_name: str = ""
    portal_title: str = ""
    logo_url: str = ""
    welcome: str = ""
    support_email: str = ""
    support_phone: str = ""
    brand: dict[str, str] = branding.css_vars(None)
    lang: str = "en"
    t: dict[str, str] = portal_text.texts("en")
    signed_in: bool = False
    candidate_name: str = ""

    def _route_slug(self) -> str:
        # The [portal_slug] route arg: Reflex adds it to every state as a var (the address bar).
        return str(getattr(self, "portal_slug", "") or "")[:60]

    def _who(self) -> CandidateActor | None:
        """The signed-in candidate of the agency in the address bar, or None."""
        raw = portal_cookie(self.router.headers.cookie)
        if not raw:
            return None
        with session_scope() as session:
            who = portal_auth.resolve(session, raw)
        if who is None or who.agency_slug != self._route_slug():
            return None
        return who

    def _set_language(self, lang: str) -> None:
        self.lang = portal_text.language(lang)
        self.t = portal_text.texts(self.lang)

    def _load_brand(self) -> bool:
        slug = self._route_slug()
        try:
            with session_scope() as session:
                look = portal.branding(session, slug)
        except NotFound:
            self.known_agency = False
            return False
        self.known_agency, self.slug, self.agency_name = True, look.slug, look.name
        self.portal_title, self.logo_url, self.welcome = look.title, look.logo_url, look.welcome
        self.support_email, self.support_phone = look.support_email, look.support_phone
        self.brand = branding.css_vars(look.color)
        if not self.signed_in:
            self._set_language(look.language)
        return True

    @rx.event
    def guard(self):
        """on_load of every signed-in portal page: others go to the agency's sign-in page."""
        if not self._load_brand():
            return
        who = self._who()
        if who is None:
            self.signed_in, self.candidate_name = False, ""
            return rx.redirect(f"/portal/{self.slug}", replace=True)
        self.signed_in, self.candidate_name = True, who.name
        self._set_language(who.language)

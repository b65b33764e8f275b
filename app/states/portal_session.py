"""Who is using a candidate portal tab: the candidate behind the HttpOnly `candor_portal` cookie.

Separate from SessionState (staff): a candidate cookie never resolves to a staff actor, and no workspace
handler reads this state. Every portal handler calls `_who()` again; nothing here trusts the tab's vars.
"""

from __future__ import annotations

import asyncio
from http.cookies import CookieError, SimpleCookie

import reflex as rx

from app.db import session_scope
from app.services import branding, placements, portal, portal_auth, portal_text
from app.services.errors import NotFound, ServiceError
from app.services.portal_auth import CandidateActor
from app.states import live

RECHECK_SECONDS = 20  # an open portal page checks its session this often, should a live sign-out be missed


def document_language(lang: str):
    """Set <html lang> to the portal's language (`lang` is always one of portal_text.LANGUAGES), and bring the
    current section's tab into view in the phone's scrolling navigation bar."""
    return rx.call_script(f"document.documentElement.lang = {portal_text.language(lang)!r};"
                          " setTimeout(() => document.querySelector('.pt-nav-active')"
                          "?.scrollIntoView({block: 'nearest', inline: 'nearest'}), 100)")


def portal_cookie(cookie_header: str) -> str | None:
    try:
        jar = SimpleCookie(cookie_header or "")
    except CookieError:
        return None
    morsel = jar.get(portal_auth.COOKIE_NAME)
    return morsel.value if morsel else None


@live.live
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
    signed_out: bool = False  # the session ended while the page was open: the page leaves for the sign-in page
    candidate_name: str = ""
    temp_worker: bool = False  # shows the shifts, timesheets and availability sections
    _watching: bool = False

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
    async def guard(self):
        """on_load of every signed-in portal page: others go to the agency's sign-in page."""
        if not self._load_brand():
            return
        who = self._who()
        if who is None:
            self.signed_in, self.candidate_name = False, ""
            yield rx.redirect(f"/portal/{self.slug}", replace=True)
            return
        self.signed_in, self.signed_out, self.candidate_name = True, False, who.name
        with session_scope() as session:
            self.temp_worker = placements.works_temp(session, who)
        self._set_language(who.language)
        await live.follow(self, live.portal_topic(who.candidate_id), live.record_topic("candidate", who.candidate_id))
        yield document_language(self.lang)
        if not self._watching:
            yield PortalSessionState.watch

    async def _read_and_follow(self, who: CandidateActor) -> None:
        """A section's first read of the candidate's own records (its `_reload`); then it follows their topic, so
        a recruiter's change or a language switch in another tab re-reads it (`_reread`)."""
        try:
            self._reload(who)
        except NotFound:
            return
        await live.follow(self, live.record_topic("candidate", who.candidate_id))

    def _reread(self) -> None:
        who = self._who()
        if who is not None:
            self._set_language(who.language)
            self._reload(who)

    def _live_refresh(self):
        """The recruiter closed (or re-opened) the portal, or the candidate changed language in another tab."""
        self._recheck()

    def _recheck(self) -> None:
        if not self.signed_in:
            return
        who = self._who()
        if who is None:
            self.signed_in, self.signed_out, self.candidate_name = False, True, ""
            return
        if who.language != self.lang:
            self._set_language(who.language)

    @rx.event(background=True)
    async def watch(self):
        """Fallback of the live sign-out: every RECHECK_SECONDS, while the tab is open and signed in."""
        async with self:
            if self._watching:
                return
            self._watching = True
        try:
            while True:
                await asyncio.sleep(RECHECK_SECONDS)
                if not await live.connected(self):
                    return
                async with self:
                    if not self.signed_in:
                        return
                    self._recheck()
        finally:
            async with self:
                self._watching = False

    @rx.event
    def leave(self):
        """The page noticed that its session ended (live or by the periodic check): go to the sign-in page."""
        if self._who() is None:
            self.signed_in, self.candidate_name = False, ""
            return rx.redirect(f"/portal/{self._route_slug()}?ended=1", replace=True)
        self.signed_in, self.signed_out = True, False  # signed in again meanwhile (the portal was re-opened)

    @rx.event
    async def change_language(self, lang: str):
        """The language switcher: kept on the candidate (portal and emails), other open tabs follow."""
        who = self._who()
        if who is None:
            return
        try:
            with session_scope() as session:
                value = portal.set_language(session, who, str(lang))
        except ServiceError:
            return
        self._set_language(value)
        await live.publish(live.record_topic("candidate", who.candidate_id), origin=self)
        return document_language(value)


def focus(element_id: str):
    """Move the keyboard (and screen reader) to an element once React has rendered it, scrolled into view."""
    import json

    target = json.dumps(element_id)
    return rx.call_script(
        f"(() => {{ let n = 0; const go = () => {{ const el = document.getElementById({target});"
        f" if (el) {{ el.focus({{preventScroll: true}}); el.scrollIntoView({{block: 'center'}}); }}"
        f" else if (n++ < 40) setTimeout(go, 50); }}; go(); }})()")

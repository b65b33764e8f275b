"""/portal/[portal_slug]: the agency's branded sign-in page. The candidate types their email address and gets a
single-use sign-in link (portal_auth); the page answers the same whether or not the address is known."""

from __future__ import annotations

import reflex as rx

from app.db import session_scope
from app.services import portal_auth
from app.services.errors import NotFound, RateLimited, ValidationError
from app.states.portal_session import PortalSessionState, document_language, focus

NOTICES = {"dead": "signin.dead", "signed_out": "signin.signed_out", "ended": "signin.closed"}


class PortalSignInState(PortalSessionState):
    email: str = ""
    email_error: str = ""
    sent: bool = False
    sending: bool = False
    notice: str = ""  # key of the notice shown above the form: a dead link, signed out, session ended
    problem: str = ""  # a refusal that is not about the field (too many links)

    @rx.var
    def page_title(self) -> str:
        title = self.t["signin.title"]
        return f"{title} · {self.portal_title}" if self.portal_title else title

    @rx.var
    def sent_text(self) -> str:
        return self.t["signin.sent"].format(agency=self.agency_name)

    @rx.var
    def notice_text(self) -> str:
        return self.t.get(self.notice, "") if self.notice else ""

    @rx.var
    def support_text(self) -> str:
        contact = " · ".join(c for c in (self.support_email, self.support_phone) if c)
        return self.t["signin.support"].format(contact=contact) if contact else ""

    @rx.event
    def load(self):
        self.email_error, self.problem, self.sending = "", "", False
        if not self._load_brand():
            return
        if self._who() is not None:
            return rx.redirect(f"/portal/{self.slug}/applications", replace=True)
        self.signed_in = False
        params = self.router.url.query_parameters
        self.notice = ""
        if params.get("link") == "dead":
            self.notice = NOTICES["dead"]
        elif params.get("signed_out"):
            self.notice = NOTICES["signed_out"]
        elif params.get("ended"):
            self.notice = NOTICES["ended"]
        return document_language(self.lang)

    @rx.event
    def set_email(self, value: str):
        self.email = str(value or "")[:320]
        self.email_error = ""

    @rx.event
    def pick_language(self, lang: str):
        """Before signing in, the switcher only changes this tab (there is no candidate to keep it on yet)."""
        self._set_language(str(lang))
        return document_language(self.lang)

    @rx.event
    def another(self):
        self.sent, self.email, self.problem = False, "", ""

    @rx.event
    def request_link(self, form: dict | None = None):
        if self.sending:
            return
        if isinstance(form, dict) and "email" in form:
            self.email = str(form.get("email") or "")[:320]
        self.email_error, self.problem = "", ""
        try:
            with session_scope() as session:
                portal_auth.request_sign_in_link(session, self._route_slug(), self.email,
                                                 self.router.session.client_ip or None)
        except ValidationError:
            self.email_error = self.t["signin.bad_email"]
            return focus("ps-signin-email")
        except RateLimited:
            self.problem = self.t["signin.too_many"]
            return
        except NotFound:
            self.known_agency = False
            return
        self.sent, self.notice = True, ""
        return focus("ps-signin-sent")

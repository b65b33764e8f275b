"""/update/[token]: the public profile-update form a candidate opens from an email. No login: the link is the key.

The raw token is kept only in the backend var `_token` (the browser knows it from its own address bar),
and every handler asks the services again whether the link still works, so a link that died meanwhile
(submitted in another tab, replaced, cancelled, expired) shows its dead page instead of doing anything.
"""

from __future__ import annotations

import reflex as rx

from app.db import session_scope
from app.services import branding, portal_auth, profile_requests
from app.services.errors import ServiceError, ValidationError
from app.services.profile_requests import DeadLink
from app.states import live
from app.states.profile_fields import ProfileFieldsState

DEAD_REASONS = {"expired": "expired", "used": "used", "submitted": "used", "replaced": "replaced",
                "cancelled": "cancelled", "revoked": "cancelled"}


class ProfileUpdateFormState(ProfileFieldsState, rx.State):
    phase: str = "loading"  # loading, form, dead, done
    submitting: bool = False
    agency_name: str = ""
    logo_url: str = ""
    brand: dict[str, str] = branding.css_vars(None)
    dead_reason: str = ""  # expired, used, replaced, cancelled or unknown
    can_ask: bool = False
    asked: str = ""  # "", "told" or "failed"
    _token: str = ""

    @rx.var
    def document_title(self) -> str:
        if self.phase == "dead":
            return "This link can no longer be used"
        title = self.texts.get("page_title", "") or "Update your profile"
        return f"{title} · {self.agency_name}" if self.agency_name else title

    def _brand(self, name: str, logo_url: str, color: str) -> None:
        self.agency_name, self.logo_url, self.brand = name, logo_url, branding.css_vars(color)

    def _dead(self, session, dead: DeadLink) -> None:
        """Show the dead-link page (with the agency's look when the link is one of its own)."""
        look = profile_requests.dead_link_branding(session, dead)
        if look is None:
            self._brand("", "", "")
            self.texts = {}
        else:
            self._brand(look.agency_name, look.logo_url, look.primary_color)
            self.texts = dict(look.texts)
        self.phase, self.dead_reason = "dead", DEAD_REASONS.get(dead.reason, "unknown")
        self.can_ask = dead.can_ask
        self.asked, self.submitting = "", False
        self._forget_cv()
        self._clear_errors()

    def _guard(self) -> bool:
        if not self._token and self.phase == "loading":
            # This tab's state is gone (server restart, an hour idle) while the page is still open: the link in
            # the address bar is the key, so open it again. The form keeps its key, so nothing typed is reset.
            self._open()
        if self.phase != "form" or not self._token:
            return False
        with session_scope() as session:
            try:
                profile_requests.check_link(session, self._token)
                return True
            except DeadLink as dead:  # caught inside: an expired request is marked so and committed
                self._dead(session, dead)
                return False

    def _url_token(self) -> str:
        # The [token] route arg: Reflex adds it to rx.State as a var every state inherits (the address bar).
        return str(getattr(self, "token", "") or "")

    def _open(self):
        token = self._url_token()
        self._token, self.phase, self.asked, self.submitting = token, "loading", "", False
        with session_scope() as session:
            try:
                context = profile_requests.open_link(session, token)
            except DeadLink as dead:  # caught inside the unit of work: open_link may have expired it
                self._dead(session, dead)
                return None
            ticket = portal_auth.ticket_for_update_request(session, context.request_id)
        self._brand(context.agency_name, context.logo_url, context.primary_color)
        self._fill(context.settings, context.values, context.cv_on_file)
        self.phase = "form"
        # A candidate whose portal is open is signed in to it as well (portal-shell): a 60-second ticket.
        return rx.call_script(portal_auth.ticket_script(ticket)) if ticket else None

    @rx.event
    def load(self):
        token = self._url_token()
        if token == self._token and self.phase == "form":
            self._guard()  # a reconnect or a second load: keep what was typed
            return
        if token == self._token and self.phase in ("done", "dead"):
            return  # a reconnect on the thank-you page must not turn it into "already used"
        return self._open()

    @rx.event
    async def submit(self, form: dict):
        if self.phase == "done" or not isinstance(form, dict):
            return  # a double click after success: the first one already saved everything
        if not self._guard():
            return
        answers = self._answers(form)
        if self._cv_problem:  # a refused file is not silently left out: show it with any other problem
            problems = self._problems(answers)
            if self.phase == "dead":
                yield self._focus("pu-status-title")
            else:
                yield self._focus(self._show_errors({**problems, "cv": self._cv_problem}))
            return
        self.submitting = True
        yield
        dead = False
        try:
            with session_scope() as session:
                try:
                    candidate = profile_requests.submit(session, self._token, answers, self._cv_answer())
                    agency_id, candidate_id = candidate.agency_id, candidate.id
                except DeadLink as exc:  # caught inside: commit what the service recorded (an expiry)
                    self._dead(session, exc)
                    dead = True
        except ValidationError as exc:  # outside: nothing of it is saved
            yield self._focus(self._show_errors(exc.errors))
            return
        except ServiceError as exc:
            yield rx.toast.error(exc.message)
            return
        finally:
            self.submitting = False
        if dead:
            yield self._focus("pu-status-title")
            return
        self.phase = "done"
        self._forget_cv()
        self._clear_errors()
        self.values, self.experiences, self.languages, self.custom_fields = {}, [], [], []
        await live.publish(live.record_topic("candidate", candidate_id), live.agency_topic(agency_id))
        yield self._focus("pu-status-title")  # the form is gone: tell keyboard and screen reader users why

    def _problems(self, answers: dict) -> dict[str, str]:
        """What submitting these answers would refuse, without saving anything (the link may die meanwhile)."""
        try:
            with session_scope() as session:
                try:
                    profile_requests.check_answers(session, self._token, answers)
                except DeadLink as dead:
                    self._dead(session, dead)
        except ValidationError as exc:
            return dict(exc.errors)
        return {}

    @rx.event
    def ask_for_new_link(self):
        if self.phase != "dead" or not self.can_ask or not self._token:
            return
        with session_scope() as session:
            told = profile_requests.ask_for_new_link(session, self._token)
        self.asked = "told" if told else "failed"
        return self._focus("pu-asked")

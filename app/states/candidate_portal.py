"""The portal part of a candidate's profile, as recruiters see it: the access bar (open, resend, close), the
Messages tab (emails and portal replies in one thread), and a pending deletion request.

Thin: every handler asks the services, which check the recruiter's agency and role; nothing here trusts the
tab's vars for anything but which candidate the page shows.
"""

from __future__ import annotations

import dataclasses

import reflex as rx

from app.db import session_scope
from app.services import messages, portal_auth, portal_staff
from app.services.candidates import get_candidate
from app.services.errors import ServiceError, ValidationError
from app.states import live
from app.states.session import SessionState

TABS = ("overview", "profile", "applications", "comments", "documents", "updates", "messages")


@dataclasses.dataclass
class MessageRow:
    id: str
    incoming: bool
    subject: str
    body: str
    when: str
    status: str


@live.live
class CandidatePortalState(SessionState):
    pcid: str = ""
    portal_status: str = "closed"
    portal_label: str = "Closed"
    portal_detail: str = ""
    has_email: bool = False
    can_write: bool = False
    anonymised: bool = False
    close_open: bool = False
    thread: list[MessageRow] = []
    unread: int = 0
    message_errors: dict[str, str] = {}
    message_key: int = 0
    deletion_requested: str = ""  # when, in words; "" when there is no open request
    deletion_full_name: str = ""
    confirm_open: bool = False
    confirm_name: str = ""
    confirm_error: str = ""
    decline_open: bool = False
    decline_reason: str = ""
    decline_error: str = ""

    @rx.event
    async def load(self):
        self.pcid = str(self.router.page.params.get("candidate_id", ""))[:64]
        self.close_open = self.confirm_open = self.decline_open = False
        self.confirm_name = self.confirm_error = self.decline_reason = self.decline_error = ""
        self.message_errors = {}
        tab = str(self.router.page.params.get("tab", ""))
        actor = self._reload(mark_read=tab == "messages")
        if actor is not None and self.pcid:
            await live.follow(self, live.record_topic("candidate", self.pcid))
            if tab == "messages":  # replies just read: colleagues' counters and the owner's bell follow
                await self._publish(actor, live.record_topic("user", actor.user_id))

    def _live_refresh(self):
        self._reload()

    def _reload(self, mark_read: bool = False):
        actor = self._actor()
        if actor is None:
            return None
        try:
            with session_scope() as session:
                if mark_read:
                    messages.mark_read(session, actor, self.pcid)
                self._read(session, actor)
        except ServiceError:
            self.thread, self.unread, self.deletion_requested = [], 0, ""
            self.portal_status, self.portal_label, self.portal_detail = "closed", "Closed", ""
            return None
        return actor

    def _read(self, session, actor):
        candidate = get_candidate(session, actor, self.pcid)
        access = portal_auth.access_of(session, actor, candidate.id)
        self.can_write, self.anonymised = actor.can_write, candidate.anonymised_at is not None
        self.portal_status, self.has_email = access.status, access.has_email
        self.portal_label, self.portal_detail = portal_staff.access_summary(access.status, access.opened_at,
                                                                           access.last_visit_at)
        self.thread = [MessageRow(e.id, e.incoming, e.subject, e.body, e.when.strftime("%d %b %Y %H:%M"), e.status)
                       for e in messages.thread(session, actor, candidate.id)]
        self.unread = sum(1 for e in self.thread if e.incoming and e.status == "unread")
        requested = candidate.deletion_requested_at if candidate.anonymised_at is None else None
        self.deletion_requested = requested.strftime("%d %b %Y") if requested else ""
        self.deletion_full_name = candidate.full_name

    async def _publish(self, actor, *extra: str):
        await live.publish(live.agency_topic(actor.agency_id), live.record_topic("candidate", self.pcid), *extra,
                           origin=self)

    async def _run(self, fn, *args, success: str = "", extra=()):
        actor = self._actor()
        if actor is None:
            return self._to_login()
        try:
            with session_scope() as session:
                fn(session, actor, self.pcid, *args)
        except ValidationError as exc:
            return rx.toast.error(next(iter(exc.errors.values()), exc.message))
        except ServiceError as exc:
            return rx.toast.error(exc.message)
        self._reload()
        await self._publish(actor, *extra)
        return rx.toast.success(success) if success else None

    # --- access bar -----------------------------------------------------------------------------------

    @rx.event
    async def open_portal(self):
        return await self._run(portal_auth.open_portal, success="Portal opened: the invitation is on its way.")

    @rx.event
    async def resend_access(self):
        return await self._run(portal_auth.resend_access, success="A new access link is on its way.")

    @rx.event
    def set_close_open(self, value: bool):
        self.close_open = bool(value)

    @rx.event
    async def close_portal(self):
        self.close_open = False
        return await self._run(portal_auth.close_portal, success="Portal closed: the candidate is signed out.",
                               extra=(live.portal_topic(self.pcid),))

    # --- messages -------------------------------------------------------------------------------------

    @rx.event
    async def tab_changed(self, tab: str):
        """The Messages tab was opened: its replies are read now (the tab's counter and colleagues follow)."""
        if str(tab) != "messages":
            return
        actor = self._reload(mark_read=True)
        if actor is not None:
            await self._publish(actor, live.record_topic("user", actor.user_id))

    @rx.event
    async def send_message(self, form: dict):
        actor = self._actor()
        if actor is None:
            return self._to_login()
        subject, body = str(form.get("subject", ""))[:400], str(form.get("body", ""))[:messages.MAX_BODY + 100]
        try:
            with session_scope() as session:
                messages.send(session, actor, self.pcid, subject, body)
        except ValidationError as exc:
            self.message_errors = exc.errors
            return
        except ServiceError as exc:
            return rx.toast.error(exc.message)
        self.message_errors = {}
        self.message_key += 1  # a fresh, empty form
        self._reload()
        await self._publish(actor)
        return rx.toast.success("Message queued for sending.")

    # --- deletion request -----------------------------------------------------------------------------

    @rx.event
    def set_confirm_open(self, value: bool):
        self.confirm_open, self.confirm_name, self.confirm_error = bool(value), "", ""

    @rx.event
    def set_confirm_name(self, value: str):
        self.confirm_name = str(value)[:300]

    @rx.event
    def set_decline_open(self, value: bool):
        self.decline_open, self.decline_error = bool(value), ""

    @rx.event
    def set_decline_reason(self, value: str):
        self.decline_reason = str(value)[:portal_staff.MAX_REASON + 100]

    @rx.event
    async def confirm_deletion(self):
        actor = self._actor()
        if actor is None:
            return self._to_login()
        try:
            with session_scope() as session:
                portal_staff.confirm_deletion(session, actor, self.pcid, self.confirm_name)
        except ValidationError as exc:
            self.confirm_error = exc.errors.get("confirm") or next(iter(exc.errors.values()), exc.message)
            return
        except ServiceError as exc:
            return rx.toast.error(exc.message)
        self.confirm_open, self.confirm_name, self.confirm_error = False, "", ""
        self._reload()
        await self._publish(actor, live.portal_topic(self.pcid))
        from app.states.candidate_profile import CandidateProfileState

        profile = await self.get_state(CandidateProfileState)
        profile._reload()
        return rx.toast.success("Candidate anonymised, as they asked.")

    @rx.event
    async def decline_deletion(self):
        actor = self._actor()
        if actor is None:
            return self._to_login()
        try:
            with session_scope() as session:
                portal_staff.decline_deletion(session, actor, self.pcid, self.decline_reason)
        except ValidationError as exc:
            self.decline_error = exc.errors.get("reason") or next(iter(exc.errors.values()), exc.message)
            return
        except ServiceError as exc:
            return rx.toast.error(exc.message)
        self.decline_open, self.decline_reason, self.decline_error = False, "", ""
        self._reload()
        await self._publish(actor, live.portal_topic(self.pcid))
        return rx.toast.success("Request declined; the candidate is told why.")

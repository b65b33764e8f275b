"""/portal/[portal_slug]/messages: the emails the agency sent the candidate, and the candidate's replies."""

from __future__ import annotations

import dataclasses

import reflex as rx

from app.db import session_scope
from app.services import messages, portal, portal_text
from app.services.errors import ServiceError, ValidationError
from app.services.portal_auth import CandidateActor
from app.states import live
from app.states.portal_session import PortalSessionState, focus


@dataclasses.dataclass
class MyMessage:
    id: str
    mine: bool
    subject: str
    body: str
    when: str


@live.live
class PortalMessagesState(PortalSessionState):
    loaded: bool = False
    rows: list[MyMessage] = []
    replying_to: str = ""  # id of the agency's email being answered ("" = a new message)
    replying_subject: str = ""
    body_error: str = ""
    outcome: str = ""
    sending: bool = False
    form_key: int = 0  # a new key empties the form after a message was sent

    @rx.var
    def page_title(self) -> str:
        return f"{self.t['msgs.title']} · {self.agency_name}" if self.agency_name else self.t["msgs.title"]

    @rx.var
    def intro(self) -> str:
        return self.t["msgs.intro"].format(agency=self.agency_name)

    @rx.var
    def write_title(self) -> str:
        return self.t["msgs.write"].format(agency=self.agency_name)

    @rx.var
    def from_agency(self) -> str:
        return self.t["msgs.from_agency"].format(agency=self.agency_name)

    @rx.var
    def empty_text(self) -> str:
        return self.t["msgs.empty_text"].format(agency=self.agency_name)

    @rx.var
    def replying_text(self) -> str:
        return self.t["msgs.replying"].format(subject=self.replying_subject) if self.replying_to else ""

    def _reload(self, who: CandidateActor) -> None:
        with session_scope() as session:
            found = portal.my_messages(session, who)
        self.rows = [MyMessage(m.id, m.sender == "me", m.subject, m.body, portal_text.moment(m.when, self.lang))
                     for m in found]
        self.loaded = True

    @rx.event
    async def load(self):
        who = self._who()
        if who is None:
            return
        self.outcome, self.body_error, self.sending = "", "", False
        await self._read_and_follow(who)

    def _live_refresh(self):
        """The agency emailed the candidate, or the candidate switched language or wrote from another tab."""
        self._reread()

    @rx.event
    def reply_to(self, message_id: str):
        row = next((r for r in self.rows if r.id == str(message_id) and not r.mine), None)
        if row is not None and self._who() is not None:
            self.replying_to, self.replying_subject, self.outcome = row.id, row.subject, ""
            return focus("pm-body")

    @rx.event
    def new_message(self):
        self.replying_to, self.replying_subject = "", ""

    @rx.event
    async def send(self, form: dict):
        who = self._who()
        if who is None:
            yield rx.redirect(f"/portal/{self._route_slug()}", replace=True)
            return
        if self.sending or not isinstance(form, dict):
            return
        body = str(form.get("body") or "")
        self.body_error, self.outcome = "", ""
        if not body.strip():
            self.body_error = self.t["msgs.empty_body"]
            yield focus("pm-body")
            return
        if len(body.strip()) > portal.MAX_MESSAGE:
            self.body_error = self.t["msgs.too_long"]
            yield focus("pm-body")
            return
        self.sending = True
        yield
        try:
            with session_scope() as session:
                messages.add_candidate_reply(session, who, body, in_reply_to=self.replying_to or None)
                topics = messages.reply_topics(session, who)
        except ValidationError as exc:
            self.body_error = self.t["msgs.too_long"] if "5,000" in " ".join(exc.errors.values()) \
                else self.t["msgs.empty_body"]
            return
        except ServiceError:
            self.outcome = self.t["failed"]
            return
        finally:
            self.sending = False
        self.replying_to, self.replying_subject = "", ""
        self.form_key += 1
        self.outcome = self.t["msgs.sent"]
        self._reload(who)
        await live.publish(*topics, origin=self)
        yield focus("ps-outcome")

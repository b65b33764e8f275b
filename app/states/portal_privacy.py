"""/portal/[portal_slug]/privacy ("My data"): consent, its history, the data download, the deletion request.

The wording a decision is recorded with is the one this page showed (kept here, not sent by the browser);
the service refuses it if the agency changed it meanwhile, and the page then shows the new one.
"""

from __future__ import annotations

import dataclasses

import reflex as rx

from app.db import session_scope
from app.models import ConsentAction
from app.services import portal, portal_text
from app.services.errors import ServiceError, ValidationError
from app.services.portal_auth import CandidateActor
from app.states import live
from app.states.portal_session import PortalSessionState


@dataclasses.dataclass
class Decision:
    action: str  # given, renewed, withdrawn
    title: str
    when: str
    until: str
    wording: str


@live.live
class PortalPrivacyState(PortalSessionState):
    loaded: bool = False
    busy: str = ""  # the action being recorded ("given", "renewed", "withdrawn", "deletion")
    wording: str = ""
    consent_state: str = ""  # active, none, ended, withdrawn
    consent_status: str = ""
    give_label: str = ""
    decisions: list[Decision] = []
    withdraw_open: bool = False
    delete_open: bool = False
    deletion_pending: str = ""  # the sentence saying since when, or ""
    outcome: str = ""
    outcome_tone: str = ""

    @rx.var
    def page_title(self) -> str:
        return f"{self.t['privacy.title']} · {self.agency_name}" if self.agency_name else self.t["privacy.title"]

    @rx.var
    def agency_texts(self) -> dict[str, str]:
        """The page's sentences that name the agency."""
        keys = ("privacy.intro", "consent.withdraw_text", "export.text", "delete.text")
        return {key: self.t[key].format(agency=self.agency_name) for key in keys}

    @rx.var
    def export_url(self) -> str:
        return f"/portal-files/{self.slug}/my-data.zip"

    def _reload(self, who: CandidateActor) -> None:
        with session_scope() as session:
            view = portal.consent(session, who)
        t, lang = self.t, self.lang
        self.wording = view.wording
        latest = view.history[0][0] if view.history else ""
        if view.active:
            self.consent_state, self.consent_status = "active", t["consent.active"].format(
                date=portal_text.day(view.valid_until, lang))
        elif latest == ConsentAction.WITHDRAWN.value:
            self.consent_state, self.consent_status = "withdrawn", t["consent.withdrawn"]
        elif view.valid_until is not None:
            self.consent_state, self.consent_status = "ended", t["consent.ended"].format(
                date=portal_text.day(view.valid_until, lang))
        else:
            self.consent_state, self.consent_status = "none", t["consent.none"]
        key = "consent.renew" if view.active else "consent.give"
        self.give_label = t[key].format(date=portal_text.day(view.renews_until, lang))
        self.decisions = [
            Decision(action, t.get(f"history.{action}", action), portal_text.moment(when, lang),
                     t["history.until"].format(date=portal_text.day(until, lang)) if until else "", wording)
            for action, wording, when, until in view.history]
        self.deletion_pending = (t["delete.pending"].format(date=portal_text.day(view.deletion_requested_at, lang))
                                 if view.deletion_requested_at else "")
        self.loaded = True

    @rx.event
    async def load(self):
        who = self._who()
        if who is None:
            return  # the guard before us has sent the browser to the sign-in page
        self.outcome, self.busy, self.withdraw_open, self.delete_open = "", "", False, False
        await self._read_and_follow(who)

    def _live_refresh(self):
        """A recruiter changed the consent or anonymised the candidate, or the candidate switched language."""
        who = self._who()
        if who is not None and not self.busy:
            self._set_language(who.language)
            self._reload(who)

    def _signed_out(self):
        return rx.redirect(f"/portal/{self._route_slug()}", replace=True)

    @rx.event
    def set_withdraw_open(self, value: bool):
        self.withdraw_open = bool(value) and self.consent_state == "active"

    @rx.event
    def set_delete_open(self, value: bool):
        self.delete_open = bool(value) and not self.deletion_pending

    @rx.event
    async def consent(self, action: str):
        """Give or renew ("agree"), or withdraw; the page decides which of given/renewed from what it shows."""
        who = self._who()
        if who is None:
            yield self._signed_out()
            return
        if action == "agree":
            action = ConsentAction.RENEWED.value if self.consent_state == "active" else ConsentAction.GIVEN.value
        if action not in (ConsentAction.GIVEN.value, ConsentAction.RENEWED.value, ConsentAction.WITHDRAWN.value) \
                or self.busy or not self.loaded:
            return
        self.busy, self.outcome, self.withdraw_open = action, "", False
        yield
        try:
            with session_scope() as session:
                until = portal.set_consent(session, who, action, self.wording)
        except ValidationError:
            self._reload(who)  # the agency changed the wording: show the new one before anything is recorded
            self.outcome, self.outcome_tone = self.t["consent.changed"], "problem"
            return
        except ServiceError:
            self.outcome, self.outcome_tone = self.t["failed"], "problem"
            return
        finally:
            self.busy = ""
        self._reload(who)
        self.outcome_tone = "ok"
        self.outcome = (self.t["consent.withdrawn_done"] if until is None
                        else self.t["consent.given_done"].format(date=portal_text.day(until, self.lang)))
        await live.publish(live.record_topic("candidate", who.candidate_id), live.agency_topic(who.agency_id),
                           origin=self)
        yield rx.call_script("document.getElementById('ps-outcome')?.focus()")

    @rx.event
    async def request_deletion(self):
        who = self._who()
        if who is None:
            yield self._signed_out()
            return
        if self.busy or not self.loaded:
            return
        self.busy, self.outcome, self.delete_open = "deletion", "", False
        yield
        try:
            with session_scope() as session:
                told = portal.request_deletion(session, who)
        except ServiceError:
            self.outcome, self.outcome_tone = self.t["failed"], "problem"
            return
        finally:
            self.busy = ""
        self._reload(who)
        self.outcome, self.outcome_tone = self.t["delete.sent"].format(agency=self.agency_name), "ok"
        topics = [live.record_topic("user", told)] if told else []
        await live.publish(live.record_topic("candidate", who.candidate_id), live.agency_topic(who.agency_id),
                           *topics, origin=self)
        yield rx.call_script("document.getElementById('ps-outcome')?.focus()")

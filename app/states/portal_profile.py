"""/portal/[portal_slug]/profile: the signed-in candidate keeps their profile current.

The same fields, admin settings, checks and look as the profile-update link (ProfileFieldsState); what is
different is who may use it: the candidate behind the portal cookie, resolved again in every handler.
"""

from __future__ import annotations

import reflex as rx

from app.db import session_scope
from app.services import form_messages, portal, portal_text
from app.services.errors import NotFound, ServiceError, ValidationError
from app.services.portal_auth import CandidateActor
from app.services.profile_form import BUILTIN, DEFAULT_TEXTS
from app.states import live
from app.states.portal_session import PortalSessionState
from app.states.profile_fields import ProfileFieldsState


@live.live
class PortalProfileState(ProfileFieldsState, PortalSessionState):
    loaded: bool = False
    saving: bool = False
    outcome: str = ""  # what the last save did, read out by the status region
    outcome_tone: str = ""  # "ok" or "problem"
    _candidate: str = ""  # whose profile fills the form, and from which version of it
    _version: int = -1
    _admin_labels: dict[str, str] = {}  # the settings' labels and texts, before _speak translates defaults
    _admin_texts: dict[str, str] = {}

    @rx.var
    def page_title(self) -> str:
        return f"{self.t['profile.title']} · {self.agency_name}" if self.agency_name else self.t["profile.title"]

    def _guard(self) -> bool:
        return self.loaded and self._who() is not None

    def _message(self, text: str) -> str:
        return form_messages.translate(text, self.lang)

    def _speak(self) -> None:
        """The form's own words, and the labels the admin left as they come, in the candidate's language."""
        words = portal_text.form_words(self.lang)
        self.words = words
        self.labels = {key: words.get(f"label.{key}", label) if key in BUILTIN and label == BUILTIN[key].label
                       else label for key, label in self._admin_labels.items()}
        self.texts = {key: words.get(f"text.{key}", text) if text == DEFAULT_TEXTS.get(key) else text
                      for key, text in self._admin_texts.items()}

    def _refill(self, who: CandidateActor, keep_typing: bool) -> None:
        """Fill the form from the stored profile; a reload of an unchanged profile keeps what was typed."""
        with session_scope() as session:
            view = portal.profile(session, who)
        if keep_typing and self._candidate == str(who.candidate_id) and self._version == view.version:
            return
        self._fill(view.settings, view.values, view.cv_on_file)
        self._admin_labels, self._admin_texts = dict(self.labels), dict(self.texts)
        self._speak()
        self._candidate, self._version = str(who.candidate_id), view.version
        self.loaded = True

    @rx.event
    async def load(self):
        who = self._who()
        if who is None:
            return  # the guard before us has sent the browser to the sign-in page
        self.outcome, self.saving = "", False
        try:
            self._refill(who, keep_typing=True)
        except NotFound:
            return
        await live.follow(self, live.record_topic("candidate", who.candidate_id))

    def _live_refresh(self):
        """The candidate switched language (or a recruiter changed the profile): the form speaks the candidate's
        language again. Its values are not refilled: that would throw away what the candidate is typing."""
        who = self._who()
        if who is not None and self.loaded:
            self._set_language(who.language)
            self._speak()

    def _problems(self, who: CandidateActor, answers: dict) -> dict[str, str]:
        try:
            with session_scope() as session:
                portal.check_profile(session, who, answers)
        except ValidationError as exc:
            return dict(exc.errors)
        return {}

    def _refused(self, errors: dict[str, str]):
        self.outcome, self.outcome_tone = self.t["profile.refused"], "problem"
        return self._focus(self._show_errors({k: self._message(v) for k, v in errors.items()}))

    @rx.event
    async def save(self, form: dict):
        who = self._who()
        if who is None:
            yield rx.redirect(f"/portal/{self._route_slug()}", replace=True)
            return
        if self.saving or not isinstance(form, dict):
            return
        if not self.loaded:
            # This tab's state is gone (a server restart, an hour idle) while its page is still open: read the
            # settings again and save what the page sends; the rows come from the submitted names.
            key = self.form_key
            try:
                self._refill(who, keep_typing=False)
            except ServiceError:
                return
            self.form_key = key
        answers = self._answers(form)
        if self._cv_problem:  # a refused CV is not silently left out: show it with any other problem
            yield self._refused({**self._problems(who, answers), "cv": self._cv_problem})
            return
        self.saving, self.outcome = True, ""
        yield
        try:
            with session_scope() as session:
                changes = portal.save_profile(session, who, answers, self._cv_answer())
        except ValidationError as exc:  # nothing of it is saved; what was typed stays in the browser
            yield self._refused(exc.errors)
            return
        except ServiceError:
            self.outcome, self.outcome_tone = self.t["failed"], "problem"
            return
        finally:
            self.saving = False
        sent_cv = bool(self._cv_data)
        self._forget_cv()
        self._clear_errors()
        self._refill(who, keep_typing=False)
        self.outcome = self.t["profile.saved"] if changes or sent_cv else self.t["profile.unchanged"]
        self.outcome_tone = "ok"
        if changes or sent_cv:
            await live.publish(live.record_topic("candidate", who.candidate_id), live.agency_topic(who.agency_id),
                               origin=self)
        yield self._focus("ps-outcome")

"""/admin/email-templates: admins reword the standard emails, per purpose and language, with a live preview."""

from __future__ import annotations

import dataclasses

import reflex as rx

from app.db import session_scope
from app.services import email_templates
from app.services.errors import ServiceError, ValidationError
from app.states.linked_text import Segment, segments
from app.states.session import SessionState

MAX_TYPED = 40_000  # a browser may send anything; the service checks the real limits


@dataclasses.dataclass
class Placeholder:
    name: str
    required: bool


@dataclasses.dataclass
class TemplateStatus:
    language: str
    label: str
    customised: bool
    unsaved: bool


class AdminEmailTemplatesState(SessionState):
    purpose: str = "profile_update"
    language: str = "en"
    subject: str = ""
    body: str = ""
    customised: bool = False
    updated_at: str = ""
    placeholders: list[Placeholder] = []
    languages: list[TemplateStatus] = []
    preview_subject: str = ""
    preview_body: list[Segment] = []
    errors: dict[str, str] = {}
    dirty: bool = False
    # Unsaved text of the other purpose/language pairs, so switching never loses what was typed.
    _drafts: dict[str, tuple[str, str]] = {}

    def _key(self, purpose: str | None = None, language: str | None = None) -> str:
        return f"{purpose or self.purpose}/{language or self.language}"

    def _show(self, session, actor) -> None:
        """Show the selected template: its unsaved draft if there is one, else the stored text."""
        spec = email_templates.purpose_of(self.purpose)
        stored = email_templates.get_template(session, actor.agency_id, self.purpose, self.language)
        self.customised = stored.customised
        self.updated_at = f"{stored.updated_at:%d %b %Y %H:%M}" if stored.updated_at else ""
        self.subject, self.body = self._drafts.get(self._key(), (stored.subject, stored.body))
        self.dirty = self._key() in self._drafts
        self.placeholders = [Placeholder("{" + p + "}", p in spec.required) for p in spec.placeholders]
        self.errors = {}
        self._statuses(session, actor)
        self._preview(session, actor)

    def _statuses(self, session, actor) -> None:
        self.languages = [
            TemplateStatus(code, label, email_templates.get_template(session, actor.agency_id, self.purpose,
                                                                     code).customised,
                           self._key(language=code) in self._drafts)
            for code, label in email_templates.LANGUAGES.items()]

    def _forget_draft(self) -> None:
        # Reassigned, not popped: the Redis state manager stores what was assigned.
        self._drafts = {k: v for k, v in self._drafts.items() if k != self._key()}

    def _preview(self, session, actor) -> None:
        subject, body = email_templates.preview(session, actor, self.purpose, self.subject, self.body)
        self.preview_subject, self.preview_body = subject, segments(body)

    def _with_admin(self, fn):
        actor, denied = self._admin()
        if actor is None:
            return denied
        try:
            with session_scope() as session:
                return fn(session, actor)
        except ServiceError as exc:
            return rx.toast.error(exc.message)

    @rx.event
    def load(self):
        actor, _ = self._admin()
        if actor is None:
            self.subject = self.body = ""
            self.preview_body, self.placeholders, self.languages = [], [], []
            return
        if self.purpose not in email_templates.PURPOSES or self.language not in email_templates.LANGUAGES:
            self.purpose, self.language = "profile_update", "en"
        return self._with_admin(self._show)

    def _switch(self, purpose: str, language: str):
        if purpose not in email_templates.PURPOSES or language not in email_templates.LANGUAGES:
            return rx.toast.error("Unknown template.")

        def run(session, actor):
            if self.dirty:
                self._drafts = {**self._drafts, self._key(): (self.subject, self.body)}
            self.purpose, self.language = purpose, language
            self._show(session, actor)

        return self._with_admin(run)

    @rx.event
    def select_purpose(self, purpose: str):
        return self._switch(str(purpose), self.language)

    @rx.event
    def select_language(self, language: str | list[str]):
        return self._switch(self.purpose, str(language))

    def _typed(self, field: str, value: str):
        def run(session, actor):
            setattr(self, field, str(value or "")[:MAX_TYPED])
            self.dirty = True
            self.errors = {k: v for k, v in self.errors.items() if k != field}
            self._preview(session, actor)

        return self._with_admin(run)

    @rx.event
    def set_subject(self, value: str):
        return self._typed("subject", value)

    @rx.event
    def set_body(self, value: str):
        return self._typed("body", value)

    @rx.event
    def save(self):
        def run(session, actor):
            try:
                email_templates.save_template(session, actor, self.purpose, self.language, self.subject, self.body)
            except ValidationError as exc:
                self.errors = exc.errors  # what was typed stays in the editor
                return None
            self._forget_draft()
            self._show(session, actor)
            label = email_templates.LANGUAGES[self.language]
            return rx.toast.success(f"Saved: {email_templates.PURPOSES[self.purpose].label} ({label}).")

        return self._with_admin(run)

    @rx.event
    def reset_to_standard(self):
        def run(session, actor):
            email_templates.reset_template(session, actor, self.purpose, self.language)
            self._forget_draft()
            self._show(session, actor)
            return rx.toast.success("Back to Candor's standard wording.")

        return self._with_admin(run)

    @rx.event
    def discard(self):
        """Forget the unsaved changes of the selected template."""
        def run(session, actor):
            self._forget_draft()
            self._show(session, actor)

        return self._with_admin(run)

"""/admin/profile-form: what the profile-update form shows, under which labels, and how long its links live.

Everything is edited in this state and stored by one Save, so an error anywhere loses nothing typed.
Text inputs report on blur (a click on Save blurs first, so the last value is in before the save).
"""

from __future__ import annotations

import dataclasses

import reflex as rx

from app.db import session_scope
from app.services import profile_form
from app.services.errors import ServiceError, ValidationError
from app.states.session import SessionState

MAX_TYPED = 5_000  # a browser may send anything; the service checks the real limits
GENERAL_KEYS = ("link_max_age_days", "reminder_days")
# After the tab with the errors has rendered, bring the first one into view.
SHOW_FIRST_ERROR_JS = ("setTimeout(() => document.querySelector('#main [role=alert]')"
                       "?.scrollIntoView({block: 'center', behavior: 'smooth'}), 150)")


@dataclasses.dataclass
class FieldRow:
    key: str
    label: str
    standard_label: str
    kind: str
    visible: bool
    required: bool
    locked: bool
    custom: bool


def _standard_label(view: profile_form.FieldView) -> str:
    spec = profile_form.BUILTIN.get(view.key)
    return spec.label if spec else view.label


class AdminProfileFormState(SessionState):
    tab: str = "general"
    texts: dict[str, str] = {}
    fields: list[FieldRow] = []
    default_languages: list[str] = []
    levels: list[str] = []
    link_max_age_days: str = "30"
    reminder_days: str = ""
    errors: dict[str, str] = {}
    dirty: bool = False
    # Bumped on every load/save so inputs (uncontrolled, filled from state) show the stored values again.
    generation: int = 0

    @rx.var
    def general_error_count(self) -> int:
        return sum(1 for k in self.errors if k.startswith("texts.") or k in GENERAL_KEYS)

    @rx.var
    def fields_error_count(self) -> int:
        return len(self.errors) - self.general_error_count

    def _show(self, settings: profile_form.FormSettings) -> None:
        self.texts = dict(settings.texts)
        self.fields = [FieldRow(f.key, f.label, _standard_label(f), f.kind, f.visible, f.required, f.locked,
                                f.key.startswith("custom:")) for f in settings.fields]
        self.default_languages = list(settings.default_languages)
        self.levels = list(settings.levels)
        self.link_max_age_days = str(settings.link_max_age_days)
        self.reminder_days = "" if settings.reminder_days is None else str(settings.reminder_days)
        self.errors, self.dirty = {}, False
        self.generation += 1

    def _changed(self, *error_keys: str) -> None:
        self.dirty = True
        if error_keys:
            self.errors = {k: v for k, v in self.errors.items() if k not in error_keys}

    @rx.event
    def load(self):
        actor, _ = self._admin()
        if actor is None:
            self.texts, self.fields, self.default_languages, self.levels = {}, [], [], []
            return
        with session_scope() as session:
            self._show(profile_form.get_settings(session, actor))

    @rx.event
    def set_tab(self, tab: str):
        self.tab = "fields" if tab == "fields" else "general"

    @rx.event
    def set_text(self, key: str, value: str):
        if key in profile_form.DEFAULT_TEXTS and self.texts.get(key) != value:
            self.texts = {**self.texts, key: str(value or "")[:MAX_TYPED]}
            self._changed(f"texts.{key}")

    def _field(self, key: str, **changes) -> None:
        rows = []
        for row in self.fields:
            if row.key == key and not row.locked:
                row = dataclasses.replace(row, **changes)
                if not row.visible:
                    row.required = False
            rows.append(row)
        if rows != self.fields:
            self.fields = rows
            self._changed(f"fields.{key}")

    @rx.event
    def set_label(self, key: str, value: str):
        self._field(str(key), label=str(value or "")[:MAX_TYPED])

    @rx.event
    def set_visible(self, key: str, value: bool):
        self._field(str(key), visible=bool(value))

    @rx.event
    def set_required(self, key: str, value: bool):
        self._field(str(key), required=bool(value))

    @rx.event
    def set_link_max_age(self, value: str):
        if value != self.link_max_age_days:
            self.link_max_age_days = str(value or "")[:20]
            self._changed("link_max_age_days", "reminder_days")

    @rx.event
    def set_reminder_days(self, value: str):
        if value != self.reminder_days:
            self.reminder_days = str(value or "")[:20]
            self._changed("reminder_days")

    def _add(self, items: list[str], value, error_key: str, what: str) -> list[str] | None:
        item = " ".join(str(value or "").split())[:200]
        if not item:
            return None
        if item.lower() in {i.lower() for i in items}:
            self.errors = {**self.errors, error_key: f"{item} is already {what}."}
            return None
        return items + [item]

    @rx.event
    def add_language(self, form: dict):
        added = self._add(self.default_languages, form.get("language"), "default_languages", "listed")
        if added is not None:
            self.default_languages = added
            self._changed("default_languages")

    @rx.event
    def remove_language(self, index: int):
        if 0 <= int(index) < len(self.default_languages):
            self.default_languages = [v for i, v in enumerate(self.default_languages) if i != int(index)]
            self._changed("default_languages")

    @rx.event
    def add_level(self, form: dict):
        added = self._add(self.levels, form.get("level"), "levels", "in the scale")
        if added is not None:
            self.levels = added
            self._changed("levels")

    @rx.event
    def remove_level(self, index: int):
        if 0 <= int(index) < len(self.levels):
            self.levels = [v for i, v in enumerate(self.levels) if i != int(index)]
            self._changed("levels")

    @rx.event
    def move_level(self, index: int, step: int):
        index, target = int(index), int(index) + (1 if int(step) > 0 else -1)
        if 0 <= index < len(self.levels) and 0 <= target < len(self.levels):
            levels = list(self.levels)
            levels[index], levels[target] = levels[target], levels[index]
            self.levels = levels
            self._changed("levels")

    @rx.event
    def discard(self):
        """Back to the stored settings."""
        actor, denied = self._admin()
        if actor is None:
            return denied
        with session_scope() as session:
            self._show(profile_form.get_settings(session, actor))

    @rx.event
    def save(self):
        actor, denied = self._admin()
        if actor is None:
            return denied
        try:
            with session_scope() as session:
                settings = profile_form.save_settings(
                    session, actor, texts=dict(self.texts),
                    fields={r.key: {"visible": r.visible, "required": r.required, "label": r.label}
                            for r in self.fields},
                    default_languages=list(self.default_languages), levels=list(self.levels),
                    link_max_age_days=self.link_max_age_days, reminder_days=self.reminder_days)
        except ValidationError as exc:
            self.errors = dict(exc.errors)
            if self.tab == "general" and not self.general_error_count:
                self.tab = "fields"
            elif self.tab == "fields" and not self.fields_error_count:
                self.tab = "general"
            return [rx.toast.error("Nothing was saved: please correct the highlighted settings."),
                    rx.call_script(SHOW_FIRST_ERROR_JS)]
        except ServiceError as exc:
            return rx.toast.error(exc.message)
        self._show(settings)
        return rx.toast.success("Profile form settings saved.")

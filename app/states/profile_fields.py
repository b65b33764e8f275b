"""The candidate's profile form as a state mixin: the profile-update link uses it now, the candidate portal later.

Inputs are uncontrolled (the browser keeps what is typed); the state holds what the form starts from, the
rows of the repeatable parts (stable ids, so removing a row never shifts typed text into another), the
errors next to each field, and the chosen CV (bytes in a backend var only). A concrete state decides who
may use the form: `_guard()` runs first in every handler.
"""

from __future__ import annotations

import dataclasses
import json
import re
from typing import Any

import reflex as rx

from app.services import documents, portal_text
from app.services.errors import ValidationError
from app.services.profile_form import EMPLOYMENT_LABELS, FormSettings

CV_UPLOAD_ID = "profile-cv"
MAX_TEXT = 5000  # longer than any field allows: the service says what is too long, we only cap abuse
MAX_ROWS = 40
# Scalar answers in the order the form shows them (error summary, first error to focus).
SCALARS = ("first_name", "last_name", "email", "phone", "address_line", "postal_code", "city", "country",
           "current_position", "current_employer", "desired_position", "preferred_locations", "available_from",
           "availability_note", "salary_expectation", "salary_currency", "salary_period", "skills")
# Which form field (as the admin configures it) shows each scalar.
SHOWN_BY = {"address_line": "address", "postal_code": "address", "city": "address", "country": "address",
            "current_employer": "current_position", "salary_currency": "salary_expectation",
            "salary_period": "salary_expectation"}
EXPERIENCE_PARTS = ("title", "company", "start", "end", "description")


@dataclasses.dataclass
class ExperienceRow:
    id: str
    title: str = ""
    company: str = ""
    start: str = ""
    end: str = ""
    description: str = ""


@dataclasses.dataclass
class LanguageRow:
    id: str
    language: str = ""
    level: str = ""
    fixed: bool = False  # one of the agency's default languages: always listed, needs a level


@dataclasses.dataclass
class CustomFieldRow:
    key: str  # "custom:<attribute key>", as the service names it
    dom_id: str
    label: str
    kind: str  # text, number, date, choice
    required: bool
    choices: list[str]
    value: str


@dataclasses.dataclass
class ErrorItem:
    target: str  # id of the control to focus
    message: str


def dom_id(key: str) -> str:
    """The element id of a form key ("custom:x" -> "pu-custom-x", "exp.e1.title" -> "pu-exp-e1-title")."""
    return "pu-" + key.replace(":", "-").replace(".", "-")


def _row_ids(form: dict, kind: str, prefix: str) -> list[str]:
    """Ids of the rows of one kind ("exp", "lang") whose controls the form submitted, in page order."""
    pattern = re.compile(rf"^{kind}\.({prefix}\d{{1,6}})\.")
    ids: list[str] = []
    for name in form:
        found = pattern.match(str(name))
        if found and found.group(1) not in ids:
            ids.append(found.group(1))
    return ids[:MAX_ROWS]


def _text(value: Any) -> str:
    return value[:MAX_TEXT] if isinstance(value, str) else ""


class ProfileFieldsState(rx.State, mixin=True):
    shown: dict[str, bool] = {}
    labels: dict[str, str] = {}
    required: dict[str, bool] = {}
    texts: dict[str, str] = {}
    values: dict[str, str] = {}
    employment_types: list[str] = []
    experiences: list[ExperienceRow] = []
    languages: list[LanguageRow] = []
    levels: list[str] = []
    custom_fields: list[CustomFieldRow] = []
    # The form's own words (sub-labels, hints, buttons): English unless the page that uses it speaks another.
    words: dict[str, str] = portal_text.form_words("en")
    errors: dict[str, str] = {}
    error_items: list[ErrorItem] = []
    cv_on_file: str = ""
    cv_chosen: str = ""
    cv_refused: str = ""  # name of a chosen file that was refused: the form is not sent until it is dealt with
    cv_uploading: bool = False
    # Uploads started / finished: the start event and the upload itself may reach the server in either order.
    _uploads_started: int = 0
    _uploads_done: int = 0
    form_key: int = 0
    _cv_name: str = ""
    _cv_data: bytes = b""
    _cv_problem: str = ""
    _next_row: int = 0
    # Row ids in the order their answers went to the service, whose errors count rows from 0.
    _sent_experiences: list[str] = []
    _sent_languages: list[str] = []

    def _guard(self) -> bool:
        """May this tab use the form now? Concrete states re-check their link or session here."""
        raise NotImplementedError

    def _message(self, text: str) -> str:
        """A service's message as this page shows it (the portal translates it into the candidate's language)."""
        return text

    # --- filling --------------------------------------------------------------------------------

    def _row_id(self, prefix: str) -> str:
        self._next_row += 1
        return f"{prefix}{self._next_row}"

    def _fill(self, settings: FormSettings, values: dict[str, Any], cv_on_file: str) -> None:
        """Start the form from the stored profile, showing what the settings make visible."""
        visible = [f for f in settings.fields if f.visible]
        self.shown = {f.key: True for f in visible}
        self.labels = {f.key: f.label for f in settings.fields}
        self.required = {f.key: f.required for f in visible}
        self.texts = dict(settings.texts)
        self.levels = list(settings.levels)
        self.values = {name: str(values.get(name) or "") for name in SCALARS}
        self.employment_types = [t for t in EMPLOYMENT_LABELS if t in (values.get("employment_types") or [])]
        self.experiences = [ExperienceRow(self._row_id("e"), **{p: str(e.get(p) or "") for p in EXPERIENCE_PARTS})
                            for e in values.get("experiences") or []]
        self.languages = self._language_rows(settings.default_languages, values.get("languages") or [])
        self.custom_fields = [
            CustomFieldRow(f.key, dom_id(f.key), f.label, f.kind.removeprefix("custom_"), f.required,
                           list(f.choices), str(values.get(f.key) or ""))
            for f in visible if f.key.startswith("custom:")]
        self.cv_on_file, self.cv_chosen, self._cv_name, self._cv_data = cv_on_file, "", "", b""
        self.errors, self.error_items = {}, []
        self.form_key += 1

    def _language_rows(self, defaults: list[str], stored: list[dict]) -> list[LanguageRow]:
        """The agency's default languages first (with the candidate's level if known), then the others."""
        by_name = {str(e.get("language") or "").lower(): e for e in stored}
        rows = [LanguageRow(self._row_id("l"), name, str(by_name.get(name.lower(), {}).get("level") or ""), True)
                for name in defaults]
        fixed = {name.lower() for name in defaults}
        rows += [LanguageRow(self._row_id("l"), str(e.get("language") or ""), str(e.get("level") or ""))
                 for e in stored if str(e.get("language") or "").lower() not in fixed]
        return rows

    # --- answers and errors -----------------------------------------------------------------------

    def _answers(self, form: dict) -> dict[str, Any]:
        """The service's answers from the submitted form; the state keeps them as what the form shows."""
        answers: dict[str, Any] = {}
        for name in SCALARS:
            if name in form:
                answers[name] = self.values[name] = _text(form.get(name))
        self.values = dict(self.values)
        self.employment_types = [t for t in EMPLOYMENT_LABELS if form.get(f"employment_types.{t}")]
        answers["employment_types"] = list(self.employment_types)
        # Rows come from the submitted names, in page order: what the candidate sees is what is sent, even
        # if this tab's state was lost (server restart, an hour idle) and rebuilt from the link meanwhile.
        exp_ids, lang_ids = _row_ids(form, "exp", "e"), _row_ids(form, "lang", "l")
        self.experiences = [ExperienceRow(i, **{p: _text(form.get(f"exp.{i}.{p}")) for p in EXPERIENCE_PARTS})
                            for i in exp_ids]
        filled = [r for r in self.experiences if any(getattr(r, p).strip() for p in EXPERIENCE_PARTS)]
        self._sent_experiences = [r.id for r in filled]
        answers["experiences"] = [{p: getattr(r, p) for p in EXPERIENCE_PARTS} for r in filled]
        fixed = {r.id: r.language for r in self.languages if r.fixed}
        lang_ids += [i for i in fixed if i not in lang_ids]  # a default language cannot be left out
        self.languages = [LanguageRow(i, fixed[i] if i in fixed else _text(form.get(f"lang.{i}.language")),
                                      _text(form.get(f"lang.{i}.level")), i in fixed) for i in lang_ids]
        self._next_row = max([self._next_row] + [int(i[1:]) for i in exp_ids + lang_ids])
        filled_languages = [r for r in self.languages if r.language.strip() or r.level.strip()]
        self._sent_languages = [r.id for r in filled_languages]
        answers["languages"] = [{"language": r.language, "level": r.level} for r in filled_languages]
        self.custom_fields = [CustomFieldRow(r.key, r.dom_id, r.label, r.kind, r.required, list(r.choices),
                                             _text(form.get(r.key))) for r in self.custom_fields]
        answers.update({r.key: r.value for r in self.custom_fields})
        return answers

    def _form_key_of(self, key: str) -> str:
        """The service's error key as the form names the control ("experiences.0.title" -> "exp.e3.title")."""
        for prefix, sent, short in (("experiences.", self._sent_experiences, "exp"),
                                    ("languages.", self._sent_languages, "lang")):
            if key.startswith(prefix) and key.count(".") == 2:
                _, index, part = key.split(".")
                if index.isdigit() and int(index) < len(sent):
                    return f"{short}.{sent[int(index)]}.{part}"
        return key

    def _ordered_keys(self) -> list[str]:
        keys = list(SCALARS[:12]) + ["employment_types"] + list(SCALARS[12:]) + ["experiences"]
        keys += [f"exp.{r.id}.{p}" for r in self.experiences for p in EXPERIENCE_PARTS] + ["languages"]
        keys += [f"lang.{r.id}.{p}" for r in self.languages for p in ("language", "level")] + ["cv"]
        return keys + [r.key for r in self.custom_fields]

    def _show_errors(self, errors: dict[str, str]) -> str:
        """Put each message next to its field and into the summary; returns the id of the first to focus."""
        mine = {self._form_key_of(k): str(v) for k, v in errors.items()}
        order = self._ordered_keys()
        keys = sorted(mine, key=lambda k: order.index(k) if k in order else len(order))
        self.errors = mine
        self.error_items = [ErrorItem(self._target(k), self._summary(k, mine[k])) for k in keys]
        return self.error_items[0].target if self.error_items else ""

    def _target(self, key: str) -> str:
        if key == "experiences":
            return "pu-add-experience"
        if key == "languages":
            first = next((r for r in self.languages if r.fixed and not r.level), None)
            return dom_id(f"lang.{first.id}.level") if first else "pu-add-language"
        if key == "employment_types":
            return dom_id(f"employment_types.{next(iter(EMPLOYMENT_LABELS))}")
        if key == "cv":
            return "pu-cv-choose"
        return dom_id(key)

    def _summary(self, key: str, message: str) -> str:
        """Row messages ("Give the job title.") say which row they are about."""
        if key.startswith("exp."):
            number = next(i for i, r in enumerate(self.experiences, 1) if r.id == key.split(".")[1])
            return f"{self.labels.get('experiences', 'Work experience')} {number}: {message}"
        if key.startswith("lang.") and key.endswith(".language"):
            number = next(i for i, r in enumerate(self.languages, 1) if r.id == key.split(".")[1])
            return f"{self.labels.get('languages', 'Languages')} {number}: {message}"
        return message

    def _drop_errors(self, prefix: str) -> None:
        """Forget the errors of a removed row, next to it and in the summary."""
        self.errors = {k: v for k, v in self.errors.items() if not k.startswith(prefix)}
        self.error_items = [i for i in self.error_items if not i.target.startswith(dom_id(prefix))]

    def _clear_errors(self) -> None:
        self.errors, self.error_items = {}, []

    @staticmethod
    def _focus(target: str):
        """Move the keyboard (and screen reader) to a control, scrolled into view."""
        code = (f"setTimeout(() => {{ const el = document.getElementById({json.dumps(target)});"
                " if (el) { el.focus({preventScroll: true}); el.scrollIntoView({block: 'center'}); } }, 60)")
        return rx.call_script(code)

    def _cv_answer(self) -> tuple[str, bytes] | None:
        return (self._cv_name, self._cv_data) if self._cv_data else None

    def _forget_cv(self) -> None:
        self.cv_chosen, self._cv_name, self._cv_data = "", "", b""
        self.cv_refused, self._cv_problem = "", ""

    # --- rows -------------------------------------------------------------------------------------

    @rx.event
    def add_experience(self):
        if not self._guard() or len(self.experiences) >= MAX_ROWS:
            return None
        row = ExperienceRow(self._row_id("e"))
        self.experiences = [*self.experiences, row]
        return self._focus(dom_id(f"exp.{row.id}.title"))

    @rx.event
    def remove_experience(self, row_id: str):
        if not self._guard():
            return None
        self.experiences = [r for r in self.experiences if r.id != str(row_id)]
        self._drop_errors(f"exp.{row_id}.")
        return self._focus("pu-add-experience")

    @rx.event
    def add_language(self):
        if not self._guard() or len(self.languages) >= MAX_ROWS:
            return None
        row = LanguageRow(self._row_id("l"))
        self.languages = [*self.languages, row]
        return self._focus(dom_id(f"lang.{row.id}.language"))

    @rx.event
    def remove_language(self, row_id: str):
        if not self._guard():
            return None
        self.languages = [r for r in self.languages if r.fixed or r.id != str(row_id)]
        self._drop_errors(f"lang.{row_id}.")
        return self._focus("pu-add-language")

    # --- the CV -----------------------------------------------------------------------------------

    @rx.event
    def cv_upload_started(self):
        self._uploads_started += 1
        self.cv_uploading = self._uploads_started > self._uploads_done

    @rx.event
    async def upload_cv(self, files: list[rx.UploadFile]):
        """Keep the chosen file in memory until the form is submitted (never on disk, never public)."""
        self._uploads_done += 1
        self.cv_uploading = self._uploads_started > self._uploads_done
        if not self._guard() or not files:
            return None
        file = files[0]
        name = (file.name or "cv")[:255]
        data = file.file.read(documents.MAX_BYTES + 1)  # one byte more is enough to refuse it
        try:
            documents.check_upload(name, data, "cv")
        except ValidationError as exc:
            self._forget_cv()
            self.cv_refused = documents.clean_filename(name, "")
            self._cv_problem = self._message(next(iter(exc.errors.values())))
            self.errors = {**self.errors, "cv": self._cv_problem}
            return None
        self._forget_cv()
        self._cv_name, self._cv_data = name, data
        self.cv_chosen = documents.clean_filename(name, documents.sniff(data) or "")
        self.errors = {k: v for k, v in self.errors.items() if k != "cv"}
        return None

    @rx.event
    def clear_cv(self):
        if self._guard():
            self._forget_cv()
            self._drop_errors("cv")
            return self._focus("pu-cv-choose")
        return None

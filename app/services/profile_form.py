"""The profile form: which fields an agency shows or requires, under which labels, and how answers are checked.

The same settings serve the profile-update link (`/update/<token>`) and, later, the candidate portal.
Settings are stored as one JSON document per agency on top of the defaults below, so a field Candor
adds later simply appears with its default.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlmodel import Session

from app.models import Candidate, CustomAttribute, EmploymentType, ProfileFormSettings
from app.models.base import utcnow
from app.services import custom_attributes
from app.services.actor import Actor
from app.services.candidates import _skills
from app.services.errors import ValidationError
from app.services.validation import clean_email, clean_name, clean_phone

DEFAULT_LEVELS = ["Basic", "Conversational", "Professional", "Fluent", "Native"]
CURRENCIES = ["EUR", "GBP", "USD", "CHF", "CAD", "AUD", "SEK", "NOK", "DKK", "PLN"]
SALARY_PERIODS = {"year": "per year", "month": "per month", "day": "per day", "hour": "per hour"}
EMPLOYMENT_LABELS = {EmploymentType.PERMANENT.value: "Permanent", EmploymentType.TEMP.value: "Temporary",
                     EmploymentType.CONTRACT.value: "Contract"}
MAX_EXPERIENCES = 30
MAX_LANGUAGES = 20
MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


@dataclass(frozen=True)
class FieldSpec:
    key: str
    label: str
    kind: str  # text, email, phone, address, position, choices, date, salary, skills, experiences, languages, file
    visible: bool = True
    required: bool = False
    locked: bool = False  # always shown and required (a profile without a name is no profile)


FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("first_name", "First name", "text", required=True, locked=True),
    FieldSpec("last_name", "Last name", "text", required=True, locked=True),
    FieldSpec("email", "Email", "email", required=True),
    FieldSpec("phone", "Phone", "phone"),
    FieldSpec("address", "Address", "address"),
    FieldSpec("current_position", "Current position", "position"),
    FieldSpec("desired_position", "Position you are looking for", "text"),
    FieldSpec("preferred_locations", "Where you would like to work", "text"),
    FieldSpec("employment_types", "Types of work", "choices"),
    FieldSpec("available_from", "Available from", "date"),
    FieldSpec("availability_note", "Availability (days, hours per week)", "text"),
    FieldSpec("salary_expectation", "Salary expectation", "salary"),
    FieldSpec("skills", "Skills", "skills"),
    FieldSpec("experiences", "Work experience", "experiences"),
    FieldSpec("languages", "Languages", "languages"),
    FieldSpec("cv", "CV", "file"),
)
BUILTIN = {f.key: f for f in FIELDS}

DEFAULT_TEXTS = {
    "page_title": "Update your profile",
    "intro": "Please check your details and change whatever is out of date. It takes a few minutes.",
    "submit_label": "Submit my profile",
    "add_language_label": "Add a language",
    "add_experience_label": "Add an experience",
    "remove_label": "Remove",
    "success_title": "Thank you!",
    "success_text": "Your profile is up to date. You can close this page.",
    "new_link_label": "Ask for a new link",
}
TEXT_LIMITS = {"intro": 2000, "success_text": 2000}


@dataclass
class FieldView:
    key: str
    label: str
    kind: str
    visible: bool
    required: bool
    locked: bool
    choices: list[str] = field(default_factory=list)  # for custom choice attributes


@dataclass
class FormSettings:
    texts: dict[str, str]
    fields: list[FieldView]
    default_languages: list[str]
    levels: list[str]
    link_max_age_days: int
    reminder_days: int | None

    def field(self, key: str) -> FieldView | None:
        return next((f for f in self.fields if f.key == key), None)

    def shows(self, key: str) -> bool:
        f = self.field(key)
        return bool(f and f.visible)

    def requires(self, key: str) -> bool:
        f = self.field(key)
        return bool(f and f.visible and f.required)


def _custom_specs(session: Session, agency_id: uuid.UUID) -> list[tuple[FieldSpec, CustomAttribute]]:
    from sqlmodel import select

    rows = session.exec(select(CustomAttribute).where(CustomAttribute.agency_id == agency_id)
                        .order_by(CustomAttribute.position, CustomAttribute.label)).all()
    return [(FieldSpec(f"custom:{a.key}", a.label, f"custom_{a.type}", visible=False), a) for a in rows]


def load(session: Session, agency_id: uuid.UUID) -> FormSettings:
    row = session.get(ProfileFormSettings, agency_id)
    config = dict(row.config) if row else {}
    saved = config.get("fields", {})
    views = []
    specs = [(s, None) for s in FIELDS] + _custom_specs(session, agency_id)
    for spec, attribute in specs:
        mine = saved.get(spec.key, {})
        visible = True if spec.locked else bool(mine.get("visible", spec.visible))
        required = True if spec.locked else bool(mine.get("required", spec.required))
        views.append(FieldView(spec.key, mine.get("label") or spec.label, spec.kind, visible, required and visible,
                               spec.locked, list(attribute.choices) if attribute else []))
    return FormSettings(
        texts={k: config.get("texts", {}).get(k) or v for k, v in DEFAULT_TEXTS.items()},
        fields=views,
        default_languages=list(config.get("default_languages", [])),
        levels=list(config.get("levels") or DEFAULT_LEVELS),
        link_max_age_days=row.link_max_age_days if row else 30,
        reminder_days=row.reminder_days if row else None,
    )


def get_settings(session: Session, actor: Actor) -> FormSettings:
    actor.require_admin()
    return load(session, actor.agency_id)


def _clean_list(values, what: str, errors: dict, key: str, limit: int) -> list[str]:
    items, seen = [], set()
    for raw in values if isinstance(values, list) else str(values or "").split(","):
        item = " ".join(str(raw).split())
        if not item or item.lower() in seen:
            continue
        if len(item) > 60:
            errors[key] = f"Each {what} has at most 60 characters."
        seen.add(item.lower())
        items.append(item)
    if len(items) > limit:
        errors[key] = f"At most {limit} {what}s."
    return items


def save_settings(session: Session, actor: Actor, *, texts: dict[str, str], fields: dict[str, dict],
                  default_languages, levels, link_max_age_days, reminder_days) -> FormSettings:
    """Validate and store the whole settings document; ValidationError names each bad field."""
    actor.require_admin()
    errors: dict[str, str] = {}
    clean_texts = {}
    for key, default in DEFAULT_TEXTS.items():
        value = (texts.get(key) or "").strip()
        if len(value) > TEXT_LIMITS.get(key, 120):
            errors[f"texts.{key}"] = f"At most {TEXT_LIMITS.get(key, 120)} characters."
        clean_texts[key] = value or default
    current = load(session, actor.agency_id)
    clean_fields = {}
    for view in current.fields:
        mine = fields.get(view.key, {})
        label = " ".join(str(mine.get("label", view.label) or "").split())
        if not label:
            errors[f"fields.{view.key}"] = "Give the field a label."
        elif len(label) > 100:
            errors[f"fields.{view.key}"] = "A label has at most 100 characters."
        visible = True if view.locked else bool(mine.get("visible", view.visible))
        required = True if view.locked else bool(mine.get("required", view.required)) and visible
        clean_fields[view.key] = {"visible": visible, "required": required, "label": label}
    languages = _clean_list(default_languages, "language", errors, "default_languages", MAX_LANGUAGES)
    scale = _clean_list(levels, "level", errors, "levels", 10)
    if len(scale) < 2 and "levels" not in errors:
        errors["levels"] = "List at least two proficiency levels, from lowest to highest."
    max_age = _int_in(link_max_age_days, 1, 365, "link_max_age_days", errors,
                      "Links must stay valid between 1 and 365 days.")
    reminder = None if reminder_days in (None, "", 0, "0") else _int_in(
        reminder_days, 1, 60, "reminder_days", errors, "Send the reminder after 1 to 60 days, or leave it empty.")
    if reminder is not None and max_age is not None and reminder >= max_age:
        errors["reminder_days"] = "The reminder must go out before the link expires."
    if errors:
        raise ValidationError(errors)
    row = session.get(ProfileFormSettings, actor.agency_id) or ProfileFormSettings(agency_id=actor.agency_id)
    row.config = {"texts": clean_texts, "fields": clean_fields, "default_languages": languages, "levels": scale}
    row.link_max_age_days, row.reminder_days = max_age, reminder
    row.updated_at, row.updated_by_id = utcnow(), actor.user_id
    session.add(row)
    session.flush()
    return load(session, actor.agency_id)


def _int_in(value, low: int, high: int, key: str, errors: dict, message: str) -> int | None:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        errors[key] = message
        return None
    if not low <= number <= high:
        errors[key] = message
        return None
    return number


# --- the candidate's answers -----------------------------------------------------------------------

TEXT_FIELDS = {"address_line": 200, "postal_code": 20, "city": 100, "country": 100, "current_position": 150,
               "current_employer": 150, "desired_position": 150, "preferred_locations": 200,
               "availability_note": 200}
# Which stored columns each visible form field writes.
COLUMNS = {"address": ("address_line", "postal_code", "city", "country"),
           "current_position": ("current_position", "current_employer"),
           "salary_expectation": ("salary_expectation", "salary_currency", "salary_period")}


def display(column: str, value: Any) -> str:
    """A stored value as people read it (timeline entries, the recruiter's profile)."""
    if value in (None, "", []):
        return ""
    if column == "languages":
        return ", ".join(f"{e.get('language')} ({e.get('level')})" for e in value)
    if column == "experiences":
        return "; ".join(_experience_line(e) for e in value)
    if column == "employment_types":
        return ", ".join(EMPLOYMENT_LABELS.get(v, v) for v in value)
    if column == "salary_period":
        return SALARY_PERIODS.get(value, value)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _experience_line(entry: dict) -> str:
    where = f" at {entry['company']}" if entry.get("company") else ""
    when = " – ".join(p for p in (entry.get("start"), entry.get("end") or ("now" if entry.get("start") else "")) if p)
    return f"{entry.get('title', '')}{where}" + (f" ({when})" if when else "")


def profile_details(candidate: Candidate) -> list[tuple[str, str]]:
    """(label, text) of the self-service profile fields, for the recruiter's profile view."""
    address = ", ".join(p for p in (candidate.address_line, " ".join(
        q for q in (candidate.postal_code, candidate.city) if q), candidate.country) if p)
    position = " at ".join(p for p in (candidate.current_position, candidate.current_employer) if p)
    salary = ""
    if candidate.salary_expectation is not None:
        salary = f"{candidate.salary_expectation:,} {candidate.salary_currency or ''} " \
                 f"{SALARY_PERIODS.get(candidate.salary_period or '', '')}".strip()
    rows = [("Preferred language", {"en": "English", "fr": "Français"}.get(candidate.preferred_language, "")),
            ("Address", address), ("Current position", position),
            ("Position wanted", candidate.desired_position or ""),
            ("Preferred locations", candidate.preferred_locations or ""),
            ("Types of work", display("employment_types", candidate.employment_types)),
            ("Available from", display("available_from", candidate.available_from)),
            ("Availability", candidate.availability_note or ""), ("Salary expectation", salary),
            ("Languages", display("languages", candidate.languages)),
            ("Experience", display("experiences", candidate.experiences))]
    return [(label, value) for label, value in rows if value]


def current_values(candidate: Candidate) -> dict[str, Any]:
    """The candidate's stored profile in the form's shape (what the form is pre-filled with)."""
    values = {
        "first_name": candidate.first_name, "last_name": candidate.last_name, "email": candidate.email or "",
        "phone": candidate.phone or "", "employment_types": list(candidate.employment_types or []),
        "available_from": candidate.available_from.isoformat() if candidate.available_from else "",
        "salary_expectation": "" if candidate.salary_expectation is None else str(candidate.salary_expectation),
        "salary_currency": candidate.salary_currency or "", "salary_period": candidate.salary_period or "",
        "skills": ", ".join(candidate.skills or []),
        "experiences": [dict(e) for e in candidate.experiences or []],
        "languages": [dict(e) for e in candidate.languages or []],
    }
    for name in TEXT_FIELDS:
        values[name] = getattr(candidate, name) or ""
    for key, value in (candidate.custom_fields or {}).items():
        values[f"custom:{key}"] = "" if value is None else str(value)
    return values


def _text(data: dict, name: str, errors: dict, required_label: str | None = None) -> str | None:
    value = " ".join(str(data.get(name) or "").split())
    if not value:
        if required_label:
            errors[name] = f"{required_label} is required."
        return None
    if len(value) > TEXT_FIELDS[name]:
        errors[name] = f"At most {TEXT_FIELDS[name]} characters."
    return value


def _check(errors: dict, key: str, fn, *args):
    try:
        return fn(*args)
    except ValueError as exc:
        errors[key] = str(exc)
        return None


def _date(value: str) -> date | None:
    if not (value or "").strip():
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise ValueError("Use a date like 2027-01-31.") from None


def _salary(data: dict, label: str, required: bool, errors: dict) -> dict[str, Any]:
    raw = str(data.get("salary_expectation") or "").replace(",", "").replace(" ", "")
    if not raw:
        if required:
            errors["salary_expectation"] = f"{label} is required."
        return {"salary_expectation": None, "salary_currency": None, "salary_period": None}
    if not raw.isdigit() or not 0 < int(raw) <= 10_000_000:
        errors["salary_expectation"] = "Enter a whole amount, e.g. 42000."
        return {}
    currency, period = data.get("salary_currency") or "", data.get("salary_period") or ""
    if currency not in CURRENCIES:
        errors["salary_currency"] = "Choose a currency."
    if period not in SALARY_PERIODS:
        errors["salary_period"] = "Choose per year, month, day or hour."
    return {"salary_expectation": int(raw), "salary_currency": currency, "salary_period": period}


def _experiences(rows, required: bool, label: str, errors: dict) -> list[dict]:
    clean = []
    rows = [r for r in (rows or []) if any(str(v or "").strip() for v in dict(r).values())]
    if len(rows) > MAX_EXPERIENCES:
        errors["experiences"] = f"At most {MAX_EXPERIENCES} experiences."
    for i, row in enumerate(rows[:MAX_EXPERIENCES]):
        entry = {k: " ".join(str(row.get(k) or "").split()) for k in ("title", "company", "start", "end")}
        entry["description"] = str(row.get("description") or "").strip()
        if not entry["title"]:
            errors[f"experiences.{i}.title"] = "Give the job title."
        for part, limit in (("title", 150), ("company", 150)):
            if len(entry[part]) > limit:
                errors[f"experiences.{i}.{part}"] = f"At most {limit} characters."
        for part in ("start", "end"):
            if entry[part] and not MONTH.fullmatch(entry[part]):
                errors[f"experiences.{i}.{part}"] = "Use a month like 2021-09."
        if entry["start"] and entry["end"] and entry["end"] < entry["start"] and MONTH.fullmatch(entry["end"]):
            errors[f"experiences.{i}.end"] = "The end cannot be before the start."
        if len(entry["description"]) > 2000:
            errors[f"experiences.{i}.description"] = "At most 2,000 characters."
        clean.append(entry)
    if required and not clean:
        errors["experiences"] = f"{label}: add at least one."
    return clean


def _languages(rows, settings: FormSettings, required: bool, label: str, errors: dict) -> list[dict]:
    clean, seen = [], {}
    rows = [r for r in (rows or []) if str(r.get("language") or "").strip() or str(r.get("level") or "").strip()]
    if len(rows) > MAX_LANGUAGES:
        errors["languages"] = f"At most {MAX_LANGUAGES} languages."
    for i, row in enumerate(rows[:MAX_LANGUAGES]):
        language = " ".join(str(row.get("language") or "").split())
        level = str(row.get("level") or "")
        if not language:
            errors[f"languages.{i}.language"] = "Name the language."
        elif len(language) > 60:
            errors[f"languages.{i}.language"] = "At most 60 characters."
        elif language.lower() in seen:
            errors[f"languages.{i}.language"] = f"{language} is listed twice."
        if level not in settings.levels:
            errors[f"languages.{i}.level"] = f"Choose your level in {language or 'this language'}."
        seen[language.lower()] = i
        clean.append({"language": language, "level": level})
    for default in settings.default_languages:
        if default.lower() not in seen:
            errors["languages"] = f"Give your level in {default}."
    if required and not clean:
        errors["languages"] = f"{label}: add at least one language."
    return clean


def clean_answers(session: Session, settings: FormSettings, candidate: Candidate, data: dict[str, Any],
                  has_new_cv: bool) -> dict[str, Any]:
    """Column values from the visible fields' answers; ValidationError keyed by form field otherwise."""
    errors: dict[str, str] = {}
    clean: dict[str, Any] = {}
    label = {f.key: f.label for f in settings.fields}
    req = settings.requires
    clean["first_name"] = _check(errors, "first_name", lambda v: clean_name(v, label=label["first_name"]),
                                 data.get("first_name"))
    clean["last_name"] = _check(errors, "last_name", lambda v: clean_name(v, label=label["last_name"]),
                                data.get("last_name"))
    if settings.shows("email"):
        raw = (data.get("email") or "").strip()
        if raw or req("email"):
            clean["email"] = _check(errors, "email", clean_email, raw)
        else:
            clean["email"] = None
    if settings.shows("phone"):
        clean["phone"] = _check(errors, "phone", clean_phone, data.get("phone"))
        if req("phone") and not clean["phone"] and "phone" not in errors:
            errors["phone"] = f"{label['phone']} is required."
    if settings.shows("address"):
        for name in COLUMNS["address"]:
            must = req("address") and name in ("address_line", "city")
            clean[name] = _text(data, name, errors, {"address_line": "The street address", "city": "The city"}
                                .get(name) if must else None)
    if settings.shows("current_position"):
        clean["current_position"] = _text(data, "current_position", errors,
                                          label["current_position"] if req("current_position") else None)
        clean["current_employer"] = _text(data, "current_employer", errors)
    for name in ("desired_position", "preferred_locations", "availability_note"):
        if settings.shows(name):
            clean[name] = _text(data, name, errors, label[name] if req(name) else None)
    if settings.shows("employment_types"):
        picked = [t for t in EMPLOYMENT_LABELS if t in (data.get("employment_types") or [])]
        if req("employment_types") and not picked:
            errors["employment_types"] = f"{label['employment_types']}: choose at least one."
        clean["employment_types"] = picked
    if settings.shows("available_from"):
        clean["available_from"] = _check(errors, "available_from", _date, str(data.get("available_from") or ""))
        if req("available_from") and clean["available_from"] is None and "available_from" not in errors:
            errors["available_from"] = f"{label['available_from']} is required."
    if settings.shows("salary_expectation"):
        clean.update(_salary(data, label["salary_expectation"], req("salary_expectation"), errors))
    if settings.shows("skills"):
        clean["skills"] = _check(errors, "skills", _skills, data.get("skills") or "")
        if req("skills") and not clean["skills"] and "skills" not in errors:
            errors["skills"] = f"{label['skills']}: list at least one."
    if settings.shows("experiences"):
        clean["experiences"] = _experiences(data.get("experiences"), req("experiences"), label["experiences"], errors)
    if settings.shows("languages"):
        clean["languages"] = _languages(data.get("languages"), settings, req("languages"), label["languages"],
                                        errors)
    if req("cv") and not has_new_cv and not _has_cv(session, candidate):
        errors["cv"] = f"Please upload your {label['cv']}."
    custom = _custom_answers(session, settings, candidate, data, errors)
    if custom is not None:
        clean["custom_fields"] = custom
    if errors:
        raise ValidationError(errors)
    return clean


def _custom_answers(session: Session, settings: FormSettings, candidate: Candidate, data: dict,
                    errors: dict) -> dict | None:
    shown = [f for f in settings.fields if f.key.startswith("custom:") and f.visible]
    if not shown:
        return None
    from sqlmodel import select

    attributes = {a.key: a for a in session.exec(select(CustomAttribute).where(
        CustomAttribute.agency_id == candidate.agency_id))}
    values = {}
    for view in shown:
        key = view.key.split(":", 1)[1]
        attribute = attributes.get(key)
        if attribute is None:
            continue
        value = _check(errors, view.key, custom_attributes.clean_value, attribute, data.get(view.key))
        if view.required and value is None and view.key not in errors:
            errors[view.key] = f"{view.label} is required."
        values[key] = value
    return values


def _has_cv(session: Session, candidate: Candidate) -> bool:
    from sqlmodel import select

    from app.models import Document, DocumentCategory

    return session.exec(select(Document.id).where(Document.candidate_id == candidate.id,
                                                  Document.category == DocumentCategory.CV.value)).first() is not None


# --- saving ------------------------------------------------------------------------------------------

COLUMN_LABELS = {"address_line": "Street address", "postal_code": "Postcode", "city": "City", "country": "Country",
                 "current_employer": "Current employer", "salary_currency": "Salary currency",
                 "salary_period": "Salary period"}


def check_answers(session: Session, settings: FormSettings, candidate: Candidate, answers: dict[str, Any],
                  cv: tuple[str, bytes] | None) -> dict[str, Any]:
    """clean_answers plus the CV's content check: every message at once, keyed by form field."""
    from app.models import DocumentCategory
    from app.services import documents

    errors: dict[str, str] = {}
    try:
        clean = clean_answers(session, settings, candidate, answers, has_new_cv=cv is not None)
    except ValidationError as exc:
        errors, clean = dict(exc.errors), {}
    if cv is not None and settings.shows("cv"):
        try:
            documents.check_upload(cv[0], cv[1], DocumentCategory.CV.value)
        except ValidationError as exc:
            errors["cv"] = next(iter(exc.errors.values()))
    if errors:
        raise ValidationError(errors)
    return clean


def changes(settings: FormSettings, candidate: Candidate, clean: dict) -> list[dict]:
    """Each changed field, old -> new, as people read them (for the one timeline entry)."""
    labels = {f.key: f.label for f in settings.fields}
    diff = []
    for column, new in clean.items():
        if column == "custom_fields":
            old_custom = candidate.custom_fields or {}
            for key, value in new.items():
                if old_custom.get(key) != value:
                    diff.append({"field": f"custom.{key}", "label": labels.get(f"custom:{key}", key),
                                 "old": display(key, old_custom.get(key)), "new": display(key, value)})
            continue
        old = getattr(candidate, column)
        if old != new and not (old in (None, "", []) and new in (None, "", [])):
            diff.append({"field": column, "label": COLUMN_LABELS.get(column, labels.get(column, column)),
                         "old": display(column, old), "new": display(column, new)})
    return diff


def save_answers(session: Session, settings: FormSettings, candidate: Candidate, clean: dict[str, Any],
                 cv: tuple[str, bytes] | None, now) -> dict[str, Any]:
    """Write checked answers (and the CV) to the candidate; returns the timeline payload of what changed."""
    from sqlalchemy import update

    from app.models import DocumentCategory
    from app.services import documents
    from app.services.candidates import refresh_search_text

    payload: dict[str, Any] = {"changes": changes(settings, candidate, clean)}
    custom = clean.pop("custom_fields", None)
    for column, value in clean.items():
        setattr(candidate, column, value)
    if custom is not None:
        merged = {**(candidate.custom_fields or {}), **custom}
        candidate.custom_fields = {k: v for k, v in merged.items() if v is not None}
    session.execute(update(Candidate).where(Candidate.id == candidate.id)
                    .values(version=Candidate.version + 1).execution_options(synchronize_session=False))
    candidate.version += 1
    candidate.updated_at = candidate.profile_updated_at = now
    refresh_search_text(session, candidate)
    if cv is not None and settings.shows("cv"):
        document = documents.store(session, candidate, cv[0], cv[1], DocumentCategory.CV.value, record=False)
        payload["cv"] = document.filename
    return payload

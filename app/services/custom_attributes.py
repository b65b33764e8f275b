"""The agency's own candidate fields: definitions (admin) and validation of their values."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from sqlmodel import Session, select

from app.models import AttributeType, Candidate, CustomAttribute
from app.services import activity
from app.services.actor import Actor
from app.services.errors import NotFound, ValidationError

TYPES = [t.value for t in AttributeType]
MAX_TEXT = 500


def list_attributes(session: Session, actor: Actor) -> list[CustomAttribute]:
    stmt = (select(CustomAttribute).where(CustomAttribute.agency_id == actor.agency_id)
            .order_by(CustomAttribute.position, CustomAttribute.label))
    return list(session.exec(stmt))


def get_attribute(session: Session, actor: Actor, attribute_id) -> CustomAttribute:
    from app.services.candidates import as_uuid

    attribute = session.get(CustomAttribute, as_uuid(attribute_id, "Attribute"))
    if attribute is None or attribute.agency_id != actor.agency_id:
        raise NotFound("Attribute")
    return attribute


def _label(value: str) -> str:
    label = " ".join((value or "").split())
    if not label:
        raise ValidationError({"label": "Give the attribute a name."})
    if len(label) > 100:
        raise ValidationError({"label": "At most 100 characters."})
    return label


def _choices(type_: str, choices) -> list[str]:
    items = choices.split(",") if isinstance(choices, str) else list(choices or [])
    clean = list(dict.fromkeys(" ".join(str(c).split()) for c in items if str(c).strip()))
    if type_ == AttributeType.CHOICE.value and not clean:
        raise ValidationError({"choices": "List the choices, separated by commas."})
    if any(len(c) > 100 for c in clean):
        raise ValidationError({"choices": "Each choice has at most 100 characters."})
    return clean if type_ == AttributeType.CHOICE.value else []


def _key_for(session: Session, actor: Actor, label: str) -> str:
    base = re.sub(r"[^a-z0-9]+", "_", label.lower()).strip("_")[:50] or "field"
    taken = set(session.exec(select(CustomAttribute.key).where(CustomAttribute.agency_id == actor.agency_id)))
    key, n = base, 2
    while key in taken:
        key, n = f"{base}_{n}", n + 1
    return key


def create_attribute(session: Session, actor: Actor, *, label: str, type: str = "text", choices=(),
                     searchable: bool = False) -> CustomAttribute:
    actor.require_admin()
    label = _label(label)
    if type not in TYPES:
        raise ValidationError({"type": "Choose text, number, date or choice."})
    clean_choices = _choices(type, choices)
    position = len(list_attributes(session, actor))
    attribute = CustomAttribute(agency_id=actor.agency_id, key=_key_for(session, actor, label), label=label,
                                type=type, choices=clean_choices, searchable=bool(searchable), position=position)
    session.add(attribute)
    session.flush()
    activity.record(session, agency_id=actor.agency_id, actor=actor, subject_type="attribute",
                    subject_id=attribute.id, kind="attribute.created", payload={"label": label})
    return attribute


def update_attribute(session: Session, actor: Actor, attribute_id, *, label: str | None = None,
                     choices=None, searchable: bool | None = None) -> CustomAttribute:
    """Rename, change the choices or the searchable flag. The key (where values live) never changes."""
    actor.require_admin()
    attribute = get_attribute(session, actor, attribute_id)
    if label is not None:
        attribute.label = _label(label)
    if choices is not None:
        attribute.choices = _choices(attribute.type, choices)
    refresh = searchable is not None and bool(searchable) != attribute.searchable
    if searchable is not None:
        attribute.searchable = bool(searchable)
    session.add(attribute)
    session.flush()
    if refresh:
        _refresh_candidates_with(session, actor, attribute.key, drop=False)
    return attribute


def delete_attribute(session: Session, actor: Actor, attribute_id) -> None:
    """Remove the attribute and its values from every candidate of the agency."""
    actor.require_admin()
    attribute = get_attribute(session, actor, attribute_id)
    key = attribute.key
    session.delete(attribute)
    session.flush()
    _refresh_candidates_with(session, actor, key, drop=True)
    activity.record(session, agency_id=actor.agency_id, actor=actor, subject_type="attribute",
                    subject_id=attribute.id, kind="attribute.deleted", payload={"label": attribute.label})


def _refresh_candidates_with(session: Session, actor: Actor, key: str, *, drop: bool) -> None:
    from app.services.candidates import refresh_search_text

    for candidate in session.exec(select(Candidate).where(Candidate.agency_id == actor.agency_id)):
        if key not in (candidate.custom_fields or {}):
            continue
        if drop:
            candidate.custom_fields = {k: v for k, v in candidate.custom_fields.items() if k != key}
        refresh_search_text(session, candidate)


def clean_value(attribute: CustomAttribute, value: Any):
    """The stored form of one value (None = no value); ValueError with a message for the field."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    text = str(value).strip()
    if attribute.type == AttributeType.NUMBER.value:
        try:
            number = float(text.replace(",", "")) if not isinstance(value, (int, float)) else value
        except ValueError:
            raise ValueError(f"{attribute.label} must be a number.") from None
        if number != number or abs(number) > 1e15:
            raise ValueError(f"{attribute.label} must be a number.")
        return int(number) if float(number).is_integer() else float(number)
    if attribute.type == AttributeType.DATE.value:
        try:
            return (value if isinstance(value, date) else date.fromisoformat(text)).isoformat()
        except ValueError:
            raise ValueError("Use a date like 2027-01-31.") from None
    if attribute.type == AttributeType.CHOICE.value:
        if text not in attribute.choices:
            raise ValueError(f"Choose one of: {', '.join(attribute.choices)}.")
        return text
    if len(text) > MAX_TEXT:
        raise ValueError(f"At most {MAX_TEXT} characters.")
    return text


def clean_values(attributes: list[CustomAttribute], values: dict) -> dict:
    """Validate values keyed by attribute key; unknown keys are refused. Errors are keyed `custom.<key>`."""
    by_key = {a.key: a for a in attributes}
    clean, errors = {}, {}
    for key, value in (values or {}).items():
        attribute = by_key.get(key)
        if attribute is None:
            errors[f"custom.{key}"] = "This attribute does not exist (any more)."
            continue
        try:
            clean[key] = clean_value(attribute, value)
        except ValueError as exc:
            errors[f"custom.{key}"] = str(exc)
    if errors:
        raise ValidationError(errors)
    return clean


def searchable_values(session: Session, candidate: Candidate) -> list[str]:
    keys = session.exec(select(CustomAttribute.key).where(
        CustomAttribute.agency_id == candidate.agency_id, CustomAttribute.searchable.is_(True))).all()
    values = candidate.custom_fields or {}
    return [str(values[k]) for k in keys if values.get(k) not in (None, "")]

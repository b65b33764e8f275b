"""Candidates: validation of the fields and agency-scoped reads and writes."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, select

from app.models import Candidate, CandidateStatus, Gender
from app.services import activity
from app.services.actor import Actor
from app.services.errors import NotFound, ValidationError
from app.services.validation import clean_email, clean_name, clean_phone

STATUSES = [s.value for s in CandidateStatus]
GENDERS = [g.value for g in Gender]


def build_search_text(candidate: Candidate, tag_names: list[str] = (), extra: list[str] = ()) -> str:
    """What search matches: name, email, phone (as stored and as typed locally), skills, tags, searchable custom values."""
    parts = [candidate.first_name, candidate.last_name, candidate.email or "", candidate.phone or ""]
    if candidate.phone and candidate.phone.startswith("+44"):
        parts.append("0" + candidate.phone[3:])
    parts += list(candidate.skills or []) + list(tag_names) + [str(v) for v in extra]
    return " ".join(p for p in parts if p).lower()


def clean_candidate_fields(data: dict[str, Any]) -> dict[str, Any]:
    """Validate the given fields (a partial set is fine); raise ValidationError with one message per field."""
    errors: dict[str, str] = {}
    clean: dict[str, Any] = {}

    def check(field: str, fn):
        if field in data:
            try:
                clean[field] = fn(data[field])
            except ValueError as exc:
                errors[field] = str(exc)

    check("first_name", lambda v: clean_name(v, label="First name"))
    check("last_name", lambda v: clean_name(v, label="Last name"))
    check("email", lambda v: clean_email(v) if (v or "").strip() else None)
    check("phone", clean_phone)
    check("status", _status)
    check("gender", _gender)
    check("rating", _rating)
    check("gdpr_expiry", _future_date)
    if "cv_text" in data:
        clean["cv_text"] = data["cv_text"]
    if "meta" in data:
        clean["meta"] = data["meta"] or {}
    if errors:
        raise ValidationError(errors)
    return clean


def _status(value: str) -> str:
    if value not in STATUSES:
        raise ValueError(f"Status must be one of {', '.join(STATUSES)}.")
    return value


def _gender(value: str | None) -> str | None:
    if value in (None, ""):
        return None
    if value not in GENDERS:
        raise ValueError("Gender must be male, female, or empty.")
    return value


def _rating(value: Any) -> int | None:
    if value in (None, ""):
        return None
    try:
        rating = int(value)
    except (TypeError, ValueError):
        raise ValueError("Rating must be a whole number from 0 to 100.") from None
    if not 0 <= rating <= 100:
        raise ValueError("Rating must be a whole number from 0 to 100.")
    return rating


def _future_date(value: Any) -> date | None:
    if value in (None, ""):
        return None
    try:
        parsed = value if isinstance(value, date) else date.fromisoformat(str(value))
    except ValueError:
        raise ValueError("Use a date like 2027-01-31.") from None
    if parsed <= date.today():
        raise ValueError("The GDPR expiry date must be in the future.")
    return parsed


def create_candidate(session: Session, actor: Actor, **fields: Any) -> Candidate:
    actor.require_write()
    for required in ("first_name", "last_name"):
        fields.setdefault(required, "")
    candidate = Candidate(agency_id=actor.agency_id, **clean_candidate_fields(fields))
    session.add(candidate)
    session.flush()
    activity.record(session, agency_id=actor.agency_id, actor=actor, subject_type="candidate",
                    subject_id=candidate.id, kind="candidate.created", payload={"name": candidate.full_name})
    return candidate


def get_candidate(session: Session, actor: Actor, candidate_id: uuid.UUID | str) -> Candidate:
    try:
        cid = candidate_id if isinstance(candidate_id, uuid.UUID) else uuid.UUID(str(candidate_id))
    except ValueError:
        raise NotFound("Candidate") from None
    candidate = session.get(Candidate, cid)
    if candidate is None or candidate.agency_id != actor.agency_id:
        raise NotFound("Candidate")
    return candidate


def count_candidates(session: Session, actor: Actor, status: str | None = None) -> int:
    stmt = select(func.count()).select_from(Candidate).where(Candidate.agency_id == actor.agency_id)
    if status:
        stmt = stmt.where(Candidate.status == status)
    return session.exec(stmt).one()

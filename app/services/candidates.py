"""Candidates: validation of the fields and agency-scoped reads and writes."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, select

from app.models import Candidate, CandidateStatus, Gender
from app.models.base import utcnow
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
    if "skills" in data:
        clean["skills"] = _skills(data["skills"])
    if "cv_text" in data:
        clean["cv_text"] = data["cv_text"]
    if "meta" in data:
        clean["meta"] = data["meta"] or {}
    if errors:
        raise ValidationError(errors)
    return clean


def _skills(value) -> list[str]:
    items = value.split(",") if isinstance(value, str) else list(value or [])
    skills, seen = [], set()
    for item in items:
        skill = " ".join(str(item).split())
        if skill and skill.lower() not in seen:
            if len(skill) > 60:
                raise ValueError("Each skill has at most 60 characters.")
            seen.add(skill.lower())
            skills.append(skill)
    if len(skills) > 50:
        raise ValueError("At most 50 skills.")
    return skills


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
    candidate.search_text = build_search_text(candidate)
    session.add(candidate)
    session.flush()
    activity.record(session, agency_id=actor.agency_id, actor=actor, subject_type="candidate",
                    subject_id=candidate.id, kind="candidate.created", payload={"name": candidate.full_name})
    return candidate


def as_uuid(value: uuid.UUID | str, what: str = "Candidate") -> uuid.UUID:
    """A UUID from untrusted input; anything else is simply not found."""
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise NotFound(what) from None


def scoped_ids(session: Session, actor: Actor, candidate_ids) -> list[uuid.UUID]:
    """The given ids that are candidates of the actor's agency (others are silently dropped)."""
    wanted = []
    for value in candidate_ids:
        try:
            wanted.append(as_uuid(value))
        except NotFound:
            continue
    if not wanted:
        return []
    stmt = select(Candidate.id).where(Candidate.agency_id == actor.agency_id, Candidate.id.in_(wanted))
    return list(session.exec(stmt))


def refresh_search_text(session: Session, candidate: Candidate) -> None:
    from app.models import CandidateTag, Tag

    tag_names = session.exec(select(Tag.name).join(CandidateTag, CandidateTag.tag_id == Tag.id)
                             .where(CandidateTag.candidate_id == candidate.id)).all()
    candidate.search_text = build_search_text(candidate, list(tag_names))
    session.add(candidate)


def set_flag(session: Session, actor: Actor, candidate_ids, flagged: bool) -> int:
    """Flag (top candidate) or unflag; returns how many changed."""
    actor.require_write()
    ids = scoped_ids(session, actor, candidate_ids)
    changed = 0
    now = utcnow()
    for candidate in session.exec(select(Candidate).where(Candidate.id.in_(ids), Candidate.is_flagged != flagged)):
        candidate.is_flagged = flagged
        candidate.updated_at = now
        candidate.version += 1
        session.add(candidate)
        activity.record(session, agency_id=actor.agency_id, actor=actor, subject_type="candidate",
                        subject_id=candidate.id, kind="candidate.flagged" if flagged else "candidate.unflagged")
        changed += 1
    return changed


def get_candidate(session: Session, actor: Actor, candidate_id: uuid.UUID | str) -> Candidate:
    candidate = session.get(Candidate, as_uuid(candidate_id))
    if candidate is None or candidate.agency_id != actor.agency_id:
        raise NotFound("Candidate")
    return candidate


def count_candidates(session: Session, actor: Actor, status: str | None = None) -> int:
    stmt = select(func.count()).select_from(Candidate).where(Candidate.agency_id == actor.agency_id)
    if status:
        stmt = stmt.where(Candidate.status == status)
    return session.exec(stmt).one()


def set_owner(session: Session, actor: Actor, candidate_ids, owner_id) -> int:
    """Give the candidates another owner (an active colleague, or nobody with ""); returns how many changed."""
    from app.models import User

    actor.require_write()
    owner = None
    if owner_id not in (None, ""):
        owner = session.get(User, as_uuid(owner_id, "User"))
        if owner is None or owner.agency_id != actor.agency_id or not owner.is_active:
            raise NotFound("User")
    new_owner_id = owner.id if owner else None
    ids = scoped_ids(session, actor, candidate_ids)
    changed = 0
    now = utcnow()
    stmt = select(Candidate).where(Candidate.id.in_(ids),
                                   Candidate.owner_id.is_distinct_from(new_owner_id))
    for candidate in session.exec(stmt):
        candidate.owner_id = new_owner_id
        candidate.updated_at = now
        candidate.version += 1
        session.add(candidate)
        activity.record(session, agency_id=actor.agency_id, actor=actor, subject_type="candidate",
                        subject_id=candidate.id, kind="candidate.owner_changed",
                        payload={"owner": owner.name if owner else ""})
        changed += 1
    return changed

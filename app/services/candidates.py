"""Candidates: validation of the fields and agency-scoped reads and writes."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, select

from app.models import Candidate, CandidateStatus, Gender
from app.models.base import utcnow
from app.services import activity, webhooks
from app.services.actor import Actor
from app.services.errors import Conflict, Forbidden, NotFound, ValidationError
from app.services.validation import (RuleError, clean_cv, clean_e164, clean_email, clean_metadata, clean_name,
                                     clean_phone, rule_of)

STATUSES = [s.value for s in CandidateStatus]
GENDERS = [g.value for g in Gender]


def build_search_text(candidate: Candidate, tag_names: list[str] = (), extra: list[str] = ()) -> str:
    """What search matches: name, email, phone (as stored and as typed locally), skills, tags, searchable custom values."""
    parts = [candidate.first_name, candidate.last_name, candidate.email or "", candidate.phone or ""]
    if candidate.phone and candidate.phone.startswith("+44"):
        parts.append("0" + candidate.phone[3:])
    parts += list(candidate.skills or []) + list(tag_names) + [str(v) for v in extra]
    return " ".join(p for p in parts if p).lower()


def clean_candidate_fields(data: dict[str, Any], *, phone_format: str = "typed",
                           known_names: tuple = ()) -> dict[str, Any]:
    """Validate the given fields (a partial set is fine); raise ValidationError with one message per field.

    `phone_format="typed"` (the app) parses what people type; "e164" (the API) requires E.164 as sent.
    `known_names` are also replaced in the anonymised CV (the candidate's names before this change).
    """
    errors: dict[str, str] = {}
    rules: dict[str, str] = {}
    clean: dict[str, Any] = {}

    def check(field: str, fn):
        if field in data:
            try:
                clean[field] = fn(data[field])
            except ValueError as exc:
                errors[field], rules[field] = str(exc), rule_of(exc)

    check("first_name", lambda v: clean_name(v, label="First name"))
    check("last_name", lambda v: clean_name(v, label="Last name"))
    check("email", lambda v: clean_email(v) if (v or "").strip() else None)
    check("phone", clean_e164 if phone_format == "e164" else clean_phone)
    check("status", _status)
    check("gender", _gender)
    check("rating", _rating)
    check("gdpr_expiry", _future_date)
    check("skills", _skills)
    names = (*known_names, data.get("first_name"), data.get("last_name"))
    check("cv_text", lambda v: clean_cv(v, [n for n in names if isinstance(n, str)]))
    check("meta", clean_metadata)
    if errors:
        raise ValidationError(errors, rules)
    return clean


def _skills(value) -> list[str]:
    items = value.split(",") if isinstance(value, str) else list(value or [])
    skills, seen = [], set()
    for item in items:
        skill = " ".join(str(item).split())
        if skill and skill.lower() not in seen:
            if len(skill) > 60:
                raise RuleError("Each skill has at most 60 characters.", "max_length")
            seen.add(skill.lower())
            skills.append(skill)
    if len(skills) > 50:
        raise RuleError("At most 50 skills.", "max_items")
    return skills


def _status(value: str) -> str:
    if value not in STATUSES:
        raise RuleError(f"Status must be one of {', '.join(STATUSES)}.", "enum")
    return value


def _gender(value: str | None) -> str | None:
    if value in (None, ""):
        return None
    if value not in GENDERS:
        raise RuleError("Gender must be male, female, or empty.", "enum")
    return value


def _rating(value: Any) -> int | None:
    if value in (None, ""):
        return None
    try:
        rating = int(value)
    except (TypeError, ValueError):
        raise RuleError("Rating must be a whole number from 0 to 100.", "type") from None
    if not 0 <= rating <= 100:
        raise RuleError("Rating must be a whole number from 0 to 100.", "range")
    return rating


def _future_date(value: Any) -> date | None:
    if value in (None, ""):
        return None
    try:
        parsed = value if isinstance(value, date) else date.fromisoformat(str(value))
    except ValueError:
        raise RuleError("Use a date like 2027-01-31.", "format") from None
    if parsed <= date.today():
        raise RuleError("The GDPR expiry date must be in the future.", "future_date")
    return parsed


def create_candidate(session: Session, actor: Actor, *, phone_format: str = "typed", job_ids: list | None = None,
                     **fields: Any) -> Candidate:
    """A new candidate of the actor's agency, optionally assigned to `job_ids` (all or nothing).

    A job of another agency raises Forbidden; unknown jobs and invalid fields come together as ValidationError.
    """
    from app.services import applications

    actor.require_write()
    for required in ("first_name", "last_name"):
        fields.setdefault(required, "")
    errors, jobs_wanted, clean = None, None, {}
    if job_ids is not None:
        try:
            jobs_wanted = applications.resolve_job_ids(session, actor, job_ids)
        except ValidationError as exc:
            errors = exc
    try:
        clean = clean_candidate_fields(fields, phone_format=phone_format)
    except ValidationError as exc:
        errors = exc if errors is None else errors.merged(exc)
    if errors is not None:
        raise errors
    candidate = Candidate(agency_id=actor.agency_id, **clean)
    candidate.search_text = build_search_text(candidate)
    session.add(candidate)
    session.flush()
    activity.record(session, agency_id=actor.agency_id, actor=actor, subject_type="candidate",
                    subject_id=candidate.id, kind="candidate.created", payload={"name": candidate.full_name})
    if jobs_wanted:
        applications.set_jobs(session, actor, candidate, jobs_wanted)
    webhooks.emit_candidate(session, candidate, webhooks.CANDIDATE_CREATED)
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
    from app.services.custom_attributes import searchable_values

    tag_names = session.exec(select(Tag.name).join(CandidateTag, CandidateTag.tag_id == Tag.id)
                             .where(CandidateTag.candidate_id == candidate.id)).all()
    candidate.search_text = build_search_text(candidate, list(tag_names),
                                              extra=searchable_values(session, candidate))
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


# --- the profile: edit with optimistic locking, delete, anonymise ------------------------------------

EDITABLE = ("first_name", "last_name", "email", "phone", "status", "gender", "rating", "gdpr_expiry", "skills",
            "meta", "cv_text")
# Too long or too structured for a timeline sentence: the timeline names the field, not the values.
OPAQUE = ("meta", "cv_text")
ANONYMOUS = ("Anonymised", "Candidate")


def _plain(value: Any) -> Any:
    """JSON-friendly form of a stored value (for timeline payloads and the Conflict's fresh values)."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, list):
        return list(value)
    return value


def profile_values(candidate: Candidate) -> dict[str, Any]:
    values = {field: _plain(getattr(candidate, field)) for field in EDITABLE}
    values["owner_id"] = str(candidate.owner_id) if candidate.owner_id else ""
    values["custom_fields"] = dict(candidate.custom_fields or {})
    return values


def _last_editor(session: Session, candidate: Candidate) -> str:
    from app.models import ActivityEvent

    label = session.exec(select(ActivityEvent.actor_label).where(
        ActivityEvent.agency_id == candidate.agency_id, ActivityEvent.subject_type == "candidate",
        ActivityEvent.subject_id == candidate.id).order_by(ActivityEvent.created_at.desc())).first()
    return label or "a colleague"


def _conflict(session: Session, candidate: Candidate) -> Conflict:
    session.refresh(candidate)
    who = _last_editor(session, candidate)
    return Conflict(f"This profile was changed by {who} while you were editing.",
                    current=profile_values(candidate), version=candidate.version, changed_by=who)


def _clean_changes(session: Session, actor: Actor, candidate: Candidate, changes: dict,
                   phone_format: str = "typed") -> dict[str, Any]:
    """Validated new values for the given fields; ValidationError with every field's message at once."""
    from app.services import custom_attributes, users

    changes = dict(changes)
    custom = changes.pop("custom_fields", None)
    owner = changes.pop("owner_id", None) if "owner_id" in changes else ...
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValidationError({f: "This field cannot be edited." for f in unknown}, {f: "unknown_field" for f in unknown})
    if str(changes.get("gdpr_expiry", "")) == _plain(candidate.gdpr_expiry):
        changes.pop("gdpr_expiry")  # an expiry that has passed since may be kept as it is
    errors: dict[str, str] = {}
    rules: dict[str, str] = {}
    clean: dict[str, Any] = {}
    try:
        clean = clean_candidate_fields(changes, phone_format=phone_format,
                                       known_names=(candidate.first_name, candidate.last_name))
    except ValidationError as exc:
        errors.update(exc.errors)
        rules.update(exc.rules)
    if custom is not None:
        try:
            clean["custom_fields"] = custom_attributes.clean_values(
                custom_attributes.list_attributes(session, actor), custom)
        except ValidationError as exc:
            errors.update(exc.errors)
    if owner is not ...:
        if owner in (None, ""):
            clean["owner_id"] = None
        else:
            try:
                user = users.get_user(session, actor, owner)
                if not user.is_active:
                    raise NotFound("User")
                clean["owner_id"] = user.id
            except NotFound:
                errors["owner_id"] = "Choose an active colleague."
    if errors:
        raise ValidationError(errors, rules)
    return clean


def _owner_name(session: Session, owner_id) -> str | None:
    from app.models import User

    user = session.get(User, owner_id) if owner_id else None
    return user.name if user else None


def _diff(session: Session, actor: Actor, candidate: Candidate, clean: dict) -> list[dict]:
    from app.services import custom_attributes

    diff = []
    for field, new in clean.items():
        if field == "custom_fields":
            labels = {a.key: a.label for a in custom_attributes.list_attributes(session, actor)}
            old_custom = candidate.custom_fields or {}
            for key, value in new.items():
                if old_custom.get(key) != value:
                    diff.append({"field": f"custom.{key}", "label": labels.get(key, key),
                                 "old": old_custom.get(key), "new": value})
        elif field == "owner_id":
            if candidate.owner_id != new:
                diff.append({"field": "owner", "old": _owner_name(session, candidate.owner_id),
                             "new": _owner_name(session, new)})
        elif getattr(candidate, field) != new:
            diff.append({"field": field} if field in OPAQUE else
                        {"field": field, "old": _plain(getattr(candidate, field)), "new": _plain(new)})
    return diff


def update_candidate(session: Session, actor: Actor, candidate_id, changes: dict[str, Any],
                     expected_version: int, *, phone_format: str = "typed") -> Candidate:
    """Save profile edits made on top of `expected_version`; one timeline entry lists each change.

    A stale version raises Conflict (with the fresh values and who changed them) instead of overwriting.
    Webhooks receive candidate.updated naming the changed fields.
    """
    candidate, diff = _update(session, actor, candidate_id, changes, expected_version, phone_format)
    if diff:
        webhooks.emit_candidate(session, candidate, webhooks.CANDIDATE_UPDATED,
                                changes=webhooks.changed_fields(c["field"] for c in diff))
    return candidate


def _update(session: Session, actor: Actor, candidate_id, changes: dict[str, Any], expected_version: int,
            phone_format: str) -> tuple[Candidate, list[dict]]:
    from sqlalchemy import update

    actor.require_write()
    candidate = get_candidate(session, actor, candidate_id)
    if candidate.anonymised_at is not None:
        raise Forbidden("An anonymised candidate can no longer be edited.")
    try:
        expected = int(expected_version)
    except (TypeError, ValueError):
        raise ValidationError({"version": "Reload the profile and try again."}) from None
    if expected != candidate.version:
        raise _conflict(session, candidate)
    clean = _clean_changes(session, actor, candidate, changes, phone_format)
    diff = _diff(session, actor, candidate, clean)
    if not diff:
        return candidate, []
    # Compare-and-swap on the version: of two concurrent saves exactly one wins, on every database.
    won = session.execute(update(Candidate).where(Candidate.id == candidate.id, Candidate.version == expected)
                          .values(version=expected + 1).execution_options(synchronize_session=False))
    if won.rowcount != 1:
        raise _conflict(session, candidate)
    custom = clean.pop("custom_fields", None)
    for field, value in clean.items():
        setattr(candidate, field, value)
    if custom is not None:
        merged = {**(candidate.custom_fields or {}), **custom}
        candidate.custom_fields = {k: v for k, v in merged.items() if v is not None}
    candidate.version = expected + 1
    candidate.updated_at = utcnow()
    refresh_search_text(session, candidate)
    session.flush()
    activity.record(session, agency_id=actor.agency_id, actor=actor, subject_type="candidate",
                    subject_id=candidate.id, kind="candidate.updated", payload={"changes": diff})
    return candidate, diff


def patch_candidate(session: Session, actor: Actor, candidate_id, changes: dict[str, Any],
                    job_ids: list | None = None) -> Candidate:
    """The REST API's partial update: the given fields, and the job assignments replaced by `job_ids`.

    All or nothing. The phone must already be E.164. A job of another agency raises Forbidden before any
    validation message; unknown jobs and invalid fields are reported together as one ValidationError.
    One candidate.updated webhook names everything that changed.
    """
    from app.services import applications

    actor.require_write()
    candidate = get_candidate(session, actor, candidate_id)
    jobs_wanted = None
    if job_ids is not None:
        try:
            jobs_wanted = applications.resolve_job_ids(session, actor, job_ids)
        except ValidationError as exc:
            try:
                _clean_changes(session, actor, candidate, changes, "e164")
            except ValidationError as more:
                raise exc.merged(more) from None
            raise
    candidate, diff = _update(session, actor, candidate.id, changes, candidate.version, "e164")
    changed = [c["field"] for c in diff]
    if jobs_wanted is not None and applications.set_jobs(session, actor, candidate, jobs_wanted):
        changed.append("job_ids")
    if changed:
        webhooks.emit_candidate(session, candidate, webhooks.CANDIDATE_UPDATED, changes=webhooks.changed_fields(changed))
    return candidate


def _files_dir(candidate: Candidate):
    from app.settings import get_settings

    return get_settings().data_dir / "files" / str(candidate.agency_id) / str(candidate.id)


def _remove_files(candidate: Candidate) -> None:
    import shutil

    shutil.rmtree(_files_dir(candidate), ignore_errors=True)


def _profile_link(candidate_id: uuid.UUID) -> str:
    return f"/candidates/{candidate_id}"


def _delete_personal_rows(session: Session, candidate: Candidate) -> None:
    """Comments, documents, tasks, notifications, emails, messages, links and portal sessions of the candidate
    (their texts name the person, and nothing may still sign them in)."""
    from sqlalchemy import delete, or_

    from app.models import (AccessToken, CandidateMessage, CandidateSession, Comment, ConsentRecord, Document,
                            Notification, OutboxMessage, ProfileUpdateRequest, Task)

    for model in (Comment, Document, Task, CandidateMessage, CandidateSession, AccessToken, ConsentRecord,
                  ProfileUpdateRequest, OutboxMessage):
        session.exec(delete(model).where(model.candidate_id == candidate.id))
    link = _profile_link(candidate.id)
    session.exec(delete(Notification).where(
        Notification.agency_id == candidate.agency_id,
        or_(Notification.link == link, Notification.link.startswith(link + "?"),
            Notification.link.startswith(link + "#"))))


def delete_candidate(session: Session, actor: Actor, candidate_id, confirm_name: str | None = None) -> None:
    """Hard delete: the candidate, tags links, applications, comments, documents (and files), notifications."""
    from sqlalchemy import delete

    from app.models import ActivityEvent, Application, CandidateTag

    actor.require_write()
    candidate = get_candidate(session, actor, candidate_id)
    if confirm_name is not None and " ".join(confirm_name.split()) != candidate.full_name:
        raise ValidationError({"confirm": f"Type “{candidate.full_name}” to confirm."})
    _delete_personal_rows(session, candidate)
    session.exec(delete(CandidateTag).where(CandidateTag.candidate_id == candidate.id))
    from app.services.placements import delete_for_candidate  # temp-core: placements, timesheets, shifts

    delete_for_candidate(session, candidate.id)
    session.exec(delete(Application).where(Application.candidate_id == candidate.id))
    session.exec(delete(ActivityEvent).where(ActivityEvent.agency_id == actor.agency_id,
                                             ActivityEvent.subject_type == "candidate",
                                             ActivityEvent.subject_id == candidate.id))
    session.delete(candidate)
    session.flush()
    activity.record(session, agency_id=actor.agency_id, actor=actor, subject_type="candidate",
                    subject_id=candidate.id, kind="candidate.deleted")
    _remove_files(candidate)


# Profile columns the candidate fills in themselves; all personal, all cleared by anonymisation.
SELF_SERVICE_TEXT = ("address_line", "postal_code", "city", "country", "current_position", "current_employer",
                     "desired_position", "preferred_locations", "available_from", "availability_note",
                     "salary_expectation", "salary_currency", "salary_period")

# Timeline payload keys that never hold personal data; everything else goes when anonymising.
_NEUTRAL_KEYS = {"job", "job_id", "from", "to", "tag"}


def _scrub(payload: dict) -> dict:
    clean = {k: v for k, v in (payload or {}).items() if k in _NEUTRAL_KEYS}
    if "changes" in (payload or {}):
        clean["changes"] = [{"field": c.get("field"), "label": c.get("label")} if c.get("label")
                            else {"field": c.get("field")} for c in payload["changes"]]
    return clean


def anonymise_candidate(session: Session, actor: Actor, candidate_id) -> Candidate:
    """Irreversible: personal data goes, applications and stage history stay for the statistics."""
    from app.models import ActivityEvent

    actor.require_write()
    candidate = get_candidate(session, actor, candidate_id)
    if candidate.anonymised_at is not None:
        return candidate
    _delete_personal_rows(session, candidate)
    candidate.first_name, candidate.last_name = ANONYMOUS
    candidate.email = candidate.phone = candidate.cv_text = candidate.gender = candidate.gdpr_expiry = None
    for column in SELF_SERVICE_TEXT:
        setattr(candidate, column, None)
    candidate.employment_types, candidate.experiences, candidate.languages = [], [], []
    candidate.skills, candidate.custom_fields, candidate.meta = [], {}, {}
    candidate.portal_status = "closed"
    candidate.search_text = ""
    now = utcnow()
    candidate.anonymised_at = candidate.updated_at = now
    candidate.version += 1
    session.add(candidate)
    for event in session.exec(select(ActivityEvent).where(
            ActivityEvent.agency_id == actor.agency_id, ActivityEvent.subject_type == "candidate",
            ActivityEvent.subject_id == candidate.id)):
        event.payload = _scrub(event.payload)
        session.add(event)
    session.flush()
    activity.record(session, agency_id=actor.agency_id, actor=actor, subject_type="candidate",
                    subject_id=candidate.id, kind="candidate.anonymised")
    webhooks.emit_candidate(session, candidate, webhooks.CANDIDATE_UPDATED, changes=["anonymised"])
    _remove_files(candidate)
    return candidate


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


def page_candidates(session: Session, actor: Actor, *, status: str | None = None, email: str | None = None,
                    updated_since=None, cursor: str | None = None, limit: int = 25):
    """The REST API's list: filtered, ordered by (updated_at, id) so a client can sync by `updated_since`."""
    from app.services import paging

    stmt = select(Candidate).where(Candidate.agency_id == actor.agency_id)
    if status:
        stmt = stmt.where(Candidate.status == _status(status))
    if email is not None:
        stmt = stmt.where(Candidate.email == email.strip().lower())
    if updated_since is not None:
        stmt = stmt.where(Candidate.updated_at >= updated_since)
    return paging.keyset(session, stmt, Candidate.updated_at, Candidate.id, cursor, limit)

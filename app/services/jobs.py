"""Jobs, scoped to the actor's agency: create, edit, open/close, list with their candidate counts."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, select

from app.models import Application, EmploymentType, Job, JobStatus
from app.models.base import utcnow
from app.services import activity
from app.services.actor import Actor
from app.services.errors import NotFound, ValidationError
from app.services.validation import clean_name, rule_of

EMPLOYMENT_TYPES = [t.value for t in EmploymentType]
STATUSES = [s.value for s in JobStatus]
FIELDS = ("title", "location", "employment_type", "description")


def clean_job_fields(data: dict[str, Any]) -> dict[str, Any]:
    """Validate the given job fields (a partial set is fine); one message per bad field."""
    errors: dict[str, str] = {}
    rules: dict[str, str] = {}
    clean: dict[str, Any] = {}
    if "title" in data:
        try:
            clean["title"] = clean_name(data["title"], label="Title", max_len=200)
        except ValueError as exc:
            errors["title"], rules["title"] = str(exc), rule_of(exc)
    if "location" in data:
        location = " ".join(str(data["location"] or "").split())
        if len(str(data["location"] or "")) > 200:
            errors["location"], rules["location"] = "Location must be at most 200 characters.", "max_length"
        clean["location"] = location or None
    if "employment_type" in data:
        if data["employment_type"] not in EMPLOYMENT_TYPES:
            errors["employment_type"], rules["employment_type"] = "Choose permanent, temp or contract.", "enum"
        clean["employment_type"] = data["employment_type"]
    if "description" in data:
        description = str(data["description"] or "").strip()
        if len(str(data["description"] or "")) > 20_000:
            errors["description"], rules["description"] = "Description must be at most 20,000 characters.", "max_length"
        clean["description"] = description or None
    if errors:
        raise ValidationError(errors, rules)
    return clean


def create_job(session: Session, actor: Actor, *, title: str, location: str | None = None,
               employment_type: str = EmploymentType.PERMANENT.value, description: str | None = None) -> Job:
    actor.require_write()
    fields = clean_job_fields({"title": title, "location": location, "employment_type": employment_type,
                               "description": description})
    job = Job(agency_id=actor.agency_id, owner_id=actor.user_id, **fields)
    session.add(job)
    session.flush()
    activity.record(session, agency_id=actor.agency_id, actor=actor, subject_type="job", subject_id=job.id,
                    kind="job.created", payload={"title": job.title})
    return job


def update_job(session: Session, actor: Actor, job_id, **fields: Any) -> Job:
    """Change title, location, employment type and/or description; the timeline lists what changed."""
    actor.require_write()
    job = get_job(session, actor, job_id)
    clean = clean_job_fields({k: v for k, v in fields.items() if k in FIELDS})
    changed = [k for k, v in clean.items() if getattr(job, k) != v]
    if not changed:
        return job
    for key in changed:
        setattr(job, key, clean[key])
    job.updated_at = utcnow()
    session.add(job)
    activity.record(session, agency_id=actor.agency_id, actor=actor, subject_type="job", subject_id=job.id,
                    kind="job.updated", payload={"title": job.title, "fields": changed})
    return job


def set_job_status(session: Session, actor: Actor, job_id, status: str) -> Job:
    """Open or close a job (closing keeps its pipeline as it is)."""
    actor.require_write()
    if status not in STATUSES:
        raise ValidationError({"status": "A job is open or closed."}, {"status": "enum"})
    job = get_job(session, actor, job_id)
    if job.status == status:
        return job
    job.status = status
    job.updated_at = utcnow()
    session.add(job)
    activity.record(session, agency_id=actor.agency_id, actor=actor, subject_type="job", subject_id=job.id,
                    kind="job.opened" if status == JobStatus.OPEN.value else "job.closed",
                    payload={"title": job.title})
    return job


def list_jobs(session: Session, actor: Actor, status: str | None = None) -> list[Job]:
    stmt = select(Job).where(Job.agency_id == actor.agency_id).order_by(Job.created_at.desc())
    if status:
        stmt = stmt.where(Job.status == status)
    return list(session.exec(stmt))


def candidate_counts(session: Session, actor: Actor) -> dict[uuid.UUID, int]:
    """How many candidates are in each job's pipeline (jobs without any are absent)."""
    return dict(session.exec(
        select(Application.job_id, func.count())
        .where(Application.agency_id == actor.agency_id)
        .group_by(Application.job_id)
    ).all())


def count_jobs(session: Session, actor: Actor, status: str | None = JobStatus.OPEN.value) -> int:
    stmt = select(func.count()).select_from(Job).where(Job.agency_id == actor.agency_id)
    if status:
        stmt = stmt.where(Job.status == status)
    return session.exec(stmt).one()


def get_job(session: Session, actor: Actor, job_id) -> Job:
    from app.services.candidates import as_uuid

    job = session.get(Job, as_uuid(job_id, "Job"))
    if job is None or job.agency_id != actor.agency_id:
        raise NotFound("Job")
    return job


def page_jobs(session: Session, actor: Actor, *, status: str | None = None, cursor: str | None = None,
              limit: int = 25):
    """The REST API's list: oldest first by (created_at, id)."""
    from app.services import paging

    stmt = select(Job).where(Job.agency_id == actor.agency_id)
    if status:
        stmt = stmt.where(Job.status == status)
    return paging.keyset(session, stmt, Job.created_at, Job.id, cursor, limit)

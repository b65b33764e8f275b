"""Jobs, scoped to the actor's agency."""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import Session, select

from app.models import EmploymentType, Job, JobStatus
from app.services import activity
from app.services.actor import Actor
from app.services.errors import ValidationError
from app.services.validation import clean_name

EMPLOYMENT_TYPES = [t.value for t in EmploymentType]


def create_job(session: Session, actor: Actor, *, title: str, location: str | None = None,
               employment_type: str = EmploymentType.PERMANENT.value, description: str | None = None) -> Job:
    actor.require_write()
    try:
        title = clean_name(title, label="Title", max_len=200)
    except ValueError as exc:
        raise ValidationError({"title": str(exc)}) from None
    if employment_type not in EMPLOYMENT_TYPES:
        raise ValidationError({"employment_type": "Choose permanent, temp or contract."})
    job = Job(agency_id=actor.agency_id, title=title, location=location, employment_type=employment_type,
              description=description, owner_id=actor.user_id)
    session.add(job)
    session.flush()
    activity.record(session, agency_id=actor.agency_id, actor=actor, subject_type="job", subject_id=job.id,
                    kind="job.created", payload={"title": title})
    return job


def list_jobs(session: Session, actor: Actor, status: str | None = None) -> list[Job]:
    stmt = select(Job).where(Job.agency_id == actor.agency_id).order_by(Job.created_at.desc())
    if status:
        stmt = stmt.where(Job.status == status)
    return list(session.exec(stmt))


def count_jobs(session: Session, actor: Actor, status: str | None = JobStatus.OPEN.value) -> int:
    stmt = select(func.count()).select_from(Job).where(Job.agency_id == actor.agency_id)
    if status:
        stmt = stmt.where(Job.status == status)
    return session.exec(stmt).one()


def get_job(session: Session, actor: Actor, job_id) -> Job:
    from app.services.candidates import as_uuid
    from app.services.errors import NotFound

    job = session.get(Job, as_uuid(job_id, "Job"))
    if job is None or job.agency_id != actor.agency_id:
        raise NotFound("Job")
    return job

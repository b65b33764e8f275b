"""Applications: a candidate in a job's pipeline. Moves, assignments and rejections, all on the timeline."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from sqlmodel import Session, select

from app.models import Application, Candidate, Job, PipelineStage, StageKind
from app.models.base import utcnow
from app.services import activity
from app.services.actor import Actor
from app.services.candidates import as_uuid, scoped_ids
from app.services.errors import NotFound, ValidationError
from app.services.jobs import get_job


def get_application(session: Session, actor: Actor, application_id) -> Application:
    application = session.get(Application, as_uuid(application_id, "Application"))
    if application is None or application.agency_id != actor.agency_id:
        raise NotFound("Application")
    return application


def get_stage(session: Session, actor: Actor, stage_id) -> PipelineStage:
    stage = session.get(PipelineStage, as_uuid(stage_id, "Stage"))
    if stage is None or stage.agency_id != actor.agency_id:
        raise NotFound("Stage")
    return stage


def first_stage(session: Session, agency_id: uuid.UUID) -> PipelineStage:
    return session.exec(select(PipelineStage).where(
        PipelineStage.agency_id == agency_id, PipelineStage.kind == StageKind.ACTIVE.value,
    ).order_by(PipelineStage.position)).first()


def list_stages(session: Session, actor: Actor) -> list[PipelineStage]:
    return list(session.exec(select(PipelineStage).where(PipelineStage.agency_id == actor.agency_id)
                             .order_by(PipelineStage.position)))


def list_for_candidate(session: Session, actor: Actor, candidate_id) -> list[tuple[Application, Job, PipelineStage]]:
    stmt = (select(Application, Job, PipelineStage)
            .join(Job, Job.id == Application.job_id)
            .join(PipelineStage, PipelineStage.id == Application.stage_id)
            .where(Application.agency_id == actor.agency_id, Application.candidate_id == as_uuid(candidate_id))
            .order_by(Application.created_at.desc()))
    return list(session.exec(stmt))


def list_for_job(session: Session, actor: Actor, job_id) -> list[tuple[Application, Candidate]]:
    job = get_job(session, actor, job_id)
    stmt = (select(Application, Candidate)
            .join(Candidate, Candidate.id == Application.candidate_id)
            .where(Application.agency_id == actor.agency_id, Application.job_id == job.id)
            .order_by(Application.stage_entered_at.desc()))
    return list(session.exec(stmt))


def move_stage(session: Session, actor: Actor, application_id, stage_id, reason: str | None = None) -> Application:
    """Move to another stage of the agency's pipeline; a rejected stage needs a reason."""
    actor.require_write()
    application = get_application(session, actor, application_id)
    stage = get_stage(session, actor, stage_id)
    reason = (reason or "").strip()
    if stage.kind == StageKind.REJECTED.value and not reason:
        raise ValidationError({"reason": "Say why the candidate is rejected."})
    if len(reason) > 500:
        raise ValidationError({"reason": "At most 500 characters."})
    if application.stage_id == stage.id:
        return application
    old = session.get(PipelineStage, application.stage_id)
    now = utcnow()
    application.stage_id = stage.id
    application.stage_entered_at = now
    application.updated_at = now
    application.rejection_reason = reason if stage.kind == StageKind.REJECTED.value else None
    session.add(application)
    job = session.get(Job, application.job_id)
    payload = {"job": job.title, "job_id": str(job.id), "from": old.name if old else "", "to": stage.name}
    if application.rejection_reason:
        payload["reason"] = application.rejection_reason
    activity.record(session, agency_id=actor.agency_id, actor=actor, subject_type="candidate",
                    subject_id=application.candidate_id, kind="application.stage_changed", payload=payload)
    return application


def assign_to_job(session: Session, actor: Actor, candidate_ids: Iterable, job_id) -> int:
    """Add candidates to a job's first stage (skipping those already in it); returns how many were added."""
    actor.require_write()
    job = get_job(session, actor, job_id)
    stage = first_stage(session, actor.agency_id)
    ids = scoped_ids(session, actor, candidate_ids)
    already = set(session.exec(select(Application.candidate_id).where(
        Application.job_id == job.id, Application.candidate_id.in_(ids))))
    added = [cid for cid in ids if cid not in already]
    for cid in added:
        session.add(Application(agency_id=actor.agency_id, candidate_id=cid, job_id=job.id, stage_id=stage.id,
                                owner_id=job.owner_id))
        activity.record(session, agency_id=actor.agency_id, actor=actor, subject_type="candidate",
                        subject_id=cid, kind="application.created",
                        payload={"job": job.title, "job_id": str(job.id), "to": stage.name})
    session.flush()
    return len(added)

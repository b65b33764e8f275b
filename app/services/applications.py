"""Applications: a candidate in a job's pipeline. Moves, assignments and rejections, all on the timeline."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from sqlmodel import Session, select

from app.models import Application, Candidate, Job, PipelineStage, StageKind
from app.models.base import utcnow
from app.services import activity, paging, webhooks
from app.services.actor import Actor
from app.services.candidates import as_uuid, get_candidate, scoped_ids
from app.services.errors import Conflict, Forbidden, NotFound, ValidationError
from app.services.jobs import get_job

MAX_JOBS_PER_CANDIDATE = 50


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
    if len(reason or "") > 500:
        raise ValidationError({"reason": "At most 500 characters."}, {"reason": "max_length"})
    reason = (reason or "").strip()
    if stage.kind == StageKind.REJECTED.value and not reason:
        raise ValidationError({"reason": "Say why the candidate is rejected."}, {"reason": "required"})
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
    session.flush()
    webhooks.emit(session, actor.agency_id, webhooks.APPLICATION_STAGE_CHANGED, {
        "application": webhooks.views.application_view(application, stage),
        "fromStage": webhooks.views.stage_view(old) if old else None,
        "toStage": webhooks.views.stage_view(stage),
    })
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
        _add(session, actor, cid, job, stage)
    session.flush()
    if added:
        now = utcnow()
        for candidate in session.exec(select(Candidate).where(Candidate.id.in_(added))):
            candidate.updated_at = now
            session.add(candidate)
            webhooks.emit_candidate(session, candidate, webhooks.CANDIDATE_UPDATED, changes=["jobIds"])
    return len(added)


def _add(session: Session, actor: Actor, candidate_id: uuid.UUID, job: Job, stage: PipelineStage) -> Application:
    application = Application(agency_id=actor.agency_id, candidate_id=candidate_id, job_id=job.id,
                              stage_id=stage.id, owner_id=job.owner_id)
    session.add(application)
    activity.record(session, agency_id=actor.agency_id, actor=actor, subject_type="candidate",
                    subject_id=candidate_id, kind="application.created",
                    payload={"job": job.title, "job_id": str(job.id), "to": stage.name})
    return application


# --- the REST API's job assignments ---------------------------------------------------------------------

def resolve_job_ids(session: Session, actor: Actor, job_ids: list) -> list[Job]:
    """The jobs for untrusted ids, in the given order without repeats.

    Any job of another agency: Forbidden (field job_ids, rule same_agency). Malformed or unknown ids:
    ValidationError naming them (rules format / exists).
    """
    if not isinstance(job_ids, list):
        raise ValidationError({"job_ids": "Give a list of job ids."}, {"job_ids": "type"})
    if len(job_ids) > MAX_JOBS_PER_CANDIDATE:
        raise ValidationError({"job_ids": f"At most {MAX_JOBS_PER_CANDIDATE} jobs."}, {"job_ids": "max_items"})
    wanted: list[uuid.UUID] = []
    for value in job_ids:
        try:
            job_id = value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
        except ValueError:
            raise ValidationError({"job_ids": f"“{str(value)[:60]}” is not a job id."}, {"job_ids": "format"}) from None
        if job_id not in wanted:
            wanted.append(job_id)
    found = {job.id: job for job in session.exec(select(Job).where(Job.id.in_(wanted)))} if wanted else {}
    if any(job.agency_id != actor.agency_id for job in found.values()):
        raise Forbidden("A job in jobIds belongs to another agency.", field="job_ids", rule="same_agency")
    missing = [str(j) for j in wanted if j not in found]
    if missing:
        raise ValidationError({"job_ids": "No such job: " + ", ".join(missing) + "."}, {"job_ids": "exists"})
    return [found[j] for j in wanted]


def set_jobs(session: Session, actor: Actor, candidate: Candidate, jobs: list[Job]) -> bool:
    """Replace the candidate's job assignments by `jobs`: new ones start in the first stage, others are removed.

    Returns whether anything changed. Each addition and removal is on the timeline.
    """
    actor.require_write()
    current = {a.job_id: a for a in session.exec(select(Application).where(
        Application.agency_id == actor.agency_id, Application.candidate_id == candidate.id))}
    wanted = {job.id for job in jobs}
    added = [job for job in jobs if job.id not in current]
    removed = [a for job_id, a in current.items() if job_id not in wanted]
    from app.services.placements import has_placement  # temp-core: a placed hire stays on its job

    if placed := [a for a in removed if has_placement(session, a.id)]:
        titles = ", ".join(session.get(Job, a.job_id).title for a in placed)
        raise ValidationError({"jobs": f"{candidate.first_name} has a placement on {titles}: keep that job."})
    if added:
        stage = first_stage(session, actor.agency_id)
        for job in added:
            _add(session, actor, candidate.id, job, stage)
    for application in removed:
        job = session.get(Job, application.job_id)
        session.delete(application)
        activity.record(session, agency_id=actor.agency_id, actor=actor, subject_type="candidate",
                        subject_id=candidate.id, kind="application.removed",
                        payload={"job": job.title if job else "", "job_id": str(application.job_id)})
    if added or removed:
        candidate.updated_at = utcnow()
        session.add(candidate)
        session.flush()
    return bool(added or removed)


def create_application(session: Session, actor: Actor, candidate_id, job_id, stage_id=None,
                       reason: str | None = None) -> Application:
    """Put a candidate into a job's pipeline (its first stage, or `stage_id`); Conflict if already there."""
    actor.require_write()
    if len(reason or "") > 500:
        raise ValidationError({"reason": "At most 500 characters."}, {"reason": "max_length"})
    candidate = get_candidate(session, actor, candidate_id)
    job = get_job(session, actor, job_id)
    target = get_stage(session, actor, stage_id) if stage_id else None
    exists = session.exec(select(Application).where(Application.candidate_id == candidate.id,
                                                    Application.job_id == job.id)).first()
    if exists is not None:
        raise Conflict(f"{candidate.full_name} is already in the pipeline of {job.title}.")
    application = _add(session, actor, candidate.id, job, first_stage(session, actor.agency_id))
    candidate.updated_at = utcnow()
    session.add(candidate)
    session.flush()
    if target is not None and target.id != application.stage_id:
        move_stage(session, actor, application.id, target.id, reason=reason)
    webhooks.emit_candidate(session, candidate, webhooks.CANDIDATE_UPDATED, changes=["jobIds"])
    return application


def page_for_candidate(session: Session, actor: Actor, candidate_id, cursor: str | None, limit: int) -> paging.Page:
    """The candidate's applications with their stages, oldest first, a page at a time."""
    candidate = get_candidate(session, actor, candidate_id)
    stmt = (select(Application, PipelineStage).join(PipelineStage, PipelineStage.id == Application.stage_id)
            .where(Application.agency_id == actor.agency_id, Application.candidate_id == candidate.id))
    return paging.keyset(session, stmt, Application.created_at, Application.id, cursor, limit)


def page_for_job(session: Session, actor: Actor, job_id, cursor: str | None, limit: int) -> paging.Page:
    job = get_job(session, actor, job_id)
    stmt = (select(Application, PipelineStage).join(PipelineStage, PipelineStage.id == Application.stage_id)
            .where(Application.agency_id == actor.agency_id, Application.job_id == job.id))
    return paging.keyset(session, stmt, Application.created_at, Application.id, cursor, limit)

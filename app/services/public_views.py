"""Records as the REST API and webhooks show them: camelCase JSON, the way the API reference documents it."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime, timezone

from sqlmodel import Session, select

from app.models import Application, Candidate, Job, PipelineStage

API_BASE = "/api/v1"


def timestamp(value: datetime | None) -> str | None:
    """UTC with a Z and whole seconds, like 2025-11-20T10:30:00Z."""
    if value is None:
        return None
    return value.astimezone(timezone.utc).replace(tzinfo=None, microsecond=0).isoformat() + "Z"


def job_ids_by_candidate(session: Session, candidate_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, list[uuid.UUID]]:
    """Each candidate's job ids, in the order they were assigned (one query for a whole page)."""
    ids = list(candidate_ids)
    out: dict[uuid.UUID, list[uuid.UUID]] = defaultdict(list)
    if ids:
        stmt = (select(Application.candidate_id, Application.job_id).where(Application.candidate_id.in_(ids))
                .order_by(Application.created_at, Application.id))
        for candidate_id, job_id in session.exec(stmt):
            out[candidate_id].append(job_id)
    return out


def candidate_view(candidate: Candidate, job_ids: list[uuid.UUID]) -> dict:
    base = f"{API_BASE}/candidates/{candidate.id}"
    return {
        "id": str(candidate.id),
        "firstName": candidate.first_name,
        "lastName": candidate.last_name,
        "email": candidate.email,
        "phone": candidate.phone,
        "status": candidate.status,
        "gdprExpiry": candidate.gdpr_expiry.isoformat() if candidate.gdpr_expiry else None,
        "gender": candidate.gender,
        "rating": candidate.rating,
        "metadata": candidate.meta or {},
        "cv": candidate.cv_text,
        "jobId": str(job_ids[0]) if job_ids else None,
        "jobIds": [str(j) for j in job_ids],
        "createdAt": timestamp(candidate.created_at),
        "updatedAt": timestamp(candidate.updated_at),
        "links": {"self": base, "applications": f"{base}/applications"},
    }


def candidate_view_of(session: Session, candidate: Candidate) -> dict:
    return candidate_view(candidate, job_ids_by_candidate(session, [candidate.id]).get(candidate.id, []))


def job_view(job: Job) -> dict:
    base = f"{API_BASE}/jobs/{job.id}"
    return {
        "id": str(job.id),
        "title": job.title,
        "location": job.location,
        "employmentType": job.employment_type,
        "status": job.status,
        "description": job.description,
        "createdAt": timestamp(job.created_at),
        "updatedAt": timestamp(job.updated_at),
        "links": {"self": base, "applications": f"{base}/applications"},
    }


def stage_view(stage: PipelineStage) -> dict:
    return {"id": str(stage.id), "name": stage.name, "kind": stage.kind, "position": stage.position}


def application_view(application: Application, stage: PipelineStage) -> dict:
    return {
        "id": str(application.id),
        "candidateId": str(application.candidate_id),
        "jobId": str(application.job_id),
        "stage": stage_view(stage),
        "rejectionReason": application.rejection_reason,
        "stageEnteredAt": timestamp(application.stage_entered_at),
        "createdAt": timestamp(application.created_at),
        "updatedAt": timestamp(application.updated_at),
        "links": {"self": f"{API_BASE}/applications/{application.id}",
                  "candidate": f"{API_BASE}/candidates/{application.candidate_id}",
                  "job": f"{API_BASE}/jobs/{application.job_id}"},
    }

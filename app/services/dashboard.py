"""Figures for the recruiter's home page."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import func
from sqlmodel import Session, select

from app.models import (Application, Candidate, CandidateStatus, Job, Notification, PipelineStage, StageKind,
                        Task)
from app.models.base import utcnow
from app.services import activity, candidates, jobs
from app.services.actor import Actor

STALE_AFTER_DAYS = 7


@dataclass
class StaleApplication:
    candidate_id: str
    candidate: str
    job: str
    stage: str
    days: int


@dataclass
class Overview:
    open_jobs: int
    candidates_total: int
    candidates_in_process: int
    per_stage: list[tuple[str, int]]
    recent: list
    mentions: list[Notification] = field(default_factory=list)
    stale: list[StaleApplication] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)


def overview(session: Session, actor: Actor) -> Overview:
    counts = dict(session.exec(
        select(Application.stage_id, func.count())
        .where(Application.agency_id == actor.agency_id)
        .group_by(Application.stage_id)
    ).all())
    stages = session.exec(
        select(PipelineStage).where(PipelineStage.agency_id == actor.agency_id).order_by(PipelineStage.position)
    ).all()
    return Overview(
        open_jobs=jobs.count_jobs(session, actor),
        candidates_total=candidates.count_candidates(session, actor),
        candidates_in_process=candidates.count_candidates(session, actor, CandidateStatus.IN_PROCESS.value),
        per_stage=[(stage.name, counts.get(stage.id, 0)) for stage in stages],
        recent=activity.recent(session, actor, limit=15),
        mentions=unread_mentions(session, actor),
        stale=stale_applications(session, actor),
        tasks=open_tasks(session, actor),
    )


def unread_mentions(session: Session, actor: Actor, limit: int = 5) -> list[Notification]:
    return list(session.exec(
        select(Notification).where(Notification.agency_id == actor.agency_id, Notification.user_id == actor.user_id,
                                   Notification.kind == "mention", Notification.read_at.is_(None))
        .order_by(Notification.created_at.desc()).limit(limit)))


def stale_applications(session: Session, actor: Actor, days: int = STALE_AFTER_DAYS,
                       limit: int = 5) -> list[StaleApplication]:
    """Applications the actor owns that have waited more than `days` in an active stage, longest first."""
    now = utcnow()
    rows = session.exec(
        select(Application, Candidate, Job, PipelineStage)
        .join(Candidate, Candidate.id == Application.candidate_id)
        .join(Job, Job.id == Application.job_id)
        .join(PipelineStage, PipelineStage.id == Application.stage_id)
        .where(Application.agency_id == actor.agency_id, Application.owner_id == actor.user_id,
               PipelineStage.kind == StageKind.ACTIVE.value,
               Application.stage_entered_at < now - timedelta(days=days))
        .order_by(Application.stage_entered_at).limit(limit)
    ).all()
    return [StaleApplication(candidate_id=str(c.id), candidate=c.full_name, job=j.title, stage=s.name,
                             days=(now - a.stage_entered_at).days) for a, c, j, s in rows]


def open_tasks(session: Session, actor: Actor, limit: int = 5) -> list[Task]:
    return list(session.exec(
        select(Task).where(Task.agency_id == actor.agency_id, Task.assignee_id == actor.user_id,
                           Task.done_at.is_(None))
        .order_by(Task.due_on.is_(None), Task.due_on, Task.created_at).limit(limit)))

"""Figures for the recruiter's home page."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import func
from sqlmodel import Session, select

from app.models import (Application, Candidate, CandidateStatus, Job, Notification, PipelineStage, StageKind,
                        Task)
from app.models.base import utcnow
from app.services import activity, candidates, jobs, profile_requests, timeline
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
class FeedEntry:
    sentence: str
    when: datetime
    link: str


@dataclass
class Overview:
    open_jobs: int
    candidates_total: int
    candidates_in_process: int
    per_stage: list[tuple[str, int]]
    recent: list[FeedEntry]
    updates_pending: int = 0
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
        recent=recent_feed(session, actor),
        mentions=unread_mentions(session, actor),
        stale=stale_applications(session, actor),
        tasks=open_tasks(session, actor),
        updates_pending=profile_requests.pending_count(session, actor),
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


def recent_feed(session: Session, actor: Actor, limit: int = 15) -> list[FeedEntry]:
    """The agency's latest events as sentences, naming the candidates they concern (one extra query)."""
    events = activity.recent(session, actor, limit=limit)
    ids = {e.subject_id for e in events if e.subject_type == "candidate"}
    rows = session.exec(select(Candidate.id, Candidate.first_name, Candidate.last_name)
                        .where(Candidate.agency_id == actor.agency_id, Candidate.id.in_(ids))).all() if ids else []
    names = {cid: f"{first} {last}" for cid, first, last in rows}
    feed = []
    for e in events:
        link = {"candidate": f"/candidates/{e.subject_id}", "job": f"/jobs/{e.subject_id}"}.get(e.subject_type, "")
        name = names.get(e.subject_id, "a candidate")
        if e.subject_type == "candidate" and e.subject_id not in names:
            link = ""  # deleted since
        feed.append(FeedEntry(sentence=timeline.describe(e.kind, e.payload, e.actor_label, name),
                              when=e.created_at, link=link))
    return feed

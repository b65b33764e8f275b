"""Figures for the recruiter's home page."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, select

from app.models import Application, CandidateStatus, PipelineStage
from app.services import activity, candidates, jobs
from app.services.actor import Actor


@dataclass
class Overview:
    open_jobs: int
    candidates_total: int
    candidates_in_process: int
    per_stage: list[tuple[str, int]]
    recent: list


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
    )

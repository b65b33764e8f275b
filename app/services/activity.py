"""The timeline: every feature records what happened here, and lists read it back scoped to the agency."""

from __future__ import annotations

import uuid

from sqlmodel import Session, select

from app.models import ActivityEvent
from app.services.actor import Actor


def record(
    session: Session,
    *,
    agency_id: uuid.UUID,
    actor: Actor | None,
    subject_type: str,
    subject_id: uuid.UUID,
    kind: str,
    payload: dict | None = None,
    actor_label: str | None = None,
) -> ActivityEvent:
    event = ActivityEvent(
        agency_id=agency_id,
        actor_id=actor.user_id if actor else None,
        actor_label=actor_label or (actor.name if actor else "System"),
        subject_type=subject_type,
        subject_id=subject_id,
        kind=kind,
        payload=payload or {},
    )
    session.add(event)
    return event


def recent(session: Session, actor: Actor, limit: int = 20) -> list[ActivityEvent]:
    stmt = (
        select(ActivityEvent)
        .where(ActivityEvent.agency_id == actor.agency_id)
        .order_by(ActivityEvent.created_at.desc())
        .limit(limit)
    )
    return list(session.exec(stmt))


def for_subject(
    session: Session, actor: Actor, subject_type: str, subject_id: uuid.UUID, limit: int = 200
) -> list[ActivityEvent]:
    stmt = (
        select(ActivityEvent)
        .where(
            ActivityEvent.agency_id == actor.agency_id,
            ActivityEvent.subject_type == subject_type,
            ActivityEvent.subject_id == subject_id,
        )
        .order_by(ActivityEvent.created_at.desc())
        .limit(limit)
    )
    return list(session.exec(stmt))

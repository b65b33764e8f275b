"""The bell: things a staff member should see (mentions, ...). Each user reads only their own."""

from __future__ import annotations

import uuid

from sqlalchemy import func, update
from sqlmodel import Session, select

from app.models import Notification
from app.models.base import utcnow
from app.services.actor import Actor
from app.services.errors import NotFound


def notify(session: Session, *, agency_id: uuid.UUID, user_id: uuid.UUID, kind: str, title: str,
           link: str) -> Notification:
    note = Notification(agency_id=agency_id, user_id=user_id, kind=kind, title=title[:300], link=link[:300])
    session.add(note)
    return note


def list_unread(session: Session, actor: Actor, limit: int = 20) -> list[Notification]:
    stmt = (select(Notification).where(Notification.agency_id == actor.agency_id,
                                       Notification.user_id == actor.user_id, Notification.read_at.is_(None))
            .order_by(Notification.created_at.desc()).limit(limit))
    return list(session.exec(stmt))


def unread_count(session: Session, actor: Actor) -> int:
    return session.exec(select(func.count()).select_from(Notification).where(
        Notification.agency_id == actor.agency_id, Notification.user_id == actor.user_id,
        Notification.read_at.is_(None))).one()


def mark_read(session: Session, actor: Actor, notification_id) -> Notification:
    from app.services.candidates import as_uuid

    note = session.get(Notification, as_uuid(notification_id, "Notification"))
    if note is None or note.user_id != actor.user_id or note.agency_id != actor.agency_id:
        raise NotFound("Notification")
    if note.read_at is None:
        note.read_at = utcnow()
        session.add(note)
    return note


def mark_all_read(session: Session, actor: Actor) -> None:
    session.exec(update(Notification).where(
        Notification.agency_id == actor.agency_id, Notification.user_id == actor.user_id,
        Notification.read_at.is_(None)).values(read_at=utcnow()))

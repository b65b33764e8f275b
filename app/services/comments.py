"""Internal comments on a candidate; an @mention notifies that colleague."""

from __future__ import annotations

import re
import uuid

from sqlmodel import Session, select

from app.models import Comment, User
from app.services import activity, notifications
from app.services.actor import Actor
from app.services.candidates import get_candidate
from app.services.errors import Forbidden, ValidationError

MAX_BODY = 5000


def colleagues(session: Session, actor: Actor) -> list[User]:
    """Active staff of the agency, the people a comment can mention."""
    return list(session.exec(select(User).where(User.agency_id == actor.agency_id, User.is_active.is_(True))
                             .order_by(User.name)))


def find_mentions(body: str, people: list[User]) -> list[User]:
    """Colleagues written as "@Full Name" in the body (longest names first, so "@Ann Lee" beats "@Ann")."""
    found, text = [], body
    for user in sorted(people, key=lambda u: len(u.name), reverse=True):
        pattern = re.compile("@" + re.escape(user.name) + r"(?![\w])", re.IGNORECASE)
        if pattern.search(text):
            found.append(user)
            text = pattern.sub(" ", text)
    return found


def list_comments(session: Session, actor: Actor, candidate_id) -> list[tuple[Comment, str]]:
    candidate = get_candidate(session, actor, candidate_id)
    stmt = (select(Comment, User.name).join(User, User.id == Comment.author_id, isouter=True)
            .where(Comment.agency_id == actor.agency_id, Comment.candidate_id == candidate.id)
            .order_by(Comment.created_at.desc()))
    return [(c, name or "Former colleague") for c, name in session.exec(stmt)]


def add_comment(session: Session, actor: Actor, candidate_id, body: str) -> tuple[Comment, list[uuid.UUID]]:
    """Returns the comment and the ids of the colleagues it notified."""
    actor.require_write()
    candidate = get_candidate(session, actor, candidate_id)
    if candidate.anonymised_at is not None:
        raise Forbidden("An anonymised candidate can no longer be commented on.")
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": "Write something first."})
    if len(body) > MAX_BODY:
        raise ValidationError({"body": f"A comment has at most {MAX_BODY} characters."})
    mentioned = [u for u in find_mentions(body, colleagues(session, actor)) if u.id != actor.user_id]
    comment = Comment(agency_id=actor.agency_id, candidate_id=candidate.id, author_id=actor.user_id, body=body,
                      mentions=[str(u.id) for u in mentioned])
    session.add(comment)
    excerpt = body if len(body) <= 140 else body[:139] + "…"
    activity.record(session, agency_id=actor.agency_id, actor=actor, subject_type="candidate",
                    subject_id=candidate.id, kind="comment.added", payload={"excerpt": excerpt})
    for user in mentioned:
        notifications.notify(session, agency_id=actor.agency_id, user_id=user.id, kind="mention",
                             title=f"{actor.name} mentioned you on {candidate.full_name}",
                             link=f"/candidates/{candidate.id}")
    session.flush()
    return comment, [u.id for u in mentioned]

"""Tags on candidates: add (creating tags on the fly) and remove, one candidate or many."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from sqlalchemy import delete
from sqlmodel import Session, select

from app.models import Candidate, CandidateTag, Tag
from app.models.base import utcnow
from app.services import activity
from app.services.actor import Actor
from app.services.candidates import refresh_search_text, scoped_ids
from app.services.errors import ValidationError

MAX_TAG_LENGTH = 60


def clean_tag_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"tag": "Type a tag name."})
    if len(name) > MAX_TAG_LENGTH:
        raise ValidationError({"tag": f"A tag has at most {MAX_TAG_LENGTH} characters."})
    return name


def list_tags(session: Session, actor: Actor) -> list[Tag]:
    return list(session.exec(select(Tag).where(Tag.agency_id == actor.agency_id).order_by(Tag.name)))


def tags_of(session: Session, actor: Actor, candidate_id: uuid.UUID) -> list[str]:
    stmt = (select(Tag.name).join(CandidateTag, CandidateTag.tag_id == Tag.id)
            .where(CandidateTag.candidate_id == candidate_id, Tag.agency_id == actor.agency_id).order_by(Tag.name))
    return list(session.exec(stmt))


def get_or_create_tag(session: Session, actor: Actor, name: str) -> Tag:
    name = clean_tag_name(name)
    existing = session.exec(select(Tag).where(Tag.agency_id == actor.agency_id, Tag.name.ilike(name))).first()
    if existing:
        return existing
    tag = Tag(agency_id=actor.agency_id, name=name)
    session.add(tag)
    session.flush()
    return tag


def add_tag(session: Session, actor: Actor, candidate_ids: Iterable, name: str) -> int:
    """Tag the given candidates of the actor's agency; returns how many gained the tag."""
    actor.require_write()
    name = clean_tag_name(name)
    ids = scoped_ids(session, actor, candidate_ids)
    if not ids:  # no candidate of ours: create no tag either (forged ids must leave nothing behind)
        return 0
    tag = get_or_create_tag(session, actor, name)
    have = set(session.exec(select(CandidateTag.candidate_id).where(
        CandidateTag.tag_id == tag.id, CandidateTag.candidate_id.in_(ids))))
    added = [cid for cid in ids if cid not in have]
    session.add_all(CandidateTag(candidate_id=cid, tag_id=tag.id) for cid in added)
    session.flush()
    _after_change(session, actor, added, "candidate.tag_added", tag.name)
    return len(added)


def remove_tag(session: Session, actor: Actor, candidate_ids: Iterable, name: str) -> int:
    actor.require_write()
    tag = session.exec(select(Tag).where(Tag.agency_id == actor.agency_id, Tag.name.ilike(clean_tag_name(name)))).first()
    if tag is None:
        return 0
    ids = scoped_ids(session, actor, candidate_ids)
    had = list(session.exec(select(CandidateTag.candidate_id).where(
        CandidateTag.tag_id == tag.id, CandidateTag.candidate_id.in_(ids))))
    session.exec(delete(CandidateTag).where(CandidateTag.tag_id == tag.id, CandidateTag.candidate_id.in_(had)))
    session.flush()
    _after_change(session, actor, had, "candidate.tag_removed", tag.name)
    return len(had)


def _after_change(session: Session, actor: Actor, ids: list[uuid.UUID], kind: str, tag_name: str) -> None:
    now = utcnow()
    for candidate in session.exec(select(Candidate).where(Candidate.id.in_(ids))):
        candidate.updated_at = now
        candidate.version += 1
        refresh_search_text(session, candidate)
        activity.record(session, agency_id=actor.agency_id, actor=actor, subject_type="candidate",
                        subject_id=candidate.id, kind=kind, payload={"tag": tag_name})

"""Single-use links: random tokens handed out once and stored only as their SHA-256.

A token opens one thing (`purpose`, `subject_id`) for one candidate of one agency. It is alive until it
is used, revoked or expires; the row is kept afterwards so that a dead link can still say why it is dead.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import update
from sqlmodel import Session, select

from app.models import AccessToken
from app.models.base import utcnow
from app.services.security import hash_token, new_token

# Tokens are 43 URL-safe characters; anything much longer is not one of ours and is not even hashed.
MAX_TOKEN_LENGTH = 100


@dataclass(frozen=True)
class Lookup:
    token: AccessToken | None
    dead_reason: str  # "" when alive; else "unknown", "used", "expired" or a revoke reason

    @property
    def alive(self) -> bool:
        return self.token is not None and not self.dead_reason


def issue(session: Session, *, agency_id: uuid.UUID, purpose: str, lifetime: timedelta,
          candidate_id: uuid.UUID | None = None, subject_id: uuid.UUID | None = None,
          now: datetime | None = None) -> str:
    """Create a token in the caller's transaction and return the raw value (never stored)."""
    raw, digest = new_token()
    now = now or utcnow()
    session.add(AccessToken(agency_id=agency_id, candidate_id=candidate_id, purpose=purpose, subject_id=subject_id,
                            token_hash=digest, created_at=now, expires_at=now + lifetime))
    return raw


def look_up(session: Session, raw: str, purpose: str, now: datetime | None = None) -> Lookup:
    if not raw or len(raw) > MAX_TOKEN_LENGTH:
        return Lookup(None, "unknown")
    token = session.exec(select(AccessToken).where(AccessToken.token_hash == hash_token(raw),
                                                   AccessToken.purpose == purpose)).first()
    if token is None:
        return Lookup(None, "unknown")
    if token.used_at is not None:
        return Lookup(token, "used")
    if token.revoked_at is not None:
        return Lookup(token, token.revoke_reason or "revoked")
    if token.expires_at <= (now or utcnow()):
        return Lookup(token, "expired")
    return Lookup(token, "")


def use(session: Session, token: AccessToken, now: datetime | None = None) -> bool:
    """Mark the token used; False if someone else used or revoked it first (so it works exactly once)."""
    won = session.execute(update(AccessToken).where(AccessToken.id == token.id, AccessToken.used_at.is_(None),
                                                    AccessToken.revoked_at.is_(None))
                          .values(used_at=now or utcnow()).execution_options(synchronize_session=False))
    return won.rowcount == 1


def revoke_for(session: Session, purpose: str, subject_id: uuid.UUID, reason: str,
               now: datetime | None = None) -> None:
    """Kill every live token that opens this subject."""
    session.execute(update(AccessToken).where(AccessToken.purpose == purpose, AccessToken.subject_id == subject_id,
                                              AccessToken.used_at.is_(None), AccessToken.revoked_at.is_(None))
                    .values(revoked_at=now or utcnow(), revoke_reason=reason[:30])
                    .execution_options(synchronize_session=False))

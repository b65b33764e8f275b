"""Small builders for test data."""

from __future__ import annotations

from sqlmodel import Session

from app.models import Agency, User
from app.services.actor import Actor
from app.services.agencies import create_agency
from app.services.security import hash_password

PASSWORD = "correct-horse-battery"
_HASH = hash_password(PASSWORD)


def make_agency(session: Session, slug: str) -> Agency:
    agency = create_agency(session, name=slug.title() + " Agency", slug=slug)
    session.commit()
    return agency


def make_user(session: Session, agency: Agency, role: str = "recruiter", email: str | None = None,
              active: bool = True) -> User:
    user = User(agency_id=agency.id, email=email or f"{role}@{agency.slug}.example.com", name=f"{role.title()} "
                f"{agency.slug.title()}", role=role, password_hash=_HASH, is_active=active)
    session.add(user)
    session.commit()
    return user


def actor_for(user: User) -> Actor:
    return Actor(user_id=user.id, agency_id=user.agency_id, role=user.role, name=user.name, email=user.email)

"""Agency staff management: admins create users, change roles and deactivate them."""

from __future__ import annotations

import uuid

from sqlalchemy import func
from sqlmodel import Session, select

from app.models import Role, User
from app.services import activity
from app.services.actor import Actor
from app.services.auth import revoke_user_sessions
from app.services.errors import Forbidden, NotFound, ValidationError
from app.services.security import MIN_PASSWORD_LENGTH, hash_password
from app.services.validation import clean_email, clean_name

ROLES = [r.value for r in Role]


def list_users(session: Session, actor: Actor) -> list[User]:
    stmt = select(User).where(User.agency_id == actor.agency_id).order_by(User.name)
    return list(session.exec(stmt))


def get_user(session: Session, actor: Actor, user_id: uuid.UUID | str) -> User:
    """A user of the actor's agency; another agency's user is simply not found."""
    user = session.get(User, _as_uuid(user_id))
    if user is None or user.agency_id != actor.agency_id:
        raise NotFound("User")
    return user


def create_user(
    session: Session, actor: Actor, *, email: str, name: str, role: str, password: str
) -> User:
    actor.require_admin()
    errors: dict[str, str] = {}
    clean = {}
    for field, check in (("email", lambda: clean_email(email)),
                         ("name", lambda: clean_name(name, max_len=200))):
        try:
            clean[field] = check()
        except ValueError as exc:
            errors[field] = str(exc)
    if role not in ROLES:
        errors["role"] = "Choose admin, recruiter or viewer."
    if len(password or "") < MIN_PASSWORD_LENGTH:
        errors["password"] = f"The password needs at least {MIN_PASSWORD_LENGTH} characters."
    if "email" in clean and session.exec(select(User).where(User.email == clean["email"])).first():
        errors["email"] = "This email is already in use."
    if errors:
        raise ValidationError(errors)
    user = User(agency_id=actor.agency_id, email=clean["email"], name=clean["name"], role=role,
                password_hash=hash_password(password))
    session.add(user)
    session.flush()
    activity.record(session, agency_id=actor.agency_id, actor=actor, subject_type="user",
                    subject_id=user.id, kind="user.created", payload={"email": user.email, "role": role})
    return user


def _active_admins(session: Session, agency_id: uuid.UUID) -> int:
    return session.exec(
        select(func.count()).select_from(User).where(
            User.agency_id == agency_id, User.role == Role.ADMIN.value, User.is_active.is_(True)
        )
    ).one()


def set_role(session: Session, actor: Actor, user_id: uuid.UUID | str, role: str) -> User:
    actor.require_admin()
    user = get_user(session, actor, user_id)
    if role not in ROLES:
        raise ValidationError({"role": "Choose admin, recruiter or viewer."})
    if user.id == actor.user_id and role != Role.ADMIN.value:
        raise Forbidden("You cannot remove your own admin role; ask another admin.")
    old = user.role
    if old != role:
        user.role = role
        session.add(user)
        activity.record(session, agency_id=actor.agency_id, actor=actor, subject_type="user",
                        subject_id=user.id, kind="user.role_changed", payload={"from": old, "to": role})
    return user


def set_active(session: Session, actor: Actor, user_id: uuid.UUID | str, active: bool) -> User:
    """Deactivating a user ends all their sessions at once."""
    actor.require_admin()
    user = get_user(session, actor, user_id)
    if user.id == actor.user_id and not active:
        raise Forbidden("You cannot deactivate your own account.")
    if user.is_active == active:
        return user
    if not active and user.role == Role.ADMIN.value and _active_admins(session, actor.agency_id) <= 1:
        raise Forbidden("An agency needs at least one active admin.")
    user.is_active = active
    session.add(user)
    if not active:
        revoke_user_sessions(session, user.id)
    activity.record(session, agency_id=actor.agency_id, actor=actor, subject_type="user", subject_id=user.id,
                    kind="user.activated" if active else "user.deactivated", payload={"email": user.email})
    return user


def _as_uuid(value: uuid.UUID | str) -> uuid.UUID:
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise NotFound("User") from None

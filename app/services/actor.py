"""Who is asking: every service call that touches agency data takes an Actor."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from app.models import Role
from app.services.errors import Forbidden


@dataclass(frozen=True)
class Actor:
    user_id: uuid.UUID
    agency_id: uuid.UUID
    role: str
    name: str
    email: str

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN.value

    @property
    def can_write(self) -> bool:
        return self.role in (Role.ADMIN.value, Role.RECRUITER.value)

    def require_write(self) -> None:
        if not self.can_write:
            raise Forbidden("Your role can view but not change records.")

    def require_admin(self) -> None:
        if not self.is_admin:
            raise Forbidden("Only an agency admin can do that.")

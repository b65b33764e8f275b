"""/jobs: the agency's jobs."""

from __future__ import annotations

import reflex as rx

from app.db import session_scope
from app.services import jobs
from app.states.session import SessionState


class JobsState(SessionState):
    jobs: list[dict[str, str]] = []

    @rx.event
    def load(self):
        actor = self._actor()
        if actor is None:
            self.jobs = []
            return
        with session_scope() as session:
            self.jobs = [
                {"id": str(j.id), "title": j.title, "location": j.location or "", "type": j.employment_type,
                 "status": j.status, "created": j.created_at.strftime("%d %b %Y")}
                for j in jobs.list_jobs(session, actor)
            ]

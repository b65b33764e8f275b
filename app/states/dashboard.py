"""The recruiter's home page figures."""

from __future__ import annotations

import reflex as rx

from app.db import session_scope
from app.services import dashboard
from app.states import live
from app.states.session import SessionState


@live.live
class DashboardState(SessionState):
    open_jobs: int = 0
    candidates_total: int = 0
    candidates_in_process: int = 0
    per_stage: list[dict[str, str | int]] = []
    recent: list[dict[str, str]] = []
    loaded: bool = False

    @rx.event
    async def load(self):
        actor = self._reload()
        if actor is not None:
            await live.follow(self, live.agency_topic(actor.agency_id))

    def _live_refresh(self):
        self._reload()

    def _reload(self):
        actor = self._actor()
        if actor is None:
            return None
        with session_scope() as session:
            data = dashboard.overview(session, actor)
        self.open_jobs = data.open_jobs
        self.candidates_total = data.candidates_total
        self.candidates_in_process = data.candidates_in_process
        self.per_stage = [{"stage": name, "count": count} for name, count in data.per_stage]
        self.recent = [
            {"who": e.actor_label, "what": e.kind.replace(".", " ").replace("_", " "),
             "when": e.created_at.strftime("%d %b %Y %H:%M")}
            for e in data.recent
        ]
        self.loaded = True
        return actor

"""The recruiter's home page: agency figures, the pipeline funnel, my work, recent activity. Live."""

from __future__ import annotations

import dataclasses

import reflex as rx

from app.db import session_scope
from app.services import dashboard
from app.states import live
from app.states.session import SessionState


@dataclasses.dataclass
class StageCount:
    stage: str
    count: int


@dataclasses.dataclass
class FeedItem:
    sentence: str
    when: str
    link: str


@dataclasses.dataclass
class WorkItem:
    title: str
    detail: str
    link: str


def _when(dt) -> str:
    return dt.strftime("%d %b %Y %H:%M")


@live.live
class DashboardState(SessionState):
    open_jobs: int = 0
    candidates_total: int = 0
    candidates_in_process: int = 0
    updates_pending: int = 0
    per_stage: list[StageCount] = []
    recent: list[FeedItem] = []
    mentions: list[WorkItem] = []
    stale: list[WorkItem] = []
    tasks: list[WorkItem] = []
    stale_days: int = dashboard.STALE_AFTER_DAYS
    loaded: bool = False

    @rx.event
    async def load(self):
        actor = self._reload()
        if actor is not None:
            await live.follow(self, live.agency_topic(actor.agency_id), live.record_topic("user", actor.user_id),
                              live.requests_topic(actor.agency_id))

    @rx.var
    def funnel_data(self) -> list[dict[str, str | int]]:
        return [{"stage": s.stage, "count": s.count} for s in self.per_stage]

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
        self.updates_pending = data.updates_pending
        self.per_stage = [StageCount(stage=name, count=count) for name, count in data.per_stage]
        self.recent = [FeedItem(sentence=e.sentence, when=_when(e.when), link=e.link) for e in data.recent]
        self.mentions = [WorkItem(title=n.title, detail=_when(n.created_at), link=n.link) for n in data.mentions]
        self.stale = [WorkItem(title=f"{s.candidate}: {s.job}", detail=f"{s.days} days in {s.stage}",
                               link=f"/candidates/{s.candidate_id}") for s in data.stale]
        self.tasks = [WorkItem(title=t.title, detail=f"due {t.due_on:%d %b %Y}" if t.due_on else "no due date",
                               link=f"/candidates/{t.candidate_id}" if t.candidate_id else "/")
                      for t in data.tasks]
        self.loaded = True
        return actor

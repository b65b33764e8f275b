"""/jobs/[job_id]: a job's header and its live kanban board."""

from __future__ import annotations

import dataclasses
import json
from datetime import datetime

import reflex as rx

from app.db import session_scope
from app.models.base import utcnow
from app.services import applications, pipeline
from app.services.errors import ServiceError, ValidationError
from app.states import live
from app.states.session import SessionState


@dataclasses.dataclass
class CardRow:
    id: str
    candidate_id: str
    name: str
    initials: str
    tags: list[str]
    flagged: bool
    stage_id: str
    in_stage: str


@dataclasses.dataclass
class ColumnRow:
    id: str
    name: str
    kind: str
    count: int
    cards: list[CardRow]


@dataclasses.dataclass
class StageOption:
    id: str
    name: str
    kind: str


def _in_stage(days: int) -> str:
    return "today" if days == 0 else ("1 day" if days == 1 else f"{days} days")


def build_columns(board: pipeline.Board, now: datetime) -> list[ColumnRow]:
    columns = []
    for stage in board.stages:
        cards = [
            CardRow(id=str(c.application_id), candidate_id=str(c.candidate_id), name=c.name,
                    initials=(c.first_name[:1] + c.last_name[:1]).upper(), tags=c.tags, flagged=c.flagged,
                    stage_id=str(stage.id), in_stage=_in_stage(c.days_in_stage(now)))
            for c in board.cards.get(stage.id, [])
        ]
        columns.append(ColumnRow(id=str(stage.id), name=stage.name, kind=stage.kind, count=len(cards),
                                 cards=cards))
    return columns


@live.live
class JobBoardState(SessionState):
    found: bool = True
    loaded: bool = False
    title: str = ""
    location: str = ""
    employment_type: str = ""
    status: str = ""
    board_job: str = ""  # the job shown (the route's job_id once it proved to be ours)
    columns: list[ColumnRow] = []
    stages: list[StageOption] = []
    highlight: str = ""
    move_open: bool = False
    move_application: str = ""
    move_candidate: str = ""
    move_from: str = ""
    reject_open: bool = False
    reject_application: str = ""
    reject_stage: str = ""
    reject_candidate: str = ""
    reject_stage_name: str = ""
    reject_error: str = ""

    @rx.event
    async def load(self):
        params = self.router.page.params
        self.highlight = str(params.get("application", ""))[:64]
        self.reject_open = self.move_open = False
        actor = self._actor()
        if actor is None:
            return self._to_login()
        self.board_job = str(params.get("job_id", ""))
        if not self._reload(actor):
            await live.follow(self)
            return
        await live.follow(self, live.record_topic("job", self.board_job))
        if self.highlight:
            return _focus(f"card-{self.highlight}")

    def _live_refresh(self):
        actor = self._actor()
        if actor is not None:
            self._reload(actor)

    def _reload(self, actor) -> bool:
        try:
            with session_scope() as session:
                board = pipeline.board(session, actor, self.board_job)
        except ServiceError:
            self.found, self.loaded, self.columns, self.title = False, True, [], ""
            return False
        job = board.job
        self.found, self.loaded = True, True
        self.title, self.location = job.title, job.location or ""
        self.employment_type, self.status = job.employment_type, job.status
        self.columns = build_columns(board, utcnow())
        self.stages = [StageOption(id=str(s.id), name=s.name, kind=s.kind) for s in board.stages]
        return True

    def _card(self, application_id: str) -> CardRow | None:
        return next((c for col in self.columns for c in col.cards if c.id == application_id), None)

    @rx.event
    def open_move(self, application_id: str):
        card = self._card(str(application_id))
        if card is None:
            return
        self.move_application, self.move_candidate, self.move_from = card.id, card.name, card.stage_id
        self.move_open = True

    @rx.event
    def set_move_open(self, value: bool):
        self.move_open = value

    @rx.event
    async def move(self, application_id: str, stage_id: str):
        """Drop or "Move to…": a move to a rejected stage first asks for the reason."""
        application_id, stage_id = str(application_id), str(stage_id)
        self.move_open = False
        stage = next((s for s in self.stages if s.id == stage_id), None)
        card = self._card(application_id)
        if card is not None and card.stage_id == stage_id:
            return
        if stage is not None and stage.kind == "rejected":
            return self._ask_reason(application_id, stage)
        return await self._move(application_id, stage_id, None)

    def _ask_reason(self, application_id: str, stage: StageOption):
        card = self._card(application_id)
        self.reject_application, self.reject_stage = application_id, stage.id
        self.reject_candidate = card.name if card else "the candidate"
        self.reject_stage_name, self.reject_error = stage.name, ""
        self.reject_open = True

    @rx.event
    async def confirm_reject(self, form: dict):
        return await self._move(self.reject_application, self.reject_stage, str(form.get("reason", ""))[:2000])

    @rx.event
    def set_reject_open(self, value: bool):
        self.reject_open = value

    async def _move(self, application_id: str, stage_id: str, reason: str | None):
        actor = self._actor()
        if actor is None:
            return self._to_login()
        try:
            with session_scope() as session:
                application = applications.move_stage(session, actor, application_id, stage_id, reason)
                candidate_id, job_id = application.candidate_id, application.job_id
        except ValidationError as exc:
            if "reason" in exc.errors:
                self.reject_error = exc.errors["reason"]
                stage = next((s for s in self.stages if s.id == stage_id), None)
                if stage is not None and not self.reject_open:
                    self._ask_reason(application_id, stage)
                return
            return rx.toast.error(exc.message)
        except ServiceError as exc:
            return rx.toast.error(exc.message)
        self.reject_open, self.reject_error = False, ""
        self._reload(actor)
        await live.publish(live.record_topic("job", job_id), live.record_topic("candidate", candidate_id),
                           live.agency_topic(actor.agency_id), origin=self)
        return _focus(f"card-{application_id}", scroll=False)


def _focus(element_id: str, scroll: bool = True):
    """Focus (and scroll to) an element once React has rendered it."""
    target = json.dumps(element_id)
    scroll_js = "el.scrollIntoView({block: 'center'});" if scroll else ""
    return rx.call_script(
        f"(() => {{ let n = 0; const go = () => {{ const el = document.getElementById({target});"
        f" if (el) {{ el.focus({{preventScroll: true}}); {scroll_js} }}"
        f" else if (n++ < 40) setTimeout(go, 50); }}; go(); }})()")

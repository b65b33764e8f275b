"""/admin/stages: admins shape the agency's pipeline."""

from __future__ import annotations

import dataclasses

import reflex as rx

from app.db import session_scope
from app.services import pipeline
from app.services.errors import ServiceError, ValidationError
from app.states import live
from app.states.session import SessionState


@dataclasses.dataclass
class StageRow:
    id: str
    name: str
    kind: str
    in_use: int
    first: bool
    last: bool
    portal_label: str = ""
    portal_next_step: str = ""


@live.live
class AdminStagesState(SessionState):
    rows: list[StageRow] = []
    add_errors: dict[str, str] = {}
    add_name: str = ""
    rename_errors: dict[str, str] = {}  # stage id -> message
    portal_errors: dict[str, str] = {}  # "<stage id>.<field>" -> message

    @rx.event
    async def load(self):
        actor, _ = self._admin()
        if actor is None:
            self.rows = []
            return
        self._reload(actor)
        await live.follow(self, live.agency_topic(actor.agency_id))

    def _live_refresh(self):
        actor, _ = self._admin()
        if actor is not None:
            self._reload(actor)

    def _reload(self, actor):
        with session_scope() as session:
            stages, used = pipeline.list_stages(session, actor), pipeline.usage(session, actor)
        self.rows = [StageRow(id=str(s.id), name=s.name, kind=s.kind, in_use=used.get(s.id, 0), first=i == 0,
                              last=i == len(stages) - 1, portal_label=s.portal_label or "",
                              portal_next_step=s.portal_next_step or "") for i, s in enumerate(stages)]

    async def _change(self, fn, *args, errors_to: str | None = None, stage_id: str = ""):
        actor, denied = self._admin()
        if actor is None:
            return denied
        try:
            with session_scope() as session:
                fn(session, actor, *args)
        except ValidationError as exc:
            if errors_to == "add":
                self.add_errors = exc.errors
                return
            if errors_to == "rename":
                self.rename_errors = {stage_id: exc.errors.get("name", exc.message)}
                return
            return rx.toast.error(exc.message)
        except ServiceError as exc:
            return rx.toast.error(exc.message)
        self._reload(actor)
        await live.publish(live.agency_topic(actor.agency_id), origin=self)
        return True

    @rx.event
    async def add(self, form: dict):
        name, kind = str(form.get("name", ""))[:300], str(form.get("kind", "active"))
        self.add_name = name
        result = await self._change(pipeline.add_stage, name, kind, errors_to="add")
        if result is True:
            self.add_errors, self.add_name = {}, ""
            return [rx.set_value("new-stage-name", ""), rx.toast.success(f"Stage “{name.strip()}” added.")]
        return result

    @rx.event
    async def rename(self, form: dict, stage_id: str = ""):
        stage_id = str(stage_id or form.get("stage_id", ""))[:64]
        name = str(form.get("name", ""))[:300]
        result = await self._change(pipeline.rename_stage, stage_id, name, errors_to="rename", stage_id=stage_id)
        if result is True:
            self.rename_errors = {}
            return
        return result

    @rx.event
    async def move(self, stage_id: str, direction: str):
        result = await self._change(pipeline.move_stage_position, str(stage_id), str(direction))
        if result is True:
            return rx.call_script(f"document.getElementById('stage-{direction}-{stage_id}')?.focus()")
        return result

    @rx.event
    async def set_kind(self, stage_id: str, kind: str):
        result = await self._change(pipeline.set_stage_kind, str(stage_id), str(kind))
        if result is not True:
            self.rows = list(self.rows)  # re-send the rows so the select shows the kind that was kept
            return result

    @rx.event
    async def remove(self, stage_id: str):
        result = await self._change(pipeline.remove_stage, str(stage_id))
        return None if result is True else result

    @rx.event
    async def save_portal_words(self, form: dict):
        """A stage's candidate-facing label and next-step text (portal); the form names the stage."""
        actor, denied = self._admin()
        if actor is None:
            return denied
        stage_id = str(form.get("stage_id", ""))[:64]
        try:
            with session_scope() as session:
                pipeline.set_portal_words(session, actor, stage_id, str(form.get("portal_label", ""))[:200],
                                          str(form.get("portal_next_step", ""))[:1000])
        except ValidationError as exc:
            self.portal_errors = {f"{stage_id}.{k}": v for k, v in exc.errors.items()}
            return
        except ServiceError as exc:
            return rx.toast.error(exc.message)
        self.portal_errors = {}
        self._reload(actor)
        await live.publish(live.agency_topic(actor.agency_id), origin=self)
        return rx.toast.success("Saved: candidates see these words in their portal.")

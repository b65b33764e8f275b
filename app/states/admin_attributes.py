"""/admin/attributes: admins define the agency's own candidate fields."""

from __future__ import annotations

import dataclasses

import reflex as rx

from app.db import session_scope
from app.services import custom_attributes
from app.services.errors import ServiceError, ValidationError
from app.states import live
from app.states.session import SessionState


@dataclasses.dataclass
class AttributeDef:
    id: str
    key: str
    label: str
    type: str
    choices: str
    searchable: bool


EMPTY_FORM = {"label": "", "type": "text", "choices": ""}


class AdminAttributesState(SessionState):
    rows: list[AttributeDef] = []
    form_open: bool = False
    form_errors: dict[str, str] = {}
    form_values: dict[str, str] = dict(EMPTY_FORM)
    row_errors: dict[str, str] = {}

    def _reload(self, session, actor):
        self.rows = [AttributeDef(str(a.id), a.key, a.label, a.type, ", ".join(a.choices), a.searchable)
                     for a in custom_attributes.list_attributes(session, actor)]

    @rx.event
    def load(self):
        actor, _ = self._admin()
        if actor is None:
            self.rows = []
            return
        with session_scope() as session:
            self._reload(session, actor)

    @rx.event
    def set_form_open(self, value: bool):
        self.form_open, self.form_errors = bool(value), {}

    @rx.event
    async def create(self, form: dict):
        actor, denied = self._admin()
        if actor is None:
            return denied
        values = {k: str(form.get(k, ""))[:2000] for k in ("label", "type", "choices")}
        self.form_values = values
        try:
            with session_scope() as session:
                attribute = custom_attributes.create_attribute(
                    session, actor, label=values["label"], type=values["type"], choices=values["choices"],
                    searchable=form.get("searchable") in ("on", True, "true"))
                self._reload(session, actor)
        except ValidationError as exc:
            self.form_errors = exc.errors
            return
        self.form_errors, self.form_values, self.form_open = {}, dict(EMPTY_FORM), False
        await live.publish(live.agency_topic(actor.agency_id), origin=self)
        return rx.toast.success(f"“{attribute.label}” added to every candidate profile.")

    async def _update(self, attribute_id: str, field: str, **changes):
        actor, denied = self._admin()
        if actor is None:
            return denied
        try:
            with session_scope() as session:
                custom_attributes.update_attribute(session, actor, str(attribute_id), **changes)
                self._reload(session, actor)
        except ValidationError as exc:
            self.row_errors = {**self.row_errors, f"{attribute_id}.{field}": next(iter(exc.errors.values()))}
            return
        except ServiceError as exc:
            return rx.toast.error(exc.message)
        self.row_errors = {k: v for k, v in self.row_errors.items() if k != f"{attribute_id}.{field}"}
        await live.publish(live.agency_topic(actor.agency_id), origin=self)
        return rx.toast.success("Saved.")

    @rx.event
    async def rename(self, attribute_id: str, label: str):
        if any(r.id == attribute_id and r.label == label for r in self.rows):
            return
        return await self._update(attribute_id, "label", label=str(label)[:300])

    @rx.event
    async def set_choices(self, attribute_id: str, choices: str):
        if any(r.id == attribute_id and r.choices == choices for r in self.rows):
            return
        return await self._update(attribute_id, "choices", choices=str(choices)[:2000])

    @rx.event
    async def set_searchable(self, attribute_id: str, value: bool):
        return await self._update(attribute_id, "searchable", searchable=bool(value))

    @rx.event
    async def remove(self, attribute_id: str):
        actor, denied = self._admin()
        if actor is None:
            return denied
        try:
            with session_scope() as session:
                custom_attributes.delete_attribute(session, actor, str(attribute_id))
                self._reload(session, actor)
        except ServiceError as exc:
            return rx.toast.error(exc.message)
        await live.publish(live.agency_topic(actor.agency_id), origin=self)
        return rx.toast.success("Attribute removed.")

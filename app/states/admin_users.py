"""/admin/users: admins create users, change roles, deactivate and reactivate them."""

from __future__ import annotations

import dataclasses

import reflex as rx

from app.db import session_scope
from app.services import users
from app.services.errors import ServiceError, ValidationError
from app.states import live
from app.states.session import SessionState


@dataclasses.dataclass
class UserRow:
    id: str
    name: str
    email: str
    role: str
    active: bool
    is_me: bool
    last_login: str


class AdminUsersState(SessionState):
    rows: list[UserRow] = []
    form_open: bool = False
    form_errors: dict[str, str] = {}
    form_values: dict[str, str] = {"name": "", "email": "", "role": "recruiter"}

    def _reload(self, session, actor):
        self.rows = [
            UserRow(id=str(u.id), name=u.name, email=u.email, role=u.role, active=u.is_active,
                    is_me=u.id == actor.user_id,
                    last_login=u.last_login_at.strftime("%d %b %Y %H:%M") if u.last_login_at else "never")
            for u in users.list_users(session, actor)
        ]

    @rx.event
    def load(self):
        actor, _ = self._admin()
        if actor is None:
            self.rows = []
            return
        with session_scope() as session:
            self._reload(session, actor)

    @rx.event
    def open_form(self):
        self.form_open = True
        self.form_errors = {}

    @rx.event
    def set_form_open(self, value: bool):
        self.form_open = value

    @rx.event
    async def create(self, form: dict):
        actor, denied = self._admin()
        if actor is None:
            return denied
        values = {k: str(form.get(k, ""))[:300] for k in ("name", "email", "role", "password")}
        self.form_values = {k: values[k] for k in ("name", "email", "role")}
        try:
            with session_scope() as session:
                user = users.create_user(session, actor, **values)
                self._reload(session, actor)
        except ValidationError as exc:
            self.form_errors = exc.errors
            return
        self.form_errors = {}
        self.form_values = {"name": "", "email": "", "role": "recruiter"}
        self.form_open = False
        await live.publish(live.agency_topic(actor.agency_id), origin=self)
        return rx.toast.success(f"{user.name} can now sign in.")

    async def _change(self, fn, user_id: str, *args):
        actor, denied = self._admin()
        if actor is None:
            return denied
        try:
            with session_scope() as session:
                fn(session, actor, str(user_id), *args)
                self._reload(session, actor)
        except ServiceError as exc:
            return rx.toast.error(exc.message)
        await live.publish(live.agency_topic(actor.agency_id), origin=self)

    @rx.event
    async def change_role(self, user_id: str, role: str):
        return await self._change(users.set_role, user_id, str(role))

    @rx.event
    async def deactivate(self, user_id: str):
        return await self._change(users.set_active, user_id, False)

    @rx.event
    async def reactivate(self, user_id: str):
        return await self._change(users.set_active, user_id, True)

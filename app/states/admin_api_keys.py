"""/admin/api-keys: admins create REST API keys (shown once), see when each was last used, and revoke them."""

from __future__ import annotations

import dataclasses

import reflex as rx

from app.db import session_scope
from app.services import api_keys
from app.services.errors import ServiceError, ValidationError
from app.states import live
from app.states.session import SessionState


@dataclasses.dataclass
class KeyRow:
    id: str
    name: str
    prefix: str
    scope: str
    created: str
    created_by: str
    last_used: str
    revoked: bool


def _when(dt) -> str:
    return dt.strftime("%d %b %Y %H:%M") if dt else "never"


@live.live
class AdminApiKeysState(SessionState):
    rows: list[KeyRow] = []
    form_open: bool = False
    form_errors: dict[str, str] = {}
    form_name: str = ""
    # The full key, shown once right after creation; cleared when its dialog closes (only the hash is kept).
    new_key: str = ""
    new_key_name: str = ""

    @rx.event
    async def load(self):
        self.new_key, self.new_key_name = "", ""
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
            keys = api_keys.list_keys(session, actor)
        self.rows = [KeyRow(id=str(k.id), name=k.name, prefix=k.prefix, scope=api_keys.SCOPES[k.scope],
                            created=_when(k.created_at), created_by=who, last_used=_when(k.last_used_at),
                            revoked=k.revoked_at is not None) for k, who in keys]

    @rx.event
    def set_form_open(self, value: bool):
        self.form_open = bool(value)
        if self.form_open:
            self.form_errors, self.form_name = {}, ""

    @rx.event
    async def create(self, form: dict):
        actor, denied = self._admin()
        if actor is None:
            return denied
        name, scope = str(form.get("name", ""))[:300], str(form.get("scope", ""))
        self.form_name = name
        try:
            with session_scope() as session:
                key, raw = api_keys.create_key(session, actor, name, scope)
        except ValidationError as exc:
            self.form_errors = exc.errors
            return
        self.form_errors, self.form_open = {}, False
        self.new_key, self.new_key_name = raw, key.name
        self._reload(actor)
        await live.publish(live.agency_topic(actor.agency_id), origin=self)

    @rx.event
    def close_new_key(self, open_: bool = False):
        if not open_:
            self.new_key, self.new_key_name = "", ""

    @rx.event
    def copy_new_key(self):
        return [rx.set_clipboard(self.new_key), rx.toast.success("Key copied.")] if self.new_key else None

    @rx.event
    async def revoke(self, key_id: str):
        actor, denied = self._admin()
        if actor is None:
            return denied
        try:
            with session_scope() as session:
                key = api_keys.revoke_key(session, actor, str(key_id))
        except ServiceError as exc:
            return rx.toast.error(exc.message)
        self._reload(actor)
        await live.publish(live.agency_topic(actor.agency_id), origin=self)
        return rx.toast.success(f"“{key.name}” is revoked: it no longer works.")

"""/admin/webhooks: admins register endpoints (secret shown once), pause, remove, test them, and watch the log."""

from __future__ import annotations

import dataclasses

import reflex as rx

from app.db import session_scope
from app.services import webhooks
from app.services.errors import ServiceError, ValidationError
from app.states import live
from app.states.session import SessionState

EVENT_FIELD = "event:"


@dataclasses.dataclass
class EndpointRow:
    id: str
    url: str
    description: str
    events: str
    active: bool
    created: str


@dataclasses.dataclass
class DeliveryRow:
    id: str
    when: str
    event: str
    url: str
    status: str
    attempts: int
    response_code: str
    error: str
    next_attempt: str


def _when(dt) -> str:
    return dt.strftime("%d %b %Y %H:%M:%S") if dt else ""


@live.live
class AdminWebhooksState(SessionState):
    endpoints: list[EndpointRow] = []
    deliveries: list[DeliveryRow] = []
    form_open: bool = False
    form_errors: dict[str, str] = {}
    form_url: str = ""
    # The signing secret, shown once right after registration; cleared when its dialog closes.
    new_secret: str = ""
    new_secret_url: str = ""

    @rx.event
    async def load(self):
        self.new_secret, self.new_secret_url = "", ""
        actor, _ = self._admin()
        if actor is None:
            self.endpoints, self.deliveries = [], []
            return
        self._reload(actor)
        await live.follow(self, live.agency_topic(actor.agency_id), live.record_topic("webhooks", actor.agency_id))

    def _live_refresh(self):
        actor, _ = self._admin()
        if actor is not None:
            self._reload(actor)

    def _reload(self, actor):
        with session_scope() as session:
            endpoints = webhooks.list_endpoints(session, actor)
            deliveries = webhooks.list_deliveries(session, actor)
        self.endpoints = [EndpointRow(id=str(e.id), url=e.url, description=e.description, events=", ".join(e.events),
                                      active=e.is_active, created=_when(e.created_at)) for e in endpoints]
        self.deliveries = [
            DeliveryRow(id=str(d.id), when=_when(d.created_at), event=d.event, url=url, status=d.status,
                        attempts=d.attempts, response_code=str(d.response_code or ""), error=d.error,
                        next_attempt=_when(d.next_attempt_at) if d.status == "pending" else "")
            for d, url in deliveries]

    @rx.event
    def set_form_open(self, value: bool):
        self.form_open = bool(value)
        if self.form_open:
            self.form_errors, self.form_url = {}, ""

    @rx.event
    async def create(self, form: dict):
        actor, denied = self._admin()
        if actor is None:
            return denied
        url = str(form.get("url", ""))[:2100]
        events = [str(k)[len(EVENT_FIELD):] for k, v in form.items() if str(k).startswith(EVENT_FIELD) and v]
        self.form_url = url
        try:
            with session_scope() as session:
                endpoint, secret = webhooks.create_endpoint(session, actor, url, events,
                                                            str(form.get("description", ""))[:300])
        except ValidationError as exc:
            self.form_errors = exc.errors
            return
        self.form_errors, self.form_open = {}, False
        self.new_secret, self.new_secret_url = secret, endpoint.url
        self._reload(actor)
        await live.publish(live.agency_topic(actor.agency_id), origin=self)

    @rx.event
    def close_new_secret(self, open_: bool = False):
        if not open_:
            self.new_secret, self.new_secret_url = "", ""

    @rx.event
    def copy_new_secret(self):
        return [rx.set_clipboard(self.new_secret), rx.toast.success("Secret copied.")] if self.new_secret else None

    async def _change(self, fn, *args, success: str = ""):
        actor, denied = self._admin()
        if actor is None:
            return denied
        try:
            with session_scope() as session:
                fn(session, actor, *args)
        except ServiceError as exc:
            return rx.toast.error(exc.message)
        self._reload(actor)
        await live.publish(live.record_topic("webhooks", actor.agency_id), origin=self)
        return rx.toast.success(success) if success else None

    @rx.event
    async def set_active(self, endpoint_id: str, active: bool):
        return await self._change(webhooks.set_active, str(endpoint_id), bool(active),
                                  success="Webhook resumed." if active else "Webhook paused: events wait for it.")

    @rx.event
    async def remove(self, endpoint_id: str):
        return await self._change(webhooks.delete_endpoint, str(endpoint_id), success="Webhook removed.")

    @rx.event
    async def send_test(self, endpoint_id: str):
        return await self._change(webhooks.send_test, str(endpoint_id),
                                  success="Test event queued: it is sent within a few seconds.")

    @rx.event
    async def redeliver(self, delivery_id: str):
        return await self._change(webhooks.redeliver, str(delivery_id), success="Delivery queued again.")

    @rx.event
    def refresh(self):
        actor, denied = self._admin()
        if actor is None:
            return denied
        self._reload(actor)

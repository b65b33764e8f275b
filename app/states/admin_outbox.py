"""/admin/outbox: the agency's emails as the sender sees them, each readable with working links.

The list stays current while the page is open: it follows `outbox:<agency>` (for whoever publishes it) and
re-reads its page every few seconds, because the sender runs in the background and publishes nothing.
"""

from __future__ import annotations

import asyncio
import dataclasses
import uuid

import reflex as rx

from app.db import session_scope
from app.services import email, email_templates
from app.services.errors import ServiceError
from app.states import live
from app.states.linked_text import Segment, segments
from app.states.session import SessionState

POLL_SECONDS = 4
POLL_FOR_SECONDS = 3600  # a page left open stops polling after an hour (Refresh starts it again)
PATH = "/admin/outbox"


def outbox_topic(agency_id) -> str:
    return f"outbox:{agency_id}"


def _when(value) -> str:
    return f"{value:%d %b %Y %H:%M}" if value else ""


def _purpose(key: str) -> str:
    spec = email_templates.PURPOSES.get(key)
    return spec.label if spec else key.replace("_", " ").capitalize()


@dataclasses.dataclass
class OutboxItem:
    id: str
    to_name: str
    to_email: str
    subject: str
    purpose: str
    status: str
    last_error: str
    created: str
    sent: str


@live.live
class AdminOutboxState(SessionState):
    rows: list[OutboxItem] = []
    status: str = ""
    page: int = 1
    total: int = 0
    per_page: int = email.OUTBOX_PAGE_SIZE
    backend: str = "outbox"
    loaded: bool = False
    # The message shown in the dialog.
    open_id: str = ""
    m_to: str = ""
    m_from: str = ""
    m_subject: str = ""
    m_status: str = ""
    m_error: str = ""
    m_purpose: str = ""
    m_created: str = ""
    m_sent: str = ""
    m_attempts: int = 0
    m_body: list[Segment] = []
    _poll_id: str = ""

    @rx.var
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @rx.var
    def range_label(self) -> str:
        if not self.total:
            return ""
        first = (self.page - 1) * self.per_page + 1
        return f"{first}–{min(self.total, first + len(self.rows) - 1)} of {self.total}"

    def _reload(self, actor) -> None:
        with session_scope() as session:
            rows, total = email.list_outbox(session, actor, self.status, self.page, self.per_page)
            if not rows and self.page > 1:  # the page emptied (a filter, fewer messages): show the last one
                self.page = max(1, -(-total // self.per_page))
                rows, total = email.list_outbox(session, actor, self.status, self.page, self.per_page)
        items = [OutboxItem(r.id, r.to_name, r.to_email, r.subject,
                            _purpose(r.purpose), r.status, r.last_error, _when(r.created_at), _when(r.sent_at))
                 for r in rows]
        if items != self.rows:  # polling sends nothing when nothing changed
            self.rows = items
        if total != self.total:
            self.total = total
        shown = next((i for i in items if i.id == self.open_id), None)
        if shown is not None and (shown.status, shown.last_error, shown.sent) != (self.m_status, self.m_error,
                                                                                 self.m_sent):
            self.m_status, self.m_error, self.m_sent = shown.status, shown.last_error, shown.sent
        self.loaded = True

    def _live_refresh(self):
        actor, _ = self._admin()
        if actor is not None:
            self._reload(actor)

    @rx.event
    async def load(self):
        actor, _ = self._admin()
        if actor is None:
            self.rows, self.total, self.open_id = [], 0, ""
            return
        self.backend = email.delivery_backend_name()
        self._reload(actor)
        await live.follow(self, outbox_topic(actor.agency_id))
        return AdminOutboxState.poll

    @rx.event(background=True)
    async def poll(self):
        """Re-read the page every few seconds while this tab shows it; a newer poll replaces this one."""
        mine = uuid.uuid4().hex
        async with self:
            self._poll_id = mine
        for _ in range(POLL_FOR_SECONDS // POLL_SECONDS):
            await asyncio.sleep(POLL_SECONDS)
            if not await live.connected(self):
                return
            async with self:
                if self._poll_id != mine or self.router.url.path.rstrip("/") != PATH:
                    return
                actor, _ = self._admin()
                if actor is None:
                    return
                self._reload(actor)

    @rx.event
    def refresh(self):
        actor, denied = self._admin()
        if actor is None:
            return denied
        self._reload(actor)
        return AdminOutboxState.poll

    @rx.event
    def set_status(self, status: str):
        actor, denied = self._admin()
        if actor is None:
            return denied
        self.status = status if status in email.STATUSES else ""
        self.page = 1
        self._reload(actor)

    @rx.event
    def go_to_page(self, page: int):
        actor, denied = self._admin()
        if actor is None:
            return denied
        try:
            self.page = min(max(1, int(page)), self.pages)
        except (TypeError, ValueError):
            return
        self._reload(actor)

    @rx.event
    def open_message(self, message_id: str):
        actor, denied = self._admin()
        if actor is None:
            return denied
        try:
            with session_scope() as session:
                m = email.get_message(session, actor, str(message_id))
        except ServiceError as exc:
            return rx.toast.error(exc.message)
        self.open_id = str(m.id)
        self.m_to = f"{m.to_name} <{m.to_email}>" if m.to_name else m.to_email
        self.m_from, self.m_subject, self.m_status, self.m_error = m.from_email, m.subject, m.status, m.last_error
        self.m_purpose, self.m_attempts = _purpose(m.purpose), m.attempts
        self.m_created, self.m_sent = _when(m.created_at), _when(m.sent_at)
        self.m_body = segments(m.body_text)

    @rx.event
    def set_open(self, value: bool):
        if not value:
            self.open_id, self.m_body = "", []

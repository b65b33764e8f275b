"""The bell in the workspace header: the signed-in user's unread notifications, updated live."""

from __future__ import annotations

import dataclasses

import reflex as rx

from app.db import session_scope
from app.services import notifications
from app.services.errors import ServiceError
from app.states import live
from app.states.session import SessionState


@dataclasses.dataclass
class NotificationRow:
    id: str
    title: str
    link: str
    when: str


@live.live
class NotificationsState(SessionState):
    unread: int = 0
    items: list[NotificationRow] = []

    @rx.event
    async def load(self):
        actor = self._reload()
        if actor is not None:
            await live.follow(self, live.record_topic("user", actor.user_id))

    def _live_refresh(self):
        self._reload()

    def _reload(self):
        actor = self._actor()
        if actor is None:
            self.unread, self.items = 0, []
            return None
        with session_scope() as session:
            self.unread = notifications.unread_count(session, actor)
            self.items = [NotificationRow(str(n.id), n.title, n.link if n.link.startswith("/") else "/",
                                          n.created_at.strftime("%d %b %H:%M"))
                          for n in notifications.list_unread(session, actor)]
        return actor

    @rx.event
    def open(self, notification_id: str):
        actor = self._actor()
        if actor is None:
            return self._to_login()
        try:
            with session_scope() as session:
                link = notifications.mark_read(session, actor, str(notification_id)).link
        except ServiceError as exc:
            return rx.toast.error(exc.message)
        self._reload()
        return rx.redirect(link if link.startswith("/") else "/")

    @rx.event
    def mark_all_read(self):
        actor = self._actor()
        if actor is None:
            return self._to_login()
        with session_scope() as session:
            notifications.mark_all_read(session, actor)
        self._reload()

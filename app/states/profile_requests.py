"""Profile-update requests as recruiters see them: on a candidate's profile, and the agency-wide list."""

from __future__ import annotations

import dataclasses
from datetime import datetime

import reflex as rx

from app.db import session_scope
from app.services import profile_requests
from app.services.errors import ServiceError, ValidationError
from app.states import live
from app.states.session import SessionState

STATUS_LABELS = {"queued": "Queued", "sent": "Sent", "failed": "Failed", "opened": "Opened",
                 "submitted": "Submitted", "expired": "Expired", "cancelled": "Cancelled"}
PER_PAGE = 50


@dataclasses.dataclass
class RequestView:
    id: str
    candidate_id: str
    candidate_name: str
    email: str
    status: str
    status_label: str
    detail: str
    requested: str
    can_cancel: bool
    can_resend: bool


def _day(dt: datetime | None) -> str:
    return dt.strftime("%d %b %Y %H:%M") if dt else ""


def _detail(row: profile_requests.RequestRow) -> str:
    parts = {"failed": f"Failed: {row.failure_reason}" if row.failure_reason else "Failed",
             "sent": f"Sent {_day(row.sent_at)}", "opened": f"Opened {_day(row.opened_at)}",
             "submitted": f"Submitted {_day(row.submitted_at)}", "queued": "Waiting for the mail service",
             "expired": f"Expired {_day(row.expires_at)}",
             "cancelled": row.failure_reason or "Cancelled"}
    text = parts.get(row.status, "")
    if row.status in ("sent", "opened", "queued"):
        text += f" · link valid until {row.expires_at:%d %b %Y}"
    if row.reminder_sent_at:
        text += f" · reminder sent {_day(row.reminder_sent_at)}"
    if row.renewal_requested_at and row.status != "submitted":
        text += f" · asked for a new link {_day(row.renewal_requested_at)}"
    return text


def _view(row: profile_requests.RequestRow) -> RequestView:
    return RequestView(row.id, row.candidate_id, row.candidate_name, row.email, row.status,
                       STATUS_LABELS.get(row.status, row.status), _detail(row),
                       f"{_day(row.created_at)} by {row.requested_by or 'Candor'}"
                       + (f" · sent {row.send_count}×" if row.send_count > 1 else ""),
                       row.can_cancel, row.can_resend)


class _RequestActions(rx.State, mixin=True):
    """Resend and cancel, shared by the profile panel and the list; both re-check everything server-side.

    A mixin, so each page's state gets its own copy of the handlers and of `cancel_id`."""

    cancel_id: str = ""

    def _reload(self):
        raise NotImplementedError

    async def _act(self, fn, request_id: str, success: str):
        actor = self._actor()
        if actor is None:
            return self._to_login()
        try:
            with session_scope() as session:
                request = fn(session, actor, str(request_id))
                candidate_id = request.candidate_id
        except ValidationError as exc:
            return rx.toast.error(next(iter(exc.errors.values())))
        except ServiceError as exc:
            return rx.toast.error(exc.message)
        self.cancel_id = ""
        self._reload()
        await live.publish(live.requests_topic(actor.agency_id), live.record_topic("candidate", candidate_id),
                           origin=self)
        return rx.toast.success(success)

    @rx.event
    async def resend(self, request_id: str):
        return await self._act(profile_requests.resend, request_id, "Sent again with a fresh link.")

    @rx.event
    def ask_cancel(self, request_id: str):
        self.cancel_id = str(request_id)[:40]

    @rx.event
    def set_cancel_open(self, is_open: bool):
        if not is_open:
            self.cancel_id = ""

    @rx.event
    async def confirm_cancel(self):
        return await self._act(profile_requests.cancel, self.cancel_id, "Request cancelled: its link no longer works.")


@live.live
class CandidateRequestsState(_RequestActions, SessionState):
    """The "Request updated profile" button and the requests of the candidate whose profile is open."""

    cid: str = ""
    rows: list[RequestView] = []
    can_request: bool = False

    @rx.event
    async def load(self):
        self.cid = str(self.router.page.params.get("candidate_id", ""))
        self.cancel_id = ""
        actor = self._reload()
        if actor is not None:
            await live.follow(self, live.record_topic("candidate", self.cid), live.requests_topic(actor.agency_id))

    def _live_refresh(self):
        self._reload()

    def _reload(self):
        actor = self._actor()
        if actor is None:
            return None
        try:
            with session_scope() as session:
                self.rows = [_view(r) for r in profile_requests.list_for_candidate(session, actor, self.cid)]
            self.can_request = actor.can_write
        except ServiceError:
            self.rows, self.can_request = [], False
        return actor

    @rx.event
    async def request_update(self):
        actor = self._actor()
        if actor is None:
            return self._to_login()
        try:
            with session_scope() as session:
                profile_requests.request_update(session, actor, self.cid)
        except ValidationError as exc:
            return rx.toast.error(next(iter(exc.errors.values())))
        except ServiceError as exc:
            return rx.toast.error(exc.message)
        self._reload()
        await live.publish(live.requests_topic(actor.agency_id), live.record_topic("candidate", self.cid), origin=self)
        to = self.rows[0].email if self.rows else "the candidate"
        return rx.toast.success(f"Profile update request queued for {to}.")

    @rx.var
    def pending(self) -> str:
        """The status line under the candidate's name ("" when no request is waiting)."""
        for row in self.rows:
            if row.status in ("queued", "sent", "opened"):
                return f"Profile update {row.status_label.lower()}"
        return ""


@live.live
class RequestListState(_RequestActions, SessionState):
    """/profile-updates: every request of the agency, by status."""

    status: str = ""
    page: int = 1
    total: int = 0
    rows: list[RequestView] = []
    counts: dict[str, int] = {}
    loaded: bool = False

    @rx.event
    async def load(self):
        status = self.router.url.query_parameters.get("status", "")
        self.status = status if status in STATUS_LABELS else ""
        self.page, self.cancel_id = 1, ""
        actor = self._reload()
        if actor is not None:
            await live.follow(self, live.requests_topic(actor.agency_id))

    def _live_refresh(self):
        self._reload()

    def _reload(self):
        actor = self._actor()
        if actor is None:
            return None
        with session_scope() as session:
            rows, self.total = profile_requests.list_requests(session, actor, self.status, self.page, PER_PAGE)
            self.counts = profile_requests.status_counts(session, actor)
        self.rows = [_view(r) for r in rows]
        self.loaded = True
        return actor

    @rx.event
    def set_status(self, status: str):
        self.status = status if status in STATUS_LABELS else ""
        self.page = 1
        self._reload()

    @rx.event
    def go_page(self, page: int):
        try:
            self.page = max(1, min(int(page), self.pages))
        except (TypeError, ValueError):
            return
        self._reload()

    @rx.var
    def pages(self) -> int:
        return max(1, -(-self.total // PER_PAGE))

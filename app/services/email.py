"""Email: a transactional outbox and one sender with two backends.

`enqueue` writes the message in the caller's transaction, so an email exists exactly when what caused it
was committed. `deliver_due` sends what is due through the backend: the local outbox (default, shown to
admins in the app) or Resend (RESEND_API_KEY). Temporary failures (rate limit, 5xx, network) are retried
with exponential backoff under the message's own idempotency key, so an unknown outcome is never sent
twice; permanent ones (other 4xx) fail with the provider's reason.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Callable, Protocol

import resend
from sqlalchemy import func, update
from sqlmodel import Session, select

from app.models import MessageStatus, OutboxMessage
from app.models.base import utcnow
from app.services.actor import Actor
from app.services.errors import NotFound, ValidationError
from app.settings import get_settings

BATCH_SIZE = 100  # Resend's batch limit
MAX_ATTEMPTS = 8
BACKOFF_BASE = timedelta(seconds=30)
CLAIM_LEASE = timedelta(minutes=5)
DEFAULT_FROM = "Candor <no-reply@candor.invalid>"


class TemporaryFailure(Exception):
    """Worth retrying later with the same idempotency key."""


class PermanentFailure(Exception):
    """Retrying cannot help (invalid address, rejected content, ...)."""


@dataclass
class Delivery:
    message_id: uuid.UUID
    provider_id: str | None = None
    error: Exception | None = None


class Backend(Protocol):
    name: str

    def send(self, messages: list[OutboxMessage]) -> list[Delivery]: ...


class LocalOutbox:
    """Keeps messages in the database only: the app shows them at /admin/outbox with working links."""

    name = "outbox"

    def send(self, messages: list[OutboxMessage]) -> list[Delivery]:
        return [Delivery(m.id, provider_id=f"local-{m.id}") for m in messages]


class ResendBackend:
    """The real `resend` SDK; `RESEND_API_URL` (read by the SDK) points it at a fake server in tests.

    Messages claimed together share a batch_id and go out in one call to the batch endpoint (up to 100)
    under the batch's idempotency key; a lone message uses the single endpoint and its own key.
    """

    name = "resend"

    def __init__(self, api_key: str):
        self.api_key = api_key

    def send(self, messages: list[OutboxMessage]) -> list[Delivery]:
        resend.api_key = self.api_key
        groups: dict[uuid.UUID | None, list[OutboxMessage]] = {}
        for message in messages:
            groups.setdefault(message.batch_id, []).append(message)
        results: list[Delivery] = []
        for batch_id, group in groups.items():
            if batch_id is None or len(group) == 1:
                results += [self._send_one(m) for m in group]
            else:
                results += self._send_batch(batch_id, group)
        return results

    @staticmethod
    def _params(message: OutboxMessage) -> dict:
        return {"from": message.from_email, "to": [message.to_email], "subject": message.subject,
                "text": message.body_text}

    def _send_one(self, message: OutboxMessage) -> Delivery:
        try:
            response = resend.Emails.send(self._params(message), {"idempotency_key": message.idempotency_key})
        except resend.exceptions.ResendError as exc:
            return Delivery(message.id, error=_classify(exc))
        except Exception as exc:  # network: the outcome is unknown, so retry with the same key
            return Delivery(message.id, error=TemporaryFailure(f"network: {exc}"))
        return Delivery(message.id, provider_id=str(response.get("id", "")))

    def _send_batch(self, batch_id: uuid.UUID, group: list[OutboxMessage]) -> list[Delivery]:
        try:
            response = resend.Batch.send([self._params(m) for m in group],
                                         {"idempotency_key": f"batch-{batch_id.hex}", "batch_validation": "permissive"})
        except resend.exceptions.ResendError as exc:
            error = _classify(exc)
            return [Delivery(m.id, error=error) for m in group]
        except Exception as exc:
            return [Delivery(m.id, error=TemporaryFailure(f"network: {exc}")) for m in group]
        refused = {int(e.get("index", -1)): str(e.get("message", "refused")) for e in response.get("errors") or []}
        accepted = iter(response.get("data") or [])
        results = []
        for index, message in enumerate(group):
            if index in refused:
                results.append(Delivery(message.id, error=PermanentFailure(f"422: {refused[index]}"[:480])))
            else:
                results.append(Delivery(message.id, provider_id=str(next(accepted, {}).get("id", ""))))
        return results


def _classify(exc: resend.exceptions.ResendError) -> Exception:
    try:
        code = int(exc.code)
    except (TypeError, ValueError):
        code = 500
    text = f"{code}: {getattr(exc, 'message', exc)}"[:480]
    return TemporaryFailure(text) if code == 429 or code >= 500 else PermanentFailure(text)


def default_backend() -> Backend:
    key = get_settings().resend_api_key
    return ResendBackend(key) if key else LocalOutbox()


def enqueue(session: Session, *, agency_id: uuid.UUID, to_email: str, subject: str, body_text: str,
            purpose: str, to_name: str = "", from_email: str = DEFAULT_FROM, subject_type: str | None = None,
            subject_id: uuid.UUID | None = None, candidate_id: uuid.UUID | None = None) -> OutboxMessage:
    """Add one email to the outbox in the caller's transaction (one recipient per message, always)."""
    message = OutboxMessage(agency_id=agency_id, to_email=to_email, to_name=to_name, from_email=from_email,
                            subject=subject, body_text=body_text, purpose=purpose, subject_type=subject_type,
                            subject_id=subject_id, candidate_id=candidate_id, idempotency_key=uuid.uuid4().hex)
    session.add(message)
    return message


def backoff(attempts: int) -> timedelta:
    return BACKOFF_BASE * (2 ** max(attempts - 1, 0))


_OUTCOME_HOOKS: dict[str, Callable[[Session, OutboxMessage], None]] = {}


def on_outcome(subject_type: str):
    """Decorator: `fn(session, message)` runs in the sender's transaction once a message about a
    `subject_type` record is sent or has failed for good (a request's status follows its email)."""
    def register(fn):
        _OUTCOME_HOOKS[subject_type] = fn
        return fn
    return register


def _claim(session: Session, now, limit: int) -> list[OutboxMessage]:
    """Take up to `limit` due messages for this sender, so that no other sender (worker) takes them too.

    The claim pushes next_attempt_at past CLAIM_LEASE: if this process dies mid-send, the messages come
    due again later and go out under the same idempotency keys. A retried batch is claimed whole.
    """
    due = session.exec(select(OutboxMessage.id, OutboxMessage.batch_id).where(
        OutboxMessage.status == MessageStatus.QUEUED.value, OutboxMessage.next_attempt_at <= now)
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id).limit(limit)).all()
    if not due:
        return []
    batches = {b for _, b in due if b is not None}
    ids = {i for i, b in due if b is None}
    if batches:
        ids |= set(session.exec(select(OutboxMessage.id).where(OutboxMessage.batch_id.in_(batches),
                                                               OutboxMessage.status == MessageStatus.QUEUED.value)))
    claim = uuid.uuid4().hex
    session.execute(update(OutboxMessage).where(
        OutboxMessage.id.in_(ids), OutboxMessage.status == MessageStatus.QUEUED.value,
        OutboxMessage.next_attempt_at <= now).values(claim_id=claim, next_attempt_at=now + CLAIM_LEASE)
        .execution_options(synchronize_session=False))
    mine = list(session.exec(select(OutboxMessage).where(OutboxMessage.claim_id == claim)
                             .order_by(OutboxMessage.created_at, OutboxMessage.id)))
    fresh = [m for m in mine if m.batch_id is None]
    for start in range(0, len(fresh), BATCH_SIZE):
        batch_id = uuid.uuid4()
        for message in fresh[start:start + BATCH_SIZE]:
            message.batch_id = batch_id
            session.add(message)
    session.commit()  # the claim and the batch membership hold before anything leaves
    return mine


def deliver_due(session: Session, backend: Backend | None = None, limit: int = BATCH_SIZE,
                touched: set | None = None) -> dict[str, int]:
    """Send up to `limit` due messages and record each outcome; returns counts by outcome.

    `touched`, when given, collects the agency ids whose messages changed (to refresh their screens)."""
    backend = backend or default_backend()
    now = utcnow()
    due = _claim(session, now, limit)
    counts = {"sent": 0, "retry": 0, "failed": 0}
    by_id = {m.id: m for m in due}
    for delivery in backend.send(due) if due else []:
        message = by_id[delivery.message_id]
        message.attempts += 1
        message.claim_id = None
        if delivery.error is None:
            message.status, message.sent_at, message.provider_id = MessageStatus.SENT.value, now, delivery.provider_id
            message.last_error = ""
            counts["sent"] += 1
        elif isinstance(delivery.error, TemporaryFailure) and message.attempts < MAX_ATTEMPTS:
            message.next_attempt_at = now + backoff(message.attempts)
            message.last_error = str(delivery.error)[:500]
            counts["retry"] += 1
        else:
            message.status, message.last_error = MessageStatus.FAILED.value, str(delivery.error)[:500]
            counts["failed"] += 1
        session.add(message)
        if touched is not None:
            touched.add(message.agency_id)
        hook = _OUTCOME_HOOKS.get(message.subject_type or "")
        if hook is not None and message.status != MessageStatus.QUEUED.value:
            hook(session, message)
    session.commit()
    return counts


# --- the admins' view of the outbox (/admin/outbox) -----------------------------------------------------

STATUSES = [s.value for s in MessageStatus]
OUTBOX_PAGE_SIZE = 25
_URL = re.compile(r"https?://[^\s<>\"']+")


@dataclass
class OutboxRow:
    id: str
    to_email: str
    to_name: str
    subject: str
    purpose: str
    status: str
    last_error: str
    attempts: int
    created_at: datetime
    sent_at: datetime | None


def delivery_backend_name() -> str:
    """"resend" when RESEND_API_KEY is set, else "outbox" (messages stay in this database)."""
    return default_backend().name


def list_outbox(session: Session, actor: Actor, status: str = "", page: int = 1,
                per_page: int = OUTBOX_PAGE_SIZE) -> tuple[list[OutboxRow], int]:
    """The agency's messages, newest first, optionally of one status: (one page of rows, total)."""
    actor.require_admin()
    where = [OutboxMessage.agency_id == actor.agency_id]
    if status:
        if status not in STATUSES:
            raise ValidationError({"status": "Choose queued, sent or failed."})
        where.append(OutboxMessage.status == status)
    total = session.exec(select(func.count()).select_from(OutboxMessage).where(*where)).one()
    page = max(1, int(page))
    stmt = (select(OutboxMessage.id, OutboxMessage.to_email, OutboxMessage.to_name, OutboxMessage.subject,
                   OutboxMessage.purpose, OutboxMessage.status, OutboxMessage.last_error, OutboxMessage.attempts,
                   OutboxMessage.created_at, OutboxMessage.sent_at).where(*where)
            .order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc())
            .offset((page - 1) * per_page).limit(per_page))
    return [OutboxRow(str(r[0]), *r[1:]) for r in session.exec(stmt).all()], total


def get_message(session: Session, actor: Actor, message_id) -> OutboxMessage:
    """One message of the actor's agency (another agency's is "not found"), with its full text."""
    actor.require_admin()
    try:
        key = message_id if isinstance(message_id, uuid.UUID) else uuid.UUID(str(message_id))
    except ValueError:
        raise NotFound("Message") from None
    message = session.get(OutboxMessage, key)
    if message is None or message.agency_id != actor.agency_id:
        raise NotFound("Message")
    return message


def link_segments(text: str) -> list[tuple[str, str]]:
    """The text cut into (piece, href) parts; href is the piece itself for http(s) links, else ""."""
    parts: list[tuple[str, str]] = []
    position = 0
    for match in _URL.finditer(text or ""):
        url = match.group(0).rstrip(".,;:!?)]}")
        start, end = match.start(), match.start() + len(url)
        if start > position:
            parts.append((text[position:start], ""))
        parts.append((url, url))
        position = end
    if position < len(text or ""):
        parts.append((text[position:], ""))
    return parts

"""Email: a transactional outbox and one sender with two backends.

`enqueue` writes the message in the caller's transaction, so an email exists exactly when what caused it
was committed. `deliver_due` sends what is due through the backend: the local outbox (default, shown to
admins in the app) or Resend (RESEND_API_KEY). Temporary failures (rate limit, 5xx, network) are retried
with exponential backoff under the message's own idempotency key, so an unknown outcome is never sent
twice; permanent ones (other 4xx) fail with the provider's reason.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Protocol

import resend
from sqlmodel import Session, select

from app.models import MessageStatus, OutboxMessage
from app.models.base import utcnow
from app.settings import get_settings

BATCH_SIZE = 100  # Resend's batch limit
MAX_ATTEMPTS = 8
BACKOFF_BASE = timedelta(seconds=30)
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
    """The real `resend` SDK; `RESEND_API_URL` (read by the SDK) points it at a fake server in tests."""

    name = "resend"

    def __init__(self, api_key: str):
        self.api_key = api_key

    def send(self, messages: list[OutboxMessage]) -> list[Delivery]:
        resend.api_key = self.api_key
        return [self._send_one(m) for m in messages]

    def _send_one(self, message: OutboxMessage) -> Delivery:
        params = {"from": message.from_email, "to": [message.to_email], "subject": message.subject,
                  "text": message.body_text}
        try:
            response = resend.Emails.send(params, {"idempotency_key": message.idempotency_key})
        except resend.exceptions.ResendError as exc:
            return Delivery(message.id, error=_classify(exc))
        except Exception as exc:  # network: the outcome is unknown, so retry with the same key
            return Delivery(message.id, error=TemporaryFailure(f"network: {exc}"))
        return Delivery(message.id, provider_id=str(response.get("id", "")))


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
            subject_id: uuid.UUID | None = None) -> OutboxMessage:
    """Add one email to the outbox in the caller's transaction (one recipient per message, always)."""
    message = OutboxMessage(agency_id=agency_id, to_email=to_email, to_name=to_name, from_email=from_email,
                            subject=subject, body_text=body_text, purpose=purpose, subject_type=subject_type,
                            subject_id=subject_id, idempotency_key=uuid.uuid4().hex)
    session.add(message)
    return message


def backoff(attempts: int) -> timedelta:
    return BACKOFF_BASE * (2 ** max(attempts - 1, 0))


def deliver_due(session: Session, backend: Backend | None = None, limit: int = BATCH_SIZE) -> dict[str, int]:
    """Send up to `limit` due messages and record each outcome; returns counts by outcome."""
    backend = backend or default_backend()
    now = utcnow()
    due = list(session.exec(
        select(OutboxMessage).where(OutboxMessage.status == MessageStatus.QUEUED.value,
                                    OutboxMessage.next_attempt_at <= now)
        .order_by(OutboxMessage.next_attempt_at).limit(limit)))
    counts = {"sent": 0, "retry": 0, "failed": 0}
    by_id = {m.id: m for m in due}
    for delivery in backend.send(due) if due else []:
        message = by_id[delivery.message_id]
        message.attempts += 1
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
    session.commit()
    return counts

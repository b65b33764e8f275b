"""Webhooks: agencies register endpoints; events are written as deliveries in the caller's transaction and sent
later, signed, with retries.

`emit` adds one delivery per subscribed endpoint in the transaction that caused the event, so an event exists
exactly when its change was committed. `deliver_due` (run every few seconds by the app's background loop)
claims due deliveries with a lease, POSTs them and records the outcome: a 2xx delivers, anything else
(error status, timeout, refused connection) is retried with exponential backoff up to MAX_ATTEMPTS, after
which the delivery is `failed` and an admin can send it again. Nothing is dropped while a receiver is down.

Each request carries `Candor-Timestamp` (unix seconds) and `Candor-Signature: v1=<hex>`, the HMAC-SHA256 of
"<timestamp>.<body>" keyed with the endpoint's secret; `verify` is the receiver's side of that.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
import logging
import secrets
import socket
import time
import uuid
from collections.abc import Iterable
from datetime import datetime, timedelta
from urllib.parse import urlsplit

import httpx
from sqlalchemy import update
from sqlmodel import Session, select

from app.models import Candidate, DeliveryStatus, WebhookDelivery, WebhookEndpoint
from app.models.base import utcnow
from app.services import activity
from app.services import public_views as views
from app.services.actor import Actor
from app.services.errors import NotFound, ValidationError
from app.settings import get_settings

log = logging.getLogger(__name__)

CANDIDATE_CREATED = "candidate.created"
CANDIDATE_UPDATED = "candidate.updated"
APPLICATION_STAGE_CHANGED = "application.stage_changed"
PROFILE_UPDATE_SUBMITTED = "profile_update.submitted"
TIMESHEET_SUBMITTED = "timesheet.submitted"
TEST_EVENT = "webhook.test"
EVENTS = {
    CANDIDATE_CREATED: "A candidate was added (in the app or through the API).",
    CANDIDATE_UPDATED: "A candidate's fields or job assignments changed; `changes` names the fields.",
    APPLICATION_STAGE_CHANGED: "An application moved to another pipeline stage.",
    PROFILE_UPDATE_SUBMITTED: "A candidate submitted an updated profile through the portal.",
    TIMESHEET_SUBMITTED: "A temp worker submitted a timesheet.",
}

SIGNATURE_HEADER = "Candor-Signature"
TIMESTAMP_HEADER = "Candor-Timestamp"
EVENT_HEADER = "Candor-Event"
DELIVERY_HEADER = "Candor-Delivery"
SIGNATURE_TOLERANCE = 300  # seconds a receiver should accept between our timestamp and its clock

# 20 attempts: 30 s, 1 min, 2 min, ... doubling up to 6 h between tries, about 2.6 days from the first to the last,
# so a receiver that is down over a weekend still gets everything.
MAX_ATTEMPTS = 20
BACKOFF_BASE = timedelta(seconds=30)
BACKOFF_MAX = timedelta(hours=6)
LEASE = timedelta(seconds=60)  # a claimed delivery is left alone this long by other workers
TIMEOUT = 10.0
BATCH_SIZE = 50

# API field names for the service's field names in candidate.updated's `changes`.
API_FIELDS = {"first_name": "firstName", "last_name": "lastName", "gdpr_expiry": "gdprExpiry", "meta": "metadata",
              "cv_text": "cv", "job_ids": "jobIds"}


def changed_fields(fields: Iterable[str]) -> list[str]:
    out: list[str] = []
    for field in fields:
        name = API_FIELDS.get(field, field)
        if name not in out:
            out.append(name)
    return out


# --- endpoints (agency admins) --------------------------------------------------------------------------

def _address_allowed(address: str, allow_loopback: bool) -> bool:
    ip = ipaddress.ip_address(address)
    if ip.is_loopback:
        return allow_loopback
    return not (ip.is_private or ip.is_link_local or ip.is_multicast or ip.is_reserved or ip.is_unspecified)


def clean_url(url: str, allow_loopback: bool | None = None) -> str:
    """An https URL (or http to this machine's loopback when the installation allows it, for tests)."""
    allow = get_settings().webhook_allow_loopback if allow_loopback is None else allow_loopback
    url = (url or "").strip()
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    problem = None
    if len(url) > 2000:
        problem = "At most 2,000 characters."
    elif parts.scheme not in ("https", "http") or not host:
        problem = "Enter a full URL starting with https://."
    elif parts.username or parts.password:
        problem = "Leave credentials out of the URL; verify our signature instead."
    else:
        try:
            literal = ipaddress.ip_address(host.strip("[]"))
        except ValueError:
            literal = None
        loopback = host == "localhost" or (literal is not None and literal.is_loopback)
        if parts.scheme == "http" and not (loopback and allow):
            problem = "Use https:// (plain http is only allowed to this machine, for testing)."
        elif loopback and not allow:
            problem = "This installation does not send webhooks to its own machine."
        elif literal is not None and not loopback and not _address_allowed(str(literal), allow):
            problem = "Private and local network addresses cannot receive webhooks."
    if problem:
        raise ValidationError({"url": problem}, {"url": "url"})
    return url


def _clean_events(events: Iterable[str]) -> list[str]:
    chosen = [e for e in EVENTS if e in set(events or [])]
    if not chosen:
        raise ValidationError({"events": "Choose at least one event."}, {"events": "required"})
    return chosen


def create_endpoint(session: Session, actor: Actor, url: str, events: Iterable[str],
                    description: str = "") -> tuple[WebhookEndpoint, str]:
    """Register an endpoint; returns it and its signing secret (shown to the admin this once)."""
    actor.require_admin()
    errors: dict[str, str] = {}
    rules: dict[str, str] = {}
    clean: dict = {}
    for field, fn in (("url", lambda: clean_url(url)), ("events", lambda: _clean_events(events))):
        try:
            clean[field] = fn()
        except ValidationError as exc:
            errors.update(exc.errors)
            rules.update(exc.rules)
    description = " ".join((description or "").split())
    if len(description) > 200:
        errors["description"], rules["description"] = "At most 200 characters.", "max_length"
    if errors:
        raise ValidationError(errors, rules)
    secret = "whsec_" + secrets.token_urlsafe(32)
    endpoint = WebhookEndpoint(agency_id=actor.agency_id, url=clean["url"], events=clean["events"],
                               description=description, secret=secret, created_by_id=actor.user_id)
    session.add(endpoint)
    session.flush()
    activity.record(session, agency_id=actor.agency_id, actor=actor, subject_type="agency",
                    subject_id=actor.agency_id, kind="webhook.created", payload={"url": endpoint.url})
    return endpoint, secret


def list_endpoints(session: Session, actor: Actor) -> list[WebhookEndpoint]:
    actor.require_admin()
    return list(session.exec(select(WebhookEndpoint).where(WebhookEndpoint.agency_id == actor.agency_id)
                             .order_by(WebhookEndpoint.created_at)))


def get_endpoint(session: Session, actor: Actor, endpoint_id) -> WebhookEndpoint:
    from app.services.candidates import as_uuid

    actor.require_admin()
    endpoint = session.get(WebhookEndpoint, as_uuid(endpoint_id, "Webhook"))
    if endpoint is None or endpoint.agency_id != actor.agency_id:
        raise NotFound("Webhook")
    return endpoint


def set_active(session: Session, actor: Actor, endpoint_id, active: bool) -> WebhookEndpoint:
    """Pause or resume an endpoint: while paused, its deliveries wait (nothing new is dropped either)."""
    endpoint = get_endpoint(session, actor, endpoint_id)
    if endpoint.is_active != bool(active):
        endpoint.is_active = bool(active)
        session.add(endpoint)
        activity.record(session, agency_id=actor.agency_id, actor=actor, subject_type="agency",
                        subject_id=actor.agency_id, kind="webhook.resumed" if active else "webhook.paused",
                        payload={"url": endpoint.url})
    return endpoint


def delete_endpoint(session: Session, actor: Actor, endpoint_id) -> None:
    """Remove the endpoint and its delivery log."""
    from sqlalchemy import delete

    endpoint = get_endpoint(session, actor, endpoint_id)
    session.exec(delete(WebhookDelivery).where(WebhookDelivery.endpoint_id == endpoint.id))
    session.delete(endpoint)
    activity.record(session, agency_id=actor.agency_id, actor=actor, subject_type="agency",
                    subject_id=actor.agency_id, kind="webhook.deleted", payload={"url": endpoint.url})


def list_deliveries(session: Session, actor: Actor, limit: int = 50) -> list[tuple[WebhookDelivery, str]]:
    """The most recent deliveries of the agency with their endpoint's URL."""
    actor.require_admin()
    stmt = (select(WebhookDelivery, WebhookEndpoint.url)
            .join(WebhookEndpoint, WebhookEndpoint.id == WebhookDelivery.endpoint_id)
            .where(WebhookDelivery.agency_id == actor.agency_id)
            .order_by(WebhookDelivery.created_at.desc(), WebhookDelivery.id).limit(limit))
    return list(session.exec(stmt))


def redeliver(session: Session, actor: Actor, delivery_id) -> WebhookDelivery:
    """Send a delivery again as soon as possible (with a fresh set of attempts)."""
    from app.services.candidates import as_uuid

    actor.require_admin()
    delivery = session.get(WebhookDelivery, as_uuid(delivery_id, "Delivery"))
    if delivery is None or delivery.agency_id != actor.agency_id:
        raise NotFound("Delivery")
    delivery.status, delivery.attempts, delivery.next_attempt_at = DeliveryStatus.PENDING.value, 0, utcnow()
    session.add(delivery)
    return delivery


def send_test(session: Session, actor: Actor, endpoint_id) -> WebhookDelivery:
    """Queue a `webhook.test` event for one endpoint, to check the receiver and its signature check."""
    endpoint = get_endpoint(session, actor, endpoint_id)
    return _add_delivery(session, endpoint, TEST_EVENT, uuid.uuid4(), utcnow(),
                         {"message": "This is a test event from Candor.", "sentBy": actor.name})


# --- emitting ---------------------------------------------------------------------------------------------

def _envelope(event_id: uuid.UUID, event: str, at: datetime, data: dict) -> dict:
    return {"id": str(event_id), "type": event, "createdAt": views.timestamp(at), "data": data}


def _add_delivery(session: Session, endpoint: WebhookEndpoint, event: str, event_id: uuid.UUID, at: datetime,
                  data: dict) -> WebhookDelivery:
    delivery = WebhookDelivery(agency_id=endpoint.agency_id, endpoint_id=endpoint.id, event_id=event_id,
                               event=event, payload=_envelope(event_id, event, at, data), next_attempt_at=at,
                               created_at=at)
    session.add(delivery)
    return delivery


def emit(session: Session, agency_id: uuid.UUID, event: str, payload: dict) -> list[WebhookDelivery]:
    """Queue `event` for every active endpoint of the agency subscribed to it, in the caller's transaction."""
    if event not in EVENTS:
        raise ValueError(f"unknown webhook event {event!r}")
    endpoints = [e for e in session.exec(select(WebhookEndpoint).where(
        WebhookEndpoint.agency_id == agency_id, WebhookEndpoint.is_active.is_(True))) if event in (e.events or [])]
    if not endpoints:
        return []
    event_id, now = uuid.uuid4(), utcnow()
    return [_add_delivery(session, endpoint, event, event_id, now, payload) for endpoint in endpoints]


def emit_candidate(session: Session, candidate: Candidate, event: str, changes: list[str] | None = None,
                   **extra) -> list[WebhookDelivery]:
    """`event` about a candidate: its API representation (and `changes`, the changed API field names)."""
    session.flush()
    data = {"candidate": views.candidate_view_of(session, candidate), **extra}
    if changes is not None:
        data["changes"] = list(changes)
    return emit(session, candidate.agency_id, event, data)


def emit_profile_update_submitted(session: Session, candidate: Candidate, changes: list[str] | None = None,
                                  **extra) -> list[WebhookDelivery]:
    """The candidate sent an updated profile (link or portal); `changes` are column names, sent in camelCase."""
    camel = [part[0] + "".join(w.title() for w in part[1:]) for part in (c.split("_") for c in changes or [])]
    return emit_candidate(session, candidate, PROFILE_UPDATE_SUBMITTED, changes=camel, **extra)


def emit_timesheet_submitted(session: Session, agency_id: uuid.UUID, timesheet: dict) -> list[WebhookDelivery]:
    """For temp workers' timesheets: `timesheet` is its API representation (camelCase)."""
    return emit(session, agency_id, TIMESHEET_SUBMITTED, {"timesheet": timesheet})


# --- delivering -------------------------------------------------------------------------------------------

def body_of(delivery: WebhookDelivery) -> bytes:
    return json.dumps(delivery.payload, separators=(",", ":"), ensure_ascii=False).encode()


def sign(secret: str, timestamp: int | str, body: bytes) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return "v1=" + mac.hexdigest()


def verify(secret: str, body: bytes, timestamp: str, signature: str, tolerance: int = SIGNATURE_TOLERANCE,
           now: float | None = None) -> bool:
    """The receiver's check: the signature matches and the timestamp is recent (no replays)."""
    try:
        age = abs((now if now is not None else time.time()) - int(timestamp))
    except (TypeError, ValueError):
        return False
    expected = sign(secret, timestamp, body)
    offered = [part.strip() for part in (signature or "").split(",")]
    return age <= tolerance and any(hmac.compare_digest(expected, s) for s in offered)


def backoff(attempts: int) -> timedelta:
    """The wait after the `attempts`-th failed attempt."""
    return min(BACKOFF_BASE * (2 ** min(max(attempts - 1, 0), 20)), BACKOFF_MAX)


def retry_window() -> timedelta:
    """From the first attempt to the last one, when every attempt fails."""
    return sum((backoff(n) for n in range(1, MAX_ATTEMPTS)), timedelta())


def _resolves_to_allowed(url: str) -> str | None:
    """Why the URL's host may not be called now (DNS can change after registration), or None."""
    host = urlsplit(url).hostname or ""
    allow = get_settings().webhook_allow_loopback
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except OSError as exc:
        return f"DNS lookup failed: {exc}"
    for info in infos:
        if not _address_allowed(info[4][0].split("%")[0], allow):
            return f"{host} resolves to a private or local address ({info[4][0]})"
    return None


def _claim(session: Session, delivery_id: uuid.UUID, seen_at: datetime, now: datetime) -> bool:
    """Take a due delivery for LEASE; of several workers exactly one wins it (compare-and-swap)."""
    won = session.execute(update(WebhookDelivery).where(
        WebhookDelivery.id == delivery_id, WebhookDelivery.status == DeliveryStatus.PENDING.value,
        WebhookDelivery.next_attempt_at == seen_at).values(next_attempt_at=now + LEASE)
        .execution_options(synchronize_session=False))
    session.commit()
    return won.rowcount == 1


def _post(client: httpx.Client, endpoint: WebhookEndpoint, delivery: WebhookDelivery) -> tuple[int | None, str]:
    """(response status or None, error text)."""
    refused = _resolves_to_allowed(endpoint.url)
    if refused:
        return None, refused
    body = body_of(delivery)
    timestamp = str(int(time.time()))
    headers = {"Content-Type": "application/json", "User-Agent": "Candor-Webhooks/1",
               TIMESTAMP_HEADER: timestamp, SIGNATURE_HEADER: sign(endpoint.secret, timestamp, body),
               EVENT_HEADER: delivery.event, DELIVERY_HEADER: str(delivery.id)}
    try:
        response = client.post(endpoint.url, content=body, headers=headers)
    except httpx.HTTPError as exc:
        return None, f"{type(exc).__name__}: {exc}"[:500]
    if 200 <= response.status_code < 300:
        return response.status_code, ""
    return response.status_code, f"HTTP {response.status_code}: {response.text[:200]}"


def deliver_due(session: Session, client: httpx.Client | None = None, limit: int = BATCH_SIZE,
                touched: set | None = None) -> dict[str, int]:
    """Send up to `limit` due deliveries of active endpoints; returns counts by outcome.

    `touched`, when given, receives the ids of the agencies whose deliveries were attempted.
    """
    now = utcnow()
    due = list(session.exec(
        select(WebhookDelivery.id, WebhookDelivery.next_attempt_at)
        .join(WebhookEndpoint, WebhookEndpoint.id == WebhookDelivery.endpoint_id)
        .where(WebhookDelivery.status == DeliveryStatus.PENDING.value, WebhookDelivery.next_attempt_at <= now,
               WebhookEndpoint.is_active.is_(True))
        .order_by(WebhookDelivery.next_attempt_at).limit(limit)))
    session.commit()
    counts = {"delivered": 0, "retry": 0, "failed": 0}
    own_client = client is None
    client = client or httpx.Client(timeout=TIMEOUT, follow_redirects=False)
    try:
        for delivery_id, seen_at in due:
            if _claim(session, delivery_id, seen_at, now):
                outcome, agency_id = _attempt(session, client, delivery_id)
                counts[outcome] += 1
                if touched is not None:
                    touched.add(agency_id)
    finally:
        if own_client:
            client.close()
    return counts


def _attempt(session: Session, client: httpx.Client, delivery_id: uuid.UUID) -> tuple[str, uuid.UUID]:
    delivery = session.get(WebhookDelivery, delivery_id)
    endpoint = session.get(WebhookEndpoint, delivery.endpoint_id)
    session.commit()  # no transaction stays open while we wait for the receiver
    code, error = _post(client, endpoint, delivery)
    now = utcnow()
    delivery.attempts += 1
    delivery.last_attempt_at, delivery.response_code, delivery.error = now, code, error[:500]
    if not error:
        delivery.status, delivery.delivered_at, outcome = DeliveryStatus.DELIVERED.value, now, "delivered"
    elif delivery.attempts >= MAX_ATTEMPTS:
        delivery.status, outcome = DeliveryStatus.FAILED.value, "failed"
    else:
        delivery.next_attempt_at, outcome = now + backoff(delivery.attempts), "retry"
    session.add(delivery)
    session.commit()
    if error:
        log.info("webhook %s to %s: %s", delivery.event, endpoint.url, error)
    return outcome, delivery.agency_id

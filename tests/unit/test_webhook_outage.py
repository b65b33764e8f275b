"""A receiver that is down for a day (simulated clock) then comes back gets every event, signed and verifiable."""

from __future__ import annotations

import json
import socket
import threading
import time
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlmodel import select

from app.models import WebhookDelivery
from app.models.base import utcnow
from app.services import candidates, webhooks
from app.settings import get_settings
from tests.factories import actor_for, make_agency, make_user


class _Clock:
    def __init__(self):
        self.now = utcnow()

    def __call__(self):
        return self.now


class _Receiver:
    """Records each POST's headers and raw body; answers 204."""

    def __init__(self, port: int):
        self.requests: list[tuple[dict, bytes]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                outer.requests.append((dict(self.headers), body))
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_the_retry_schedule_spans_about_two_and_a_half_days():
    assert webhooks.MAX_ATTEMPTS == 20
    assert [webhooks.backoff(n).total_seconds() for n in (1, 2, 3)] == [30, 60, 120]
    assert webhooks.backoff(19) == webhooks.BACKOFF_MAX == timedelta(hours=6)
    days = webhooks.retry_window().total_seconds() / 86400
    assert 2.5 <= days <= 2.7, days


@pytest.fixture
def loopback_allowed(monkeypatch):
    monkeypatch.setenv("CANDOR_WEBHOOK_ALLOW_LOOPBACK", "1")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_a_receiver_down_for_a_day_gets_everything_afterwards(session, monkeypatch, loopback_allowed):
    clock = _Clock()
    monkeypatch.setattr(webhooks, "utcnow", clock)
    admin = actor_for(make_user(session, make_agency(session, "north"), "admin"))
    port = _free_port()  # nothing listens here: connections are refused
    endpoint, secret = webhooks.create_endpoint(session, admin, f"http://127.0.0.1:{port}/hooks",
                                                list(webhooks.EVENTS))
    session.commit()
    for name in ("Ann", "Bob"):
        candidates.create_candidate(session, admin, first_name=name, last_name="Down")
    session.commit()
    clock.now = utcnow()  # the deliveries were written by the real clock: due at once on ours
    start = clock.now
    attempts = 0
    while clock.now - start < timedelta(days=1):
        webhooks.deliver_due(session)
        attempts += 1
        due = min(d.next_attempt_at for d in session.exec(select(WebhookDelivery)).all())
        clock.now = max(clock.now, due) + timedelta(seconds=1)
    rows = session.exec(select(WebhookDelivery)).all()
    for row in rows:
        session.refresh(row)
    assert [r.status for r in rows] == ["pending", "pending"]  # a whole day down: still waiting
    assert all(1 < r.attempts < webhooks.MAX_ATTEMPTS and "ConnectError" in r.error for r in rows)
    assert attempts >= 10
    up = _Receiver(port)
    try:
        due = max(r.next_attempt_at for r in rows)
        clock.now = due + timedelta(seconds=1)
        assert webhooks.deliver_due(session)["delivered"] == 2
        assert {r.status for r in session.exec(select(WebhookDelivery)).all()} == {"delivered"}
        names = []
        for headers, body in up.requests:
            assert webhooks.verify(secret, body, headers["Candor-Timestamp"], headers["Candor-Signature"])
            assert not webhooks.verify("wrong-secret", body, headers["Candor-Timestamp"], headers["Candor-Signature"])
            tampered = body.replace(b"Down", b"Up!!")
            assert not webhooks.verify(secret, tampered, headers["Candor-Timestamp"], headers["Candor-Signature"])
            assert abs(int(headers["Candor-Timestamp"]) - time.time()) < 60
            names.append(json.loads(body)["data"]["candidate"]["firstName"])
        assert sorted(names) == ["Ann", "Bob"]
    finally:
        up.stop()

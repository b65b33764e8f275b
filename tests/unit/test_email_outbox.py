"""The email outbox and its backends; Resend through the real SDK against a local fake server."""

from __future__ import annotations

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import resend
from sqlmodel import select

from app.models import MessageStatus, OutboxMessage
from app.models.base import utcnow
from app.services import email
from tests.factories import make_agency


class FakeResend:
    """Answers POST /emails with queued (status, body) replies and records every request."""

    def __init__(self):
        self.replies: list[tuple[int, dict]] = []
        self.requests: list[dict] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                fake.requests.append({"path": self.path, "key": self.headers.get("Idempotency-Key"), "body": body})
                status, reply = fake.replies.pop(0) if fake.replies else (200, {"id": "re_default"})
                data = json.dumps(reply).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def fake_resend(monkeypatch):
    fake = FakeResend()
    monkeypatch.setattr(resend, "api_url", fake.url)  # the SDK reads it on every request
    yield fake
    fake.server.shutdown()


@pytest.fixture
def agency(session):
    return make_agency(session, "north")


def _queue(session, agency, to="ann@example.com"):
    message = email.enqueue(session, agency_id=agency.id, to_email=to, subject="Update your profile",
                            body_text="Hello Ann, https://candor.example/update/abc", purpose="profile_update")
    session.commit()
    return message


def _make_due(session, message):
    message.next_attempt_at = utcnow()
    session.add(message)
    session.commit()


def test_a_message_exists_only_if_its_transaction_commits(session, agency):
    email.enqueue(session, agency_id=agency.id, to_email="x@example.com", subject="s", body_text="b", purpose="p")
    session.rollback()
    assert session.exec(select(OutboxMessage)).all() == []


def test_local_outbox_marks_messages_sent_without_any_provider(session, agency):
    message = _queue(session, agency)
    assert email.deliver_due(session, email.LocalOutbox()) == {"sent": 1, "retry": 0, "failed": 0}
    assert message.status == MessageStatus.SENT.value and message.attempts == 1
    assert email.deliver_due(session, email.LocalOutbox()) == {"sent": 0, "retry": 0, "failed": 0}


def test_resend_success_sends_a_lone_message_with_its_own_idempotency_key(session, agency, fake_resend):
    message = _queue(session, agency)
    fake_resend.replies = [(200, {"id": "re_1"})]
    assert email.deliver_due(session, email.ResendBackend("re_test"))["sent"] == 1
    assert [(r["path"], r["key"], r["body"]["to"]) for r in fake_resend.requests] == [
        ("/emails", message.idempotency_key, ["ann@example.com"])]
    assert message.provider_id == "re_1"


def test_messages_due_together_go_out_in_batches_of_100_one_recipient_each(session, agency, fake_resend):
    messages = [_queue(session, agency, to=f"c{i}@example.com") for i in range(250)]
    fake_resend.replies = [(200, {"data": [{"id": f"re_{b}_{i}"} for i in range(n)]})
                           for b, n in enumerate((100, 100, 50))]
    assert email.deliver_due(session, email.ResendBackend("re_test"), limit=250)["sent"] == 250
    assert [r["path"] for r in fake_resend.requests] == ["/emails/batch"] * 3
    assert [len(r["body"]) for r in fake_resend.requests] == [100, 100, 50]
    assert all(len(m["to"]) == 1 for r in fake_resend.requests for m in r["body"])  # never one mail to all
    keys = [r["key"] for r in fake_resend.requests]
    assert len(set(keys)) == 3 and all(k.startswith("batch-") for k in keys)
    assert messages[0].provider_id == "re_0_0" and messages[249].provider_id == "re_2_49"


def test_a_failed_batch_is_retried_whole_under_the_same_key(session, agency, fake_resend):
    messages = [_queue(session, agency, to=f"c{i}@example.com") for i in range(3)]
    fake_resend.replies = [(500, {"statusCode": 500, "name": "application_error", "message": "boom"}),
                           (200, {"data": [{"id": "a"}, {"id": "b"}, {"id": "c"}]})]
    assert email.deliver_due(session, email.ResendBackend("re_test"))["retry"] == 3
    for message in messages:
        _make_due(session, message)
    newcomer = _queue(session, agency, to="late@example.com")
    email.deliver_due(session, email.ResendBackend("re_test"), limit=1)  # claims the whole batch anyway
    first, second = fake_resend.requests[0], fake_resend.requests[1]
    assert second["key"] == first["key"] and second["body"] == first["body"]
    assert [m.status for m in messages] == ["sent"] * 3 and newcomer.status == "queued"


def test_a_batch_refusing_one_address_sends_the_others(session, agency, fake_resend):
    good, bad, other = (_queue(session, agency, to=t) for t in ("a@example.com", "b@example.com", "c@example.com"))
    fake_resend.replies = [(200, {"data": [{"id": "re_a"}, {"id": "re_c"}],
                                  "errors": [{"index": 1, "message": "Invalid `to` field"}]})]
    assert email.deliver_due(session, email.ResendBackend("re_test")) == {"sent": 2, "retry": 0, "failed": 1}
    assert (good.provider_id, other.provider_id) == ("re_a", "re_c")
    assert bad.status == "failed" and "Invalid `to` field" in bad.last_error


def test_two_senders_never_claim_the_same_message(session, engine, agency):
    from sqlmodel import Session

    _queue(session, agency)
    with Session(engine) as other:
        assert len(email._claim(other, utcnow(), 100)) == 1
    assert email._claim(session, utcnow(), 100) == []


def test_the_outcome_hook_of_the_subject_runs_in_the_senders_transaction(session, agency, monkeypatch):
    seen = []
    monkeypatch.setitem(email._OUTCOME_HOOKS, "thing", lambda s, m: seen.append((m.subject_type, m.status)))
    email.enqueue(session, agency_id=agency.id, to_email="a@example.com", subject="s", body_text="b",
                  purpose="p", subject_type="thing")
    session.commit()
    email.deliver_due(session, email.LocalOutbox())
    assert seen == [("thing", "sent")]


def test_rate_limit_is_retried_later_with_the_same_key(session, agency, fake_resend):
    message = _queue(session, agency)
    fake_resend.replies = [(429, {"statusCode": 429, "name": "rate_limit_exceeded", "message": "Too many"}),
                           (200, {"id": "re_ok"})]
    assert email.deliver_due(session, email.ResendBackend("re_test")) == {"sent": 0, "retry": 1, "failed": 0}
    assert message.status == MessageStatus.QUEUED.value and message.next_attempt_at > utcnow()
    assert email.deliver_due(session, email.ResendBackend("re_test"))["sent"] == 0  # not due yet
    _make_due(session, message)
    assert email.deliver_due(session, email.ResendBackend("re_test"))["sent"] == 1
    assert [r["key"] for r in fake_resend.requests] == [message.idempotency_key] * 2


def test_server_error_with_unknown_outcome_is_retried_with_the_same_key(session, agency, fake_resend):
    message = _queue(session, agency)
    fake_resend.replies = [(500, {"statusCode": 500, "name": "application_error", "message": "boom"}),
                           (200, {"id": "re_ok"})]
    email.deliver_due(session, email.ResendBackend("re_test"))
    assert "500" in message.last_error
    _make_due(session, message)
    email.deliver_due(session, email.ResendBackend("re_test"))
    assert message.status == MessageStatus.SENT.value and message.attempts == 2
    assert {r["key"] for r in fake_resend.requests} == {message.idempotency_key}


def test_a_rejected_message_fails_with_the_reason_and_is_not_retried(session, agency, fake_resend):
    message = _queue(session, agency)
    fake_resend.replies = [(422, {"statusCode": 422, "name": "validation_error", "message": "Invalid `to` field"})]
    assert email.deliver_due(session, email.ResendBackend("re_test")) == {"sent": 0, "retry": 0, "failed": 1}
    assert message.status == MessageStatus.FAILED.value and "Invalid `to` field" in message.last_error


def test_provider_down_loses_nothing(session, agency, monkeypatch):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        monkeypatch.setattr(resend, "api_url", f"http://127.0.0.1:{s.getsockname()[1]}")
    message = _queue(session, agency)
    assert email.deliver_due(session, email.ResendBackend("re_test"))["retry"] == 1
    assert message.status == MessageStatus.QUEUED.value and message.attempts == 1


def test_backoff_doubles_and_gives_up_after_max_attempts(session, agency, fake_resend):
    assert [email.backoff(n).total_seconds() for n in (1, 2, 3)] == [30, 60, 120]
    message = _queue(session, agency)
    message.attempts = email.MAX_ATTEMPTS - 1
    session.add(message)
    session.commit()
    fake_resend.replies = [(503, {"statusCode": 503, "name": "application_error", "message": "down"})]
    email.deliver_due(session, email.ResendBackend("re_test"))
    assert message.status == MessageStatus.FAILED.value


def test_the_sender_uses_resend_when_a_key_is_set_and_the_sdk_follows_resend_api_url(
        session, engine, agency, fake_resend, monkeypatch):
    """What a deployment does: RESEND_API_KEY picks the Resend backend; the background sender delivers."""
    import dataclasses
    import os
    import subprocess
    import sys

    from app import settings
    from app.tasks import email_delivery as background

    real = settings.get_settings()
    monkeypatch.setattr(email, "get_settings", lambda: dataclasses.replace(real, resend_api_key="re_live"))
    monkeypatch.setattr(background, "session_scope", lambda: _scope(engine))
    assert isinstance(email.default_backend(), email.ResendBackend)
    message = _queue(session, agency)
    fake_resend.replies = [(200, {"id": "re_bg"})]
    assert background.send_due_emails() == {agency.id}
    session.refresh(message)
    assert message.status == "sent" and message.provider_id == "re_bg"
    assert fake_resend.requests[0]["key"] == message.idempotency_key
    # The SDK reads RESEND_API_URL when imported, so the app needs no code of its own to point it elsewhere.
    out = subprocess.run([sys.executable, "-c", "import resend; print(resend.api_url)"], capture_output=True,
                         text=True, env={**os.environ, "RESEND_API_URL": fake_resend.url}, check=True)
    assert out.stdout.strip() == fake_resend.url


def _scope(engine):
    from app.db import session_scope

    return session_scope(engine)

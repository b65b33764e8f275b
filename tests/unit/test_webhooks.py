"""Webhooks against a real local receiver: signed deliveries, retries with backoff, nothing lost while it is down."""

from __future__ import annotations

import json
import socket
import threading
import time
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlalchemy import update
from sqlmodel import select

from app.models import Candidate, WebhookDelivery
from app.models.base import utcnow
from app.services import applications, candidates, webhooks
from app.services.errors import NotFound, ValidationError
from app.settings import get_settings
from tests.factories import actor_for, make_agency, make_user


class Receiver:
    """A threaded HTTP server on 127.0.0.1 that records requests and answers with the next queued status."""

    def __init__(self):
        self.requests: list[dict] = []
        self.statuses: list[int] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                outer.requests.append({"headers": dict(self.headers), "body": body})
                status = outer.statuses.pop(0) if outer.statuses else 200
                self.send_response(status)
                self.end_headers()
                self.wfile.write(b"ok" if status < 300 else b"receiver says no")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    r = Receiver()
    yield r
    r.stop()


@pytest.fixture(autouse=True)
def loopback_allowed(monkeypatch):
    monkeypatch.setenv("CANDOR_WEBHOOK_ALLOW_LOOPBACK", "1")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.fixture
def world(session):
    agency = make_agency(session, "north")
    admin = actor_for(make_user(session, agency, "admin"))
    other = actor_for(make_user(session, make_agency(session, "south"), "admin"))
    return {"admin": admin, "other": other}


def _endpoint(session, actor, url, events=tuple(webhooks.EVENTS)):
    endpoint, secret = webhooks.create_endpoint(session, actor, url, list(events))
    session.commit()
    return endpoint, secret


def _make_due(session):
    session.exec(update(WebhookDelivery).values(next_attempt_at=utcnow() - timedelta(seconds=1)))
    session.commit()


def test_a_delivery_is_signed_and_verifiable(session, world, receiver):
    endpoint, secret = _endpoint(session, world["admin"], receiver.url)
    ann = candidates.create_candidate(session, world["admin"], first_name="Ann", last_name="Lee")
    session.commit()
    assert webhooks.deliver_due(session) == {"delivered": 1, "retry": 0, "failed": 0}
    request = receiver.requests[0]
    headers, body = request["headers"], request["body"]
    assert headers["Candor-Event"] == "candidate.created" and headers["Content-Type"] == "application/json"
    assert webhooks.verify(secret, body, headers["Candor-Timestamp"], headers["Candor-Signature"])
    assert not webhooks.verify(secret, body + b" ", headers["Candor-Timestamp"], headers["Candor-Signature"])
    assert not webhooks.verify("whsec_wrong", body, headers["Candor-Timestamp"], headers["Candor-Signature"])
    assert not webhooks.verify(secret, body, headers["Candor-Timestamp"], headers["Candor-Signature"],
                               now=time.time() + 600)  # a replay later is refused
    event = json.loads(body)
    assert event["type"] == "candidate.created" and event["data"]["candidate"]["id"] == str(ann.id)
    assert event["data"]["candidate"]["firstName"] == "Ann"
    delivery = session.exec(select(WebhookDelivery)).one()
    assert (delivery.status, delivery.response_code, delivery.attempts) == ("delivered", 200, 1)
    assert headers["Candor-Delivery"] == str(delivery.id)


def test_failures_are_retried_with_backoff_then_delivered(session, world, receiver):
    _endpoint(session, world["admin"], receiver.url)
    candidates.create_candidate(session, world["admin"], first_name="Ann", last_name="Lee")
    session.commit()
    receiver.statuses = [500, 503]
    before = utcnow()
    assert webhooks.deliver_due(session)["retry"] == 1
    delivery = session.exec(select(WebhookDelivery)).one()
    assert (delivery.status, delivery.response_code, delivery.attempts) == ("pending", 500, 1)
    assert "500" in delivery.error
    assert delivery.next_attempt_at >= before + webhooks.backoff(1) - timedelta(seconds=1)
    assert webhooks.deliver_due(session) == {"delivered": 0, "retry": 0, "failed": 0}  # not due yet
    _make_due(session)
    webhooks.deliver_due(session)
    session.refresh(delivery)
    assert delivery.next_attempt_at - delivery.last_attempt_at >= webhooks.backoff(2) - timedelta(seconds=1)
    _make_due(session)
    webhooks.deliver_due(session)
    session.refresh(delivery)
    assert (delivery.status, delivery.response_code, delivery.attempts, delivery.error) == ("delivered", 200, 3, "")
    bodies = {r["body"] for r in receiver.requests}
    assert len(receiver.requests) == 3 and len(bodies) == 1  # the same event every time
    assert len({r["headers"]["Candor-Delivery"] for r in receiver.requests}) == 1


def test_a_receiver_that_is_down_loses_nothing(session, world):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # nothing listens here once the socket is closed
    _endpoint(session, world["admin"], f"http://127.0.0.1:{port}/hooks")
    for name in ("Ann", "Bob", "Cy"):
        candidates.create_candidate(session, world["admin"], first_name=name, last_name="Down")
    session.commit()
    for _ in range(webhooks.MAX_ATTEMPTS - 1):
        _make_due(session)
        webhooks.deliver_due(session)
    rows = session.exec(select(WebhookDelivery)).all()
    assert [(r.status, r.response_code) for r in rows] == [("pending", None)] * 3
    assert all("ConnectError" in r.error for r in rows)
    # It comes back up on that port: everything queued arrives.
    up = _ReceiverOn(port)
    try:
        _make_due(session)
        assert webhooks.deliver_due(session)["delivered"] == 3
        assert sorted(json.loads(r)["data"]["candidate"]["firstName"] for r in up.bodies) == ["Ann", "Bob", "Cy"]
    finally:
        up.stop()


class _ReceiverOn:
    def __init__(self, port: int):
        self.bodies: list[bytes] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                outer.bodies.append(self.rfile.read(int(self.headers["Content-Length"])))
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


def test_after_the_last_attempt_it_is_failed_and_can_be_sent_again(session, world, receiver, monkeypatch):
    monkeypatch.setattr(webhooks, "MAX_ATTEMPTS", 2)
    _endpoint(session, world["admin"], receiver.url)
    candidates.create_candidate(session, world["admin"], first_name="Ann", last_name="Lee")
    session.commit()
    receiver.statuses = [410, 410]
    webhooks.deliver_due(session)
    _make_due(session)
    assert webhooks.deliver_due(session)["failed"] == 1
    delivery = session.exec(select(WebhookDelivery)).one()
    assert (delivery.status, delivery.response_code) == ("failed", 410)
    with pytest.raises(NotFound):
        webhooks.redeliver(session, world["other"], delivery.id)
    webhooks.redeliver(session, world["admin"], delivery.id)
    session.commit()
    assert webhooks.deliver_due(session)["delivered"] == 1


def test_emit_is_transactional_and_only_for_subscribers_of_the_agency(session, world, receiver):
    _endpoint(session, world["admin"], receiver.url, events=["application.stage_changed"])
    _endpoint(session, world["other"], receiver.url)
    candidates.create_candidate(session, world["admin"], first_name="Ann", last_name="Lee")
    session.commit()
    assert session.exec(select(WebhookDelivery)).all() == []  # not subscribed to candidate.created
    _endpoint(session, world["admin"], receiver.url + "/all")
    candidates.create_candidate(session, world["admin"], first_name="Rolled", last_name="Back")
    session.rollback()
    assert session.exec(select(WebhookDelivery)).all() == []
    assert session.exec(select(Candidate).where(Candidate.first_name == "Rolled")).first() is None


def test_an_app_stage_move_emits_application_stage_changed(session, world, receiver):
    from app.services import jobs

    _endpoint(session, world["admin"], receiver.url, events=["application.stage_changed"])
    ann = candidates.create_candidate(session, world["admin"], first_name="Ann", last_name="Lee")
    job = jobs.create_job(session, world["admin"], title="Welder")
    applications.assign_to_job(session, world["admin"], [ann.id], job.id)
    application = applications.list_for_candidate(session, world["admin"], ann.id)[0][0]
    second = applications.list_stages(session, world["admin"])[1]
    applications.move_stage(session, world["admin"], application.id, second.id)
    session.commit()
    webhooks.deliver_due(session)
    event = json.loads(receiver.requests[0]["body"])
    assert event["type"] == "application.stage_changed"
    assert event["data"]["toStage"]["name"] == second.name and event["data"]["application"]["jobId"] == str(job.id)


def test_paused_endpoints_keep_their_events_until_resumed(session, world, receiver):
    endpoint, _ = _endpoint(session, world["admin"], receiver.url)
    webhooks.set_active(session, world["admin"], endpoint.id, False)
    webhooks.send_test(session, world["admin"], endpoint.id)
    session.commit()
    assert webhooks.deliver_due(session)["delivered"] == 0
    webhooks.set_active(session, world["admin"], endpoint.id, True)
    session.commit()
    assert webhooks.deliver_due(session)["delivered"] == 1
    assert json.loads(receiver.requests[0]["body"])["type"] == "webhook.test"


def test_a_claimed_delivery_is_not_sent_twice(session, world, receiver):
    _endpoint(session, world["admin"], receiver.url)
    candidates.create_candidate(session, world["admin"], first_name="Ann", last_name="Lee")
    session.commit()
    delivery = session.exec(select(WebhookDelivery)).one()
    seen = delivery.next_attempt_at
    assert webhooks._claim(session, delivery.id, seen, utcnow()) is True
    assert webhooks._claim(session, delivery.id, seen, utcnow()) is False  # another worker saw the same row
    assert webhooks.deliver_due(session)["delivered"] == 0  # leased for a minute


@pytest.mark.parametrize("url", ["http://hooks.example.com/x", "ftp://hooks.example.com", "https://10.0.0.5/x",
                                 "https://169.254.169.254/latest", "https://user:pw@hooks.example.com/", "hooks",
                                 "https://" + "a" * 2000 + ".com"])
def test_endpoint_urls_must_be_https_to_a_public_host(session, world, url):
    with pytest.raises(ValidationError) as err:
        webhooks.create_endpoint(session, world["admin"], url, ["candidate.created"])
    assert err.value.rules == {"url": "url"}


def test_loopback_is_only_for_installations_that_allow_it(session, world, monkeypatch):
    webhooks.create_endpoint(session, world["admin"], "http://127.0.0.1:9/x", ["candidate.created"])
    monkeypatch.setenv("CANDOR_WEBHOOK_ALLOW_LOOPBACK", "")
    get_settings.cache_clear()
    for url in ("http://127.0.0.1:9/x", "https://localhost/x"):
        with pytest.raises(ValidationError):
            webhooks.create_endpoint(session, world["admin"], url, ["candidate.created"])
    with pytest.raises(ValidationError) as err:
        webhooks.create_endpoint(session, world["admin"], "https://hooks.example.com/x", [])
    assert err.value.rules == {"events": "required"}


def test_only_admins_manage_webhooks(session, world):
    from app.services.errors import Forbidden

    recruiter = actor_for(make_user(session, make_agency(session, "west"), "recruiter"))
    with pytest.raises(Forbidden):
        webhooks.create_endpoint(session, recruiter, "https://hooks.example.com/x", ["candidate.created"])
    with pytest.raises(Forbidden):
        webhooks.list_deliveries(session, recruiter)

"""The REST API end to end: an admin's key works against the running server until revoked; a change made
through the API appears live on a recruiter's open profile; a webhook reaches a local receiver, signed."""

import json
import re
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest
from playwright.sync_api import expect
from sqlmodel import Session, create_engine, select

from app.models import Agency, Application, Candidate, User
from app.services import api_keys, webhooks
from tests.e2e.conftest import login
from tests.factories import actor_for

pytestmark = pytest.mark.e2e
ADMIN = "admin@northwind.example.com"
RECRUITER = "recruiter@northwind.example.com"


def _api(server, key, method, path, **kw):
    return httpx.request(method, f"{server.url}/api/v1{path}", headers={"Authorization": f"Bearer {key}"},
                         timeout=15, **kw)


def test_admin_creates_a_key_shown_once_uses_it_and_revokes_it(page, server, tmp_path):
    name = f"Website {uuid.uuid4().hex[:6]}"
    login(page, ADMIN, start="/admin/api-keys")
    page.locator("#create-key").click()
    page.locator("#submit-key").click()
    expect(page.get_by_role("dialog").get_by_role("alert")).to_contain_text("Name is required")
    page.fill("#key-name", name)
    page.select_option("#key-scope", "read_write")
    page.locator("#submit-key").click()
    shown = page.locator("#new-key-value")
    expect(shown).to_have_value(re.compile(r"^cnd_[0-9a-f]{8}_[A-Za-z0-9_-]{43}$"))
    key = shown.input_value()
    page.screenshot(path=str(tmp_path / "api-key-shown-once.png"))
    page.locator("#close-new-key").click()
    expect(shown).to_have_count(0)
    row = page.locator(f'#keys-table tr[data-prefix="{key[:12]}"]')
    expect(row).to_contain_text(name)
    expect(row).to_contain_text("Read and write")
    expect(row).to_contain_text("never")
    assert key not in page.content()  # only the prefix is shown from now on

    listed = _api(server, key, "GET", "/candidates", params={"limit": 2})
    assert listed.status_code == 200 and len(listed.json()["data"]) == 2
    page.reload()
    expect(row).not_to_contain_text("never")

    row.get_by_role("button", name=f"Revoke {name}").click()
    page.get_by_role("alertdialog").get_by_role("button", name="Revoke key").click()
    expect(row).to_contain_text("Revoked")
    page.screenshot(path=str(tmp_path / "api-key-revoked.png"))
    refused = _api(server, key, "GET", "/candidates")
    assert refused.status_code == 401
    assert refused.json()["errors"][0] == {"field": "Authorization", "rule": "revoked",
                                           "detail": "This API key has been revoked."}


def _northwind(server):
    engine = create_engine(server.database_url)
    session = Session(engine, expire_on_commit=False)
    agency = session.exec(select(Agency).where(Agency.slug == "northwind")).one()
    admin = session.exec(select(User).where(User.email == ADMIN)).one()
    return engine, session, agency, actor_for(admin)


def _key(server, name: str) -> str:
    engine, session, _, admin = _northwind(server)
    _, raw = api_keys.create_key(session, admin, name, "read_write")
    session.commit()
    session.close()
    engine.dispose()
    return raw


def test_a_patch_through_the_api_appears_live_on_an_open_profile(page, server):
    key = _key(server, "CRM sync")
    engine, session, agency, _ = _northwind(server)
    candidate = session.exec(select(Candidate).where(Candidate.agency_id == agency.id,
                                                     Candidate.anonymised_at.is_(None),
                                                     Candidate.id.in_(select(Application.candidate_id)))
                             .order_by(Candidate.first_name.desc(), Candidate.id)).first()
    session.close()
    engine.dispose()
    login(page, RECRUITER, start=f"/login?next=%2Fcandidates%2F{candidate.id}")
    expect(page.locator("#candidate-name")).to_have_text(candidate.full_name)
    page.locator("#tab-profile").click()
    expect(page.locator("#profile-values")).not_to_contain_text("+421901234567")

    response = _api(server, key, "PATCH", f"/candidates/{candidate.id}",
                    json={"phone": "+421901234567", "lastName": "Apisynced"})
    assert response.status_code == 200, response.text
    expect(page.locator("#profile-values")).to_contain_text("+421901234567", timeout=5000)  # no reload
    expect(page.locator("#candidate-name")).to_have_text(f"{candidate.first_name} Apisynced")
    page.locator("#tab-overview").click()
    expect(page.locator("#timeline .timeline-entry").first).to_contain_text("API key CRM sync changed")


class _Receiver:
    def __init__(self):
        self.requests: list[tuple[dict, bytes]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                outer.requests.append((dict(self.headers), self.rfile.read(int(self.headers["Content-Length"]))))
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/candor"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


def test_an_admin_registers_a_webhook_and_a_signed_test_event_arrives(page, server, tmp_path):
    receiver = _Receiver()
    try:
        login(page, ADMIN, start="/admin/webhooks")
        page.locator("#add-webhook").click()
        page.fill("#webhook-url", "http://hooks.example.com/plain-http")
        page.locator("#submit-webhook").click()
        expect(page.get_by_role("dialog").get_by_role("alert")).to_contain_text("https://")
        page.fill("#webhook-url", receiver.url)
        page.locator("#submit-webhook").click()
        secret_box = page.locator("#new-secret-value")
        expect(secret_box).to_have_value(re.compile(r"^whsec_"))
        secret = secret_box.input_value()
        page.locator("#close-new-secret").click()
        row = page.locator(f'#webhooks-table tr[data-url="{receiver.url}"]')
        expect(row).to_contain_text("candidate.updated")
        row.get_by_role("button", name=f"Send a test event to {receiver.url}").click()
        delivered = page.locator('#deliveries-table tr[data-event="webhook.test"][data-status="delivered"]')
        expect(delivered).to_have_count(1, timeout=20_000)  # the background loop sends it; the log updates live
        expect(delivered.locator(".response-code")).to_have_text("200")
        page.screenshot(path=str(tmp_path / "webhooks.png"), full_page=True)
        headers, body = receiver.requests[0]
        assert webhooks.verify(secret, body, headers["Candor-Timestamp"], headers["Candor-Signature"])
        assert json.loads(body)["type"] == "webhook.test"
    finally:
        receiver.stop()

"""A candidate's own files over HTTP: only with their portal cookie, only their own, only under their agency.

`client` is the TestClient over create_api() of tests/api_fixtures.py."""

from __future__ import annotations

import io
import json
import tempfile
import zipfile
from pathlib import Path

import pytest
from sqlmodel import select

from app.models import ActivityEvent, OutboxMessage
from app.services import auth, documents, portal, portal_auth
from app.services.candidates import create_candidate
from tests import docfiles
from tests.factories import actor_for, make_agency, make_user


def _portal_token(session, actor, candidate) -> str:
    """Open the candidate's portal and use the invitation, as the cookie route does."""
    portal_auth.open_portal(session, actor, candidate.id)
    session.commit()
    body = session.exec(select(OutboxMessage.body_text).where(OutboxMessage.candidate_id == candidate.id)
                        .order_by(OutboxMessage.created_at.desc())).first()
    exchange = portal_auth.exchange_link(session, body.split("/portal-auth/", 1)[1].split()[0])
    session.commit()
    return exchange.session_token


@pytest.fixture
def world(session):
    north, south = make_agency(session, "north"), make_agency(session, "south")
    recruiter = make_user(session, north, "recruiter")
    actor, south_actor = actor_for(recruiter), actor_for(make_user(session, south, "admin"))
    ann = create_candidate(session, actor, first_name="Ann", last_name="Lee", email="ann@example.com")
    bob = create_candidate(session, actor, first_name="Bob", last_name="Ray", email="bob@example.com")
    sue = create_candidate(session, south_actor, first_name="Sue", last_name="South", email="sue@example.com")
    session.commit()
    tokens = {c.first_name: _portal_token(session, a, c) for c, a in ((ann, actor), (bob, actor), (sue, south_actor))}
    who = {c.first_name: portal_auth.resolve(session, tokens[c.first_name]) for c in (ann, bob, sue)}
    ann_cv, _ = portal.upload_document(session, who["Ann"], "Ann CV.pdf", docfiles.pdf(), "cv")
    bob_cv, _ = portal.upload_document(session, who["Bob"], "Bob CV.pdf", docfiles.pdf("Bob"), "cv")
    sue_cv, _ = portal.upload_document(session, who["Sue"], "Sue CV.pdf", docfiles.pdf("Sue"), "cv")
    # A document the recruiter added is the candidate's own too.
    by_recruiter = documents.save(session, actor, ann.id, "contract.txt", b"signed", "other")
    staff_token, _ = auth.start_session(session, recruiter)
    session.commit()
    return {"tokens": tokens, "staff": staff_token, "ann": ann, "ann_cv": ann_cv, "bob_cv": bob_cv,
            "sue_cv": sue_cv, "by_recruiter": by_recruiter, "actor": actor}


def _as(client, token=None, staff=None):
    client.cookies.clear()
    if token:
        client.cookies.set(portal_auth.COOKIE_NAME, token)
    if staff:
        client.cookies.set(auth.COOKIE_NAME, staff)
    return client


def test_a_candidate_downloads_their_own_documents_as_private_attachments(client, world):
    ann = _as(client, world["tokens"]["Ann"])
    got = ann.get(f"/portal-files/north/documents/{world['ann_cv'].id}")
    assert got.status_code == 200 and got.content == docfiles.pdf()
    assert got.headers["content-type"] == "application/pdf"
    assert got.headers["content-disposition"].startswith("attachment;") and "Ann%20CV.pdf" in got.headers[
        "content-disposition"]
    assert got.headers["cache-control"] == "private, no-store" and got.headers["x-content-type-options"] == "nosniff"
    other = ann.get(f"/portal-files/north/documents/{world['by_recruiter'].id}")
    assert other.status_code == 200 and other.content == b"signed"


def test_another_candidates_document_is_not_found_in_any_agency(client, world):
    ann = _as(client, world["tokens"]["Ann"])
    for doc in (world["bob_cv"], world["sue_cv"]):
        assert ann.get(f"/portal-files/north/documents/{doc.id}").status_code == 404
    assert ann.get("/portal-files/north/documents/not-a-uuid").status_code == 404
    # Under another agency's address Ann is nobody, even for her own file.
    assert ann.get(f"/portal-files/south/documents/{world['ann_cv'].id}").status_code == 401
    sue = _as(client, world["tokens"]["Sue"])
    assert sue.get(f"/portal-files/south/documents/{world['sue_cv'].id}").status_code == 200
    assert sue.get(f"/portal-files/south/documents/{world['ann_cv'].id}").status_code == 404
    assert sue.get(f"/portal-files/north/documents/{world['ann_cv'].id}").status_code == 401


def test_no_cookie_a_staff_cookie_or_a_closed_portal_gets_nothing(client, session, world):
    url = f"/portal-files/north/documents/{world['ann_cv'].id}"
    assert _as(client).get(url).status_code == 401
    browser = _as(client).get(url, headers={"accept": "text/html"}, follow_redirects=False)
    assert browser.status_code == 303 and browser.headers["location"] == "/portal/north"
    assert _as(client, staff=world["staff"]).get(url).status_code == 401
    assert _as(client, staff=world["staff"]).post("/portal-files/north/my-data.zip").status_code == 401
    assert _as(client, "forged-token").get(url).status_code == 401
    portal_auth.close_portal(session, world["actor"], world["ann"].id)
    session.commit()
    assert _as(client, world["tokens"]["Ann"]).get(url).status_code == 401


def _exports() -> set[str]:
    return {p.name for p in Path(tempfile.gettempdir()).glob("candor-export-*")}


def test_my_data_zip_holds_the_json_and_the_files_and_leaves_nothing_on_disk(client, session, world):
    before = _exports()
    ann = _as(client, world["tokens"]["Ann"])
    assert ann.get("/portal-files/north/my-data.zip").status_code == 405  # a GET (link, prefetch) does nothing
    got = ann.post("/portal-files/north/my-data.zip")
    assert got.status_code == 200 and got.headers["content-type"] == "application/zip"
    assert got.headers["content-disposition"].startswith("attachment;")
    with zipfile.ZipFile(io.BytesIO(got.content)) as archive:
        names = set(archive.namelist())
        data = json.loads(archive.read("data.json"))
        assert archive.read("documents/Ann CV.pdf") == docfiles.pdf()
    assert names == {"data.json", "documents/Ann CV.pdf", "documents/contract.txt"}
    assert data["profile"]["email"] == "ann@example.com"
    assert "Bob" not in json.dumps(data) and "Sue" not in json.dumps(data)
    assert _exports() == before
    session.expire_all()
    assert session.exec(select(ActivityEvent).where(ActivityEvent.kind == "portal.data_exported")).one()
    # Under another agency's address, or from another candidate: nothing of Ann's.
    assert ann.post("/portal-files/south/my-data.zip").status_code == 401
    sue = _as(client, world["tokens"]["Sue"]).post("/portal-files/south/my-data.zip")
    with zipfile.ZipFile(io.BytesIO(sue.content)) as archive:
        assert "Ann" not in archive.read("data.json").decode() and "documents/Ann CV.pdf" not in archive.namelist()

"""The portal's cookie routes: a link shows a button (scanners do not use it up); the POST signs in once."""

from __future__ import annotations

import pytest
from sqlmodel import select
from starlette.testclient import TestClient

from app.api.server import create_api
from app.db import get_engine
from app.models import OutboxMessage
from app.services import portal_auth
from app.services.candidates import create_candidate
from app.settings import get_settings
from tests.factories import actor_for, make_agency, make_user


@pytest.fixture
def client(monkeypatch, database_url, engine):
    monkeypatch.setenv("DATABASE_URL", database_url)
    get_settings.cache_clear()
    get_engine.cache_clear()
    with TestClient(create_api(), base_url="http://testserver") as c:
        yield c
    get_engine().dispose()
    get_settings.cache_clear()
    get_engine.cache_clear()


@pytest.fixture
def invited(session):
    agency = make_agency(session, "north")
    actor = actor_for(make_user(session, agency, "recruiter"))
    ann = create_candidate(session, actor, first_name="Ann", last_name="Lee", email="ann@example.com")
    portal_auth.open_portal(session, actor, ann.id)
    session.commit()
    body = session.exec(select(OutboxMessage)).one().body_text
    return ann, body.split("/portal-auth/", 1)[1].split()[0]


def test_get_only_asks_to_continue_and_post_sets_an_httponly_cookie(client, session, invited):
    ann, raw = invited
    page = client.get(f"/portal-auth/{raw}")
    assert page.status_code == 200 and "Continue" in page.text and "North Agency" in page.text
    assert portal_auth.COOKIE_NAME not in page.cookies
    done = client.post(f"/portal-auth/{raw}", follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == "/portal/north"
    cookie = done.headers["set-cookie"]
    assert cookie.startswith(f"{portal_auth.COOKIE_NAME}=") and "HttpOnly" in cookie and "samesite=lax" in cookie.lower()
    token = done.cookies[portal_auth.COOKIE_NAME]
    session.expire_all()  # the route committed in its own session
    assert portal_auth.resolve(session, token).candidate_id == ann.id


def test_a_used_link_sends_back_to_the_portal_to_ask_for_another(client, invited):
    _, raw = invited
    client.post(f"/portal-auth/{raw}", follow_redirects=False)
    again = client.post(f"/portal-auth/{raw}", follow_redirects=False)
    assert again.status_code == 303 and again.headers["location"] == "/portal/north?link=dead"
    assert "set-cookie" not in again.headers
    assert "expired or was already used" in client.get(f"/portal-auth/{raw}").text
    assert client.post("/portal-auth/made-up", follow_redirects=False).headers["location"] == "/"


def test_sign_out_revokes_the_session(client, session, invited):
    _, raw = invited
    token = client.post(f"/portal-auth/{raw}", follow_redirects=False).cookies[portal_auth.COOKIE_NAME]
    client.cookies.set(portal_auth.COOKIE_NAME, token)
    out = client.post("/portal-auth/sign-out", follow_redirects=False)
    assert out.headers["location"] == "/portal/north?signed_out=1"
    session.expire_all()
    assert portal_auth.resolve(session, token) is None


def test_a_ticket_sets_the_cookie_without_navigation(client, session, invited):
    ann, raw = invited
    portal_auth.exchange_link(session, raw)
    session.commit()
    ticket = portal_auth.ticket_for(session, ann.id)
    session.commit()
    assert client.post("/portal-auth/ticket", data={"ticket": ticket}).status_code == 204
    assert client.post("/portal-auth/ticket", data={"ticket": ticket}).status_code == 403


def test_the_link_page_speaks_the_candidates_language(client, session, invited):
    ann, raw = invited
    ann.preferred_language = "fr"
    session.add(ann)
    session.commit()
    page = client.get(f"/portal-auth/{raw}")
    assert '<html lang="fr">' in page.text and "Continuer" in page.text and ">Continue<" not in page.text
    client.post(f"/portal-auth/{raw}", follow_redirects=False)
    dead = client.get(f"/portal-auth/{raw}")
    assert "Ce lien a expiré ou a déjà servi" in dead.text and "Recevoir un nouveau lien" in dead.text


def test_signing_in_tells_the_recruiters_screens(client, invited, monkeypatch):
    ann, raw = invited
    told = []

    async def record(*topics):
        told.extend(topics)

    monkeypatch.setattr("app.api.portal_routes.publish", record)
    client.post(f"/portal-auth/{raw}", follow_redirects=False)
    assert told == [f"candidate:{ann.id}", f"agency:{ann.agency_id}"]
    told.clear()
    client.post(f"/portal-auth/{raw}", follow_redirects=False)  # a dead link changes nothing: no one is told
    assert told == []

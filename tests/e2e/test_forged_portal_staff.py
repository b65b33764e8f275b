"""Forged socket events against the recruiter side of the portal (access bar, Messages tab, deletion request,
branding): another agency's admin, a viewer, and a signed-in candidate call the handlers directly with Harbour's
candidate in the route. Every call is refused, changes nothing and sends none of Harbour's data back; the same
calls from Harbour's own recruiter work, which proves the forged ones reached the handlers."""

from __future__ import annotations

import re

import pytest
from sqlmodel import Session, func, select

from app.models import Agency, Candidate, CandidateMessage, CandidateSession, OutboxMessage
from app.services import messages, portal, portal_auth
from app.services.auth import COOKIE_NAME
from app.states.admin_branding import AdminBrandingState
from app.states.candidate_portal import CandidatePortalState
from tests.e2e.conftest import login
from tests.e2e.forging import ForgedClient, db, run, var  # noqa: F401  (db is a fixture)
from tests.e2e.portal_helpers import PortalAgency
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.e2e
P = CandidatePortalState


def route(path: str, **params: str) -> dict:
    """router_data as the compiled frontend sends it on a dynamic route: the route args are in `query`."""
    return {"pathname": path.split("?")[0], "asPath": path, "query": params}


def _cookie(new_page, email: str) -> str:
    page = new_page()
    login(page, email, password=PASSWORD)
    return f"{COOKIE_NAME}=" + next(c["value"] for c in page.context.cookies() if c["name"] == COOKIE_NAME)


def _harbour_with_a_busy_candidate(db):
    """An open portal, a signed-in candidate with an unread reply and a deletion request."""
    harbour = PortalAgency(db)
    cid = harbour.candidate()
    with Session(db) as s:
        portal_auth.open_portal(s, harbour.recruiter, cid)
        s.commit()
        body = s.exec(select(OutboxMessage.body_text).where(OutboxMessage.candidate_id == cid)).first()
        exchange = portal_auth.exchange_link(s, re.search(r"/portal-auth/(\S+)", body).group(1))
        s.commit()
        who = portal_auth.resolve(s, exchange.session_token)
        messages.add_candidate_reply(s, who, "Secret reply from Harbour's candidate")
        portal.request_deletion(s, who)
        s.commit()
    return harbour, cid, exchange.session_token


def _state_of(db, harbour, cid) -> tuple:
    with Session(db) as s:
        candidate = s.get(Candidate, cid)
        agency = s.get(Agency, harbour.id)
        return (candidate.portal_status, candidate.anonymised_at, candidate.deletion_requested_at,
                s.exec(select(func.count()).select_from(CandidateSession).where(
                    CandidateSession.candidate_id == cid, CandidateSession.revoked_at.is_(None))).one(),
                s.exec(select(func.count()).select_from(CandidateMessage).where(
                    CandidateMessage.candidate_id == cid, CandidateMessage.read_at.is_(None))).one(),
                s.exec(select(func.count()).select_from(OutboxMessage).where(
                    OutboxMessage.candidate_id == cid)).one(),
                agency.primary_color, agency.portal_title, agency.support_email)


CALLS = [("open_portal", {}), ("resend_access", {}), ("tab_changed", {"tab": "messages"}),
         ("send_message", {"form": {"subject": "Forged", "body": "Forged body"}}),
         ("set_decline_reason", {"value": "Forged reason"}), ("decline_deletion", {}),
         ("set_confirm_name", {"value": "Ann Lee"}), ("confirm_deletion", {}), ("close_portal", {})]
BRANDING = {"primary_color": "#7f1d1d", "portal_title": "Forged title", "support_email": "evil@example.com",
            "welcome_text": "", "support_phone": "", "default_language": "en"}


async def _forge(c: ForgedClient, cid: str, branding: bool = True) -> dict:
    theirs = route(f"/candidates/{cid}", candidate_id=cid)
    await c.emit(P, "load", router_data=route(f"/candidates/{cid}?tab=messages", candidate_id=cid, tab="messages"))
    for handler, payload in CALLS:
        await c.emit(P, handler, router_data=theirs, **payload)
    if branding:
        at = route("/admin/branding")
        await c.emit(AdminBrandingState, "load", router_data=at)
        for name, value in BRANDING.items():
            await c.emit(AdminBrandingState, "set_field", router_data=at, name=name, value=value)
        await c.emit(AdminBrandingState, "save", router_data=at)
    return await c.snapshot(f"/candidates/{cid}")


def test_another_agencys_admin_is_refused_everything(db, new_page, server):
    harbour, cid, _ = _harbour_with_a_busy_candidate(db)
    before = _state_of(db, harbour, cid)
    other = PortalAgency(db, name="Rival Staffing")
    cookie = _cookie(new_page, other.admin.email)

    async def scenario():
        async with await ForgedClient.open(server.url, cookie) as c:
            snap = await _forge(c, str(cid), branding=False)
            return c, snap

    c, snap = run(scenario())
    assert var(snap, P, "thread") == [] and var(snap, P, "deletion_full_name") == ""
    assert var(snap, P, "deletion_requested") == "" and var(snap, P, "unread") == 0
    assert "Secret reply" not in c.text
    assert set(c.toasts()) == {("error", "Candidate not found.")}, c.toasts()
    assert _state_of(db, harbour, cid) == before


def test_a_viewer_and_a_recruiter_cannot_change_access_or_branding(db, new_page, server):
    harbour, cid, _ = _harbour_with_a_busy_candidate(db)
    with Session(db) as s:
        viewer = make_user(s, s.get(Agency, harbour.id), "viewer", email=f"viewer-{harbour.slug}@harbour.example.com")
        viewer_email = viewer.email
    before = _state_of(db, harbour, cid)
    as_viewer = _cookie(new_page, viewer_email)
    as_recruiter = _cookie(new_page, harbour.recruiter.email)

    async def scenario(cookie):
        async with await ForgedClient.open(server.url, cookie) as c:
            await c.emit(P, "load", router_data=route(f"/candidates/{cid}", candidate_id=str(cid)))
            theirs = route(f"/candidates/{cid}", candidate_id=str(cid))
            for handler, payload in CALLS:
                if handler != "tab_changed":
                    await c.emit(P, handler, router_data=theirs, **payload)
            at = route("/admin/branding")
            for name, value in BRANDING.items():
                await c.emit(AdminBrandingState, "set_field", router_data=at, name=name, value=value)
            await c.emit(AdminBrandingState, "save", router_data=at)
            return c, await c.snapshot(f"/candidates/{cid}")

    c, snap = run(scenario(as_viewer))
    assert var(snap, P, "can_write") is False and var(snap, P, "unread") == 1  # they may read, not act
    assert ("error", "Only an agency admin can do that.") in c.toasts()
    assert ("error", "Your role can view but not change records.") in c.toasts()
    assert _state_of(db, harbour, cid) == before

    c, snap = run(scenario(as_recruiter))  # a recruiter may act on the candidate, but not brand the portal
    assert ("error", "Only an agency admin can do that.") in c.toasts()
    after = _state_of(db, harbour, cid)
    assert after[-3:] == before[-3:]  # branding unchanged
    assert after[0] == "closed" and after[3] == 0  # the control: close_portal really ran and signed her out


def test_a_signed_in_candidate_reaches_no_recruiter_handler(db, new_page, server):
    harbour, cid, session_token = _harbour_with_a_busy_candidate(db)
    before = _state_of(db, harbour, cid)

    async def scenario():
        async with await ForgedClient.open(server.url, f"{portal_auth.COOKIE_NAME}={session_token}") as c:
            snap = await _forge(c, str(cid))
            return c, snap

    c, snap = run(scenario())
    assert var(snap, P, "thread") == [] and var(snap, P, "deletion_full_name") == ""
    assert "Secret reply" not in c.text
    assert c.toasts() == []
    assert all(a[0] == "redirect" and a[1].startswith("/login") for a in c.answers()), c.answers()
    assert _state_of(db, harbour, cid) == before
    with Session(db) as s:
        assert portal_auth.resolve(s, session_token) is not None  # still signed in: nothing was closed

"""The candidate portal's frame on a phone: sign in by emailed link, follow applications, apply to a job (live on the
recruiter's kanban), reply to a message, switch to French, and be signed out when the recruiter closes the portal.
Every page passes axe-core with no serious or critical violation."""

from __future__ import annotations

import re
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from app.models import (Application, Candidate, CandidateMessage, Job, Notification, OutboxMessage, PipelineStage,
                        ProfileUpdateRequest)
from app.services.portal import branding as branding_of
from app.services import applications, email, jobs, messages, portal_auth, profile_requests
from tests.e2e.a11y import assert_accessible
from tests.e2e.conftest import login
from tests.e2e.forging import db  # noqa: F401  (a fixture)
from tests.e2e.portal_helpers import DESKTOP, PHONE, PortalAgency, portal_cookie, sign_in_candidate
from tests.factories import PASSWORD

pytestmark = pytest.mark.e2e

SHOTS = Path(__file__).resolve().parents[2] / "test-results" / "portal-shell"


def _shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _fits(page: Page) -> None:
    width = page.viewport_size["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width, "something sticks out sideways"


def _last_mail(db, cid, purpose: str) -> str:
    with Session(db) as s:
        body = s.exec(select(OutboxMessage.body_text).where(OutboxMessage.candidate_id == cid,
                                                            OutboxMessage.purpose == purpose)
                      .order_by(OutboxMessage.created_at.desc())).first()
    return body


def _link_path(body: str, kind: str = "portal-auth") -> str:
    # The host in the email is this test process's CANDOR_PUBLIC_URL, not the server's: keep the path.
    return re.search(rf"/{kind}/\S+", body).group(0)


def _setup(db, harbour: PortalAgency, cid) -> tuple[str, str]:
    """Ann applied to Data Analyst (now at Interview, with candidate words); Forklift driver is open too."""
    with Session(db) as s:
        analyst = jobs.create_job(s, harbour.recruiter, title="Data Analyst", location="Leeds")
        forklift = jobs.create_job(s, harbour.recruiter, title="Forklift driver", location="Hull",
                                   employment_type="temp", description="Night shifts in the port.")
        jobs.create_job(s, harbour.recruiter, title="Crane operator", location="Hull")
        applications.assign_to_job(s, harbour.recruiter, [cid], analyst.id)
        interview = s.exec(select(PipelineStage).where(PipelineStage.agency_id == harbour.id,
                                                       PipelineStage.name == "Interview")).one()
        interview.portal_label, interview.portal_next_step = "Interview planned", "We will call you to fix a date."
        s.add(interview)
        application = s.exec(select(Application).where(Application.candidate_id == cid)).one()
        applications.move_stage(s, harbour.recruiter, application.id, interview.id)
        s.commit()
        return str(analyst.id), str(forklift.id)


def test_a_candidate_signs_in_by_link_follows_applies_replies_and_is_signed_out(db, new_page):
    harbour = PortalAgency(db)
    cid = harbour.candidate()
    _, forklift_id = _setup(db, harbour, cid)
    with Session(db) as s:
        portal_auth.open_portal(s, harbour.recruiter, cid)
        address = s.get(Candidate, cid).email
        s.commit()
        title = branding_of(s, harbour.slug).title

    # The branded sign-in page: the same answer for a stranger and for Ann.
    page = new_page(**PHONE)
    page.goto(f"/portal/{harbour.slug}")
    expect(page.locator("#ps-signin-title")).to_have_text("Sign in to your candidate space")
    expect(page.locator("#pt-portal-title")).to_have_text(title)
    expect(page.locator(".pt-header")).to_have_css("background-color", "rgb(15, 118, 110)")
    expect(page.locator(".pt-header img.pb-logo")).to_have_count(1)
    expect(page.locator(".pt-nav")).to_have_count(0)
    _fits(page)
    assert_accessible(page)
    page.fill("#ps-signin-email", "not an address")
    page.click("#ps-signin-send")
    expect(page.locator("#ps-signin-email-error")).to_contain_text("valid email")
    expect(page.locator("#ps-signin-email")).to_have_value("not an address")
    assert_accessible(page)
    page.fill("#ps-signin-email", "stranger@example.com")
    page.click("#ps-signin-send")
    stranger_answer = page.locator("#ps-signin-sent").inner_text()
    assert "sign-in link is on its way" in stranger_answer
    page.click("#ps-signin-again")
    page.fill("#ps-signin-email", address.upper())
    page.click("#ps-signin-send")
    expect(page.locator("#ps-signin-sent")).to_have_text(stranger_answer)
    _shot(page, "phone-sign-in-sent")
    magic = _last_mail(db, cid, "magic_link")
    assert magic is not None

    # The emailed link: Continue, then a clean URL and an HttpOnly cookie.
    page.goto(_link_path(magic))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(re.compile(rf"/portal/{harbour.slug}/applications$"))
    cookie = next(c for c in page.context.cookies() if c["name"] == portal_auth.COOKIE_NAME)
    assert cookie["httpOnly"] and "portal-auth" not in page.url

    # Applications: candidate words, the next step, the history; the frame on a phone.
    card = page.locator(".pt-card", has_text="Data Analyst")
    expect(card).to_contain_text("Interview planned")
    expect(card).to_contain_text("We will call you to fix a date.")
    card.locator("summary").click()
    expect(card.locator(".pt-step")).to_have_count(2)
    expect(card.locator(".pt-step").last).to_contain_text("Application received")
    expect(page.locator("#pt-nav-applications")).to_have_attribute("aria-current", "page")
    for key in ("applications", "jobs", "profile", "documents", "messages", "privacy"):
        expect(page.locator(f"#pt-nav-{key}")).to_have_attribute("href", f"/portal/{harbour.slug}/{key}")
    expect(page.locator("#pt-nav-timesheets")).to_have_count(0)  # temp sections: for temp workers only
    expect(page.locator("#pt-sign-out")).to_be_visible()
    expect(page.locator(".pt-sticky")).to_have_css("position", "sticky")
    expect(page.get_by_text("Built with Reflex")).to_have_count(0)
    _fits(page)
    assert_accessible(page)
    _shot(page, "phone-applications")

    # Jobs: search, Apply, Confirm; the recruiter's kanban shows the card live.
    recruiter = new_page(**DESKTOP)
    login(recruiter, harbour.recruiter.email, password=PASSWORD,
          start=f"/login?next=%2Fjobs%2F{forklift_id}")
    expect(recruiter.locator("#kanban")).to_be_visible()
    expect(recruiter.locator(".kanban-card")).to_have_count(0)
    page.click("#pt-nav-jobs")
    page.wait_for_url(re.compile(r"/jobs$"))
    expect(page.locator(".pt-card")).to_have_count(3)
    assert_accessible(page)
    page.fill("#pj-q", "forklift")
    page.click("#pj-search")
    expect(page.locator(".pt-card")).to_have_count(1)
    page.click(f"#pj-apply-{forklift_id}")
    expect(page.locator(f"#pj-confirm-{forklift_id}")).to_be_focused()
    _fits(page)
    assert_accessible(page)
    _shot(page, "phone-jobs-confirm")
    page.click(f"#pj-confirm-{forklift_id}")
    expect(page.locator("#ps-outcome")).to_contain_text("Your application for Forklift driver was sent")
    expect(page.locator(".pt-card .pt-applied")).to_be_visible()
    expect(recruiter.locator(".kanban-card", has_text="Ann Lee")).to_be_visible(timeout=10_000)
    with Session(db) as s:
        job = s.get(Job, uuid.UUID(forklift_id))
        [application] = s.exec(select(Application).where(Application.job_id == job.id)).all()
        assert application.owner_id == job.owner_id
        assert s.exec(select(Notification).where(Notification.user_id == job.owner_id,
                                                 Notification.kind == "application.portal")).first()
    page.fill("#pj-q", "")
    page.click("#pj-search")
    expect(page.locator(".pt-card")).to_have_count(3)
    expect(page.locator(".pt-card .pt-applied")).to_have_count(2)  # Data Analyst (before) and Forklift driver

    # Messages: the agency's email, a reply in the portal (unread for the recruiter).
    with Session(db) as s:
        messages.send(s, harbour.recruiter, cid, "Your interview", "See you Monday at 10.")
        s.commit()
        email.deliver_due(s, email.LocalOutbox())
        s.commit()
    page.click("#pt-nav-messages")
    page.wait_for_url(re.compile(r"/messages$"))
    mail = page.locator(".pt-card", has_text="Your interview")
    expect(mail).to_contain_text("See you Monday at 10.")
    assert_accessible(page)
    page.click("#pm-send")
    expect(page.locator("#pm-body-error")).to_contain_text("Write your message first")
    mail.get_by_role("button", name="Reply").click()
    expect(page.locator("#pm-replying")).to_contain_text("Your interview")
    expect(page.locator("#pm-body")).to_be_focused()
    page.fill("#pm-body", "Monday works for me.")
    page.click("#pm-send")
    expect(page.locator("#ps-outcome")).to_contain_text("Your message was sent")
    expect(page.locator(".pt-mine")).to_contain_text("Monday works for me.")
    expect(page.locator("#pm-body")).to_have_value("")
    _fits(page)
    assert_accessible(page)
    _shot(page, "phone-messages")
    with Session(db) as s:
        [reply] = s.exec(select(CandidateMessage).where(CandidateMessage.candidate_id == cid)).all()
        assert reply.subject == "Re: Your interview" and reply.read_at is None and reply.in_reply_to_id

    # The other pages of the frame pass axe too.
    for key in ("profile", "documents", "privacy"):
        page.click(f"#pt-nav-{key}")
        page.wait_for_url(re.compile(rf"/{key}$"))
        expect(page.locator(f"#pt-nav-{key}")).to_have_attribute("aria-current", "page")
        page.wait_for_selector(".ps-loading", state="detached")
        _fits(page)
        assert_accessible(page)

    # French, kept on the candidate, and the document's language follows.
    page.click("#pt-nav-applications")
    page.wait_for_url(re.compile(r"/applications$"))
    page.select_option("#pt-language", "fr")
    expect(page.locator("#pt-nav-applications")).to_contain_text("Candidatures")
    expect(page.locator("#pa-title")).to_have_text("Mes candidatures")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.locator(".pt-page")).to_have_attribute("lang", "fr")
    _fits(page)
    assert_accessible(page)
    _shot(page, "phone-applications-fr")
    with Session(db) as s:
        assert s.get(Candidate, cid).preferred_language == "fr"
    page.reload()
    expect(page.locator("#pt-sign-out")).to_contain_text("Se déconnecter")

    # The recruiter closes the portal: the open page leaves, and a link asked for before no longer works.
    page.select_option("#pt-language", "en")
    expect(page.locator("#pa-title")).to_have_text("My applications")
    with Session(db) as s:
        portal_auth.request_sign_in_link(s, harbour.slug, address)
        s.commit()
    old_link = _link_path(_last_mail(db, cid, "magic_link"))
    with Session(db) as s:
        portal_auth.close_portal(s, harbour.recruiter, cid)
        s.commit()
    # No live publish reaches the server from this test process: the periodic re-check signs the page out.
    page.wait_for_url(re.compile(rf"/portal/{harbour.slug}\?ended=1$"), timeout=45_000)
    expect(page.locator("#ps-signin-notice")).to_contain_text("Your session has ended")
    expect(page.locator(".pt-nav")).to_have_count(0)
    page.goto(old_link)
    expect(page.get_by_role("heading", name="This link has expired or was already used")).to_be_visible()
    page.get_by_role("link", name="Get a new link").click()
    page.wait_for_url(re.compile(rf"/portal/{harbour.slug}(\?.*)?$"))
    expect(page.locator("#ps-signin-title")).to_be_visible()
    page.goto(f"/portal/{harbour.slug}/applications")
    page.wait_for_url(re.compile(rf"/portal/{harbour.slug}$"))


def test_sign_out_and_dead_links_have_friendly_notices(db, new_page):
    harbour = PortalAgency(db)
    cid = harbour.candidate()
    page = new_page(**PHONE)
    slug = sign_in_candidate(page, db, cid)
    page.goto(f"/portal/{slug}/applications")
    expect(page.locator("#pa-empty")).to_contain_text("No applications yet")
    page.click("#pa-browse")
    page.wait_for_url(re.compile(r"/jobs$"))
    expect(page.locator("#pj-empty")).to_contain_text("No open jobs right now")
    assert_accessible(page)
    page.click("#pt-sign-out")
    page.wait_for_url(re.compile(rf"/portal/{slug}\?signed_out=1$"))
    expect(page.locator("#ps-signin-notice")).to_contain_text("You are signed out")
    assert not any(c["name"] == portal_auth.COOKIE_NAME for c in page.context.cookies())
    page.goto(f"/portal/{slug}?link=dead")
    expect(page.locator("#ps-signin-notice")).to_contain_text("expired or was already used")
    assert_accessible(page)
    page.goto("/portal/no-such-agency")
    expect(page.get_by_text("This candidate space does not exist")).to_be_visible()

    desktop = new_page(**DESKTOP)  # the same frame on a desktop: the navigation in one row, nothing cut off
    sign_in_candidate(desktop, db, cid)
    desktop.goto(f"/portal/{slug}/jobs")
    expect(desktop.locator("#pj-empty")).to_be_visible()
    last = desktop.locator("#pt-nav-privacy").bounding_box()
    assert last["x"] + last["width"] <= 1280 and last["y"] == desktop.locator("#pt-nav-jobs").bounding_box()["y"]
    _fits(desktop)
    assert_accessible(desktop)
    _shot(desktop, "desktop-jobs")


def test_a_profile_update_link_signs_an_open_portal_in(db, new_page):
    harbour = PortalAgency(db)
    cid = harbour.candidate()
    first = new_page(**PHONE)
    slug = sign_in_candidate(first, db, cid)  # the portal is open
    with Session(db) as s:
        profile_requests.request_update(s, harbour.recruiter, cid)
        s.commit()
        assert s.exec(select(ProfileUpdateRequest).where(ProfileUpdateRequest.candidate_id == cid)).first()
    page = new_page(**PHONE)  # another device: no portal cookie yet
    page.goto(_link_path(_last_mail(db, cid, profile_requests.PURPOSE), "update"))
    expect(page.locator("#pu-city")).to_be_visible()
    deadline_cookie = None
    for _ in range(40):
        deadline_cookie = next((c for c in page.context.cookies() if c["name"] == portal_auth.COOKIE_NAME), None)
        if deadline_cookie:
            break
        page.wait_for_timeout(250)
    assert deadline_cookie is not None and deadline_cookie["httpOnly"]
    page.goto(f"/portal/{slug}/applications")
    expect(page.locator("#pa-title")).to_have_text("My applications")
    assert portal_cookie(page) != portal_cookie(first)


def test_an_open_page_is_signed_out_live_when_its_candidate_topic_is_published(db, new_page, server):
    """A recruiter's close publishes `portal:<id>`; any publish of the candidate's topics makes the open page
    re-check its session at once. Here an API write publishes `candidate:<id>` from inside the server."""
    import httpx

    from app.services import api_keys

    harbour = PortalAgency(db)
    cid = harbour.candidate()
    with Session(db) as s:
        _, key = api_keys.create_key(s, harbour.admin, "sync", "read_write")
        s.commit()
    page = new_page(**PHONE)
    slug = sign_in_candidate(page, db, cid)
    page.goto(f"/portal/{slug}/jobs")
    expect(page.locator("#pj-heading")).to_have_text("Jobs")
    page.wait_for_selector(".ps-loading", state="detached")
    with Session(db) as s:
        portal_auth.close_portal(s, harbour.recruiter, cid)
        s.commit()
    response = httpx.patch(f"{server.url}/api/v1/candidates/{cid}", json={"phone": "+442079460959"},
                           headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 200, response.text
    # Well before the periodic re-check (every 20 s since the page loaded) could have run.
    page.wait_for_url(re.compile(rf"/portal/{slug}\?ended=1$"), timeout=8_000)
    expect(page.locator("#ps-signin-notice")).to_contain_text("Your session has ended")


# --- forged socket events --------------------------------------------------------------------------------------

def _route(slug: str, page: str) -> dict:
    path = f"/portal/{slug}/{page}"
    return {"pathname": path, "asPath": path, "query": {"portal_slug": slug}}


def test_forged_events_reach_only_the_signed_in_candidate(server, db):
    from app.services import portal
    from app.states.candidate_profile import CandidateProfileState
    from app.states.job_board import JobBoardState
    from app.states.portal_applications import PortalApplicationsState
    from app.states.portal_jobs import PortalJobsState
    from app.states.portal_messages import PortalMessagesState
    from app.states.portal_session import PortalSessionState
    from tests.e2e.forging import ForgedClient, run, var
    from tests.e2e.portal_helpers import _invitation_path

    harbour = PortalAgency(db)
    ann_id, bob_id = harbour.candidate("Ann", "Lee"), harbour.candidate("Bob", "Ray")
    analyst_id, forklift_id = _setup(db, harbour, ann_id)

    def session_of(cid) -> str:
        raw = _invitation_path(db, cid).rsplit("/", 1)[-1]
        with Session(db) as s:
            exchange = portal_auth.exchange_link(s, raw)
            s.commit()
        return exchange.session_token

    ann, bob = session_of(ann_id), session_of(bob_id)
    with Session(db) as s:
        mail = messages.send(s, harbour.recruiter, ann_id, "Ann's secret offer", "Salary 99,999")
        s.commit()
        email.deliver_due(s, email.LocalOutbox())
        s.commit()
        mail_id = str(mail.id)
        who = portal_auth.resolve(s, ann)
        portal.reply(s, who, "Ann's private reply")
        s.commit()
    slug = harbour.slug
    # (Job titles are no secret: every candidate of the agency sees its open jobs. Ids sent in router data echo.)
    secrets = ("Ann's secret offer", "Salary 99,999", "Ann's private reply", "Interview planned",
               "We will call you")

    def counts():
        with Session(db) as s:
            return (len(s.exec(select(Application)).all()), len(s.exec(select(CandidateMessage)).all()),
                    s.get(Candidate, ann_id).preferred_language, s.get(Candidate, bob_id).preferred_language)

    before = counts()

    async def attack(cookie: str | None, route_slug: str, staff_pages: bool = True):
        async with await ForgedClient.open(server.url, cookie) as c:
            for state, page, handler, payload in (
                    (PortalSessionState, "applications", "guard", {}),
                    (PortalApplicationsState, "applications", "load", {}),
                    (PortalJobsState, "jobs", "load", {}),
                    (PortalJobsState, "jobs", "confirm", {"job_id": forklift_id}),
                    (PortalMessagesState, "messages", "load", {}),
                    (PortalMessagesState, "messages", "reply_to", {"message_id": mail_id}),
                    (PortalMessagesState, "messages", "send", {"form": {"body": "forged"}}),
                    (PortalSessionState, "applications", "change_language", {"lang": "fr"})):
                await c.emit(state, handler, router_data=_route(route_slug, page), **payload)
            # A candidate's cookie on recruiter pages: the workspace's handlers see no staff session.
            if not staff_pages:  # (a recruiter of the agency may read Ann's profile there: not a forgery)
                return c, await c.snapshot(f"/portal/{route_slug}/messages")
            await c.emit(JobBoardState, "load", router_data={"pathname": f"/jobs/{analyst_id}",
                                                             "asPath": f"/jobs/{analyst_id}",
                                                             "query": {"job_id": analyst_id}})
            await c.emit(CandidateProfileState, "load", router_data={"pathname": f"/candidates/{ann_id}",
                                                                     "asPath": f"/candidates/{ann_id}",
                                                                     "query": {"candidate_id": str(ann_id)}})
            return c, await c.snapshot(f"/portal/{route_slug}/messages")

    from app.services.auth import COOKIE_NAME as STAFF_COOKIE
    from app.services.auth import start_session
    from app.models import User

    with Session(db) as s:
        staff, _ = start_session(s, s.get(User, harbour.recruiter.user_id))
        s.commit()
    for cookie, route_slug in ((None, slug), (f"{STAFF_COOKIE}={staff}", slug),
                               (f"{portal_auth.COOKIE_NAME}={ann}", "northwind"),
                               (f"{portal_auth.COOKIE_NAME}=made-up", slug)):
        c, snap = run(attack(cookie, route_slug, staff_pages=STAFF_COOKIE not in (cookie or "")))
        assert var(snap, PortalApplicationsState, "rows") == [] and var(snap, PortalMessagesState, "rows") == []
        if STAFF_COOKIE not in (cookie or ""):
            assert var(snap, CandidateProfileState, "full_name") == "" and not var(snap, CandidateProfileState, "loaded")
            assert var(snap, JobBoardState, "columns") == [] and var(snap, JobBoardState, "title") == ""
        for secret in secrets:
            assert secret not in c.text, f"{secret!r} reached a socket with cookie {cookie!r} on {route_slug}"
        assert "An error occurred" not in c.text
        assert counts() == before

    # Bob, signed in, forging Ann's ids: he sees and changes only his own things.
    c, snap = run(attack(f"{portal_auth.COOKIE_NAME}={bob}", slug))
    for secret in secrets:
        assert secret not in c.text
    assert var(snap, PortalMessagesState, "replying_to") == ""  # Ann's email is not his to answer
    assert var(snap, CandidateProfileState, "full_name") == "" and var(snap, JobBoardState, "columns") == []
    # His own application (made by the forged confirm, shown live), never Ann's Data Analyst one.
    assert [r["job_title"] for r in var(snap, PortalApplicationsState, "rows")] == ["Forklift driver"]
    apps, msgs, ann_lang, bob_lang = counts()
    assert apps == before[0] + 1 and msgs == before[1] + 1 and ann_lang == before[2] and bob_lang == "fr"
    with Session(db) as s:
        forged = s.exec(select(CandidateMessage).where(CandidateMessage.body == "forged")).one()
        assert forged.candidate_id == bob_id and forged.in_reply_to_id is None
        assert s.exec(select(Application).where(Application.candidate_id == bob_id)).one().job_id is not None

"""The candidate portal end to end, as issue 5 tells it: a recruiter opens the portal, the invitation is in the
outbox, the candidate signs in by its link on a phone, follows an application, applies to another job (live on the
recruiter's kanban), uploads a document, renews consent, downloads their data, replies to a message; the recruiter
closes the portal, the candidate's open page is signed out at once and the old link is dead."""

from __future__ import annotations

import io
import json
import re
import uuid
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from app.models import Application, CandidateMessage, CandidateSession, Job, PipelineStage
from app.services import applications, jobs
from tests import docfiles
from tests.e2e.conftest import login
from tests.e2e.forging import db  # noqa: F401  (a fixture)
from tests.e2e.portal_helpers import DESKTOP, PHONE, PortalAgency
from tests.factories import PASSWORD

pytestmark = pytest.mark.e2e


def _staff(new_page, actor, path: str) -> Page:
    page = new_page(**DESKTOP)
    login(page, actor.email, password=PASSWORD, start="/login?next=" + path.replace("/", "%2F"))
    return page


def _jobs(db, harbour: PortalAgency, cid) -> str:
    """Ann is at Interview for Data Analyst (with candidate words); Forklift driver is open and has no one."""
    with Session(db) as s:
        analyst = jobs.create_job(s, harbour.recruiter, title="Data Analyst", location="Leeds")
        forklift = jobs.create_job(s, harbour.recruiter, title="Forklift driver", location="Hull")
        applications.assign_to_job(s, harbour.recruiter, [cid], analyst.id)
        interview = s.exec(select(PipelineStage).where(PipelineStage.agency_id == harbour.id,
                                                       PipelineStage.name == "Interview")).one()
        interview.portal_label, interview.portal_next_step = "Interview planned", "We will call you to fix a date."
        s.add(interview)
        application = s.exec(select(Application).where(Application.candidate_id == cid)).one()
        applications.move_stage(s, harbour.recruiter, application.id, interview.id)
        s.commit()
        return str(forklift.id)


def test_the_portal_from_invitation_to_closing(db, new_page, tmp_path):
    harbour = PortalAgency(db)
    cid = harbour.candidate()
    forklift_id = _jobs(db, harbour, cid)

    # The recruiter opens the portal from the profile; the invitation is in the admin's outbox.
    recruiter = _staff(new_page, harbour.recruiter, f"/candidates/{cid}")
    expect(recruiter.locator("#portal-state")).to_have_text("Closed")
    recruiter.click("#open-portal")
    expect(recruiter.locator("#portal-state")).to_have_text("Invited")
    admin = _staff(new_page, harbour.admin, "/admin/outbox")
    row = admin.locator(".outbox-row", has_text="Portal invitation").first
    expect(row).to_be_visible()
    row.locator(".outbox-open").click()
    invitation = admin.get_by_role("dialog").inner_text()
    link = re.search(r"/portal-auth/\S+", invitation).group(0)  # the host is the test's public URL: keep the path
    admin.close()

    # On a phone: the link, Continue, and the applications with the stage in the candidate's words.
    page = new_page(**PHONE)
    page.goto(link)
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(re.compile(rf"/portal/{harbour.slug}/applications$"))
    card = page.locator(".pt-card", has_text="Data Analyst")
    expect(card).to_contain_text("Interview planned")
    expect(card).to_contain_text("We will call you to fix a date.")
    recruiter.reload()
    expect(recruiter.locator("#portal-state")).to_contain_text("Open since")

    # Apply to another job: the card appears live on the recruiter's kanban.
    kanban = _staff(new_page, harbour.recruiter, f"/jobs/{forklift_id}")
    expect(kanban.locator("#kanban")).to_be_visible()
    expect(kanban.locator(".kanban-card")).to_have_count(0)
    page.click("#pt-nav-jobs")
    page.wait_for_url(re.compile(r"/jobs$"))
    page.click(f"#pj-apply-{forklift_id}")
    page.click(f"#pj-confirm-{forklift_id}")
    expect(page.locator("#ps-outcome")).to_contain_text("Your application for Forklift driver was sent")
    expect(kanban.locator(".kanban-card", has_text="Ann Lee")).to_be_visible(timeout=10_000)
    with Session(db) as s:
        job = s.get(Job, uuid.UUID(forklift_id))
        assert s.exec(select(Application).where(Application.job_id == job.id)).one().owner_id == job.owner_id
    kanban.close()

    # Upload a document.
    page.click("#pt-nav-documents")
    page.wait_for_url(re.compile(r"/documents$"))
    cv = tmp_path / "Ann CV.pdf"
    cv.write_bytes(docfiles.pdf("Ann Lee CV"))
    page.locator("[data-testid=portal-dropzone] input[type=file]").set_input_files(str(cv))
    expect(page.locator(".ps-doc")).to_contain_text("Ann CV.pdf")

    # Give, then renew consent; download everything.
    page.click("#pt-nav-privacy")
    page.wait_for_url(re.compile(r"/privacy$"))
    page.locator("#ps-consent-agree").click()
    expect(page.locator("#ps-consent-agree")).to_contain_text("Renew until")
    page.locator("#ps-consent-agree").click()
    expect(page.locator(".ps-decision").nth(0)).to_have_attribute("data-action", "renewed")
    with page.expect_download() as download:
        page.locator("#ps-export").click()
    with zipfile.ZipFile(io.BytesIO(Path(download.value.path()).read_bytes())) as archive:
        assert "documents/Ann CV.pdf" in archive.namelist()
        data = json.loads(archive.read("data.json"))
    assert data["profile"]["last_name"] == "Lee"
    assert [c["action"] for c in data["consent"]][:2] == ["renewed", "given"]

    # The recruiter writes; the candidate replies; the reply is unread on the recruiter's Messages tab.
    recruiter.goto(f"/candidates/{cid}?tab=messages")
    recruiter.fill("#compose-subject", "Your interview")
    recruiter.fill("#compose-body", "See you Monday at 10.")
    recruiter.click("#send-message")
    expect(recruiter.get_by_text("Message queued for sending.")).to_be_visible()
    page.click("#pt-nav-messages")
    page.wait_for_url(re.compile(r"/messages$"))
    mail = page.locator(".pt-card", has_text="Your interview")
    for _ in range(30):  # the background loop hands the email over within seconds
        if mail.count():
            break
        page.wait_for_timeout(1000)
        page.reload()
    mail.get_by_role("button", name="Reply").click()
    page.fill("#pm-body", "Monday works for me.")
    page.click("#pm-send")
    expect(page.locator(".pt-mine")).to_contain_text("Monday works for me.")
    recruiter.goto(f"/candidates/{cid}")
    expect(recruiter.locator("#tab-messages .messages-unread").first).to_have_text("1 unread")
    with Session(db) as s:
        reply = s.exec(select(CandidateMessage).where(CandidateMessage.candidate_id == cid)).one()
        assert reply.subject == "Re: Your interview"

    # The recruiter closes the portal: the candidate's open page leaves at once, the old link is dead.
    page.click("#pt-nav-applications")
    page.wait_for_url(re.compile(r"/applications$"))
    recruiter.click("#close-portal")
    recruiter.click("#confirm-close-portal")
    expect(recruiter.locator("#portal-state")).to_have_text("Closed")
    # Faster than the 20-second re-check: the close is published live.
    page.wait_for_url(re.compile(rf"/portal/{harbour.slug}\?ended=1$"), timeout=12_000)
    expect(page.locator(".pt-nav")).to_have_count(0)
    with Session(db) as s:
        assert all(x.revoked_at is not None for x in s.exec(select(CandidateSession)
                                                            .where(CandidateSession.candidate_id == cid)))
    page.goto(link)
    expect(page.get_by_role("heading", name="This link has expired or was already used")).to_be_visible()
    page.goto(f"/portal/{harbour.slug}/applications")
    page.wait_for_url(re.compile(rf"/portal/{harbour.slug}$"))

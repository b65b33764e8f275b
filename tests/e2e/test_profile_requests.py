"""Recruiters asking candidates to update their profile: one click on a profile, or in bulk from the list."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import expect
from sqlalchemy import func
from sqlmodel import Session, create_engine, select

from app.models import Agency, Candidate, OutboxMessage, ProfileUpdateRequest
from tests.e2e.conftest import login

pytestmark = pytest.mark.e2e

RECRUITER = "recruiter@northwind.example.com"


@pytest.fixture
def db(server):
    engine = create_engine(server.database_url)
    yield engine
    engine.dispose()


def add_candidates(engine, marker: str, n: int, with_email: bool = True) -> list[str]:
    """Candidates whose names carry `marker`, so one search finds exactly them."""
    with Session(engine) as s:
        agency = s.exec(select(Agency).where(Agency.slug == "northwind")).one()
        rows = []
        for i in range(n):
            email = f"{marker}.{i}@example.net" if with_email else None
            rows.append(Candidate(agency_id=agency.id, first_name=f"P{i:03d}", last_name=marker.title(), email=email,
                                  search_text=f"p{i:03d} {marker} {email or ''}".strip()))
        s.add_all(rows)
        s.commit()
        return [str(r.id) for r in rows]


def test_bulk_request_for_500_candidates_queues_one_email_each_and_shows_the_sending(page, db):
    marker = f"bulk{uuid.uuid4().hex[:6]}"
    add_candidates(db, marker, 497)
    add_candidates(db, marker + "x", 3, with_email=False)  # "bulkabcdefx": found by the same search
    login(page, RECRUITER, start=f"/login?next=%2Fcandidates%3Fq%3D{marker}")
    expect(page.locator("#result-count")).to_contain_text("of 500")
    page.locator("#select-page").click()
    page.locator("#select-all-matching").click()
    expect(page.locator("#all-matching-note")).to_contain_text("All 500 matching")
    page.locator("#bulk-profile-update").click()
    expect(page.get_by_role("dialog")).to_contain_text("Each candidate gets their own email")
    page.locator("#bulk-apply").click()

    progress = page.locator("#bulk-progress")
    expect(progress).to_contain_text("Request profile update")
    expect(progress).to_have_attribute("data-status", "done", timeout=60_000)
    expect(progress).to_contain_text("497 requests queued, one email each. 3 candidates have no email address")
    expect(page.locator("#emails-count")).to_have_text("497 of 497", timeout=60_000)

    with Session(db) as s:
        messages = s.exec(select(OutboxMessage).where(OutboxMessage.to_email.like(f"{marker}.%"))).all()
        failed = s.exec(select(func.count()).select_from(ProfileUpdateRequest)
                        .join(Candidate, Candidate.id == ProfileUpdateRequest.candidate_id)
                        .where(Candidate.last_name == (marker + "x").title(),
                               ProfileUpdateRequest.status == "failed")).one()
    assert len(messages) == 497 and len({m.to_email for m in messages}) == 497  # one email per candidate
    links = {re.search(r"/update/(\S+)", m.body_text).group(1) for m in messages}
    assert len(links) == 497 and all(m.status == "sent" for m in messages)
    assert failed == 3

    # The request list tells who could not be reached, and why.
    page.locator("#progress-requests-link").click()
    expect(page).to_have_url(re.compile(r"/profile-updates"))
    page.locator("#filter-failed").click()
    expect(page.locator("#requests-table")).to_contain_text("No email address on file.")
    expect(page.locator("#requests-table")).to_contain_text((marker + "x").title())


def test_request_from_a_profile_is_tracked_live_and_can_be_cancelled(page, db):
    marker = f"one{uuid.uuid4().hex[:6]}"
    [cid] = add_candidates(db, marker, 1)
    login(page, RECRUITER, start=f"/login?next=%2Fcandidates%2F{cid}")
    expect(page.locator("#candidate-name")).to_have_text(f"P000 {marker.title()}")
    page.locator("#request-update").click()
    expect(page.get_by_text(f"Profile update request queued for {marker}.0@example.net")).to_be_visible()
    # The background sender hands it to the (local) mail service; the status follows without a reload.
    expect(page.locator("#request-pending")).to_have_text("Profile update sent", timeout=20_000)
    page.locator("#tab-updates").click()
    row = page.locator(".request-row").first
    expect(row.locator(".request-status")).to_have_attribute("data-status", "sent")
    row.locator(".request-cancel").click()
    page.locator("#confirm-cancel-request").click()
    expect(row.locator(".request-status")).to_have_attribute("data-status", "cancelled")
    expect(page.locator("#request-pending")).to_have_count(0)
    with Session(db) as s:
        request = s.exec(select(ProfileUpdateRequest).where(ProfileUpdateRequest.candidate_id == uuid.UUID(cid))).one()
    assert request.status == "cancelled"


def test_the_whole_loop_through_the_ui_button_outbox_link_form_and_back(new_page, db, server):
    """Recruiter clicks the button; an admin finds the email in the outbox and follows its link, as a candidate
    would; the form is the candidate's, pre-filled; submitting it shows up on the recruiter's open profile."""
    marker = f"loop{uuid.uuid4().hex[:6]}"
    [cid] = add_candidates(db, marker, 1)
    recruiter = new_page()
    login(recruiter, RECRUITER, start=f"/login?next=%2Fcandidates%2F{cid}")
    recruiter.locator("#request-update").click()
    expect(recruiter.locator("#request-pending")).to_have_text("Profile update sent", timeout=20_000)

    admin = new_page()
    login(admin, "admin@northwind.example.com", start="/login?next=%2Fadmin%2Foutbox")
    subject = "Northwind Staffing: please update your profile"
    admin.locator(f'.outbox-row:has-text("{marker}.0@example.net")').get_by_role("button", name=subject).click()
    body = admin.locator("#message-body")
    expect(body).to_contain_text(f"Hello P000")
    link = body.get_by_role("link").filter(has_text="/update/")
    href = link.get_attribute("href")
    assert href.startswith(f"{server.url}/update/")
    link.click()
    expect(admin).to_have_url(href)
    expect(admin.locator("#pu-last_name")).to_have_value(marker.title())
    admin.fill("#pu-city", "Harrogate")
    admin.locator("#pu-submit").click()
    expect(admin.locator("#pu-success")).to_be_visible()
    recruiter.locator("#tab-profile").click()
    expect(recruiter.locator("#profile-values")).to_contain_text("Harrogate", timeout=10_000)
    recruiter.locator("#tab-updates").click()
    expect(recruiter.locator(".request-row .request-status").first).to_have_attribute("data-status", "submitted")

"""The recruiter's and admin's side of the candidate portal, clicked like a person: open the portal (the invitation
is in the outbox), close it with a confirmation, read the candidate's replies in the Messages tab, answer a deletion
request, and brand the portal with a live preview. Every page passes axe-core."""

from __future__ import annotations

import re
import urllib.request

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from app.models import Agency, Candidate, CandidateMessage, CandidateSession, OutboxMessage, PipelineStage
from app.services import messages, portal, portal_auth
from tests.e2e.a11y import assert_accessible
from tests.e2e.conftest import login
from tests.e2e.forging import db  # noqa: F401  (a fixture)
from tests.e2e.portal_helpers import DESKTOP, PHONE, PortalAgency, sign_in_candidate
from tests.factories import PASSWORD

pytestmark = pytest.mark.e2e

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
       b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")


def _staff(new_page, actor, path: str) -> Page:
    page = new_page(**DESKTOP)
    login(page, actor.email, password=PASSWORD, start=f"/login?next={path.replace('/', '%2F').replace('?', '%3F')}")
    return page


def _accessible(page: Page, context: str | None = None) -> None:
    """axe, once the toasts have gone (sonner fades the older ones of a stack, which axe reads as low contrast)."""
    expect(page.locator("[data-sonner-toast]")).to_have_count(0, timeout=20_000)
    assert_accessible(page, context)


def _signed_in(db, harbour: PortalAgency, cid):
    """The candidate signs in (by the services, as the cookie route does): their CandidateActor."""
    with Session(db) as s:
        portal_auth.open_portal(s, harbour.recruiter, cid)
        s.commit()
        body = s.exec(select(OutboxMessage.body_text).where(OutboxMessage.candidate_id == cid)).first()
        exchange = portal_auth.exchange_link(s, re.search(r"/portal-auth/(\S+)", body).group(1))
        s.commit()
        return portal_auth.resolve(s, exchange.session_token)


def test_recruiter_opens_resends_and_closes_the_portal(db, new_page):
    harbour = PortalAgency(db)
    cid = harbour.candidate()
    page = _staff(new_page, harbour.recruiter, f"/candidates/{cid}")
    expect(page.locator("#portal-state")).to_have_text("Closed")
    assert_accessible(page, "#portal-access")

    page.click("#open-portal")
    expect(page.locator("#portal-state")).to_have_text("Invited")
    expect(page.locator("#portal-detail")).to_contain_text("not used yet")
    expect(page.locator(".timeline-entry").first).to_contain_text("opened the candidate portal for Ann")

    with Session(db) as s:
        email = s.get(Candidate, cid).email
    admin = _staff(new_page, harbour.admin, "/admin/outbox")
    row = admin.locator(".outbox-row", has_text=email)
    expect(row).to_contain_text("Portal invitation")
    row.locator(".outbox-open").click()
    expect(admin.get_by_role("dialog")).to_contain_text(f"/portal/{harbour.slug}")  # {PORTAL_URL}
    admin.close()

    candidate = new_page(**PHONE)
    slug = sign_in_candidate(candidate, db, cid)
    # No reload: the sign-in is published, and the recruiter's bar follows.
    expect(page.locator("#portal-state")).to_contain_text("Open since", timeout=10_000)
    expect(page.locator("#portal-detail")).to_contain_text("Last visit:")

    page.click("#resend-portal")
    expect(page.get_by_text("A new access link is on its way.")).to_be_visible()

    page.click("#close-portal")
    dialog = page.get_by_role("alertdialog")
    expect(dialog).to_contain_text("signed out at once")
    assert_accessible(page, "[role=alertdialog]")
    dialog.get_by_role("button", name="Cancel").click()
    expect(page.locator("#portal-state")).to_contain_text("Open since")  # cancelled: nothing happened
    page.click("#close-portal")
    page.click("#confirm-close-portal")
    expect(page.locator("#portal-state")).to_have_text("Closed")
    expect(page.locator("#open-portal")).to_be_visible()
    with Session(db) as s:
        assert all(x.revoked_at is not None for x in s.exec(select(CandidateSession)
                                                            .where(CandidateSession.candidate_id == cid)))
        last = s.exec(select(OutboxMessage.body_text).where(OutboxMessage.candidate_id == cid,
                                                           OutboxMessage.purpose == "portal_invitation")
                      .order_by(OutboxMessage.created_at.desc())).first()
        assert portal_auth.exchange_link(s, re.search(r"/portal-auth/(\S+)", last).group(1)) is None  # link dead
    candidate.goto(f"/portal/{slug}/profile")
    expect(candidate).to_have_url(re.compile(rf"/portal/{re.escape(slug)}/?$"))  # signed out
    _accessible(page)


def test_messages_tab_counts_unread_replies_and_marks_them_read(db, new_page):
    harbour = PortalAgency(db)
    cid = harbour.candidate()
    who = _signed_in(db, harbour, cid)
    with Session(db) as s:
        messages.add_candidate_reply(s, who, "Tuesday works for me.", subject="Interview")
        messages.add_candidate_reply(s, who, "Also, my new phone is in the profile.")
        s.commit()
    page = _staff(new_page, harbour.recruiter, f"/candidates/{cid}")
    expect(page.locator("#tab-messages .messages-unread").first).to_have_text("2 unread")
    _accessible(page)
    page.click("#tab-messages")
    thread = page.locator("#message-thread")
    expect(thread).to_contain_text("Tuesday works for me.")
    expect(thread.locator(".message-out")).to_contain_text(harbour.name)  # the invitation, in the same thread
    expect(page.locator("#tab-messages .messages-unread")).to_have_count(0)
    with Session(db) as s:
        assert all(m.read_at is not None for m in s.exec(select(CandidateMessage)
                                                         .where(CandidateMessage.candidate_id == cid)))
        messages.add_candidate_reply(s, who, "One more thing.")
        s.commit()

    page.goto(f"/candidates/{cid}?tab=messages")  # the notification's deep link opens the tab and reads it
    expect(page.locator("#message-thread")).to_contain_text("One more thing.")
    expect(page.locator("#tab-messages .messages-unread")).to_have_count(0)
    with Session(db) as s:
        assert s.exec(select(CandidateMessage).where(CandidateMessage.candidate_id == cid,
                                                     CandidateMessage.read_at.is_(None))).first() is None

    page.click("#send-message")
    expect(page.get_by_text("Give a subject of at most 300 characters.")).to_be_visible()
    page.fill("#compose-subject", "Interview confirmed")
    page.fill("#compose-body", "See you on Tuesday at 10.")
    page.click("#send-message")
    expect(page.get_by_text("Message queued for sending.")).to_be_visible()
    expect(page.locator("#message-thread .message-out").first).to_contain_text("Interview confirmed")
    expect(page.locator("#compose-subject")).to_have_value("")
    _accessible(page)


def test_deletion_request_is_declined_with_a_reason_then_granted(db, new_page):
    harbour = PortalAgency(db)
    cid = harbour.candidate()
    who = _signed_in(db, harbour, cid)
    with Session(db) as s:
        portal.request_deletion(s, who)
        s.commit()
    page = _staff(new_page, harbour.recruiter, f"/candidates/{cid}")
    expect(page.locator("#deletion-request")).to_contain_text("Deletion requested")
    _accessible(page)
    page.click("#deletion-decline")
    page.click("#confirm-decline")
    expect(page.get_by_text("Say why: the candidate will read this reason.")).to_be_visible()
    page.fill("#decline-reason", "Your timesheet for last week is still open.")
    page.click("#confirm-decline")
    expect(page.locator("#deletion-request")).to_have_count(0)
    expect(page.locator(".timeline-entry").first).to_contain_text(
        "declined the deletion request: Your timesheet for last week is still open.")
    with Session(db) as s:
        told = s.exec(select(OutboxMessage).where(OutboxMessage.candidate_id == cid,
                                                  OutboxMessage.purpose == "message")).one()
        assert "Your timesheet for last week is still open." in told.body_text
        portal.request_deletion(s, who)  # the candidate asks again
        s.commit()

    page.reload()
    page.click("#deletion-anonymise")
    page.fill("#deletion-confirm", "Ann")
    expect(page.locator("#confirm-deletion")).to_be_disabled()
    assert_accessible(page, "[role=alertdialog]")
    page.fill("#deletion-confirm", "Ann Lee")
    page.click("#confirm-deletion")
    expect(page.get_by_text("Candidate anonymised, as they asked.")).to_be_visible()
    expect(page.locator("#deletion-request")).to_have_count(0)
    with Session(db) as s:
        candidate = s.get(Candidate, cid)
        assert candidate.anonymised_at is not None and candidate.email is None


def test_admin_brands_the_portal_with_a_live_preview(db, new_page, tmp_path):
    harbour = PortalAgency(db)
    page = _staff(new_page, harbour.admin, "/admin/branding")
    expect(page.get_by_role("link", name="Portal branding")).to_be_visible()
    expect(page.locator("#brand-primary_color")).to_have_value("#0f766e")
    _accessible(page)

    page.fill("#brand-primary_color", "#fde68a")
    expect(page.get_by_text(re.compile(r"White text on #fde68a has a contrast of .*4\.5:1"))).to_be_visible()
    page.fill("#brand-portal_title", "Harbour careers")
    page.fill("#brand-welcome_text", "Find your next shift with us.")
    expect(page.locator("#preview-title")).to_have_text("Harbour careers")  # live, before saving
    expect(page.locator("#preview-welcome")).to_have_text("Find your next shift with us.")
    expect(page.locator("#preview-button")).to_have_css("background-color", "rgb(253, 230, 138)")
    page.fill("#brand-support_email", "not an address")
    page.click("#save-branding")
    expect(page.get_by_text(re.compile(r"^Enter a valid email address"))).to_be_visible()
    with Session(db) as s:
        assert s.get(Agency, harbour.id).portal_title != "Harbour careers"  # nothing saved
    _accessible(page)

    page.fill("#brand-primary_color", "#1d4ed8")
    expect(page.get_by_text(re.compile("White text on"))).to_have_count(0)
    expect(page.locator("#preview-button")).to_have_css("background-color", "rgb(29, 78, 216)")
    page.fill("#brand-support_email", "help@harbour.example.com")
    page.fill("#brand-support_phone", "020 7946 0958")
    page.select_option("#brand-default_language", "fr")
    expect(page.locator("#brand-time_zone")).to_have_value("Europe/Paris")
    page.select_option("#brand-time_zone", "Europe/London")
    page.click("#save-branding")
    expect(page.get_by_text("Branding saved.")).to_be_visible()
    expect(page.locator("#brand-support_phone")).to_have_value("+442079460958")
    with Session(db) as s:
        agency = s.get(Agency, harbour.id)
        assert (agency.primary_color, agency.portal_title, agency.default_language, agency.time_zone) == \
            ("#1d4ed8", "Harbour careers", "fr", "Europe/London")

    fake = tmp_path / "logo.png"
    fake.write_bytes(b"<svg xmlns='http://www.w3.org/2000/svg'/>")
    page.locator("[data-testid=logo-dropzone] input[type=file]").set_input_files(str(fake))
    expect(page.get_by_text("is not a PNG, JPEG, WebP or GIF image")).to_be_visible()
    real = tmp_path / "harbour.png"
    real.write_bytes(PNG)
    page.locator("[data-testid=logo-dropzone] input[type=file]").set_input_files(str(real))
    expect(page.locator("#brand-logo-current")).to_have_attribute(
        "src", re.compile(rf"^/brand/{re.escape(harbour.slug)}/logo-[0-9a-f]{{12}}\.png$"))
    expect(page.get_by_text("Logo uploaded.")).to_be_visible()
    src = page.locator("#brand-logo-current").get_attribute("src")
    base = page.url.split("/admin/")[0]
    with urllib.request.urlopen(base + src) as answer:
        assert answer.headers["Content-Type"] == "image/png" and answer.read() == PNG
    _accessible(page)

    recruiter = _staff(new_page, harbour.recruiter, "/")
    expect(recruiter.get_by_role("link", name="Portal branding")).to_have_count(0)
    recruiter.goto("/admin/branding")
    expect(recruiter).to_have_url(re.compile(r"/forbidden$"))


def test_admin_words_stages_for_candidates_and_the_list_filters_by_portal(db, new_page):
    harbour = PortalAgency(db)
    open_id = harbour.candidate("Ann", "Lee")
    invited_id = harbour.candidate("Bob", "Ray")
    harbour.candidate("Cy", "Oak")
    _signed_in(db, harbour, open_id)
    with Session(db) as s:
        portal_auth.open_portal(s, harbour.recruiter, invited_id)
        s.commit()

    page = _staff(new_page, harbour.admin, "/admin/stages")
    errors = []
    page.on("pageerror", lambda error: errors.append(error))
    first = page.locator("#stages-table tr[data-stage]").first
    first.locator("input[name=name]").fill("Application received")
    first.get_by_role("button", name="Rename").click()
    expect(page.locator('#stages-table tr[data-stage="Application received"]')).to_have_count(1)
    row = page.locator("[data-portal-stage]").first
    stage_name = row.get_attribute("data-portal-stage")
    row.locator("input[name=portal_label]").fill("We have your application")
    row.locator("textarea[name=portal_next_step]").fill("We reply within two working days.")
    row.get_by_role("button", name=f"Save what candidates see for {stage_name}").click()
    expect(page.get_by_text("Saved: candidates see these words in their portal.")).to_be_visible()
    assert errors == []
    with Session(db) as s:
        stage = s.exec(select(PipelineStage).where(PipelineStage.agency_id == harbour.id,
                                                   PipelineStage.name == stage_name)).one()
        assert (stage.portal_label, stage.portal_next_step) == ("We have your application",
                                                                "We reply within two working days.")
    _accessible(page)

    page.goto("/candidates")
    expect(page.locator("#result-count")).to_contain_text("of 3")
    page.select_option("#filter-portal", "invited")
    expect(page.locator("#result-count")).to_contain_text("of 1")
    expect(page.get_by_role("link", name="Bob Ray")).to_be_visible()
    expect(page).to_have_url(re.compile(r"portal=invited"))
    page.select_option("#filter-portal", "open")
    expect(page.get_by_role("link", name="Ann Lee")).to_be_visible()
    expect(page.locator("#result-count")).to_contain_text("of 1")
    _accessible(page)

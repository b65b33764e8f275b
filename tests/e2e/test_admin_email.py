"""Admins word the standard emails, shape the profile-update form and read the outbox; nobody else can."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import expect
from sqlmodel import Session, delete, select

from app.models import EmailTemplate, OutboxMessage, ProfileFormSettings, User
from app.services.auth import COOKIE_NAME
from app.states.admin_email_templates import AdminEmailTemplatesState
from app.states.admin_outbox import AdminOutboxState
from app.states.admin_profile_form import AdminProfileFormState
from tests.e2e.conftest import login
from tests.e2e.forging import (NORTH_ADMIN, NORTH_RECRUITER, SOUTH_ADMIN, ForgedClient, db,  # noqa: F401
                               run, session_cookie, var)

pytestmark = pytest.mark.e2e

ADMIN_ONLY = "Only an agency admin can do that."
PAGES = ["/admin/email-templates", "/admin/profile-form", "/admin/outbox"]


def _agency_id(engine, email: str):
    with Session(engine) as s:
        return s.exec(select(User.agency_id).where(User.email == email)).one()


@pytest.fixture
def clean_settings(db):
    """Other tests (the public form) expect the standard wording and fields: put them back afterwards."""
    yield
    with Session(db) as s:
        s.exec(delete(EmailTemplate))
        s.exec(delete(ProfileFormSettings))
        s.commit()


def _message(engine, sender: str, subject: str, body: str, status: str = "queued", **extra) -> str:
    with Session(engine) as s:
        message = OutboxMessage(agency_id=_agency_id(engine, sender), to_email="cand@example.com",
                                to_name="Cara Candidate", from_email="Candor <no-reply@candor.invalid>",
                                subject=subject, body_text=body, purpose="profile_update",
                                idempotency_key=uuid.uuid4().hex, status=status, **extra)
        s.add(message)
        s.commit()
        return str(message.id)


def test_admin_rewords_the_french_profile_update_email_with_a_live_preview(page, db, clean_settings):
    login(page, NORTH_ADMIN, start="/admin/email-templates")
    page.locator("#template-language").get_by_role("radio", name="Français").click()
    subject, body, preview = page.locator("#template-subject"), page.locator("#template-body"), \
        page.locator("#preview-body")
    expect(subject).to_have_value(re.compile("merci de mettre à jour"))
    expect(page.locator("#template-status")).to_have_text("Standard wording")

    body.fill("Bonjour {FIRST_NAME},\n\nMerci de vérifier votre profil chez {AGENCY}.")
    expect(preview).to_contain_text("Merci de vérifier votre profil chez Northwind Staffing.")
    expect(preview).not_to_contain_text("{FIRST_NAME}")
    expect(page.locator("#template-unsaved")).to_be_visible()

    page.locator("#save-template").click()
    url_error = page.get_by_role("alert").filter(has_text="The body must contain {URL}")
    expect(url_error).to_be_visible()
    expect(body).to_have_value("Bonjour {FIRST_NAME},\n\nMerci de vérifier votre profil chez {AGENCY}.")
    expect(page.locator("#template-status")).to_have_text("Standard wording")

    body.click()
    body.press("Control+End")
    page.locator("#template-placeholders").get_by_role("button", name=re.compile(r"\{URL\}")).click()
    expect(body).to_have_value(re.compile(r"chez \{AGENCY\}\.\{URL\}$"))
    expect(preview).to_contain_text("https://candor.example/update/sample-link")
    page.locator("#save-template").click()
    expect(page.locator("#template-status")).to_contain_text("Customised")
    expect(url_error).to_have_count(0)
    with Session(db) as s:
        row = s.exec(select(EmailTemplate).where(EmailTemplate.agency_id == _agency_id(db, NORTH_ADMIN))).one()
    assert (row.language, row.purpose) == ("fr", "profile_update") and row.body.endswith("{AGENCY}.{URL}")

    page.locator("#template-language").get_by_role("radio", name="English").click()
    expect(subject).to_have_value("{AGENCY}: please update your profile")
    expect(page.locator("#template-status")).to_have_text("Standard wording")

    page.locator("#template-language").get_by_role("radio", name="Français").click()
    expect(body).to_have_value(re.compile(r"\{URL\}$"))
    page.locator("#reset-template").click()
    page.get_by_role("alertdialog").get_by_role("button", name="Reset").click()
    expect(page.locator("#template-status")).to_have_text("Standard wording")
    expect(body).to_have_value(re.compile(r"^Bonjour \{FIRST_NAME\},\n\nNous souhaitons"))
    with Session(db) as s:
        assert s.exec(select(EmailTemplate)).first() is None


def _row(page, key: str):
    return page.locator(f'#fields-table tr[data-key="{key}"]')


def test_admin_hides_phone_and_requires_the_desired_position_under_a_new_label(page, db, clean_settings):
    login(page, NORTH_ADMIN, start="/admin/profile-form")
    page.locator("#tab-fields").click()
    phone, wanted = _row(page, "phone"), _row(page, "desired_position")
    expect(_row(page, "first_name").locator(".always-on")).to_have_count(2)  # shown and required, always

    phone.get_by_role("switch", name="Visible: Phone").click()
    expect(phone.get_by_role("switch", name="Visible: Phone")).to_have_attribute("aria-checked", "false")
    expect(phone.get_by_role("switch", name="Required: Phone")).to_be_disabled()
    wanted.get_by_role("textbox").fill("The job you want next")
    wanted.get_by_role("switch", name="Required: Position you are looking for").click()
    page.fill("#new-language", "English")
    page.press("#new-language", "Enter")
    expect(page.locator("#default-languages")).to_contain_text("English")

    # One bad value elsewhere: nothing is saved, the error shows on its tab, nothing typed is lost.
    page.locator("#tab-general").click()
    page.fill("#link-max-age", "0")
    page.locator("#save-form-settings").click()
    expect(page.get_by_role("alert").filter(has_text="between 1 and 365 days")).to_be_visible()
    with Session(db) as s:
        assert s.exec(select(ProfileFormSettings)).first() is None
    page.fill("#link-max-age", "45")
    page.locator("#save-form-settings").click()
    expect(page.get_by_text("Profile form settings saved.")).to_be_visible()

    page.reload()
    expect(page.locator("#link-max-age")).to_have_value("45")
    page.locator("#tab-fields").click()
    expect(phone.get_by_role("switch", name="Visible: Phone")).to_have_attribute("aria-checked", "false")
    expect(wanted.get_by_role("textbox")).to_have_value("The job you want next")
    expect(wanted.get_by_role("switch", name="Required: Position you are looking for")) \
        .to_have_attribute("aria-checked", "true")
    expect(page.locator("#default-languages")).to_contain_text("English")
    with Session(db) as s:
        stored = s.exec(select(ProfileFormSettings)).one()
    assert stored.config["fields"]["phone"]["visible"] is False
    assert stored.config["fields"]["desired_position"] == {"visible": True, "required": True,
                                                           "label": "The job you want next"}
    assert stored.link_max_age_days == 45


def test_a_recruiter_cannot_open_the_email_and_form_settings(page):
    login(page, NORTH_RECRUITER)
    nav = page.get_by_role("navigation", name="Main")
    for name in ("Email templates", "Profile form", "Outbox"):
        expect(nav.get_by_role("link", name=name)).to_have_count(0)
    for path in PAGES:
        page.goto(path)
        expect(page).to_have_url(re.compile(r"/forbidden"))


def test_the_outbox_lists_the_agencys_emails_and_their_links_work(page, server, db):
    tag = uuid.uuid4().hex[:6]
    _message(db, SOUTH_ADMIN, f"Southwind only {tag}", "Not for Northwind")
    failed = _message(db, NORTH_ADMIN, f"Bounced {tag}", "Hello", status="failed",
                      last_error="422: The to address is invalid", attempts=1)
    _message(db, NORTH_ADMIN, f"Please update your profile {tag}",
             f"Hello Cara,\n\nPlease update your profile here:\n{server.url}/jobs\n\nThank you")
    login(page, NORTH_ADMIN, start="/admin/outbox")
    expect(page.locator("#outbox-banner")).to_contain_text("RESEND_API_KEY")
    table = page.locator("#outbox-table")
    expect(table).to_contain_text(f"Please update your profile {tag}")
    expect(table).not_to_contain_text(f"Southwind only {tag}")
    expect(page.locator(".outbox-row").first).to_contain_text(f"Please update your profile {tag}")  # newest first
    # The background sender hands it to the local outbox within seconds; the open page follows.
    expect(page.locator(".outbox-row").first).to_contain_text("Sent", timeout=20_000)

    later = _message(db, NORTH_ADMIN, f"Arrived later {tag}", "Hello again")
    expect(page.locator(".outbox-row").first).to_contain_text(f"Arrived later {tag}", timeout=20_000)
    assert page.locator(f'.outbox-row[data-id="{later}"]').count() == 1

    page.select_option("#outbox-status", "failed")
    expect(page.locator(f'.outbox-row[data-id="{failed}"]')).to_contain_text("422: The to address is invalid")
    expect(table).not_to_contain_text(f"Please update your profile {tag}")
    page.select_option("#outbox-status", "")

    page.get_by_role("button", name=f"Please update your profile {tag}").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("Cara Candidate <cand@example.com>")
    expect(page.locator("#message-body")).to_contain_text("Please update your profile here:")
    link = page.locator("#message-body").get_by_role("link", name=f"{server.url}/jobs")
    expect(link).to_have_attribute("href", f"{server.url}/jobs")
    link.click()
    expect(page).to_have_url(re.compile(re.escape(server.url) + r"/jobs/?$"))


def test_forged_calls_reach_no_other_agencys_email_and_no_non_admin(server, new_page, db, clean_settings):
    south_message = _message(db, SOUTH_ADMIN, "Southwind secret subject", "Southwind secret body")
    north_message = _message(db, NORTH_ADMIN, "Northwind subject", "Northwind body")
    admin, recruiter = session_cookie(new_page, NORTH_ADMIN), session_cookie(new_page, NORTH_RECRUITER)

    async def as_admin():
        async with await ForgedClient.open(server.url, f"{COOKIE_NAME}={admin}") as c:
            await c.emit(AdminOutboxState, "open_message", pathname="/admin/outbox", message_id=south_message)
            await c.emit(AdminOutboxState, "open_message", pathname="/admin/outbox", message_id="../../x")
            gone = await c.snapshot("/admin/outbox")
            await c.emit(AdminOutboxState, "open_message", pathname="/admin/outbox", message_id=north_message)
            return c, gone, await c.snapshot("/admin/outbox")

    async def as_recruiter():
        async with await ForgedClient.open(server.url, f"{COOKIE_NAME}={recruiter}") as c:
            await c.emit(AdminOutboxState, "load", pathname="/admin/outbox")
            await c.emit(AdminOutboxState, "open_message", pathname="/admin/outbox", message_id=north_message)
            await c.emit(AdminEmailTemplatesState, "set_body", pathname="/admin/email-templates", value="{URL}")
            await c.emit(AdminEmailTemplatesState, "save", pathname="/admin/email-templates")
            await c.emit(AdminEmailTemplatesState, "reset_to_standard", pathname="/admin/email-templates")
            await c.emit(AdminProfileFormState, "set_visible", pathname="/admin/profile-form", key="phone",
                         value=False)
            await c.emit(AdminProfileFormState, "save", pathname="/admin/profile-form")
            return c, await c.snapshot("/admin/profile-form")

    c, gone, shown = run(as_admin())
    assert c.toasts() == [("error", "Message not found.")] * 2
    assert var(gone, AdminOutboxState, "open_id") == ""
    assert "Southwind secret" not in c.text
    assert var(shown, AdminOutboxState, "m_subject") == "Northwind subject"  # control: the handler was reached

    c, snapshot = run(as_recruiter())
    assert ("error", ADMIN_ONLY) in c.toasts() and len(c.toasts()) == 5
    assert "Northwind body" not in c.text and "Northwind subject" not in c.text
    with Session(db) as s:
        assert s.exec(select(EmailTemplate)).first() is None
        assert s.exec(select(ProfileFormSettings)).first() is None

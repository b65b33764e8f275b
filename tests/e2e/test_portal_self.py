"""A signed-in candidate on a phone keeps their profile, documents and consent current in the agency's portal;
the recruiter sees each change live. Every page passes axe-core with no serious or critical violation."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from app.models import ActivityEvent, Candidate, ConsentRecord, Document, Notification, Task
from app.services import documents, portal
from tests import docfiles
from tests.e2e.a11y import assert_accessible
from tests.e2e.conftest import login
from tests.e2e.forging import db  # noqa: F401  (a fixture)
from tests.e2e.portal_helpers import DESKTOP, PHONE, PortalAgency, sign_in_candidate
from tests.factories import PASSWORD

pytestmark = pytest.mark.e2e

SHOTS = Path(__file__).resolve().parents[2] / "test-results" / "portal-self"


def _shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _fits(page: Page) -> None:
    width = page.viewport_size["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width, "something sticks out sideways"


def _candidate_page(new_page, db, cid, path: str) -> tuple[Page, str]:
    page = new_page(**PHONE)
    slug = sign_in_candidate(page, db, cid)
    page.goto(f"/portal/{slug}/{path}")
    return page, slug


def _recruiter(new_page, harbour: PortalAgency, path: str) -> Page:
    page = new_page(**DESKTOP)
    login(page, harbour.recruiter.email, password=PASSWORD, start=f"/login?next={path.replace('/', '%2F')}")
    return page


def test_profile_refuses_a_bad_value_in_place_then_saves_live_for_the_recruiter(db, new_page):
    harbour = PortalAgency(db)
    cid = harbour.candidate(city="Leeds", languages=[{"language": "English", "level": "Native"}])
    recruiter = _recruiter(new_page, harbour, f"/candidates/{cid}")
    expect(recruiter.locator("#candidate-name")).to_have_text("Ann Lee")

    page, slug = _candidate_page(new_page, db, cid, "profile")
    expect(page.locator("#ps-profile-title")).to_have_text("My profile")
    expect(page).to_have_title(f"My profile · {harbour.name}")
    expect(page.locator(".pb-header")).to_have_css("background-color", "rgb(15, 118, 110)")
    expect(page.locator("#pu-city")).to_have_value("Leeds")
    expect(page.locator('.pf-lang-row[data-language="English"] select')).to_have_value("Native")
    _fits(page)
    assert_accessible(page)
    _shot(page, "phone-profile")

    page.fill("#pu-phone", "12")
    page.fill("#pu-city", "York")
    page.fill("#pu-desired_position", "Harbour pilot")
    page.click("#ps-profile-save")
    error = page.locator("#pu-phone-error")
    expect(error).to_contain_text("phone number")
    expect(page.locator("#pu-phone")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#pu-phone")).to_be_focused()
    expect(page.locator("#pu-error-summary")).to_contain_text("phone number")
    for field, typed in (("#pu-phone", "12"), ("#pu-city", "York"), ("#pu-desired_position", "Harbour pilot")):
        expect(page.locator(field)).to_have_value(typed)  # nothing typed is lost
    assert_accessible(page)
    _shot(page, "phone-profile-error")
    with Session(db) as s:
        assert s.get(Candidate, cid).city == "Leeds"  # nothing saved while anything is wrong

    page.fill("#pu-phone", "+44 20 7946 0959")
    page.click("#ps-profile-save")
    expect(page.locator("#ps-outcome")).to_contain_text("Saved. Your recruiter sees your changes now.")
    expect(page.locator("#pu-phone-error")).to_have_count(0)
    expect(page.locator("#pu-phone")).to_have_value("+442079460959")
    expect(page.locator("#pu-city")).to_have_value("York")

    # Live on the recruiter's open profile, as one timeline entry.
    expect(recruiter.locator("#timeline")).to_contain_text("City: Leeds → York", timeout=10_000)
    entry = recruiter.locator("#timeline").get_by_text(re.compile("updated their profile"))
    expect(entry).to_have_count(1)
    expect(entry).to_contain_text("Harbour pilot")
    with Session(db) as s:
        ann = s.get(Candidate, cid)
        assert (ann.city, ann.phone, ann.desired_position) == ("York", "+442079460959", "Harbour pilot")
        kinds = s.exec(select(ActivityEvent.kind).where(ActivityEvent.subject_id == cid,
                                                        ActivityEvent.kind == "profile_update.submitted")).all()
        assert len(kinds) == 1

    desktop = new_page(**DESKTOP)
    sign_in_candidate(desktop, db, cid)
    desktop.goto(f"/portal/{slug}/profile")
    expect(desktop.locator("#pu-city")).to_have_value("York")
    _fits(desktop)
    _shot(desktop, "desktop-profile")


def test_profile_speaks_french_with_the_admins_fields(db, new_page):
    harbour = PortalAgency(db)
    cid = harbour.candidate(preferred_language="fr")
    page, _ = _candidate_page(new_page, db, cid, "profile")
    expect(page.locator("#ps-profile-title")).to_have_text("Mon profil")
    expect(page.locator(".pb-page")).to_have_attribute("lang", "fr")
    expect(page.locator("label[for=pu-first_name]")).to_have_text("Prénom *")
    expect(page.locator("label[for=pu-city]")).to_have_text("Ville")
    page.fill("#pu-phone", "abc")
    page.click("#ps-profile-save")
    expect(page.locator("#pu-phone-error")).to_have_text("Saisissez un numéro de téléphone, par ex. +33 6 12 34 56 78.")
    assert_accessible(page)
    _shot(page, "phone-profile-fr")


def test_documents_upload_refuse_and_download_their_own(db, new_page, tmp_path):
    harbour = PortalAgency(db)
    cid = harbour.candidate()
    recruiter = _recruiter(new_page, harbour, f"/candidates/{cid}/documents")
    expect(recruiter.locator("#document-count")).to_have_text("0 documents")

    page, slug = _candidate_page(new_page, db, cid, "documents")
    expect(page.locator("#ps-docs-title")).to_have_text("My documents")
    expect(page.locator("#ps-docs-empty")).to_contain_text("No documents yet")
    _fits(page)
    assert_accessible(page)
    _shot(page, "phone-documents-empty")

    cv = tmp_path / "Ann CV.pdf"
    cv.write_bytes(docfiles.pdf("Ann Lee CV"))
    page.select_option("#ps-doc-category", "cv")
    page.locator("[data-testid=portal-dropzone] input[type=file]").set_input_files(str(cv))
    expect(page.locator("#ps-outcome")).to_contain_text(f"Ann CV.pdf was sent to {harbour.name}.")
    row = page.locator(".ps-doc")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Ann CV.pdf")
    expect(row).to_contain_text("CV")

    # The recruiter's open documents panel shows it live, and the owner is told.
    expect(recruiter.locator(".document-row")).to_contain_text("Ann CV.pdf", timeout=10_000)
    with Session(db) as s:
        assert s.exec(select(Notification.title).where(Notification.user_id == harbour.recruiter.user_id)).all() \
            == ["Ann Lee sent Ann CV.pdf"]

    # Refused: a program renamed .pdf, and a file over 10 MB. Nothing of them is kept.
    fake = tmp_path / "payslip.pdf"
    fake.write_bytes(b"MZ\x90\x00" + b"\x00" * 200)
    big = tmp_path / "scan.txt"
    big.write_bytes(b"a" * (documents.MAX_BYTES + 1))
    page.locator("[data-testid=portal-dropzone] input[type=file]").set_input_files([str(fake), str(big)])
    refusals = page.locator(".ps-refusal")
    expect(refusals).to_have_count(2, timeout=30_000)
    expect(refusals.nth(0)).to_contain_text("payslip.pdf was refused")
    expect(refusals.nth(1)).to_contain_text("scan.txt is larger than 10 MB")
    expect(row).to_have_count(1)
    assert_accessible(page)
    _shot(page, "phone-documents")

    with page.expect_download() as download:
        row.get_by_role("link", name="Download Ann CV.pdf").click()
    assert download.value.suggested_filename == "Ann CV.pdf"
    assert Path(download.value.path()).read_bytes() == docfiles.pdf("Ann Lee CV")
    with Session(db) as s:
        assert [d.filename for d in s.exec(select(Document).where(Document.candidate_id == cid))] == ["Ann CV.pdf"]
    # The page still works after a download (a download is no navigation that would drop its socket).
    diploma = tmp_path / "diploma.png"
    diploma.write_bytes(docfiles.png())
    page.select_option("#ps-doc-category", "certificate")
    page.locator("[data-testid=portal-dropzone] input[type=file]").set_input_files(str(diploma))
    expect(row).to_have_count(2)
    expect(row.nth(0)).to_contain_text("Certificate or diploma")

    desktop = new_page(**DESKTOP)
    sign_in_candidate(desktop, db, cid)
    desktop.goto(f"/portal/{slug}/documents")
    expect(desktop.locator(".ps-doc")).to_have_count(2)
    _shot(desktop, "desktop-documents")


def test_my_data_consent_history_download_and_deletion(db, new_page, tmp_path):
    harbour = PortalAgency(db)
    cid = harbour.candidate()
    with Session(db) as s:
        wording = portal.consent_wording(s, harbour.id)

    page, slug = _candidate_page(new_page, db, cid, "documents")
    diploma = tmp_path / "diploma.pdf"  # a document the zip must hold (kept by the server, in its data folder)
    diploma.write_bytes(docfiles.pdf("Diploma"))
    page.locator("[data-testid=portal-dropzone] input[type=file]").set_input_files(str(diploma))
    expect(page.locator(".ps-doc")).to_have_count(1)
    page.get_by_role("link", name="My data").click()
    expect(page.locator("#ps-privacy-title")).to_have_text("My data")
    expect(page.locator("#ps-consent-status")).to_have_text("You have not given your consent yet.")
    expect(page.locator("#ps-consent-wording")).to_have_text(wording)
    expect(page.locator("#ps-decisions-empty")).to_be_visible()
    _fits(page)
    assert_accessible(page)

    page.locator("#ps-consent-agree").click()
    expect(page.locator("#ps-outcome")).to_contain_text("your consent is recorded until")
    assert_accessible(page)
    expect(page.locator("#ps-consent-status")).to_contain_text("You agreed until")
    expect(page.locator("#ps-consent-agree")).to_contain_text("Renew until")
    page.locator("#ps-consent-agree").click()
    expect(page.locator(".ps-decision")).to_have_count(2)
    expect(page.locator(".ps-decision").nth(0)).to_have_attribute("data-action", "renewed")

    # Withdrawing asks first; Cancel changes nothing.
    page.locator("#ps-consent-withdraw").click()
    dialog = page.locator("#ps-withdraw-dialog")
    expect(dialog).to_contain_text("Withdraw your consent?")
    assert_accessible(page, "#ps-withdraw-dialog")  # the page behind is dimmed and inert while it is open
    _shot(page, "phone-privacy-withdraw-dialog")
    dialog.get_by_role("button", name="Cancel").click()
    expect(dialog).to_have_count(0)
    expect(page.locator(".ps-decision")).to_have_count(2)
    page.locator("#ps-consent-withdraw").click()
    page.locator("#ps-withdraw-dialog-confirm").click()
    expect(page.locator("#ps-consent-status")).to_have_text("You withdrew your consent.")
    expect(page.locator("#ps-outcome")).to_have_text("Your consent is withdrawn.")
    decisions = page.locator(".ps-decision")
    expect(decisions).to_have_count(3)
    expect(decisions.nth(0)).to_contain_text("Consent withdrawn")
    expect(decisions.nth(2)).to_contain_text("Consent given")
    decisions.nth(2).locator("summary").click()
    expect(decisions.nth(2).locator("blockquote")).to_have_text(wording)
    with Session(db) as s:
        records = s.exec(select(ConsentRecord).where(ConsentRecord.candidate_id == cid)
                         .order_by(ConsentRecord.created_at)).all()
        assert [r.action for r in records] == ["given", "renewed", "withdrawn"]
        assert {r.wording for r in records} == {wording} and s.get(Candidate, cid).gdpr_expiry is None

    # Everything in one zip: data.json and the files.
    with page.expect_download() as download:
        page.locator("#ps-export").click()
    assert download.value.suggested_filename == "my-data.zip"
    with zipfile.ZipFile(io.BytesIO(Path(download.value.path()).read_bytes())) as archive:
        assert set(archive.namelist()) == {"data.json", "documents/diploma.pdf"}
        data = json.loads(archive.read("data.json"))
        assert archive.read("documents/diploma.pdf") == docfiles.pdf("Diploma")
    assert data["profile"]["last_name"] == "Lee" and [c["action"] for c in data["consent"]] == [
        "withdrawn", "renewed", "given"]

    # Deletion: a dialog that says what happens, then a pending request and a task for the recruiter.
    page.locator("#ps-delete").click()
    dialog = page.locator("#ps-delete-dialog")
    expect(dialog).to_contain_text("anonymised for good")
    assert_accessible(page, "#ps-delete-dialog")
    _shot(page, "phone-privacy-delete-dialog")
    page.locator("#ps-delete-dialog-confirm").click()
    expect(page.locator("#ps-delete-pending")).to_contain_text("You asked for your data to be deleted on")
    expect(page.locator("#ps-delete")).to_have_count(0)
    assert_accessible(page)
    _shot(page, "phone-privacy")
    recruiter = _recruiter(new_page, harbour, "/")
    expect(recruiter.locator("#my-tasks")).to_contain_text("Ann Lee asks for their data to be deleted")
    with Session(db) as s:
        [task] = s.exec(select(Task).where(Task.candidate_id == cid)).all()
        assert task.kind == "deletion_request" and task.assignee_id == harbour.recruiter.user_id

    desktop = new_page(**DESKTOP)
    sign_in_candidate(desktop, db, cid)
    desktop.goto(f"/portal/{slug}/privacy")
    expect(desktop.locator("#ps-delete-pending")).to_be_visible()
    _fits(desktop)
    _shot(desktop, "desktop-privacy")

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
from app.services import documents, portal, portal_auth
from tests import docfiles
from tests.e2e.a11y import assert_accessible
from tests.e2e.conftest import login
from tests.e2e.forging import db  # noqa: F401  (a fixture)
from tests.e2e.portal_helpers import DESKTOP, PHONE, PortalAgency, sign_in_candidate
from tests.factories import PASSWORD

pytestmark = pytest.mark.e2e

SHOTS = Path(__file__).resolve().parents[2] / "test-results" / "portal-self"


def _shot(page: Page, name: str, full_page: bool = True) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full_page)


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

    # A document the recruiter adds appears on the candidate's open page; a refresh re-reads the candidate's
    # language too (here changed behind the page's back, as the language switch of another tab does).
    with Session(db) as s:
        ann = s.get(Candidate, cid)
        ann.preferred_language = "fr"
        s.add(ann)
        s.commit()
    contract = tmp_path / "contract.txt"
    contract.write_text("Signed contract")
    recruiter.locator("[data-testid=document-dropzone] input[type=file]").set_input_files(str(contract))
    expect(row).to_have_count(3, timeout=10_000)
    expect(page.locator("#ps-docs-title")).to_have_text("Mes documents")
    expect(row.nth(0)).to_contain_text("contract.txt")
    expect(page.get_by_role("link", name="Mes données")).to_be_visible()

    desktop = new_page(**DESKTOP)
    sign_in_candidate(desktop, db, cid)
    desktop.goto(f"/portal/{slug}/documents")
    expect(desktop.locator(".ps-doc")).to_have_count(3)
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
    _shot(page, "phone-privacy-withdraw-dialog", full_page=False)
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
    _shot(page, "phone-privacy-delete-dialog", full_page=False)
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


# --- forged socket events and forged downloads ------------------------------------------------------------

def _portal_session(db, harbour: PortalAgency, cid) -> str:
    """A candidate session made as the cookie route makes it (no browser needed to forge with it)."""
    from tests.e2e.portal_helpers import _invitation_path

    raw = _invitation_path(db, cid).rsplit("/", 1)[-1]
    with Session(db) as s:
        exchange = portal_auth.exchange_link(s, raw)
        s.commit()
    return exchange.session_token


def _route(slug: str, page: str) -> dict:
    """router_data as the compiled frontend sends it on /portal/[portal_slug]/<page>."""
    path = f"/portal/{slug}/{page}"
    return {"pathname": path, "asPath": path, "query": {"portal_slug": slug}}


def _world(db, cid) -> tuple:
    with Session(db) as s:
        c = s.get(Candidate, cid)
        records = s.exec(select(ConsentRecord).where(ConsentRecord.candidate_id == cid)).all()
        tasks = s.exec(select(Task).where(Task.candidate_id == cid)).all()
        return (c.first_name, c.city, c.gdpr_expiry, c.deletion_requested_at, c.version, len(records), len(tasks))


def test_forged_events_and_downloads_reach_only_the_signed_in_candidate(server, db):
    import httpx

    from app.services.auth import COOKIE_NAME as STAFF_COOKIE
    from app.services.auth import start_session
    from app.models import User
    from app.states.portal_documents import PortalDocumentsState
    from app.states.portal_privacy import PortalPrivacyState
    from app.states.portal_profile import PortalProfileState
    from tests.e2e.forging import ForgedClient, run, var

    harbour = PortalAgency(db)
    ann_id, bob_id = harbour.candidate("Ann", "Lee", city="Leeds"), harbour.candidate("Bob", "Ray", city="Hull")
    ann, bob = _portal_session(db, harbour, ann_id), _portal_session(db, harbour, bob_id)
    with Session(db) as s:
        who = portal_auth.resolve(s, ann)
        ann_doc, _ = portal.upload_document(s, who, "ann-secret.pdf", docfiles.pdf(), "id")
        ann_doc_id = str(ann_doc.id)
        staff, _ = start_session(s, s.get(User, harbour.recruiter.user_id))
        s.commit()
    before = {"ann": _world(db, ann_id), "bob": _world(db, bob_id)}
    forged_form = {"first_name": "Forged", "last_name": "Name", "email": "forged@example.com", "city": "Mallorca"}
    slug = harbour.slug

    async def attack(cookie: str | None, route_slug: str):
        async with await ForgedClient.open(server.url, cookie) as c:
            for state, page, handler, payload in (
                    (PortalProfileState, "profile", "load", {}),
                    (PortalProfileState, "profile", "save", {"form": forged_form}),
                    (PortalDocumentsState, "documents", "load", {}),
                    (PortalDocumentsState, "documents", "set_category", {"value": "other"}),
                    (PortalDocumentsState, "documents", "upload_started", {}),
                    (PortalPrivacyState, "privacy", "load", {}),
                    (PortalPrivacyState, "privacy", "consent", {"action": "agree"}),
                    (PortalPrivacyState, "privacy", "consent", {"action": "withdrawn"}),
                    (PortalPrivacyState, "privacy", "request_deletion", {})):
                await c.emit(state, handler, router_data=_route(route_slug, page), **payload)
            return c, await c.snapshot(f"/portal/{route_slug}/privacy")

    for cookie, route_slug in ((None, slug), (f"{STAFF_COOKIE}={staff}", slug),
                               (f"{portal_auth.COOKIE_NAME}={ann}", "northwind"),
                               (f"{portal_auth.COOKIE_NAME}=made-up-token", slug)):
        c, snap = run(attack(cookie, route_slug))
        assert var(snap, PortalDocumentsState, "rows") == [] and not var(snap, PortalDocumentsState, "loaded")
        assert var(snap, PortalProfileState, "values") == {} and var(snap, PortalPrivacyState, "decisions") == []
        for secret in ("ann-secret.pdf", ann_doc_id, "Leeds", str(ann_id)):
            assert secret not in c.text, f"{secret!r} reached a socket with cookie {cookie!r} on {route_slug}"
        assert "An error occurred" not in c.text  # refused, not crashed
        assert {"ann": _world(db, ann_id), "bob": _world(db, bob_id)} == before

    # Bob, signed in, forging what he likes: only Bob's own rows are read or written; nothing of Ann's.
    c, snap = run(attack(f"{portal_auth.COOKIE_NAME}={bob}", slug))
    assert var(snap, PortalDocumentsState, "rows") == [] and var(snap, PortalDocumentsState, "loaded")
    for secret in ("ann-secret.pdf", ann_doc_id, "Leeds", str(ann_id)):
        assert secret not in c.text
    assert _world(db, ann_id) == before["ann"]
    after = _world(db, bob_id)
    assert after[:2] == ("Forged", "Mallorca") and after[5:] == (2, 1)  # his own profile, consent, request

    # A tab whose state was lost (never loaded here) still saves what its page sends, for its own candidate.
    with Session(db) as s:
        email = s.get(Candidate, ann_id).email

    async def lost_state():
        async with await ForgedClient.open(server.url, f"{portal_auth.COOKIE_NAME}={ann}") as c:
            await c.emit(PortalProfileState, "save", router_data=_route(slug, "profile"),
                         form={"first_name": "Ann", "last_name": "Lee", "email": email, "phone": "+442079460958",
                               "city": "York"})
            return await c.snapshot(f"/portal/{slug}/profile")

    snap = run(lost_state())
    assert var(snap, PortalProfileState, "outcome_tone") == "ok"
    assert _world(db, ann_id)[:2] == ("Ann", "York")

    # The download routes: Ann's cookie only, under her agency only.
    url = f"{server.url}/portal-files/{slug}/documents/{ann_doc_id}"
    for cookies, status in (({}, 401), ({STAFF_COOKIE: staff}, 401), ({portal_auth.COOKIE_NAME: bob}, 404)):
        assert httpx.get(url, cookies=cookies).status_code == status
    assert httpx.get(f"{server.url}/portal-files/northwind/documents/{ann_doc_id}",
                     cookies={portal_auth.COOKIE_NAME: ann}).status_code == 401
    zipped = httpx.post(f"{server.url}/portal-files/{slug}/my-data.zip", cookies={portal_auth.COOKIE_NAME: bob})
    with zipfile.ZipFile(io.BytesIO(zipped.content)) as archive:
        assert "ann-secret.pdf" not in " ".join(archive.namelist()) and "Leeds" not in archive.read("data.json").decode()
    staff_zip = httpx.post(f"{server.url}/portal-files/{slug}/my-data.zip", cookies={STAFF_COOKIE: staff})
    assert staff_zip.status_code == 401

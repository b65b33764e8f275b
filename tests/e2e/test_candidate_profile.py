"""A recruiter works on one candidate's profile; colleagues see it live."""

import re

import pytest
from playwright.sync_api import expect
from sqlmodel import Session, create_engine, select

from app.models import Agency, Application, Candidate
from tests.e2e.conftest import login

pytestmark = pytest.mark.e2e

RECRUITER = "recruiter@northwind.example.com"
ADMIN = "admin@northwind.example.com"


def _candidate(server, index: int) -> Candidate:
    """The index-th Northwind demo candidate that is in at least one job (each test takes its own)."""
    engine = create_engine(server.database_url)
    with Session(engine) as session:
        stmt = (select(Candidate).join(Agency, Agency.id == Candidate.agency_id)
                .where(Agency.slug == "northwind", Candidate.anonymised_at.is_(None),
                       Candidate.id.in_(select(Application.candidate_id)))
                .order_by(Candidate.last_name, Candidate.id))
        candidate = session.exec(stmt.offset(index).limit(1)).one()
    engine.dispose()
    return candidate


def _open(page, candidate, email=RECRUITER):
    login(page, email, start=f"/login?next=%2Fcandidates%2F{candidate.id}")
    expect(page.locator("#candidate-name")).to_have_text(candidate.full_name)


def _edit(page):
    page.locator("#tab-profile").click()
    page.locator("#edit-profile").click()
    expect(page.locator("#profile-form")).to_be_visible()


def test_a_bad_email_is_explained_next_to_the_field_then_the_fix_lands_on_the_timeline(page, server):
    candidate = _candidate(server, 0)
    _open(page, candidate)
    _edit(page)
    page.fill("#f-email", "ann-at-example")
    page.fill("#f-skills", "Forklift, First aid")
    page.locator("#save-profile").click()
    email_field = page.locator("div:has(> label[for='f-email'])")
    expect(email_field.get_by_role("alert")).to_contain_text("valid email")
    expect(page.locator("#f-email")).to_have_value("ann-at-example")  # nothing typed is lost
    expect(page.locator("#f-skills")).to_have_value("Forklift, First aid")

    page.fill("#f-email", "ann.fixed@example.org")
    page.locator("#save-profile").click()
    expect(page.locator("#profile-values")).to_contain_text("ann.fixed@example.org")
    page.locator("#tab-overview").click()
    expect(page.locator("#timeline .timeline-entry").first).to_contain_text(
        f"Rick Recruiter changed email: {candidate.email} → ann.fixed@example.org; skills:")


def test_the_second_of_two_concurrent_saves_is_told_and_sees_the_new_values(new_page, server):
    candidate = _candidate(server, 1)
    rick, nora = new_page(), new_page()
    _open(rick, candidate)
    _open(nora, candidate, ADMIN)
    _edit(rick)
    _edit(nora)

    rick.fill("#f-phone", "020 7946 0958")
    rick.locator("#f-phone").blur()
    expect(rick.locator("#phone-hint")).to_have_text("Saved as +442079460958")
    rick.locator("#save-profile").click()
    expect(rick.locator("#profile-values")).to_contain_text("+442079460958")

    nora.fill("#f-email", "nora.was.here@example.org")
    nora.locator("#save-profile").click()
    expect(nora.locator("#conflict-message")).to_have_text(
        "This profile was changed by Rick Recruiter while you were editing.")
    expect(nora.locator("#f-phone")).to_have_value("+442079460958")  # their value, not silently overwritten
    expect(nora.get_by_role("alert").filter(has_text="nora.was.here@example.org")).to_be_visible()
    nora.locator("#reapply").click()
    expect(nora.locator("#profile-values")).to_contain_text("nora.was.here@example.org")
    expect(nora.locator("#profile-values")).to_contain_text("+442079460958")
    # Rick's open profile follows along without a reload.
    expect(rick.locator("#profile-values")).to_contain_text("nora.was.here@example.org", timeout=5000)


def test_a_new_tag_and_the_flag_appear_on_a_colleagues_open_profile(new_page, server):
    candidate = _candidate(server, 2)
    rick, nora = new_page(), new_page()
    _open(rick, candidate)
    _open(nora, candidate, ADMIN)
    rick.fill("#new-tag", "Forklift certified")
    rick.locator("#add-tag").click()
    expect(rick.locator('#candidate-tags [data-tag="Forklift certified"]')).to_be_visible()
    expect(nora.locator('#candidate-tags [data-tag="Forklift certified"]')).to_be_visible(timeout=5000)
    pressed = rick.locator("#flag-toggle").get_attribute("aria-pressed")
    rick.locator("#flag-toggle").click()
    flipped = "false" if pressed == "true" else "true"
    expect(rick.locator("#flag-toggle")).to_have_attribute("aria-pressed", flipped)
    expect(nora.locator("#flag-toggle")).to_have_attribute("aria-pressed", flipped, timeout=5000)


def test_a_mention_rings_the_colleagues_bell_live(new_page, server):
    candidate = _candidate(server, 3)
    nora = new_page()
    login(nora, ADMIN, start="/login?next=%2F")
    expect(nora.locator("#bell")).to_be_visible()
    before = nora.locator("#bell-count").count() and int(nora.locator("#bell-count").inner_text())

    rick = new_page()
    _open(rick, candidate)
    rick.locator("#tab-comments").click()
    rick.locator("#comment-body").fill("Can you call her? @No")
    rick.locator("#mention-list").get_by_role("button", name="@Nora Admin").click()
    expect(rick.locator("#comment-body")).to_have_value("Can you call her? @Nora Admin ")
    rick.locator("#comment-body").press("End")
    rick.locator("#comment-body").type("she prefers mornings")
    rick.locator("#post-comment").click()
    expect(rick.locator("#comments .comment").first).to_contain_text("@Nora Admin she prefers mornings")

    expect(nora.locator("#bell-count")).to_have_text(str(before + 1), timeout=5000)
    nora.locator("#bell").click()
    entry = nora.locator("#notifications").get_by_text(f"Rick Recruiter mentioned you on {candidate.full_name}")
    entry.first.click()
    expect(nora).to_have_url(re.compile(f"/candidates/{candidate.id}"))
    expect(nora.locator("#candidate-name")).to_have_text(candidate.full_name)


def test_anonymising_needs_confirmation_and_keeps_the_applications(page, server):
    candidate = _candidate(server, 4)
    _open(page, candidate)
    page.locator("#tab-applications").click()
    expect(page.locator("#applications-table tbody tr").first).to_be_visible()  # the tab has rendered
    jobs = page.locator("#applications-table tbody tr").count()
    assert jobs >= 1
    page.locator("#candidate-actions").click()
    page.locator("#action-anonymise").click()
    dialog = page.get_by_role("alertdialog")
    expect(dialog).to_contain_text("Anonymise this candidate?")
    dialog.get_by_role("button", name="Cancel").click()
    expect(page.locator("#candidate-name")).to_have_text(candidate.full_name)

    page.locator("#candidate-actions").click()
    page.locator("#action-anonymise").click()
    page.locator("#confirm-anonymise").click()
    expect(page.locator("#candidate-name")).to_have_text("Anonymised Candidate")
    expect(page.locator("#applications-table tbody tr")).to_have_count(jobs)
    page.locator("#tab-overview").click()
    expect(page.locator("#timeline .timeline-entry").first).to_contain_text("Rick Recruiter anonymised this candidate")
    expect(page.locator("#timeline")).not_to_contain_text(candidate.last_name)


def test_delete_asks_for_the_name(page, server):
    candidate = _candidate(server, 5)
    _open(page, candidate)
    page.locator("#candidate-actions").click()
    page.locator("#action-delete").click()
    expect(page.locator("#confirm-delete")).to_be_disabled()
    page.fill("#delete-confirm", candidate.first_name)
    expect(page.locator("#confirm-delete")).to_be_disabled()
    page.fill("#delete-confirm", candidate.full_name)
    page.locator("#confirm-delete").click()
    expect(page).to_have_url(re.compile(r"/candidates/?$"))
    page.goto(f"/candidates/{candidate.id}")
    expect(page.get_by_text("Candidate not found")).to_be_visible()


def test_custom_attributes_defined_by_the_admin_are_validated_on_the_profile(new_page, server):
    admin = new_page()
    login(admin, ADMIN, start="/admin/attributes")
    for label, type_, choices in (("Preferred shift", "choice", "Day, Night"), ("Notice weeks", "number", "")):
        admin.locator("#add-attribute").click()
        admin.fill("#attr-label", label)
        admin.select_option("#attr-type", type_)
        admin.fill("#attr-choices", choices)
        admin.locator("#create-attribute").click()
        expect(admin.get_by_role("dialog")).to_have_count(0)
    expect(admin.locator('#attributes-table tr[data-key="preferred_shift"]')).to_be_visible()
    admin.screenshot(path="/tmp/x/attributes.png", full_page=True)

    candidate = _candidate(server, 7)
    rick = new_page()
    _open(rick, candidate)
    _edit(rick)
    rick.select_option("#f-custom-preferred_shift", "Night")
    rick.fill("#f-custom-notice_weeks", "soon")
    rick.locator("#save-profile").click()
    field = rick.locator("div:has(> label[for='f-custom-notice_weeks'])")
    expect(field.get_by_role("alert")).to_have_text("Notice weeks must be a number.")
    expect(rick.locator("#f-custom-preferred_shift")).to_have_value("Night")
    rick.fill("#f-custom-notice_weeks", "4")
    rick.locator("#save-profile").click()
    expect(rick.locator("#profile-values")).to_contain_text("Night")
    rick.locator("#tab-overview").click()
    expect(rick.locator("#timeline .timeline-entry").first).to_contain_text(
        "Rick Recruiter changed Preferred shift: — → Night; Notice weeks: — → 4")


def test_rejecting_needs_a_reason_and_the_application_link_is_copied(new_page, server):
    candidate = _candidate(server, 8)
    page = new_page(permissions=["clipboard-read", "clipboard-write"])
    _open(page, candidate)
    page.locator("#tab-applications").click()
    row = page.locator("#applications-table tbody tr").first
    job = row.get_attribute("data-job")
    row.get_by_role("button", name="Copy link").click()
    expect(page.get_by_text("Link copied.")).to_be_visible()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert re.fullmatch(rf"{server.url}/jobs/[0-9a-f-]{{36}}\?application=[0-9a-f-]{{36}}", copied)

    row.get_by_role("button", name="Reject for " + job).click()
    page.locator("#confirm-reject").click()
    expect(page.get_by_role("dialog").get_by_role("alert")).to_have_text("Say why the candidate is rejected.")
    page.fill("#reject-reason", "Prefers part-time work")
    page.locator("#confirm-reject").click()
    expect(page.get_by_role("dialog")).to_have_count(0)
    rejected = page.locator(f'#applications-table tr[data-job="{job}"]')
    expect(rejected).to_contain_text("Reason: Prefers part-time work")
    expect(rejected.get_by_role("combobox")).to_have_value(re.compile(".+"))
    page.locator("#tab-overview").click()
    expect(page.locator("#timeline .timeline-entry").first).to_contain_text(
        f"Rick Recruiter rejected {candidate.first_name} for {job}: Prefers part-time work")


def test_profile_screenshots(page, server):
    candidate = _candidate(server, 6)
    _open(page, candidate)
    page.screenshot(path="/tmp/x/overview.png", full_page=True)
    _edit(page)
    page.screenshot(path="/tmp/x/profile.png", full_page=True)
    page.locator("#tab-applications").click()
    page.screenshot(path="/tmp/x/applications.png", full_page=True)


def test_documents_tab_uploads_a_cv_and_the_timeline_shows_it(server, page):
    from tests.docfiles import pdf

    candidate = _candidate(server, 20)
    _open(page, candidate)
    page.locator("#tab-documents").click()
    expect(page.locator("#documents-panel")).to_be_visible()
    page.select_option("#document-category", "cv")
    page.locator("[data-testid=document-dropzone] input[type=file]").set_input_files(
        [{"name": "profile-tab-cv.pdf", "mimeType": "application/pdf", "buffer": pdf()}])
    expect(page.locator('.document-group[data-category="cv"]').get_by_text("profile-tab-cv.pdf")).to_be_visible()
    page.locator("#tab-overview").click()
    expect(page.get_by_text("uploaded profile-tab-cv.pdf")).to_be_visible()

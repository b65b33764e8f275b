"""A recruiter keeps a candidate's documents: upload, preview, download, zip, delete; nobody else gets them."""

import re
import uuid
import zipfile

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from app.settings import ROOT
from tests import docfiles
from tests.e2e.conftest import login

pytestmark = pytest.mark.e2e

RECRUITER = "recruiter@northwind.example.com"


def _northwind_candidate(server, n: int) -> tuple[str, str]:
    """(id, full name) of the n-th Northwind demo candidate: each test takes its own."""
    engine = sa.create_engine(server.database_url)
    with engine.connect() as conn:
        row = conn.execute(sa.text(
            "SELECT c.id, c.first_name || ' ' || c.last_name FROM candidate c JOIN agency a ON a.id = c.agency_id "
            "WHERE a.slug = 'northwind' ORDER BY c.id LIMIT 1 OFFSET :n"), {"n": n}).one()
    engine.dispose()
    return str(uuid.UUID(str(row[0]))), row[1]


def _open(page, candidate_id: str, email: str = RECRUITER):
    login(page, email, start=f"/login?next=%2Fcandidates%2F{candidate_id}%2Fdocuments")
    expect(page.locator("#documents-panel")).to_be_visible()


def _upload(page, *files):
    page.locator("[data-testid=document-dropzone] input[type=file]").set_input_files(
        [{"name": name, "mimeType": mime, "buffer": data} for name, mime, data in files])


def _row(page, filename):
    return page.locator(".document-row", has=page.get_by_text(filename, exact=True))


def test_recruiter_uploads_previews_downloads_and_zips_and_refused_files_say_why(server, page):
    cid, name = _northwind_candidate(server, 0)
    _open(page, cid)
    expect(page.locator("#candidate-name")).to_have_text(name)
    page.select_option("#document-category", "cv")
    _upload(page, ("Ann CV.pdf", "application/pdf", docfiles.pdf()),
            ("invoice.pdf", "application/pdf", docfiles.exe()))

    cv_group = page.locator('.document-group[data-category="cv"]')
    expect(cv_group.get_by_text("Ann CV.pdf", exact=True)).to_be_visible()
    expect(page.locator('.upload-problem[data-filename="invoice.pdf"]')).to_contain_text(
        "invoice.pdf was refused")
    expect(page.locator('.upload-problem[data-filename="invoice.pdf"]')).to_contain_text("program (executable)")
    expect(page.get_by_text("invoice.pdf", exact=True)).to_have_count(0)  # the refused file is not listed

    _row(page, "Ann CV.pdf").get_by_role("button", name="Preview Ann CV.pdf").click()
    frame = page.locator("#document-preview-frame")
    expect(frame).to_be_visible()
    src = frame.get_attribute("src")
    preview = page.request.get(src)
    assert preview.status == 200 and preview.headers["content-type"] == "application/pdf"
    assert preview.body() == docfiles.pdf()
    page.keyboard.press("Escape")
    expect(page.locator("#document-preview")).to_have_count(0)

    with page.expect_download() as info:
        _row(page, "Ann CV.pdf").get_by_role("link", name="Download Ann CV.pdf").click()
    download = info.value
    assert download.suggested_filename == "Ann CV.pdf"
    assert open(download.path(), "rb").read() == docfiles.pdf()

    with page.expect_download() as info:
        page.locator("#download-all").click()
    with zipfile.ZipFile(info.value.path()) as archive:
        assert archive.namelist() == ["cv/Ann CV.pdf"]
        assert archive.read("cv/Ann CV.pdf") == docfiles.pdf()

    # Reflex's public upload folder never holds it, on disk or under any URL.
    upload_dir = ROOT / "uploaded_files"
    assert not [p for p in upload_dir.rglob("*") if p.is_file() and p.read_bytes() == docfiles.pdf()]
    doc_id = src.rsplit("/", 1)[-1]
    for path in (f"/_upload/{doc_id}", "/_upload/Ann%20CV.pdf", f"/_upload/files/{doc_id}", "/_upload/invoice.pdf"):
        response = page.request.get(path)
        assert response.status != 200 or response.body() != docfiles.pdf(), path
        assert b"%PDF" not in response.body(), path


def test_another_agency_gets_404_and_an_anonymous_visitor_is_sent_to_login(server, page, new_page):
    cid, _ = _northwind_candidate(server, 1)
    _open(page, cid)
    _upload(page, ("passport.png", "image/png", docfiles.png()))
    row = _row(page, "passport.png")
    expect(row).to_be_visible()
    doc_id = row.get_attribute("data-id")

    outsider = new_page()
    login(outsider, "admin@southwind.example.com")
    for url in (f"/files/documents/{doc_id}", f"/files/documents/{doc_id}/download",
                f"/files/candidates/{cid}/documents.zip"):
        assert outsider.request.get(url).status == 404, url
    outsider.goto(f"/candidates/{cid}/documents")
    expect(outsider.get_by_text("Candidate not found")).to_be_visible()

    anonymous = new_page()
    response = anonymous.request.get(f"/files/documents/{doc_id}", max_redirects=0)
    assert response.status == 401
    anonymous.goto(f"/files/documents/{doc_id}")
    expect(anonymous).to_have_url(re.compile(rf"/login/?\?next=%2Ffiles%2Fdocuments%2F{doc_id}$"))


def test_viewer_reads_and_downloads_but_cannot_upload_or_delete_and_delete_asks_first(server, page, new_page):
    cid, _ = _northwind_candidate(server, 2)
    _open(page, cid)
    page.select_option("#document-category", "certificate")
    _upload(page, ("first aid.pdf", "application/pdf", docfiles.pdf("First aid")))
    expect(page.locator('.document-group[data-category="certificate"]').get_by_text("first aid.pdf")).to_be_visible()

    viewer = new_page()
    _open(viewer, cid, "viewer@northwind.example.com")
    expect(_row(viewer, "first aid.pdf")).to_be_visible()
    expect(viewer.locator("[data-testid=document-dropzone]")).to_have_count(0)
    expect(viewer.get_by_role("button", name="Delete first aid.pdf")).to_have_count(0)
    with viewer.expect_download() as info:
        _row(viewer, "first aid.pdf").get_by_role("link", name="Download first aid.pdf").click()
    assert info.value.suggested_filename == "first aid.pdf"

    doc_id = _row(page, "first aid.pdf").get_attribute("data-id")
    page.get_by_role("button", name="Delete first aid.pdf").click()
    page.get_by_role("alertdialog").get_by_role("button", name="Cancel").click()
    expect(_row(page, "first aid.pdf")).to_be_visible()
    page.get_by_role("button", name="Delete first aid.pdf").click()
    page.get_by_role("alertdialog").get_by_role("button", name="Delete").click()
    expect(_row(page, "first aid.pdf")).to_have_count(0)
    expect(page.get_by_text("No documents yet")).to_be_visible()
    assert page.request.get(f"/files/documents/{doc_id}").status == 404
    expect(_row(viewer, "first aid.pdf")).to_have_count(0)  # live: the viewer's list follows the candidate

"""Candidate documents: content checks, private storage, tenancy, timeline, zip."""

import hashlib
import zipfile

import pytest

from app.models import Document
from app.services import activity, candidates, documents
from app.services.errors import Forbidden, NotFound, ValidationError
from app.settings import get_settings
from tests import docfiles
from tests.factories import actor_for, make_agency, make_user


@pytest.fixture
def north(session):
    agency = make_agency(session, "north")
    actor = actor_for(make_user(session, agency, "recruiter"))
    viewer = actor_for(make_user(session, agency, "viewer"))
    ann = candidates.create_candidate(session, actor, first_name="Ann", last_name="Lee")
    session.commit()
    return {"actor": actor, "viewer": viewer, "ann": ann}


@pytest.fixture
def south(session):
    agency = make_agency(session, "south")
    actor = actor_for(make_user(session, agency, "admin"))
    sid = candidates.create_candidate(session, actor, first_name="Sid", last_name="South")
    session.commit()
    return {"actor": actor, "sid": sid}


def _save(session, who, name, data, category="cv"):
    doc = documents.save(session, who["actor"], who["ann"].id, name, data, category)
    session.commit()
    return doc


def test_a_real_pdf_and_png_are_stored_privately_with_their_sniffed_type(session, north):
    pdf = _save(session, north, "Ann CV.pdf", docfiles.pdf())
    png = _save(session, north, "passport", docfiles.png(), "id")
    assert (pdf.content_type, png.content_type) == ("application/pdf", "image/png")
    assert png.filename == "passport.png"  # the name gets the suffix its content deserves
    path = documents.path_of(pdf)
    assert path == get_settings().data_dir / "files" / str(north["actor"].agency_id) / str(pdf.id)
    assert path.read_bytes() == docfiles.pdf()
    assert pdf.sha256 == hashlib.sha256(docfiles.pdf()).hexdigest() and pdf.size == len(docfiles.pdf())
    assert not list(path.parent.glob(".upload-*"))  # the temporary file was renamed into place
    events = activity.for_subject(session, north["actor"], "candidate", north["ann"].id)
    assert events[0].kind == "document.uploaded"
    assert events[0].payload == {"filename": "passport.png", "category": "id"}


@pytest.mark.parametrize("name,data", [("cv.docx", docfiles.docx()), ("hours.xlsx", docfiles.xlsx()),
                                       ("notes.txt", "Zoë speaks Dutch\n".encode())])
def test_office_files_and_plain_text_are_accepted(session, north, name, data):
    assert _save(session, north, name, data).filename == name


@pytest.mark.parametrize("name,data,says", [
    ("cv.pdf", docfiles.exe(), "program (executable)"),
    ("cv.pdf", docfiles.HTML, "HTML"),
    ("cv.docx", docfiles.plain_zip(), "refused"),
    ("cv.pdf", b"", "is empty"),
    ("cv.pdf", b"%PDF-1.4\n" + b"0" * documents.MAX_BYTES, "larger than 10 MB"),
])
def test_files_are_judged_by_content_and_refused_with_a_clear_message(session, north, name, data, says):
    with pytest.raises(ValidationError) as exc:
        documents.save(session, north["actor"], north["ann"].id, name, data, "cv")
    assert says in exc.value.errors["file"] and name in exc.value.errors["file"]
    session.rollback()
    assert session.query(Document).count() == 0
    assert not list((get_settings().data_dir / "files").rglob(f"*{north['actor'].agency_id}*/*"))


def test_a_10_mb_file_is_still_accepted(session, north):
    data = docfiles.pdf() + b"%" * (documents.MAX_BYTES - len(docfiles.pdf()))
    assert _save(session, north, "big.pdf", data).size == documents.MAX_BYTES


def test_unknown_category_and_viewers_are_refused(session, north):
    with pytest.raises(ValidationError) as exc:
        documents.save(session, north["actor"], north["ann"].id, "cv.pdf", docfiles.pdf(), "secret")
    assert "category" in exc.value.errors
    with pytest.raises(Forbidden):
        documents.save(session, north["viewer"], north["ann"].id, "cv.pdf", docfiles.pdf(), "cv")
    doc = _save(session, north, "cv.pdf", docfiles.pdf())
    with pytest.raises(Forbidden):
        documents.delete(session, north["viewer"], doc.id)
    assert documents.get(session, north["viewer"], doc.id).id == doc.id  # viewers do read


def test_a_rolled_back_upload_leaves_no_file(session, north):
    doc = documents.save(session, north["actor"], north["ann"].id, "cv.pdf", docfiles.pdf(), "cv")
    path = documents.path_of(doc)
    assert path.exists()
    session.rollback()
    assert not path.exists()


def test_another_agency_sees_nothing(session, north, south):
    doc = _save(session, north, "cv.pdf", docfiles.pdf())
    for call in (lambda: documents.get(session, south["actor"], doc.id),
                 lambda: documents.delete(session, south["actor"], doc.id),
                 lambda: documents.list_documents(session, south["actor"], north["ann"].id),
                 lambda: documents.zip_all(session, south["actor"], north["ann"].id),
                 lambda: documents.save(session, south["actor"], north["ann"].id, "x.pdf", docfiles.pdf(), "cv"),
                 lambda: documents.get(session, north["actor"], "not-a-uuid")):
        with pytest.raises(NotFound):
            call()
    session.rollback()
    assert documents.path_of(doc).exists()


def test_delete_removes_the_row_and_the_file_and_records_it(session, north):
    doc = _save(session, north, "cv.pdf", docfiles.pdf())
    path = documents.path_of(doc)
    documents.delete(session, north["actor"], doc.id)
    assert path.exists()  # not before the commit: a rolled-back delete keeps its file
    session.commit()
    assert not path.exists()
    with pytest.raises(NotFound):
        documents.get(session, north["actor"], doc.id)
    event = activity.for_subject(session, north["actor"], "candidate", north["ann"].id)[0]
    assert (event.kind, event.payload) == ("document.deleted", {"filename": "cv.pdf", "category": "cv"})


def test_list_is_grouped_by_category_with_the_uploader(session, north):
    _save(session, north, "cv.pdf", docfiles.pdf())
    _save(session, north, "id.png", docfiles.png(), "id")
    grouped = documents.list_grouped(session, north["actor"], north["ann"].id)
    assert [c for c, _ in grouped] == ["cv", "certificate", "id", "other"]
    assert [[e.document.filename for e in entries] for _, entries in grouped] == [["cv.pdf"], [], ["id.png"], []]
    assert grouped[0][1][0].uploaded_by == north["actor"].name


def test_zip_holds_every_document_under_unique_names(session, north):
    _save(session, north, "cv.pdf", docfiles.pdf("one"))
    _save(session, north, "CV.pdf", docfiles.pdf("two"))
    _save(session, north, "scan.png", docfiles.png(), "certificate")
    path, name = documents.zip_all(session, north["actor"], north["ann"].id)
    try:
        with zipfile.ZipFile(path) as archive:
            names = sorted(archive.namelist())
            assert names == ["certificate/scan.png", "cv/CV (2).pdf", "cv/cv.pdf"] or \
                names == ["certificate/scan.png", "cv/CV.pdf", "cv/cv (2).pdf"]
            assert {archive.read(n) for n in names if n.startswith("cv/")} == {docfiles.pdf("one"), docfiles.pdf("two")}
        assert name == "Ann Lee documents.zip"
    finally:
        path.unlink()


def test_filenames_are_made_safe_for_display_and_download():
    assert documents.clean_filename("../../etc/passwd", "text/plain") == "passwd.txt"
    assert documents.clean_filename("C:\\Users\\ann\\CV.PDF", "application/pdf") == "CV.PDF"
    assert documents.clean_filename("a\x00b\r\nc.pdf", "application/pdf") == "ab c.pdf"
    assert documents.clean_filename("page.html", "text/plain") == "page.html.txt"
    assert documents.clean_filename("..", "application/pdf") == "document.pdf"
    assert len(documents.clean_filename("x" * 400 + ".pdf", "application/pdf")) == 200

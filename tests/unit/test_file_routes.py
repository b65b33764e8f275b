"""The private file routes: only a signed-in member of the owning agency, with headers that keep files safe."""

import io
import tempfile
import zipfile
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from app.api.server import create_api
from app.db import get_engine
from app.services import auth, candidates, documents
from app.services.auth import COOKIE_NAME
from app.settings import get_settings
from tests import docfiles
from tests.factories import actor_for, make_agency, make_user


@pytest.fixture
def client(monkeypatch, database_url, engine):
    monkeypatch.setenv("DATABASE_URL", database_url)
    get_settings.cache_clear()
    get_engine.cache_clear()
    with TestClient(create_api(), base_url="http://testserver") as c:
        yield c
    get_engine().dispose()
    get_settings.cache_clear()
    get_engine.cache_clear()


def _signed_in(session, user) -> str:
    token, _ = auth.start_session(session, user)
    session.commit()
    return token


@pytest.fixture
def world(session):
    north = make_agency(session, "north")
    recruiter = make_user(session, north, "recruiter")
    south_user = make_user(session, make_agency(session, "south"), "admin")
    actor = actor_for(recruiter)
    ann = candidates.create_candidate(session, actor, first_name="Ann", last_name="Lee")
    pdf = documents.save(session, actor, ann.id, "Ann Lée CV.pdf", docfiles.pdf(), "cv")
    png = documents.save(session, actor, ann.id, "photo.png", docfiles.png(), "id")
    txt = documents.save(session, actor, ann.id, "notes.txt", b"hello", "other")
    session.commit()
    return {"north": _signed_in(session, recruiter), "south": _signed_in(session, south_user),
            "ann": ann, "pdf": pdf, "png": png, "txt": txt}


def _get(client, url, token=None, **kw):
    client.cookies.clear()
    if token:
        client.cookies.set(COOKIE_NAME, token)
    return client.get(url, follow_redirects=False, **kw)


def _urls(w):
    return [f"/files/documents/{w['pdf'].id}", f"/files/documents/{w['pdf'].id}/download",
            f"/files/candidates/{w['ann'].id}/documents.zip"]


def test_no_session_gets_401_or_a_redirect_to_login(client, world):
    for url in _urls(world):
        assert _get(client, url).status_code == 401
        browser = _get(client, url, headers={"Accept": "text/html,*/*"})
        assert browser.status_code == 303 and browser.headers["location"].startswith("/login?next=%2Ffiles%2F")
    assert _get(client, _urls(world)[0], token="forged-token").status_code == 401


def test_another_agency_and_unknown_ids_get_404(client, world):
    for url in _urls(world):
        response = _get(client, url, world["south"])
        assert response.status_code == 404 and b"%PDF" not in response.content
    for url in ("/files/documents/not-a-uuid", "/files/documents/00000000-0000-0000-0000-000000000000/download",
                "/files/candidates/nope/documents.zip"):
        assert _get(client, url, world["north"]).status_code == 404


def test_preview_is_inline_with_the_sniffed_type_and_safe_headers(client, world):
    response = _get(client, f"/files/documents/{world['pdf'].id}", world["north"])
    assert response.status_code == 200 and response.content == docfiles.pdf()
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"] == \
        "inline; filename=\"Ann L_e CV.pdf\"; filename*=UTF-8''Ann%20L%C3%A9e%20CV.pdf"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["cache-control"] == "private, no-store"
    assert "default-src 'none'" in response.headers["content-security-policy"]
    assert "frame-ancestors 'self'" in response.headers["content-security-policy"]

    text = _get(client, f"/files/documents/{world['txt'].id}", world["north"])
    assert text.headers["content-type"] == "text/plain; charset=utf-8"
    assert text.headers["content-security-policy"].startswith("sandbox")
    image = _get(client, f"/files/documents/{world['png'].id}", world["north"])
    assert image.headers["content-type"] == "image/png" and image.headers["content-security-policy"].startswith("sandbox")


def test_download_is_an_attachment(client, world):
    response = _get(client, f"/files/documents/{world['png'].id}/download", world["north"])
    assert response.status_code == 200 and response.content == docfiles.png()
    assert response.headers["content-disposition"].startswith('attachment; filename="photo.png"')
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["cache-control"] == "private, no-store"


def test_zip_contains_every_document_and_its_temp_file_is_removed(client, world):
    leftovers = lambda: set(Path(tempfile.gettempdir()).glob("candor-zip-*"))  # noqa: E731
    before = leftovers()
    response = _get(client, f"/files/candidates/{world['ann'].id}/documents.zip", world["north"])
    assert response.status_code == 200 and response.headers["content-type"] == "application/zip"
    assert response.headers["content-disposition"].startswith('attachment; filename="Ann Lee documents.zip"')
    assert response.headers["cache-control"] == "private, no-store"
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert sorted(archive.namelist()) == ["cv/Ann Lée CV.pdf", "id/photo.png", "other/notes.txt"]
        assert archive.read("cv/Ann Lée CV.pdf") == docfiles.pdf()
    assert leftovers() == before

"""A signed-in candidate's own files over HTTP: their documents and the zip of all their data.

Authorised by the portal cookie alone (never by a staff cookie, never from /_upload), for the agency in the
path: a document of another candidate, or any document asked for under another agency's address, is 404.
"""

from __future__ import annotations

import os

from fastapi import APIRouter, Request
from starlette.responses import FileResponse, PlainTextResponse, RedirectResponse, Response, StreamingResponse

from app.api.files import CSP_SANDBOX, _chunks, _headers
from app.db import session_scope
from app.services import documents, portal, portal_auth
from app.services.errors import NotFound
from app.services.portal_auth import CandidateActor

router = APIRouter(prefix="/portal-files")
NO_STORE = {"Cache-Control": "private, no-store"}


def _candidate(session, request: Request, slug: str) -> CandidateActor | None:
    who = portal_auth.resolve(session, request.cookies.get(portal_auth.COOKIE_NAME))
    return who if who is not None and who.agency_slug == slug else None


def _denied(request: Request, slug: str, status: int) -> Response:
    """Signed out: a browser goes to the agency's sign-in page; anything else gets the bare status."""
    if status == 401 and "text/html" in request.headers.get("accept", ""):
        return RedirectResponse(f"/portal/{slug[:60]}", status_code=303, headers=NO_STORE)
    return PlainTextResponse("Please sign in." if status == 401 else "Not found.", status_code=status,
                             headers=NO_STORE)


@router.get("/{slug}/documents/{document_id}")
def download_document(request: Request, slug: str, document_id: str):
    with session_scope() as session:
        who = _candidate(session, request, slug)
        if who is None:
            return _denied(request, slug, 401)
        try:
            document = portal.my_document(session, who, document_id)
        except NotFound:
            return _denied(request, slug, 404)
    path = documents.path_of(document)
    if not path.is_file():
        return _denied(request, slug, 404)
    return FileResponse(path, media_type=document.content_type,
                        headers=_headers("attachment", document.filename, CSP_SANDBOX))


@router.post("/{slug}/my-data.zip")
def download_my_data(request: Request, slug: str):
    """POST: it is recorded on the timeline, and a cross-site page cannot make a signed-in candidate ask for it."""
    with session_scope() as session:
        who = _candidate(session, request, slug)
        if who is None:
            return _denied(request, slug, 401)
        try:
            path, filename = portal.export_data(session, who)
        except NotFound:
            return _denied(request, slug, 404)
    # Streamed from an open handle of the already-unlinked temp file: the zip never lingers on disk.
    handle = path.open("rb")
    path.unlink()
    headers = _headers("attachment", filename, CSP_SANDBOX) | {"Content-Length": str(os.fstat(handle.fileno()).st_size)}
    return StreamingResponse(_chunks(handle), media_type="application/zip", headers=headers)

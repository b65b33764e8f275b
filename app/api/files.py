"""Private files over HTTP: only a signed-in member of the owning agency gets them, never from a cache."""

from __future__ import annotations

import os
from urllib.parse import quote

from fastapi import APIRouter, Request
from starlette.responses import FileResponse, PlainTextResponse, RedirectResponse, Response, StreamingResponse

from app.db import session_scope
from app.services import auth, documents
from app.services.auth import COOKIE_NAME
from app.services.errors import NotFound

router = APIRouter(prefix="/files")

# Inline content is sandboxed, except PDF: several browsers (older Chrome, Firefox's pdf.js) refuse to show a PDF
# in a sandboxed document, and a PDF viewer runs no script of ours. It still may load nothing and only be
# framed by our own pages (checked: Chromium previews it in the panel's iframe).
CSP_PDF = "default-src 'none'; object-src 'self'; frame-ancestors 'self'"
CSP_SANDBOX = "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'"
INLINE_TYPES = {documents.PDF, documents.TEXT, *documents.IMAGES}


def content_disposition(kind: str, filename: str) -> str:
    """RFC 6266: an ASCII fallback plus the exact UTF-8 name."""
    fallback = "".join(c if 32 <= ord(c) < 127 and c not in '"\\' else "_" for c in filename)
    return f"{kind}; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def _headers(kind: str, filename: str, csp: str) -> dict[str, str]:
    return {
        "Content-Disposition": content_disposition(kind, filename),
        "Content-Security-Policy": csp,
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "SAMEORIGIN",
        "Cache-Control": "private, no-store",
        "Referrer-Policy": "no-referrer",
    }


def _denied(request: Request, status: int) -> Response:
    """Not signed in: a browser navigating goes to the login page, anything else gets 401."""
    if status == 401 and "text/html" in request.headers.get("accept", ""):
        next_path = quote(request.url.path, safe="")
        return RedirectResponse(f"/login?next={next_path}", status_code=303,
                                headers={"Cache-Control": "private, no-store"})
    text = "Please sign in." if status == 401 else "Not found."
    return PlainTextResponse(text, status_code=status, headers={"Cache-Control": "private, no-store"})


def _document_response(request: Request, document_id: str, inline: bool) -> Response:
    with session_scope() as session:
        actor = auth.resolve_session(session, request.cookies.get(COOKIE_NAME))
        if actor is None:
            return _denied(request, 401)
        try:
            document = documents.get(session, actor, document_id)
        except NotFound:
            return _denied(request, 404)
    path = documents.path_of(document)
    if not path.is_file():
        return _denied(request, 404)
    inline = inline and document.content_type in INLINE_TYPES
    csp = CSP_PDF if inline and document.content_type == documents.PDF else CSP_SANDBOX
    media_type = document.content_type + ("; charset=utf-8" if document.content_type == documents.TEXT else "")
    return FileResponse(path, media_type=media_type,
                        headers=_headers("inline" if inline else "attachment", document.filename, csp))


@router.get("/documents/{document_id}")
def preview_document(request: Request, document_id: str):
    return _document_response(request, document_id, inline=True)


@router.get("/documents/{document_id}/download")
def download_document(request: Request, document_id: str):
    return _document_response(request, document_id, inline=False)


@router.get("/candidates/{candidate_id}/documents.zip")
def download_all(request: Request, candidate_id: str):
    with session_scope() as session:
        actor = auth.resolve_session(session, request.cookies.get(COOKIE_NAME))
        if actor is None:
            return _denied(request, 401)
        try:
            path, filename = documents.zip_all(session, actor, candidate_id)
        except NotFound:
            return _denied(request, 404)
    # Streamed from an open handle of the already-unlinked temp file: nothing is left behind, and the server
    # cannot look the path up after we removed it (granian sends a FileResponse by path, after the handler).
    handle = path.open("rb")
    path.unlink()
    headers = _headers("attachment", filename, CSP_SANDBOX) | {"Content-Length": str(os.fstat(handle.fileno()).st_size)}
    return StreamingResponse(_chunks(handle), media_type="application/zip", headers=headers)


def _chunks(handle, size: int = 64 * 1024):
    with handle:
        while data := handle.read(size):
            yield data

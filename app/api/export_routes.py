"""Downloads of CSV exports: only for a signed-in staff member of the exporting agency."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, PlainTextResponse

from app.db import session_scope
from app.services import auth, bulk
from app.services.auth import COOKIE_NAME
from app.services.errors import NotFound

router = APIRouter()


@router.get("/exports/{job_id}")
def download_export(request: Request, job_id: str):
    with session_scope() as session:
        actor = auth.resolve_session(session, request.cookies.get(COOKIE_NAME))
        try:
            if actor is None:
                raise NotFound("Export")
            path, name = bulk.export_file(session, actor, job_id)
        except NotFound:
            return PlainTextResponse("Not found", status_code=404)
    return FileResponse(path, media_type="text/csv; charset=utf-8", filename=name,
                        headers={"Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff"})

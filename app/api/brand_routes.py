"""An agency's public brand assets (its logo), served from private storage (data/brand/<agency_id>/), never from
Reflex's /_upload. Public on purpose: the portal's sign-in page and emails show the logo to anyone."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.responses import FileResponse, PlainTextResponse

from app.db import session_scope
from app.services import portal_staff
from app.services.errors import NotFound

router = APIRouter(prefix="/brand")


@router.get("/{slug}/{name}")
def brand_file(slug: str, name: str):
    try:
        with session_scope() as session:
            path, media_type = portal_staff.logo_file(session, slug, name)
    except NotFound:
        return PlainTextResponse("Not found.", status_code=404)
    # The name changes with every upload, so the file can be cached for long; nosniff + a sandbox for an image.
    return FileResponse(path, media_type=media_type, headers={
        "Cache-Control": "public, max-age=86400", "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "default-src 'none'; sandbox"})

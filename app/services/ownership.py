"""The REST API's isolation rule, from the API it is compatible with: a record that does not exist is 404,
one that exists in another agency is 403 (the app itself says "not found" for both)."""

from __future__ import annotations

import uuid

from sqlmodel import Session

from app.services.actor import Actor
from app.services.errors import Forbidden, NotFound


def owned(session: Session, actor: Actor, model, record_id, what: str):
    try:
        row_id = record_id if isinstance(record_id, uuid.UUID) else uuid.UUID(str(record_id))
    except ValueError:
        raise NotFound(what) from None
    row = session.get(model, row_id)
    if row is None:
        raise NotFound(what)
    if row.agency_id != actor.agency_id:
        raise Forbidden(f"This {what.lower()} belongs to another agency.", rule="other_agency")
    return row

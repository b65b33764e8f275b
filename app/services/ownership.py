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


def referenced(session: Session, actor: Actor, model, record_id, field: str, what: str):
    """A record named in a request body: unknown is a validation error (400), another agency's is Forbidden."""
    from app.services.errors import ValidationError

    try:
        row_id = record_id if isinstance(record_id, uuid.UUID) else uuid.UUID(str(record_id))
    except ValueError:
        raise ValidationError({field: f"Not a valid {what.lower()} id."}, {field: "format"}) from None
    row = session.get(model, row_id)
    if row is None:
        raise ValidationError({field: f"No such {what.lower()}."}, {field: "exists"})
    if row.agency_id != actor.agency_id:
        raise Forbidden(f"This {what.lower()} belongs to another agency.", field=field, rule="same_agency")
    return row

"""Cursor pagination: keyset on (timestamp, id), so pages stay stable while rows are added."""

from __future__ import annotations

import base64
import binascii
import json
import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, or_

from app.services.errors import ValidationError

MAX_LIMIT = 100


@dataclass
class Page:
    items: list
    next_cursor: str | None


def _bad_cursor() -> ValidationError:
    return ValidationError({"cursor": "This cursor is not valid; use the nextCursor of a previous page."},
                           {"cursor": "format"})


def encode(at: datetime, row_id: uuid.UUID) -> str:
    raw = json.dumps([at.isoformat(), str(row_id)], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(cursor: str) -> tuple[datetime, uuid.UUID]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        at, row_id = json.loads(raw)
        parsed = datetime.fromisoformat(at)
        if parsed.tzinfo is None:
            raise ValueError
        return parsed, uuid.UUID(row_id)
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError, json.JSONDecodeError):
        raise _bad_cursor() from None


def keyset(session, stmt, at_col, id_col, cursor: str | None, limit: int) -> Page:
    """Rows of `stmt` ordered by (at_col, id_col), after `cursor`; at most `limit` (1 to 100).

    The first entity of each row (a model, or the first of a tuple) supplies the cursor's values.
    """
    if not 1 <= limit <= MAX_LIMIT:
        raise ValidationError({"limit": f"Use a limit from 1 to {MAX_LIMIT}."}, {"limit": "range"})
    if cursor:
        at, row_id = decode(cursor)
        stmt = stmt.where(or_(at_col > at, and_(at_col == at, id_col > row_id)))
    rows = list(session.exec(stmt.order_by(at_col, id_col).limit(limit + 1)))
    more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = None
    if more:
        last = rows[-1]
        first = last[0] if isinstance(last, tuple) or hasattr(last, "_fields") else last
        next_cursor = encode(getattr(first, at_col.key), getattr(first, id_col.key))
    return Page(items=rows, next_cursor=next_cursor)

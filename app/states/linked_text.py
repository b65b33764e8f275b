"""Plain text with its http(s) links, in the shape a page can render (see components/linked_text.py)."""

from __future__ import annotations

import dataclasses

from app.services.email import link_segments


@dataclasses.dataclass
class Segment:
    text: str
    href: str  # "" for plain text


def segments(text: str) -> list[Segment]:
    return [Segment(piece, href) for piece, href in link_segments(text)]

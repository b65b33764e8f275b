"""An email body as it reads: line breaks kept, links either working (<a href>) or only drawn as links."""

from __future__ import annotations

import reflex as rx

from app.states.linked_text import Segment


def _piece(segment: Segment, clickable: bool) -> rx.Component:
    link_style = {"color": rx.color("accent", 11), "text_decoration": "underline", "word_break": "break-all"}
    link = (rx.el.a(segment.text, href=segment.href, style=link_style) if clickable
            else rx.el.span(segment.text, style=link_style, title="The candidate's personal link"))
    return rx.cond(segment.href != "", link, rx.el.span(segment.text))


def linked_text(items, clickable: bool = True, **props) -> rx.Component:
    """`items` is a list[Segment] var. Preview links are not clickable: they lead nowhere."""
    return rx.box(
        rx.foreach(items, lambda s: _piece(s, clickable)),
        style={"white_space": "pre-wrap", "overflow_wrap": "anywhere", "font_size": "14px", "line_height": "1.6"},
        **props,
    )

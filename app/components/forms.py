"""Form fields with a label and an error message right below them."""

from __future__ import annotations

import reflex as rx


def field_error(message) -> rx.Component:
    return rx.cond(message != "", rx.text(message, color=rx.color("red", 11), size="2", role="alert"))


def labelled(label: str, control: rx.Component, field_id: str, error) -> rx.Component:
    return rx.vstack(
        rx.el.label(label, html_for=field_id, style={"font_weight": "500", "font_size": "14px"}),
        control,
        field_error(error),
        spacing="1",
        width="100%",
    )

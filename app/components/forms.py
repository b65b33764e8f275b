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


def label_file_input(upload: rx.Component, label) -> rx.Component:
    """Name the hidden file input of an rx.upload zone (react-dropzone keeps it in the accessibility tree, so
    axe and screen readers need a label for it); the zone's own button is what people use."""
    stack = [upload]
    while stack:
        component = stack.pop()
        if type(component).__name__ == "Input" and str(getattr(component, "type", "")).strip('"') == "file":
            component.custom_attrs["aria-label"] = label
        stack.extend(component.children)
    return upload

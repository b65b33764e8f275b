"""Building blocks of the portal's self-service pages (profile, documents, my data): headings, the status line
that screen readers announce, loading and empty states, the confirmation dialog. Classes live in public_form.css
under "portal-self"."""

from __future__ import annotations

import reflex as rx


def page_heading(title, intro, heading_id: str) -> rx.Component:
    return rx.box(
        rx.el.h1(title, class_name="pb-title", id=heading_id),
        rx.el.p(intro, class_name="pb-intro"),
    )


def status_line(message, tone, element_id: str = "ps-outcome") -> rx.Component:
    """A polite live region that is always on the page (so what appears in it is read out), focusable."""
    return rx.el.p(
        rx.cond(message != "", rx.fragment(
            rx.cond(tone == "ok", rx.icon("circle-check", size=18, aria_hidden="true"),
                    rx.icon("circle-alert", size=18, aria_hidden="true")),
            rx.el.span(message),
        )),
        id=element_id, role="status", aria_live="polite", tab_index=-1,
        class_name=rx.cond(message != "", "ps-outcome ps-outcome-" + tone, "ps-outcome ps-outcome-empty"),
    )


def loading(text) -> rx.Component:
    return rx.box(rx.spinner(size="3"), rx.el.span(text, class_name="ps-loading-text"),
                  class_name="ps-loading", role="status", aria_live="polite")


def empty(icon: str, title, text, **props) -> rx.Component:
    return rx.box(
        rx.icon(icon, size=32, aria_hidden="true", class_name="ps-empty-icon"),
        rx.el.h3(title, class_name="ps-empty-title"),
        rx.el.p(text, class_name="ps-empty-text"),
        class_name="ps-empty", **props,
    )


def section(title, *children, section_id: str, **props) -> rx.Component:
    heading_id = section_id + "-title"
    return rx.el.section(
        rx.el.h2(title, class_name="ps-section-title", id=heading_id),
        *children,
        class_name="pb-card ps-section", id=section_id, aria_labelledby=heading_id, **props,
    )


def confirm_dialog(*, trigger: rx.Component, title, text, confirm_label, cancel_label, on_confirm, open_var,
                   on_open_change, dialog_id: str, tone: str = "red") -> rx.Component:
    """An alert dialog: the trigger opens it, Cancel (focused first) or Escape closes it, the action confirms."""
    return rx.alert_dialog.root(
        rx.alert_dialog.trigger(trigger),
        rx.alert_dialog.content(
            rx.alert_dialog.title(title),
            rx.alert_dialog.description(text, size="3", class_name="ps-dialog-text"),
            rx.box(
                rx.alert_dialog.cancel(rx.button(cancel_label, variant="soft", color_scheme="gray", size="3")),
                rx.alert_dialog.action(rx.button(confirm_label, color_scheme=tone, size="3", on_click=on_confirm,
                                                 id=dialog_id + "-confirm", class_name="ps-confirm")),
                class_name="ps-dialog-actions",
            ),
            id=dialog_id, max_width="min(30rem, calc(100vw - 2rem))",
        ),
        open=open_var, on_open_change=on_open_change,
    )

"""/profile-updates: every profile-update request of the agency, by status, with resend and cancel."""

from __future__ import annotations

import reflex as rx

from app.components.layout import empty_state, workspace
from app.components.profile_requests import MUTED, cancel_dialog, row_actions, status_badge
from app.states.profile_requests import STATUS_LABELS, RequestListState, RequestView

S = RequestListState


def _filter(value: str, label: str) -> rx.Component:
    active = S.status == value
    count = [rx.badge(S.counts[value], variant="surface", radius="full")] if value else []
    return rx.button(label, *count, size="1", variant=rx.cond(active, "solid", "soft"),
                     on_click=S.set_status(value), aria_pressed=active, id=f"filter-{value or 'all'}")


def _row(row: RequestView) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(rx.vstack(
            rx.link(row.candidate_name, href="/candidates/" + row.candidate_id),
            rx.text(row.email, size="1", color=MUTED), spacing="0")),
        rx.table.cell(rx.vstack(status_badge(row), rx.text(row.detail, size="1", color=MUTED), spacing="1")),
        rx.table.cell(rx.text(row.requested, size="2")),
        rx.table.cell(row_actions(S, row)),
        class_name="request-row",
    )


def _pager() -> rx.Component:
    return rx.cond(S.pages > 1, rx.hstack(
        rx.button("Previous", size="1", variant="soft", on_click=S.go_page(S.page - 1), disabled=S.page <= 1),
        rx.text("Page ", S.page, " of ", S.pages, size="2"),
        rx.button("Next", size="1", variant="soft", on_click=S.go_page(S.page + 1), disabled=S.page >= S.pages),
        spacing="3", align="center"))


def profile_updates_page() -> rx.Component:
    filters = [("", "All")] + list(STATUS_LABELS.items())
    return workspace(
        rx.vstack(
            rx.text("Requests sent to candidates to check and update their profile. Send one from a candidate's "
                    "profile, or select candidates in the list and choose “Request profile update”.",
                    size="2", color=MUTED),
            rx.hstack(*[_filter(v, label) for v, label in filters], spacing="2", wrap="wrap",
                      role="group", aria_label="Filter by status"),
            rx.cond(~S.loaded, rx.center(rx.spinner(size="3"), padding="3rem", width="100%"),
                    rx.cond(S.rows.length() > 0,
                            rx.vstack(
                                rx.text(S.total, rx.cond(S.total == 1, " request", " requests"), size="2", color=MUTED,
                                        id="request-total"),
                                rx.table.root(
                                    rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in
                                                                   ("Candidate", "Status", "Requested", "")])),
                                    rx.table.body(rx.foreach(S.rows, _row)),
                                    width="100%", id="requests-table"),
                                _pager(), spacing="3", width="100%"),
                            empty_state("mail-check", "No requests here",
                                        "Profile-update requests you send show up here with their status."))),
            cancel_dialog(S),
            spacing="4", width="100%", max_width="1100px",
        ),
        title="Profile updates",
    )

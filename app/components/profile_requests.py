"""Profile-update requests in the workspace: the request button, status badges, rows with resend and cancel."""

from __future__ import annotations

import reflex as rx

from app.states.profile_requests import CandidateRequestsState, RequestView

MUTED = rx.color("gray", 11)
STATUS_COLORS = {"queued": "gray", "sent": "blue", "failed": "red", "opened": "amber", "submitted": "green",
                 "expired": "gray", "cancelled": "gray"}


def status_badge(row: RequestView) -> rx.Component:
    return rx.badge(row.status_label, color_scheme=rx.match(row.status, *STATUS_COLORS.items(), "gray"),
                    class_name="request-status", data_status=row.status)


def row_actions(state, row: RequestView) -> rx.Component:
    return rx.hstack(
        rx.cond(row.can_resend, rx.button(rx.icon("send", size=14), "Resend", size="1", variant="soft",
                                          on_click=state.resend(row.id), class_name="request-resend")),
        rx.cond(row.can_cancel, rx.button("Cancel", size="1", variant="ghost", color_scheme="red",
                                          on_click=state.ask_cancel(row.id), class_name="request-cancel")),
        spacing="2",
    )


def cancel_dialog(state) -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title("Cancel this profile-update request?"),
            rx.alert_dialog.description("The link in the candidate's email stops working at once.", size="2"),
            rx.hstack(
                rx.alert_dialog.cancel(rx.button("Keep it", variant="soft", color_scheme="gray")),
                # Not an alert_dialog.action: closing first would forget which request to cancel.
                rx.button("Cancel request", color_scheme="red", on_click=state.confirm_cancel,
                          id="confirm-cancel-request"),
                justify="end", spacing="3", margin_top="1rem",
            ),
        ),
        open=state.cancel_id != "", on_open_change=state.set_cancel_open,
    )


def request_button() -> rx.Component:
    S = CandidateRequestsState
    return rx.cond(S.can_request, rx.button(rx.icon("mail", size=14), "Request updated profile", variant="soft",
                                            on_click=S.request_update, id="request-update"))


def pending_note() -> rx.Component:
    S = CandidateRequestsState
    return rx.cond(S.pending != "", rx.hstack(rx.icon("mail-check", size=14, aria_hidden="true"),
                                              rx.text(S.pending, size="2", id="request-pending"),
                                              spacing="1", align="center", color=MUTED))


def _candidate_row(row: RequestView) -> rx.Component:
    return rx.hstack(
        rx.vstack(
            rx.hstack(status_badge(row), rx.text(row.detail, size="2"), spacing="2", align="center", wrap="wrap"),
            rx.text("Requested ", row.requested, " · to ", row.email, size="1", color=MUTED),
            spacing="1",
        ),
        rx.spacer(),
        row_actions(CandidateRequestsState, row),
        width="100%", align="center", padding="0.75rem", border=f"1px solid {rx.color('gray', 5)}",
        border_radius="8px", class_name="request-row", wrap="wrap",
    )


def candidate_requests_panel() -> rx.Component:
    S = CandidateRequestsState
    return rx.vstack(
        rx.cond(S.rows.length() > 0,
                rx.vstack(rx.foreach(S.rows, _candidate_row), spacing="2", width="100%", id="request-rows"),
                rx.center(rx.vstack(
                    rx.icon("mail", size=32, color=rx.color("gray", 9), aria_hidden="true"),
                    rx.text("No profile-update request yet.", weight="medium"),
                    rx.text("“Request updated profile” emails the candidate a personal link to a form that "
                            "updates this profile when they submit it.", size="2", color=MUTED,
                            text_align="center", max_width="28rem"),
                    align="center", spacing="2"), padding="2rem", width="100%",
                    border=f"1px dashed {rx.color('gray', 6)}", border_radius="12px")),
        cancel_dialog(S),
        spacing="3", width="100%",
    )

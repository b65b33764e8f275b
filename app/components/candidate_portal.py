"""The portal's pieces of a candidate profile (recruiter side): access bar, deletion-request banner, Messages tab."""

import reflex as rx

from app.components.forms import labelled
from app.components.layout import empty_state
from app.states.candidate_portal import CandidatePortalState as P, MessageRow

MUTED = rx.color("gray", 11)


def _close_dialog() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title("Close the candidate portal?"),
            rx.alert_dialog.description(
                "The candidate is signed out at once and every link they were sent stops working. You can open the "
                "portal again later.", size="2"),
            rx.hstack(
                rx.alert_dialog.cancel(rx.button("Cancel", variant="soft", color_scheme="gray")),
                rx.alert_dialog.action(rx.button("Close portal", color_scheme="red", variant="soft", id="confirm-close-portal",
                                                 on_click=P.close_portal)),
                justify="end", spacing="3", margin_top="1rem",
            ),
        ),
        open=P.close_open, on_open_change=P.set_close_open,
    )


def access_bar() -> rx.Component:
    """Closed / Invited / Open since <date> + last visit, with the buttons that change it."""
    return rx.cond(
        ~P.anonymised,
        rx.hstack(
            rx.icon("door-open", size=16, aria_hidden="true", color=MUTED),
            rx.text("Portal: ", rx.text.strong(P.portal_label, id="portal-state"), size="2"),
            rx.text(P.portal_detail, size="2", color=MUTED, id="portal-detail"),
            rx.spacer(),
            rx.cond(
                P.can_write,
                rx.cond(
                    P.portal_status == "closed",
                    rx.button(rx.icon("send", size=14), "Open portal", size="1", id="open-portal",
                              on_click=P.open_portal, disabled=~P.has_email,
                              title=rx.cond(P.has_email, "Send the portal invitation",
                                            "Add an email address first")),
                    rx.hstack(
                        rx.button(rx.icon("refresh-cw", size=14), "Resend access", size="1", variant="soft",
                                  id="resend-portal", on_click=P.resend_access),
                        rx.button(rx.icon("door-closed", size=14), "Close portal", size="1", variant="soft",
                                  color_scheme="red", id="close-portal", on_click=P.set_close_open(True)),
                        spacing="2",
                    ),
                ),
            ),
            _close_dialog(),
            spacing="2", align="center", width="100%", wrap="wrap", id="portal-access",
            padding="0.5rem 0.75rem", border=f"1px solid {rx.color('gray', 6)}", border_radius="8px",
        ),
    )


# --- deletion request ----------------------------------------------------------------------------------

def _confirm_dialog() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title("Anonymise as the candidate asked?"),
            rx.alert_dialog.description(
                "Their personal data, documents, comments and messages are removed for good. Applications stay "
                "without personal data.", size="2"),
            rx.box(
                labelled(rx.text("Type ", rx.text.strong(P.deletion_full_name), " to confirm"),
                         rx.input(id="deletion-confirm", value=P.confirm_name, on_change=P.set_confirm_name,
                                  auto_complete="off", width="100%"),
                         "deletion-confirm", P.confirm_error),
                margin_top="1rem",
            ),
            rx.hstack(
                rx.alert_dialog.cancel(rx.button("Cancel", variant="soft", color_scheme="gray")),
                rx.button("Anonymise", color_scheme="red", variant="soft", id="confirm-deletion", on_click=P.confirm_deletion,
                          disabled=P.confirm_name.strip() != P.deletion_full_name),
                justify="end", spacing="3", margin_top="1rem",
            ),
        ),
        open=P.confirm_open, on_open_change=P.set_confirm_open,
    )


def _decline_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title("Decline the deletion request"),
            rx.dialog.description("The candidate is emailed this reason; it is also kept in the timeline.",
                                  size="2"),
            rx.box(
                labelled("Reason", rx.text_area(id="decline-reason", value=P.decline_reason,
                                                on_change=P.set_decline_reason, rows="4", width="100%"),
                         "decline-reason", P.decline_error),
                margin_top="1rem",
            ),
            rx.hstack(
                rx.dialog.close(rx.button("Cancel", variant="soft", color_scheme="gray")),
                rx.button("Decline request", id="confirm-decline", on_click=P.decline_deletion),
                justify="end", spacing="3", margin_top="1rem",
            ),
        ),
        open=P.decline_open, on_open_change=P.set_decline_open,
    )


def deletion_banner() -> rx.Component:
    return rx.cond(
        P.deletion_requested != "",
        rx.callout.root(
            rx.callout.icon(rx.icon("trash-2", size=16)),
            rx.callout.text(
                rx.text.strong("Deletion requested"), " — the candidate asked on ", P.deletion_requested,
                " for their data to be deleted.",
            ),
            rx.cond(P.can_write, rx.hstack(
                rx.button("Anonymise…", size="1", color_scheme="red", variant="surface", id="deletion-anonymise",
                          on_click=P.set_confirm_open(True)),
                rx.button("Decline…", size="1", variant="soft", color_scheme="gray", id="deletion-decline",
                          on_click=P.set_decline_open(True)),
                spacing="2", margin_top="0.5rem",
            )),
            _confirm_dialog(),
            _decline_dialog(),
            color_scheme="red", id="deletion-request", width="100%",
        ),
    )


# --- messages ------------------------------------------------------------------------------------------

def _message(row: MessageRow) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.icon(rx.cond(row.incoming, "reply", "send"), size=14, aria_hidden="true", color=MUTED),
                rx.text(rx.cond(row.incoming, "From the candidate", "Sent by the agency"), size="1", color=MUTED),
                rx.cond(row.incoming & (row.status == "unread"), rx.badge("New", color_scheme="red", size="1")),
                rx.cond(~row.incoming & (row.status != "sent"), rx.badge(row.status, color_scheme="gray", size="1")),
                rx.spacer(),
                rx.text(row.when, size="1", color=MUTED),
                width="100%", align="center", spacing="2",
            ),
            rx.text(row.subject, weight="bold", size="2"),
            rx.text(row.body, size="2", white_space="pre-wrap"),
            spacing="1", width="100%",
        ),
        width="100%", class_name=rx.cond(row.incoming, "message-in", "message-out"),
        margin_left=rx.cond(row.incoming, "0", "2rem"),
    )


def _compose() -> rx.Component:
    return rx.form(
        rx.vstack(
            labelled("Subject", rx.input(name="subject", id="compose-subject", width="100%"), "compose-subject",
                     P.message_errors.get("subject", "")),
            labelled("Message", rx.text_area(name="body", id="compose-body", rows="4", width="100%"), "compose-body",
                     P.message_errors.get("body", "")),
            rx.cond(P.message_errors.get("to", "") != "", rx.text(P.message_errors.get("to", ""), color=rx.color("red", 11), size="2",
                                                                   role="alert")),
            rx.button(rx.icon("send", size=14), "Send", type="submit", id="send-message"),
            spacing="2", width="100%", align="start",
        ),
        on_submit=P.send_message, reset_on_submit=False, key=P.message_key, width="100%",
    )


def messages_tab() -> rx.Component:
    return rx.vstack(
        rx.cond(P.can_write & ~P.anonymised, _compose()),
        rx.cond(
            P.thread.length() > 0,
            rx.vstack(rx.foreach(P.thread, _message), spacing="2", width="100%", id="message-thread"),
            empty_state("mail", "No messages yet",
                        "Emails you send and the candidate's replies from the portal show here."),
        ),
        spacing="4", width="100%",
    )


def messages_trigger_label() -> rx.Component:
    return rx.hstack(
        rx.text("Messages"),
        rx.cond(P.unread > 0, rx.badge(P.unread, rx.el.span(" unread", class_name="visually-hidden"),
                                       color_scheme="red", size="1", class_name="messages-unread")),
        spacing="1", align="center",
    )

"""/admin/outbox: every email of the agency, newest first; open one to read it and follow its links."""

import reflex as rx

from app.components.forms import labelled
from app.components.layout import empty_state, workspace
from app.components.linked_text import linked_text
from app.states.admin_outbox import AdminOutboxState as S, OutboxItem

FILTERS = [("", "All"), ("queued", "Queued"), ("sent", "Sent"), ("failed", "Failed")]
COLORS = {"queued": "amber", "sent": "green", "failed": "red"}
WIDE = ["none", "none", "table-cell"]  # columns left out on a phone
OPEN_STYLE = {"background": "none", "border": "0", "padding": "0", "font": "inherit", "font_weight": "500",
              "color": rx.color("accent", 11), "text_align": "left", "cursor": "pointer",
              "text_decoration": "underline", "text_underline_offset": "2px"}


def _status_badge(status, **props) -> rx.Component:
    return rx.match(
        status,
        *[(s, rx.badge(s.capitalize(), color_scheme=c, **props)) for s, c in COLORS.items()],
        rx.badge(status, **props),
    )


def _banner() -> rx.Component:
    return rx.cond(
        S.backend == "outbox",
        rx.callout.root(
            rx.callout.icon(rx.icon("mail-warning", size=18)),
            rx.callout.text(
                rx.text.strong("Emails are not delivered. "),
                "No email provider is configured (RESEND_API_KEY is not set), so every email Candor writes stays "
                "in this local outbox. Open one to read it as the recipient would and to follow its link.",
            ),
            color_scheme="amber", id="outbox-banner", width="100%",
        ),
        rx.callout.root(
            rx.callout.icon(rx.icon("send", size=18)),
            rx.callout.text("Emails are delivered through Resend. This list shows what was queued, sent or "
                            "failed, with the provider's reason."),
            color_scheme="blue", id="outbox-banner", width="100%",
        ),
    )


def _toolbar() -> rx.Component:
    return rx.flex(
        rx.box(labelled("Status", rx.el.select(*[rx.el.option(label, value=v) for v, label in FILTERS],
                                               value=S.status, on_change=S.set_status, id="outbox-status",
                                               class_name="native-select"), "outbox-status", "")),
        rx.spacer(),
        rx.text("Updates every few seconds", size="1", color=rx.color("gray", 10)),
        rx.button(rx.icon("refresh-cw", size=14), "Refresh", variant="soft", on_click=S.refresh,
                  id="outbox-refresh"),
        gap="0.75rem", align="end", wrap="wrap", width="100%",
    )


def _row(item: OutboxItem) -> rx.Component:
    return rx.table.row(
        rx.table.cell(item.created, white_space="nowrap", display=WIDE),
        rx.table.cell(
            rx.cond(item.to_name != "", rx.text(item.to_name, size="2", weight="medium")),
            rx.text(item.to_email, size="1", color=rx.color("gray", 11), style={"overflow_wrap": "anywhere"}),
        ),
        rx.table.row_header_cell(
            rx.el.button(item.subject, type="button", on_click=S.open_message(item.id), class_name="outbox-open",
                         title="Open this email", style=OPEN_STYLE),
            rx.cond(item.last_error != "",
                    rx.text(item.last_error, size="1", color=rx.color("red", 11), class_name="outbox-error")),
        ),
        rx.table.cell(item.purpose, display=WIDE),
        rx.table.cell(_status_badge(item.status)),
        rx.table.cell(item.sent, white_space="nowrap", display=WIDE),
        data_id=item.id,
        class_name="outbox-row",
    )


def _pager() -> rx.Component:
    return rx.flex(
        rx.text(S.range_label, size="2", color=rx.color("gray", 11), id="outbox-range"),
        rx.spacer(),
        rx.button(rx.icon("chevron-left", size=14), "Newer", variant="soft", size="1", disabled=S.page <= 1,
                  on_click=S.go_to_page(S.page - 1), id="outbox-prev"),
        rx.text("Page ", S.page, " of ", S.pages, size="2"),
        rx.button("Older", rx.icon("chevron-right", size=14), variant="soft", size="1",
                  disabled=S.page >= S.pages, on_click=S.go_to_page(S.page + 1), id="outbox-next"),
        gap="0.5rem", align="center", width="100%", margin_top="0.75rem",
    )


def _table() -> rx.Component:
    return rx.cond(
        S.rows.length() > 0,
        rx.box(
            rx.table.root(
                rx.table.header(rx.table.row(
                    rx.table.column_header_cell("Created", display=WIDE),
                    rx.table.column_header_cell("To"),
                    rx.table.column_header_cell("Subject"),
                    rx.table.column_header_cell("Purpose", display=WIDE),
                    rx.table.column_header_cell("Status"),
                    rx.table.column_header_cell("Sent", display=WIDE))),
                rx.table.body(rx.foreach(S.rows, _row)),
                width="100%", id="outbox-table", size="1",
            ),
            _pager(),
            width="100%",
        ),
        rx.cond(S.loaded, rx.box(empty_state(
            "inbox", rx.cond(S.status == "", "No emails yet", "No emails with this status"),
            "Emails appear here as soon as Candor writes them, for example when a recruiter requests a profile "
            "update."), width="100%")),
    )


def _meta(label: str, value, **props) -> rx.Component:
    return rx.data_list.item(rx.data_list.label(label), rx.data_list.value(value, **props))


def _dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(S.m_subject, id="message-subject"),
            rx.dialog.description("An email of your agency's outbox.", class_name="visually-hidden"),
            rx.data_list.root(
                _meta("To", S.m_to),
                _meta("From", S.m_from),
                _meta("Purpose", S.m_purpose),
                _meta("Status", rx.hstack(
                    _status_badge(S.m_status, id="message-status"),
                    rx.cond(S.m_error != "", rx.text(S.m_error, size="2", color=rx.color("red", 11))),
                    rx.cond(S.m_attempts > 1, rx.text(S.m_attempts, " attempts", size="1",
                                                      color=rx.color("gray", 10))),
                    spacing="2", align="center", wrap="wrap")),
                _meta("Created", S.m_created),
                rx.cond(S.m_sent != "", _meta("Sent", S.m_sent)),
                size="2", margin_y="1rem",
            ),
            rx.separator(size="4"),
            linked_text(S.m_body, clickable=True, id="message-body", padding_y="1rem"),
            rx.flex(rx.dialog.close(rx.button("Close", variant="soft", color_scheme="gray")), justify="end"),
            max_width="44rem",
        ),
        open=S.open_id != "",
        on_open_change=S.set_open,
    )


def admin_outbox_page() -> rx.Component:
    return workspace(
        rx.vstack(_banner(), _toolbar(), _table(), _dialog(), spacing="4", width="100%"),
        title="Outbox",
    )

"""/admin/webhooks: endpoints that receive the agency's events, and the delivery log."""

import reflex as rx

from app.components.forms import field_error, labelled
from app.components.layout import empty_state, workspace
from app.services.webhooks import EVENTS
from app.states.admin_webhooks import EVENT_FIELD, AdminWebhooksState as S, DeliveryRow, EndpointRow

STATUS_COLORS = {"delivered": "green", "pending": "amber", "failed": "red"}


def _create_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.trigger(rx.button(rx.icon("webhook", size=16), "Add webhook", id="add-webhook")),
        rx.dialog.content(
            rx.dialog.title("Add a webhook"),
            rx.dialog.description("Candor POSTs the chosen events to this URL as signed JSON.", size="2",
                                  margin_bottom="1rem"),
            rx.form(
                rx.vstack(
                    labelled("URL", rx.input(id="webhook-url", name="url", placeholder="https://example.com/hooks/candor",
                                             default_value=S.form_url, width="100%"),
                             "webhook-url", S.form_errors.get("url", "")),
                    labelled("Description (optional)", rx.input(id="webhook-description", name="description",
                                                                width="100%"),
                             "webhook-description", S.form_errors.get("description", "")),
                    rx.el.fieldset(
                        rx.el.legend("Events", style={"font_weight": "500", "font_size": "14px"}),
                        rx.vstack(*[rx.el.label(rx.hstack(rx.checkbox(name=EVENT_FIELD + event, default_checked=True,
                                                                      id="event-" + event.replace(".", "-")),
                                                          rx.text(rx.code(event), " ", text, size="2"),
                                                          spacing="2", align="start"))
                                    for event, text in EVENTS.items()], spacing="2"),
                        field_error(S.form_errors.get("events", "")),
                        style={"border": "none", "padding": "0", "margin": "0"},
                    ),
                    rx.hstack(
                        rx.dialog.close(rx.button("Cancel", variant="soft", color_scheme="gray", type="button")),
                        rx.button("Add webhook", type="submit", id="submit-webhook"),
                        justify="end", width="100%",
                    ),
                    spacing="3",
                ),
                on_submit=S.create, no_validate=True, reset_on_submit=False,
            ),
        ),
        open=S.form_open, on_open_change=S.set_form_open,
    )


def _secret_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title("Copy the signing secret now"),
            rx.dialog.description(rx.text("Your receiver at ", rx.code(S.new_secret_url), " verifies each event's "
                                          "Candor-Signature with it. It is shown only this once."), size="2",
                                  margin_bottom="1rem"),
            rx.hstack(rx.input(value=S.new_secret, read_only=True, id="new-secret-value", width="100%",
                               aria_label="The signing secret", font_family="monospace"),
                      rx.button(rx.icon("copy", size=16), "Copy", on_click=S.copy_new_secret, variant="soft"),
                      width="100%"),
            rx.text(rx.link("How to verify a signature", href="/api/v1/docs#webhooks", is_external=True), size="2",
                    margin_top="0.75rem"),
            rx.hstack(rx.dialog.close(rx.button("Done", id="close-new-secret")), justify="end", margin_top="1rem"),
        ),
        open=S.new_secret != "", on_open_change=S.close_new_secret,
    )


def _confirm_remove(row: EndpointRow) -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.trigger(rx.button("Remove", size="1", variant="soft", color_scheme="red",
                                          aria_label="Remove webhook " + row.url)),
        rx.alert_dialog.content(
            rx.alert_dialog.title("Remove this webhook?"),
            rx.alert_dialog.description(rx.text(row.url, " stops receiving events; its delivery log is deleted. "
                                                "To stop for a while, pause it instead."), size="2"),
            rx.hstack(
                rx.alert_dialog.cancel(rx.button("Cancel", variant="soft", color_scheme="gray")),
                rx.alert_dialog.action(rx.button("Remove", color_scheme="red", on_click=S.remove(row.id))),
                justify="end", spacing="3", margin_top="1rem",
            ),
        ),
    )


def _endpoint(row: EndpointRow) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(rx.vstack(rx.code(row.url), rx.text(row.description, size="1"), spacing="1")),
        rx.table.cell(rx.text(row.events, size="1")),
        rx.table.cell(rx.cond(row.active, rx.badge("Active", color_scheme="green"),
                              rx.badge("Paused", color_scheme="gray"))),
        rx.table.cell(row.created),
        rx.table.cell(rx.vstack(
            rx.button("Send test event", size="1", variant="soft", on_click=S.send_test(row.id),
                      aria_label="Send a test event to " + row.url),
            rx.hstack(rx.button(rx.cond(row.active, "Pause", "Resume"), size="1", variant="soft", color_scheme="gray",
                                on_click=S.set_active(row.id, ~row.active)),
                      _confirm_remove(row), spacing="2"),
            spacing="2", align="start")),
        data_url=row.url,
    )


def _delivery(row: DeliveryRow) -> rx.Component:
    return rx.table.row(
        rx.table.cell(row.when),
        rx.table.cell(rx.code(row.event)),
        rx.table.cell(rx.text(row.url, size="1")),
        rx.table.cell(rx.match(row.status, *[(s, rx.badge(s, color_scheme=c)) for s, c in STATUS_COLORS.items()],
                               rx.badge(row.status))),
        rx.table.cell(row.response_code, class_name="response-code"),
        rx.table.cell(row.attempts),
        rx.table.cell(rx.vstack(rx.text(row.error, size="1", color=rx.color("red", 11)),
                                rx.cond(row.next_attempt != "", rx.text("next try ", row.next_attempt, size="1")),
                                spacing="0")),
        rx.table.cell(rx.cond(row.status != "delivered",
                              rx.button("Send again", size="1", variant="soft", on_click=S.redeliver(row.id)))),
        data_event=row.event, data_status=row.status,
    )


def admin_webhooks_page() -> rx.Component:
    return workspace(
        rx.hstack(rx.text("Endpoints that receive your agency's events. ",
                          rx.link("Events, signatures and retries", href="/api/v1/docs#webhooks", is_external=True),
                          "."),
                  rx.spacer(), _create_dialog(), width="100%", align="center", margin_bottom="1rem"),
        rx.cond(
            S.endpoints.length() > 0,
            rx.table.root(
                rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in
                                               ("URL", "Events", "Status", "Added", "")])),
                rx.table.body(rx.foreach(S.endpoints, _endpoint)),
                width="100%", id="webhooks-table",
            ),
            empty_state("webhook", "No webhooks yet", "Add an https URL to receive candidate and pipeline events."),
        ),
        rx.hstack(rx.heading("Delivery log", size="4", as_="h2"), rx.spacer(),
                  rx.button(rx.icon("refresh-cw", size=14), "Refresh", size="1", variant="soft", on_click=S.refresh),
                  width="100%", align="center", margin_top="2rem", margin_bottom="0.5rem"),
        rx.cond(
            S.deliveries.length() > 0,
            rx.table.root(
                rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in
                                               ("When", "Event", "Endpoint", "Status", "Response", "Attempts",
                                                "Error", "")])),
                rx.table.body(rx.foreach(S.deliveries, _delivery)),
                width="100%", id="deliveries-table",
            ),
            rx.text("Nothing sent yet.", color=rx.color("gray", 11), size="2"),
        ),
        _secret_dialog(),
        title="Webhooks",
    )

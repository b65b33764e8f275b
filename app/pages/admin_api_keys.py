"""/admin/api-keys: the agency's REST API keys."""

import reflex as rx

from app.components.forms import labelled
from app.components.layout import empty_state, workspace
from app.states.admin_api_keys import AdminApiKeysState as S, KeyRow

SCOPES = [("read", "Read: list and get records"), ("read_write", "Read and write: also create, change, delete")]


def _create_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.trigger(rx.button(rx.icon("key-round", size=16), "Create API key", id="create-key")),
        rx.dialog.content(
            rx.dialog.title("Create an API key"),
            rx.dialog.description("An integration uses it to read and change your agency's candidates and jobs "
                                  "through the REST API.", size="2", margin_bottom="1rem"),
            rx.form(
                rx.vstack(
                    labelled("Name", rx.input(id="key-name", name="name", placeholder="e.g. Website careers page",
                                              default_value=S.form_name, width="100%"),
                             "key-name", S.form_errors.get("name", "")),
                    labelled("Scope", rx.el.select(*[rx.el.option(label, value=v) for v, label in SCOPES],
                                                   id="key-scope", name="scope", default_value="read",
                                                   class_name="native-select"),
                             "key-scope", S.form_errors.get("scope", "")),
                    rx.hstack(
                        rx.dialog.close(rx.button("Cancel", variant="soft", color_scheme="gray", type="button")),
                        rx.button("Create key", type="submit", id="submit-key"),
                        justify="end", width="100%",
                    ),
                    spacing="3",
                ),
                on_submit=S.create, no_validate=True, reset_on_submit=False,
            ),
        ),
        open=S.form_open, on_open_change=S.set_form_open,
    )


def _new_key_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title("Copy your new key now"),
            rx.dialog.description(rx.text("This is the only time “", S.new_key_name, "” is shown in full. Candor "
                                          "keeps only a fingerprint of it: if you lose it, revoke it and create "
                                          "another."), size="2", margin_bottom="1rem"),
            rx.hstack(
                rx.input(value=S.new_key, read_only=True, id="new-key-value", width="100%",
                         aria_label="The new API key", font_family="monospace"),
                rx.button(rx.icon("copy", size=16), "Copy", on_click=S.copy_new_key, variant="soft", id="copy-key"),
                width="100%",
            ),
            rx.text("Send it as ", rx.code("Authorization: Bearer <key>"), ". ",
                    rx.link("API reference", href="/api/v1/docs", is_external=True), size="2", margin_top="0.75rem"),
            rx.hstack(rx.dialog.close(rx.button("Done", id="close-new-key")), justify="end", margin_top="1rem"),
        ),
        open=S.new_key != "", on_open_change=S.close_new_key,
    )


def _confirm_revoke(row: KeyRow) -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.trigger(rx.button("Revoke", size="1", variant="soft", color_scheme="red",
                                          aria_label="Revoke " + row.name)),
        rx.alert_dialog.content(
            rx.alert_dialog.title("Revoke this key?"),
            rx.alert_dialog.description(rx.text("Integrations using “", row.name, "” (", row.prefix, "…) stop "
                                                "working at once. This cannot be undone."), size="2"),
            rx.hstack(
                rx.alert_dialog.cancel(rx.button("Cancel", variant="soft", color_scheme="gray")),
                rx.alert_dialog.action(rx.button("Revoke key", color_scheme="red", id="confirm-revoke",
                                                 on_click=S.revoke(row.id))),
                justify="end", spacing="3", margin_top="1rem",
            ),
        ),
    )


def _row(row: KeyRow) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(row.name),
        rx.table.cell(rx.code(row.prefix + "…")),
        rx.table.cell(row.scope),
        rx.table.cell(rx.vstack(rx.text(row.created, size="2"), rx.text("by ", row.created_by, size="1",
                                                                         color=rx.color("gray", 10)), spacing="0")),
        rx.table.cell(row.last_used),
        rx.table.cell(rx.cond(row.revoked, rx.badge("Revoked", color_scheme="gray"),
                              rx.badge("Active", color_scheme="green"))),
        rx.table.cell(rx.cond(row.revoked, rx.fragment(), _confirm_revoke(row))),
        data_prefix=row.prefix,
    )


def admin_api_keys_page() -> rx.Component:
    return workspace(
        rx.hstack(
            rx.text("Keys for the REST API at ", rx.code("/api/v1"), ". ",
                    rx.link("Read the API reference", href="/api/v1/docs", is_external=True), "."),
            rx.spacer(), _create_dialog(), width="100%", align="center", margin_bottom="1rem"),
        rx.cond(
            S.rows.length() > 0,
            rx.table.root(
                rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in
                                               ("Name", "Prefix", "Scope", "Created", "Last used", "Status", "")])),
                rx.table.body(rx.foreach(S.rows, _row)),
                width="100%", id="keys-table",
            ),
            empty_state("key-round", "No API keys yet",
                        "Create a key for each integration, so you can revoke one without touching the others."),
        ),
        _new_key_dialog(),
        title="API keys",
    )

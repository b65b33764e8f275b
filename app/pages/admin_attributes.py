import reflex as rx

from app.components.forms import field_error, labelled
from app.components.layout import empty_state, workspace
from app.states.admin_attributes import AdminAttributesState as S, AttributeDef

TYPES = [("text", "Text"), ("number", "Number"), ("date", "Date"), ("choice", "Choice")]


def _err(field: str):
    return S.form_errors.get(field, "")


def _create_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.trigger(rx.button(rx.icon("plus", size=16), "Add attribute", id="add-attribute")),
        rx.dialog.content(
            rx.dialog.title("Add a candidate attribute"),
            rx.dialog.description("It appears on every candidate's profile.", size="2", margin_bottom="1rem"),
            rx.form(
                rx.vstack(
                    labelled("Label", rx.input(id="attr-label", name="label", width="100%",
                                               default_value=S.form_values["label"]), "attr-label", _err("label")),
                    labelled("Type", rx.el.select(*[rx.el.option(label, value=v) for v, label in TYPES],
                                                  id="attr-type", name="type", class_name="native-select",
                                                  default_value=S.form_values["type"]), "attr-type", _err("type")),
                    labelled("Choices (for the choice type, comma separated)",
                             rx.input(id="attr-choices", name="choices", width="100%",
                                      default_value=S.form_values["choices"]), "attr-choices", _err("choices")),
                    rx.el.label(rx.hstack(rx.checkbox(name="searchable", id="attr-searchable"),
                                          rx.text("Searchable: candidate search finds its values", size="2"),
                                          spacing="2", align="center")),
                    rx.hstack(
                        rx.dialog.close(rx.button("Cancel", variant="soft", color_scheme="gray", type="button")),
                        rx.button("Add attribute", type="submit", id="create-attribute"),
                        justify="end", width="100%",
                    ),
                    spacing="3",
                ),
                on_submit=S.create, no_validate=True,
            ),
        ),
        open=S.form_open, on_open_change=S.set_form_open,
    )


def _confirm_remove(attr: AttributeDef) -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.trigger(rx.button("Remove", size="1", variant="soft", color_scheme="red",
                                          aria_label="Remove " + attr.label)),
        rx.alert_dialog.content(
            rx.alert_dialog.title("Remove this attribute?"),
            rx.alert_dialog.description(rx.text("“", attr.label, "” and its values on every candidate are "
                                                "deleted. This cannot be undone."), size="2"),
            rx.hstack(
                rx.alert_dialog.cancel(rx.button("Cancel", variant="soft", color_scheme="gray")),
                rx.alert_dialog.action(rx.button("Remove", color_scheme="red", on_click=S.remove(attr.id))),
                justify="end", spacing="3", margin_top="1rem",
            ),
        ),
    )


def _row(attr: AttributeDef) -> rx.Component:
    return rx.table.row(
        rx.table.cell(
            rx.input(default_value=attr.label, on_blur=lambda v: S.rename(attr.id, v),
                     aria_label="Label of " + attr.key, key=attr.id + attr.label),
            field_error(S.row_errors.get(attr.id + ".label", "")),
        ),
        rx.table.cell(rx.code(attr.key)),
        rx.table.cell(rx.badge(attr.type, variant="soft")),
        rx.table.cell(rx.cond(
            attr.type == "choice",
            rx.vstack(rx.input(default_value=attr.choices, on_blur=lambda v: S.set_choices(attr.id, v),
                               aria_label="Choices of " + attr.label, key=attr.id + attr.choices),
                      field_error(S.row_errors.get(attr.id + ".choices", "")), spacing="1"),
            rx.text("—", color=rx.color("gray", 10)),
        )),
        rx.table.cell(rx.switch(checked=attr.searchable, on_change=lambda v: S.set_searchable(attr.id, v),
                                aria_label="Searchable: " + attr.label)),
        rx.table.cell(_confirm_remove(attr)),
        data_key=attr.key,
    )


def admin_attributes_page() -> rx.Component:
    return workspace(
        rx.hstack(rx.text("Your own candidate fields, shown and edited on every profile."), rx.spacer(),
                  _create_dialog(), width="100%", align="center", margin_bottom="1rem"),
        rx.cond(
            S.rows.length() > 0,
            rx.table.root(
                rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in
                                               ("Label", "Key", "Type", "Choices", "Searchable", "")])),
                rx.table.body(rx.foreach(S.rows, _row)),
                width="100%", id="attributes-table",
            ),
            empty_state("list-plus", "No custom attributes yet",
                        "Add fields such as “Preferred shift” or “Notice period” to every candidate profile."),
        ),
        title="Candidate attributes",
    )

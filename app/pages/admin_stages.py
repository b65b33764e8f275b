"""/admin/stages: the agency's pipeline stages, as the kanban columns show them."""

import reflex as rx

from app.components.forms import field_error, labelled
from app.components.layout import workspace
from app.states.admin_stages import AdminStagesState, StageRow

KINDS = [("active", "Active"), ("hired", "Hired"), ("rejected", "Rejected")]


def _kind_select(**props) -> rx.Component:
    return rx.el.select(*[rx.el.option(label, value=v) for v, label in KINDS], class_name="native-select", **props)


def _add_form() -> rx.Component:
    return rx.form(
        rx.hstack(
            rx.box(labelled("New stage", rx.input(id="new-stage-name", name="name", placeholder="e.g. Phone screen",
                                                  default_value=AdminStagesState.add_name, width="100%"),
                            "new-stage-name", AdminStagesState.add_errors.get("name", "")),
                   width="18rem"),
            labelled("Kind", _kind_select(id="new-stage-kind", name="kind", default_value="active"),
                     "new-stage-kind", AdminStagesState.add_errors.get("kind", "")),
            rx.button(rx.icon("plus", size=16), "Add stage", type="submit", id="add-stage", margin_top="1.6rem"),
            align="start", spacing="3", width="100%", max_width="40rem",
        ),
        on_submit=AdminStagesState.add,
        reset_on_submit=False,
        no_validate=True,
        margin_bottom="1.5rem",
    )


def _confirm_remove(row: StageRow) -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.trigger(rx.icon_button(rx.icon("trash-2", size=14), size="1", variant="soft",
                                               color_scheme="red", aria_label="Remove stage " + row.name)),
        rx.alert_dialog.content(
            rx.alert_dialog.title("Remove “", row.name, "”?"),
            rx.alert_dialog.description(
                rx.cond(row.in_use > 0,
                        rx.text(row.in_use, " candidate(s) are in this stage: it cannot be removed until they "
                                "are moved to another stage."),
                        rx.text("The column disappears from every job's board.")), size="2"),
            rx.hstack(
                rx.alert_dialog.cancel(rx.button("Cancel", variant="soft", color_scheme="gray")),
                rx.alert_dialog.action(rx.button("Remove stage", color_scheme="red",
                                                 on_click=AdminStagesState.remove(row.id))),
                justify="end", spacing="3", margin_top="1rem",
            ),
        ),
    )


def _row(row: StageRow) -> rx.Component:
    rename = rx.form(
        rx.el.input(type="hidden", name="stage_id", value=row.id),
        rx.hstack(
            rx.input(name="name", default_value=row.name, key=row.id + row.name, aria_label="Name of stage " + row.name,
                     max_length=120, width="14rem"),
            rx.button("Rename", type="submit", size="1", variant="soft"),
            align="center", spacing="2",
        ),
        field_error(AdminStagesState.rename_errors.get(row.id, "")),
        on_submit=AdminStagesState.rename,  # the stage id in a hidden field: see _portal_row
        reset_on_submit=False,
        no_validate=True,
    )
    return rx.table.row(
        rx.table.cell(rx.hstack(
            rx.icon_button(rx.icon("arrow-up", size=14), size="1", variant="soft", disabled=row.first,
                           id="stage-up-" + row.id, aria_label="Move " + row.name + " up",
                           on_click=AdminStagesState.move(row.id, "up")),
            rx.icon_button(rx.icon("arrow-down", size=14), size="1", variant="soft", disabled=row.last,
                           id="stage-down-" + row.id, aria_label="Move " + row.name + " down",
                           on_click=AdminStagesState.move(row.id, "down")),
            spacing="1")),
        rx.table.row_header_cell(rename),
        rx.table.cell(_kind_select(value=row.kind, aria_label="Kind of stage " + row.name,
                                   on_change=lambda kind: AdminStagesState.set_kind(row.id, kind))),
        rx.table.cell(row.in_use, text_align="right"),
        rx.table.cell(_confirm_remove(row)),
        key=row.id,
        data_stage=row.name,
    )


def _portal_row(row: StageRow) -> rx.Component:
    # The stage travels in a hidden field: rx.form's submit callback is compiled outside the foreach, so it
    # cannot name `row` (and no field has an id, which would make the form read it through a ref).
    return rx.table.row(
        rx.table.row_header_cell(row.name),
        rx.table.cell(
            rx.form(
                rx.el.input(type="hidden", name="stage_id", value=row.id),
                rx.flex(
                    rx.vstack(
                        rx.input(name="portal_label", aria_label="Label for candidates in stage " + row.name, default_value=row.portal_label,
                                 key=row.id + row.portal_label, placeholder=row.name, max_length=100, width="100%"),
                        field_error(AdminStagesState.portal_errors.get(row.id + ".portal_label", "")),
                        spacing="1", width="14rem",
                    ),
                    rx.vstack(
                        rx.text_area(name="portal_next_step", aria_label="Next step for candidates in stage " + row.name, default_value=row.portal_next_step,
                                     key=row.id + row.portal_next_step, rows="2", width="100%",
                                     placeholder="e.g. We will call you within two days."),
                        field_error(AdminStagesState.portal_errors.get(row.id + ".portal_next_step", "")),
                        spacing="1", flex="1", min_width="14rem",
                    ),
                    rx.button("Save", type="submit", size="1", variant="soft",
                              aria_label="Save what candidates see for " + row.name),
                    gap="2", wrap="wrap", align="start", width="100%",
                ),
                on_submit=AdminStagesState.save_portal_words,
                reset_on_submit=False, no_validate=True,
            ),
        ),
        key="portal-" + row.id,
        data_portal_stage=row.name,
    )


def _portal_words() -> rx.Component:
    return rx.vstack(
        rx.heading("What candidates see", size="4", as_="h2", margin_top="2rem"),
        rx.text("In their portal, candidates see a stage by this label (empty: its name) and the next-step text "
                "under it. Internal names, notes and ratings are never shown.", size="2", max_width="48rem"),
        rx.table.root(
            rx.table.header(rx.table.row(
                *[rx.table.column_header_cell(h) for h in ("Stage", "Label for candidates · Next step")])),
            rx.table.body(rx.foreach(AdminStagesState.rows, _portal_row)),
            width="100%", id="portal-words-table",
        ),
        spacing="2", width="100%",
    )


def admin_stages_page() -> rx.Component:
    return workspace(
        rx.text("The columns of every job's board, in order. Candidates in a Rejected stage need a reason; "
                "the pipeline always keeps at least one active, one Hired and one Rejected stage.",
                margin_bottom="1rem", max_width="48rem"),
        _add_form(),
        rx.table.root(
            rx.table.header(rx.table.row(
                *[rx.table.column_header_cell(h) for h in ("Order", "Name", "Kind")],
                rx.table.column_header_cell("Candidates", text_align="right"),
                rx.table.column_header_cell(""))),
            rx.table.body(rx.foreach(AdminStagesState.rows, _row)),
            width="100%", id="stages-table",
        ),
        _portal_words(),
        title="Pipeline stages",
    )

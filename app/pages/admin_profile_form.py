"""/admin/profile-form: the profile-update form's texts, fields, languages and link lifetime."""

import reflex as rx

from app.components.forms import field_error, labelled
from app.components.layout import workspace
from app.services.profile_form import DEFAULT_TEXTS
from app.states.admin_profile_form import AdminProfileFormState as S, FieldRow

TEXTS = [  # (key, label, multi-line)
    ("page_title", "Page title", False),
    ("intro", "Introduction", True),
    ("submit_label", "Submit button", False),
    ("add_language_label", "“Add a language” link", False),
    ("add_experience_label", "“Add an experience” link", False),
    ("remove_label", "“Remove” link", False),
    ("success_title", "Thank-you title", False),
    ("success_text", "Thank-you text", True),
    ("new_link_label", "“Ask for a new link” button (expired links)", False),
]
assert {k for k, _, _ in TEXTS} == set(DEFAULT_TEXTS), "every text of the form has an input here"


def _key(name) -> rx.Var:
    """Inputs are filled from the state once; a new key after each load or save shows the stored values."""
    return name + S.generation.to_string()


def _section(title: str, text: str, *children) -> rx.Component:
    return rx.vstack(
        rx.heading(title, size="4", as_="h2"),
        rx.text(text, size="2", color=rx.color("gray", 11), max_width="44rem"),
        *children,
        spacing="3", width="100%", margin_bottom="1.5rem",
    )


def _text_input(key: str, label: str, multiline: bool) -> rx.Component:
    field_id = f"text-{key}"
    props = dict(id=field_id, default_value=S.texts[key], key=_key(field_id), width="100%",
                 placeholder=DEFAULT_TEXTS[key], on_blur=lambda v: S.set_text(key, v))
    control = rx.text_area(rows="3", **props) if multiline else rx.input(**props)
    return labelled(label, control, field_id, S.errors.get(f"texts.{key}", ""))


def _number(field_id: str, label: str, value, handler, error_key: str, help_text: str,
            placeholder: str = "") -> rx.Component:
    return rx.box(
        labelled(label, rx.input(id=field_id, default_value=value, key=_key(field_id), type="number",
                                 min="1", inputmode="numeric", placeholder=placeholder, width="8rem",
                                 on_blur=handler), field_id, S.errors.get(error_key, "")),
        rx.text(help_text, size="1", color=rx.color("gray", 10), margin_top="0.25rem"),
    )


def _general_tab() -> rx.Component:
    return rx.box(
        _section("Page texts", "What the candidate reads on the form. Leave a text empty to use Candor's wording.",
                 rx.grid(*[_text_input(*t) for t in TEXTS], columns=rx.breakpoints(initial="1", md="2"),
                         gap="1rem", width="100%")),
        _section("Link and reminder",
                 "A link works until the candidate submits the form, or until it is this many days old.",
                 rx.flex(
                     _number("link-max-age", "Links stay valid for (days)", S.link_max_age_days,
                             S.set_link_max_age, "link_max_age_days", "1 to 365 days; 30 by default."),
                     _number("reminder-days", "Automatic reminder after (days)", S.reminder_days,
                             S.set_reminder_days, "reminder_days",
                             "Leave empty for no reminder. Sent once, to candidates who have not submitted.",
                             placeholder="off"),
                     gap="2rem", wrap="wrap")),
        padding_top="1rem",
    )


WIDE = ["none", "none", "table-cell"]  # the field's own name gets a column from 768px on
PHONE = ["block", "block", "none"]


def _switch(row: FieldRow, what: str, checked, on_change, disabled) -> rx.Component:
    return rx.cond(
        row.locked,
        rx.hstack(rx.icon("lock", size=12, aria_hidden="true"), rx.text("Always", size="1"), spacing="1",
                  align="center", color=rx.color("gray", 10), class_name="always-on"),
        rx.switch(checked=checked, on_change=on_change, disabled=disabled,
                  aria_label=what + ": " + row.standard_label, id=what.lower() + "-" + row.key),
    )


def _field_name(row: FieldRow) -> rx.Component:
    return rx.hstack(rx.text(row.standard_label, weight="medium", size="2"),
                     rx.cond(row.custom, rx.badge("Custom", size="1", variant="soft")), spacing="2",
                     align="center", wrap="wrap")


def _field_row(row: FieldRow) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(_field_name(row), display=WIDE),
        rx.table.cell(
            rx.box(_field_name(row), display=PHONE, margin_bottom="0.25rem"),
            rx.input(default_value=row.label, key=_key(row.key), aria_label="Label of " + row.standard_label,
                     on_blur=lambda v: S.set_label(row.key, v), width="100%", min_width="8rem",
                     id="label-" + row.key),
            field_error(S.errors.get("fields." + row.key, "")),
        ),
        rx.table.cell(_switch(row, "Visible", row.visible, lambda v: S.set_visible(row.key, v), row.locked)),
        rx.table.cell(_switch(row, "Required", row.required, lambda v: S.set_required(row.key, v),
                              ~row.visible)),
        data_key=row.key,
        style={"opacity": rx.cond(row.visible, "1", "0.65")},
    )


def _chip(value: rx.Var, index: rx.Var) -> rx.Component:
    return rx.badge(
        value,
        rx.el.button(rx.icon("x", size=12, aria_hidden="true"), class_name="tag-remove", type="button",
                     aria_label="Remove " + value, on_click=S.remove_language(index)),
        size="2", variant="soft", radius="full",
    )


def _add_form(name: str, field_id: str, label: str, placeholder: str, handler) -> rx.Component:
    return rx.form(
        rx.hstack(
            rx.input(name=name, id=field_id, placeholder=placeholder, aria_label=label, width="12rem",
                     max_length=60),
            rx.button(rx.icon("plus", size=14), label, type="submit", variant="soft", id=field_id + "-add"),
            spacing="2", align="center",
        ),
        on_submit=handler, reset_on_submit=True, no_validate=True,
    )


def _level(value: rx.Var, index: rx.Var) -> rx.Component:
    return rx.el.li(
        rx.hstack(
            rx.text(index + 1, ". ", size="2", color=rx.color("gray", 10), min_width="1.5rem"),
            rx.text(value, size="2", flex="1"),
            rx.icon_button(rx.icon("arrow-up", size=12), size="1", variant="soft", type="button",
                           disabled=index == 0, aria_label="Move " + value + " up",
                           on_click=S.move_level(index, -1)),
            rx.icon_button(rx.icon("arrow-down", size=12), size="1", variant="soft", type="button",
                           disabled=index == S.levels.length() - 1, aria_label="Move " + value + " down",
                           on_click=S.move_level(index, 1)),
            rx.icon_button(rx.icon("x", size=12), size="1", variant="soft", color_scheme="red", type="button",
                           aria_label="Remove level " + value, on_click=S.remove_level(index)),
            align="center", spacing="2", width="100%",
        ),
        style={"padding": "0.3rem 0.5rem", "border_bottom": f"1px solid {rx.color('gray', 4)}"},
    )


def _languages() -> rx.Component:
    return rx.grid(
        rx.vstack(
            rx.heading("Default languages", size="3", as_="h3"),
            rx.text("Listed on every form; the candidate must give a level for each and can add more.",
                    size="2", color=rx.color("gray", 11)),
            rx.flex(
                rx.foreach(S.default_languages, _chip),
                rx.cond(S.default_languages.length() == 0,
                        rx.text("None: candidates add the languages they speak.", size="2",
                                color=rx.color("gray", 10))),
                gap="0.4rem", wrap="wrap", id="default-languages",
            ),
            _add_form("language", "new-language", "Add language", "e.g. English", S.add_language),
            field_error(S.errors.get("default_languages", "")),
            spacing="2", width="100%",
        ),
        rx.vstack(
            rx.heading("Proficiency scale", size="3", as_="h3"),
            rx.text("From the lowest level to the highest.", size="2", color=rx.color("gray", 11)),
            rx.el.ol(rx.foreach(S.levels, _level), id="levels",
                     style={"list_style": "none", "padding": "0", "margin": "0", "width": "100%",
                            "max_width": "24rem", "border": f"1px solid {rx.color('gray', 5)}",
                            "border_radius": "8px"}),
            _add_form("level", "new-level", "Add level", "e.g. Bilingual", S.add_level),
            field_error(S.errors.get("levels", "")),
            spacing="2", width="100%",
        ),
        columns=rx.breakpoints(initial="1", md="2"), gap="1.5rem", width="100%",
    )


def _fields_tab() -> rx.Component:
    return rx.box(
        _section("Form fields",
                 "Choose which fields the candidate sees, which must be filled in, and what each is called. "
                 "Your custom candidate attributes are listed too (hidden until you show them).",
                 rx.box(
                     rx.table.root(
                         rx.table.header(rx.table.row(
                             rx.table.column_header_cell("Field", display=WIDE),
                             *[rx.table.column_header_cell(h) for h in ("Label on the form", "Visible", "Required")])),
                         rx.table.body(rx.foreach(S.fields, _field_row)),
                         width="100%", id="fields-table", size="1",
                     ),
                     width="100%", overflow_x="auto",
                 )),
        _section("Languages", "Used by the Languages field.", _languages()),
        padding_top="1rem",
    )


def _tab_trigger(value: str, label: str, errors) -> rx.Component:
    return rx.tabs.trigger(
        rx.hstack(rx.text(label), rx.cond(errors > 0, rx.badge(errors, color_scheme="red", radius="full")),
                  spacing="2", align="center"),
        value=value, id=f"tab-{value}",
    )


def _save_bar() -> rx.Component:
    return rx.flex(
        rx.button(rx.icon("save", size=14), "Save settings", on_click=S.save, id="save-form-settings",
                  type="button"),
        rx.cond(S.dirty, rx.button("Discard changes", variant="soft", color_scheme="gray", on_click=S.discard,
                                   type="button", id="discard-form-settings")),
        rx.cond(S.dirty, rx.badge("Unsaved changes", color_scheme="amber")),
        gap="0.75rem", align="center", wrap="wrap",
        style={"position": "sticky", "bottom": "0", "padding": "0.75rem 0", "background": rx.color("gray", 1),
               "border_top": f"1px solid {rx.color('gray', 5)}", "z_index": "5"},
    )


def admin_profile_form_page() -> rx.Component:
    return workspace(
        rx.text("The form candidates fill in from a profile-update email: its texts, the fields it shows and "
                "requires, and how long its links work.", margin_bottom="1rem", max_width="48rem"),
        rx.tabs.root(
            rx.tabs.list(_tab_trigger("general", "General page settings", S.general_error_count),
                         _tab_trigger("fields", "Form fields", S.fields_error_count)),
            rx.tabs.content(_general_tab(), value="general"),
            rx.tabs.content(_fields_tab(), value="fields"),
            value=S.tab, on_change=S.set_tab, width="100%",
        ),
        _save_bar(),
        title="Profile update form",
    )

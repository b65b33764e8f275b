"""The candidate's profile form fields, for any state built on ProfileFieldsState (update link, portal).

Every control has a visible label bound to it, `aria-required` where the admin made the field required
(and a * in the label), and on error `aria-invalid` plus `aria-describedby` pointing at the message
shown right below it. Inputs are uncontrolled: what the candidate typed stays in the browser whatever
the server answers; their `name`s are the keys the state reads back.
"""

from __future__ import annotations

import reflex as rx

from app.components.forms import label_file_input
from app.services.profile_form import CURRENCIES, EMPLOYMENT_LABELS, SALARY_PERIODS
from app.states.profile_fields import CV_UPLOAD_ID, CustomFieldRow, ErrorItem, ExperienceRow, LanguageRow, dom_id



# --- building blocks -----------------------------------------------------------------------------------

def required_mark(required) -> rx.Component:
    return rx.cond(required, rx.el.span(" *", class_name="pf-req", aria_hidden="true"))


def field_label(text, field_id, required=False) -> rx.Component:
    return rx.el.label(text, required_mark(required), html_for=field_id, class_name="pf-label")


def error_text(message, error_id) -> rx.Component:
    return rx.cond(message != "", rx.el.p(rx.icon("circle-alert", size=15, aria_hidden="true"), message,
                                          id=error_id, class_name="pf-error"))


def hint_text(text, hint_id) -> rx.Component:
    return rx.el.p(text, id=hint_id, class_name="pf-hint")


def aria(field_id, error, required=False, hint_id=None) -> dict:
    """The accessibility attributes of a control: required, invalid and what describes it."""
    error_id = field_id + "-error"
    if hint_id is None:
        described = rx.cond(error != "", error_id, None)  # null: React leaves the attribute out
    else:
        described = rx.cond(error != "", hint_id + " " + error_id, hint_id)
    return {"id": field_id, "aria_required": rx.cond(required, "true", "false"),
            "aria_invalid": rx.cond(error != "", "true", "false"), "aria_describedby": described}


def text_control(S, key: str, *, required=False, hint_id=None, **props) -> rx.Component:
    field_id = dom_id(key)
    return rx.input(name=key, default_value=S.values[key], size="3", width="100%",
                    **aria(field_id, S.errors.get(key, ""), required, hint_id), **props)


def text_field(S, key: str, label, *, required=False, hint=None, **props) -> rx.Component:
    field_id = dom_id(key)
    hint_id = f"{field_id}-hint" if hint is not None else None
    return rx.box(
        field_label(label, field_id, required),
        hint_text(hint, hint_id) if hint is not None else rx.fragment(),
        text_control(S, key, required=required, hint_id=hint_id, **props),
        error_text(S.errors.get(key, ""), f"{field_id}-error"),
        class_name="pf-field",
    )


def select_control(name, field_id, options, default_value, error, *, required=False,
                   placeholder="Choose…") -> rx.Component:
    """A native select: the phone's own picker, and `options` may be a list of (value, label) or a list Var."""
    if isinstance(options, list):
        items = [rx.el.option(label, value=value) for value, label in options]
    else:
        items = [rx.foreach(options, lambda o: rx.el.option(o, value=o))]
    return rx.el.select(rx.el.option(placeholder, value=""), *items, name=name, default_value=default_value,
                        class_name="pf-select", **aria(field_id, error, required))


def select_field(S, key: str, label, options, *, required=False) -> rx.Component:
    field_id = dom_id(key)
    error = S.errors.get(key, "")
    return rx.box(
        field_label(label, field_id, required),
        select_control(key, field_id, options, S.values[key], error, required=required,
                       placeholder=S.words["choose"]),
        error_text(error, f"{field_id}-error"),
        class_name="pf-field",
    )


def group(legend, *children, required=False, error_key: str = "", S=None, **props) -> rx.Component:
    """Fields that belong together (an address, a salary) under one legend, with the group's own error."""
    return rx.el.fieldset(
        rx.el.legend(legend, required_mark(required), class_name="pf-legend"),
        error_text(S.errors.get(error_key, ""), dom_id(error_key) + "-error") if error_key else rx.fragment(),
        *children,
        class_name="pf-group",
        **props,
    )


def grid(*children, columns: str = "2") -> rx.Component:
    return rx.grid(*children, columns=rx.breakpoints(initial="1", sm=columns), gap="0 1rem", width="100%")


def shown(S, key: str, component: rx.Component) -> rx.Component:
    return rx.cond(S.shown[key], component)


# --- the sections, in the order of profile_form.FIELDS --------------------------------------------------

def _names(S) -> rx.Component:
    return grid(
        text_field(S, "first_name", S.labels["first_name"], required=True, auto_complete="given-name"),
        text_field(S, "last_name", S.labels["last_name"], required=True, auto_complete="family-name"),
    )


def _address(S) -> rx.Component:
    required = S.required["address"]
    return group(
        S.labels["address"],
        text_field(S, "address_line", S.words["street"], required=required, auto_complete="street-address"),
        grid(text_field(S, "postal_code", S.words["postcode"], auto_complete="postal-code"),
             text_field(S, "city", S.words["city"], required=required, auto_complete="address-level2")),
        text_field(S, "country", S.words["country"], auto_complete="country-name"),
        required=required,
    )


def _position(S) -> rx.Component:
    return grid(
        text_field(S, "current_position", S.labels["current_position"], required=S.required["current_position"],
                   auto_complete="organization-title"),
        text_field(S, "current_employer", S.words["employer"], auto_complete="organization"),
    )


def _employment_types(S) -> rx.Component:
    error = S.errors.get("employment_types", "")
    boxes = []
    for value in EMPLOYMENT_LABELS:
        box_id = dom_id(f"employment_types.{value}")
        boxes.append(rx.el.label(
            rx.el.input(type="checkbox", name=f"employment_types.{value}", id=box_id,
                        default_checked=S.employment_types.contains(value),
                        aria_invalid=rx.cond(error != "", "true", "false"),
                        aria_describedby=rx.cond(error != "", "pu-employment_types-error", None)),
            S.words["employment." + value], html_for=box_id, class_name="pf-check"))
    return group(S.labels["employment_types"], rx.box(*boxes, class_name="pf-checks"),
                 required=S.required["employment_types"], error_key="employment_types", S=S)


def _salary(S) -> rx.Component:
    required = S.required["salary_expectation"]
    return group(
        S.labels["salary_expectation"],
        rx.grid(
            text_field(S, "salary_expectation", S.words["amount"], required=required, input_mode="numeric",
                       placeholder=S.words["amount_example"]),
            select_field(S, "salary_currency", S.words["currency"], [(c, c) for c in CURRENCIES], required=required),
            select_field(S, "salary_period", S.words["per"], [(k, S.words["period." + k]) for k in SALARY_PERIODS],
                         required=required),
            columns=rx.breakpoints(initial="1", sm="3"), gap="0 1rem", width="100%",
        ),
        required=required,
    )


def _month(S, row: ExperienceRow, part: str, label, hint=None) -> rx.Component:
    key = "exp." + row.id + "." + part
    field_id = "pu-exp-" + row.id + "-" + part
    error = S.errors.get(key, "")
    hint_id = field_id + "-hint" if hint is not None else None
    return rx.box(
        field_label(label, field_id),
        hint_text(hint, hint_id) if hint is not None else rx.fragment(),
        rx.input(type="month", name=key, default_value=getattr(row, part), placeholder="YYYY-MM", size="3",
                 width="100%", **aria(field_id, error, False, hint_id)),
        error_text(error, field_id + "-error"),
        class_name="pf-field",
    )


def _experience_row(S, row: ExperienceRow, index) -> rx.Component:
    number = (index + 1).to_string()
    def part(name: str, label: str, required=False, **props):
        key = "exp." + row.id + "." + name
        field_id = "pu-exp-" + row.id + "-" + name
        error = S.errors.get(key, "")
        return rx.box(
            field_label(label, field_id, required),
            rx.input(name=key, default_value=getattr(row, name), size="3", width="100%",
                     **aria(field_id, error, required), **props),
            error_text(error, field_id + "-error"),
            class_name="pf-field",
        )

    description_id = "pu-exp-" + row.id + "-description"
    description_error = S.errors.get("exp." + row.id + ".description", "")
    return rx.el.fieldset(
        rx.el.legend(S.labels["experiences"] + " " + number, class_name="pf-row-legend"),
        grid(part("title", S.words["job_title"], required=True), part("company", S.words["company"])),
        grid(_month(S, row, "start", S.words["from_month"]),
             _month(S, row, "end", S.words["until_month"], hint=S.words["until_hint"])),
        rx.box(
            field_label(S.words["what_you_did"], description_id),
            rx.el.textarea(name="exp." + row.id + ".description", default_value=row.description, rows=3,
                           class_name="pf-textarea", **aria(description_id, description_error)),
            error_text(description_error, description_id + "-error"),
            class_name="pf-field",
        ),
        rx.button(rx.icon("trash-2", size=16, aria_hidden="true"), S.texts["remove_label"], type="button",
                  variant="soft", color_scheme="gray", size="2",
                  aria_label=S.texts["remove_label"] + ": " + S.labels["experiences"] + " " + number,
                  on_click=S.remove_experience(row.id), class_name="pf-remove"),
        class_name="pf-row", key=row.id, data_row=row.id,
    )


def _experiences(S) -> rx.Component:
    return group(
        S.labels["experiences"],
        rx.foreach(S.experiences, lambda row, i: _experience_row(S, row, i)),
        rx.button(rx.icon("plus", size=16, aria_hidden="true"), S.texts["add_experience_label"], type="button",
                  variant="outline", size="3", id="pu-add-experience", on_click=S.add_experience),
        required=S.required["experiences"], error_key="experiences", S=S, id="pu-experiences",
    )


def _language_row(S, row: LanguageRow) -> rx.Component:
    language_key = "lang." + row.id + ".language"
    level_key = "lang." + row.id + ".level"
    language_id = "pu-lang-" + row.id + "-language"
    level_id = "pu-lang-" + row.id + "-level"
    language_error = S.errors.get(language_key, "")
    level_error = S.errors.get(level_key, "")
    language = rx.cond(
        row.fixed,
        rx.box(rx.el.span(S.words["language"], class_name="pf-label"), rx.el.p(row.language, class_name="pf-fixed"),
               class_name="pf-field pf-lang-name"),
        rx.box(field_label(S.words["language"], language_id, True),
               rx.input(name=language_key, default_value=row.language, size="3", width="100%",
                        **aria(language_id, language_error, True)),
               error_text(language_error, language_id + "-error"), class_name="pf-field pf-lang-name"),
    )
    level = rx.box(
        rx.el.label(rx.cond(row.fixed, S.words["level_in"] + row.language, S.words["level"]), required_mark(True),
                    html_for=level_id, class_name="pf-label"),
        select_control(level_key, level_id, S.levels, row.level, level_error, required=True,
                       placeholder=S.words["choose"]),
        error_text(level_error, level_id + "-error"),
        class_name="pf-field pf-lang-level",
    )
    remove = rx.cond(
        row.fixed,
        rx.box(class_name="pf-lang-remove"),
        rx.box(rx.icon_button(rx.icon("x", size=18, aria_hidden="true"), type="button", variant="soft",
                              color_scheme="gray", size="3", on_click=S.remove_language(row.id),
                              aria_label=S.texts["remove_label"] + ": " + rx.cond(row.language != "", row.language,
                                                                                   S.words["this_language"]),
                              title=S.texts["remove_label"]),
               class_name="pf-lang-remove"),
    )
    return rx.box(language, level, remove, class_name="pf-lang-row", key=row.id, data_row=row.id,
                  data_language=row.language)


def _languages(S) -> rx.Component:
    return group(
        S.labels["languages"],
        rx.foreach(S.languages, lambda row: _language_row(S, row)),
        rx.button(rx.icon("plus", size=16, aria_hidden="true"), S.texts["add_language_label"], type="button",
                  variant="outline", size="3", id="pu-add-language", on_click=S.add_language),
        required=S.required["languages"], error_key="languages", S=S, id="pu-languages",
    )


def _pending_file(S, icon: str, caption: str, name, element_id: str) -> rx.Component:
    return rx.el.div(
        rx.icon(icon, size=16, aria_hidden="true"),
        rx.el.span(caption, rx.el.strong(name), id=element_id),
        rx.button(S.texts["remove_label"], type="button", variant="soft", color_scheme="gray", size="2",
                  on_click=S.clear_cv, aria_label=S.texts["remove_label"] + ": " + name, id=element_id + "-remove"),
        class_name="pf-file",
    )


def _cv(S) -> rx.Component:
    error = S.errors.get("cv", "")
    return group(
        S.labels["cv"],
        rx.cond(S.cv_on_file != "",
                rx.el.p(rx.icon("file-text", size=16, aria_hidden="true"), S.words["on_file"],
                        rx.el.strong(S.cv_on_file), class_name="pf-file", id="pu-cv-on-file")),
        label_file_input(rx.upload.root(
            # A real button inside the drop zone: keyboard and screen readers get a button, a click on it
            # bubbles to the zone, which opens the file picker; a file can still be dropped on the zone.
            rx.el.button(rx.icon("upload", size=18, aria_hidden="true"),
                         rx.cond(S.cv_on_file != "", S.words["choose_new_file"], S.words["choose_file"]),
                         type="button", id="pu-cv-choose", class_name="pf-upload-button",
                         disabled=S.cv_uploading,
                         aria_describedby=rx.cond(error != "", "pu-cv-hint pu-cv-error", "pu-cv-hint"),
                         aria_invalid=rx.cond(error != "", "true", "false"),
                         aria_required=rx.cond(S.required["cv"], "true", "false")),
            rx.el.span(S.words["drop_here"], class_name="pf-hint pf-drop-hint", aria_hidden="true"),
            id=CV_UPLOAD_ID,
            multiple=False,
            max_files=1,
            no_keyboard=True,
            disabled=S.cv_uploading,
            on_drop=[S.cv_upload_started, S.upload_cv(rx.upload_files(upload_id=CV_UPLOAD_ID))],
            class_name="pf-upload",
            data_testid="cv-dropzone",
        ), S.labels["cv"]),
        hint_text(S.words["cv_hint"], "pu-cv-hint"),
        rx.cond(S.cv_uploading, rx.el.p(S.words["uploading"], class_name="pf-hint", aria_live="polite")),
        rx.box(
            rx.cond(S.cv_chosen != "",
                    _pending_file(S, "paperclip", S.words["will_be_sent"], S.cv_chosen, "pu-cv-chosen")),
            rx.cond(S.cv_refused != "",
                    _pending_file(S, "file-x", S.words["not_attached"], S.cv_refused, "pu-cv-refused")),
            aria_live="polite",
        ),
        error_text(error, "pu-cv-error"),
        required=S.required["cv"],
        id="pu-cv",
    )


def _custom_control(S, row: CustomFieldRow) -> rx.Component:
    error = S.errors.get(row.key, "")
    attrs = aria(row.dom_id, error, row.required)
    return rx.match(
        row.kind,
        ("choice", rx.el.select(rx.el.option(S.words["choose"], value=""),
                                rx.foreach(row.choices, lambda c: rx.el.option(c, value=c)),
                                name=row.key, default_value=row.value, class_name="pf-select", **attrs)),
        ("number", rx.input(name=row.key, default_value=row.value, input_mode="decimal", size="3", width="100%",
                            **attrs)),
        ("date", rx.input(type="date", name=row.key, default_value=row.value, size="3", width="100%", **attrs)),
        rx.input(name=row.key, default_value=row.value, size="3", width="100%", **attrs),
    )


def _custom_field(S, row: CustomFieldRow) -> rx.Component:
    return rx.box(
        field_label(row.label, row.dom_id, row.required),
        _custom_control(S, row),
        error_text(S.errors.get(row.key, ""), row.dom_id + "-error"),
        class_name="pf-field", key=row.key,
    )


def profile_fields(S) -> rx.Component:
    """Every field the settings make visible, in the order of profile_form.FIELDS, custom attributes last."""
    req = S.required
    return rx.fragment(
        _names(S),
        shown(S, "email", text_field(S, "email", S.labels["email"], required=req["email"], type="email",
                                     auto_complete="email", input_mode="email")),
        shown(S, "phone", text_field(S, "phone", S.labels["phone"], required=req["phone"], type="tel",
                                     auto_complete="tel", hint=S.words["phone_hint"])),
        shown(S, "address", _address(S)),
        shown(S, "current_position", _position(S)),
        shown(S, "desired_position", text_field(S, "desired_position", S.labels["desired_position"],
                                                required=req["desired_position"])),
        shown(S, "preferred_locations", text_field(S, "preferred_locations", S.labels["preferred_locations"],
                                                   required=req["preferred_locations"])),
        shown(S, "employment_types", _employment_types(S)),
        shown(S, "available_from", text_field(S, "available_from", S.labels["available_from"], type="date",
                                              required=req["available_from"])),
        shown(S, "availability_note", text_field(S, "availability_note", S.labels["availability_note"],
                                                 required=req["availability_note"])),
        shown(S, "salary_expectation", _salary(S)),
        shown(S, "skills", text_field(S, "skills", S.labels["skills"], required=req["skills"],
                                      hint=S.words["skills_hint"])),
        shown(S, "experiences", _experiences(S)),
        shown(S, "languages", _languages(S)),
        shown(S, "cv", _cv(S)),
        rx.foreach(S.custom_fields, lambda row: _custom_field(S, row)),
    )


def _error_link(item: ErrorItem) -> rx.Component:
    focus = rx.call_script("document.getElementById('" + item.target + "')?.focus()")
    return rx.el.li(rx.el.a(item.message, href="#" + item.target, on_click=focus))


def error_summary(S, title=None) -> rx.Component:
    """Every problem at the top, each a link to its field; announced when it appears."""
    return rx.box(
        rx.cond(
            S.error_items.length() > 0,
            rx.box(
                rx.el.h2(rx.icon("triangle-alert", size=18, aria_hidden="true"), title or S.words["check_fields"],
                         class_name="pf-summary-title"),
                rx.el.ul(rx.foreach(S.error_items, _error_link)),
                class_name="pf-summary", id="pu-error-summary",
            ),
        ),
        role="alert",
    )

"""/candidates/[candidate_id]: header with status, flag, tags and actions; tabs for the profile's parts."""

import reflex as rx

from app.components.candidate_portal import access_bar, deletion_banner, messages_tab, messages_trigger_label
from app.components.documents import documents_panel
from app.components.profile_requests import candidate_requests_panel, pending_note, request_button

from app.components.forms import field_error, labelled
from app.components.layout import empty_state, workspace
from app.services.candidates import GENDERS, STATUSES
from app.states.candidate_portal import CandidatePortalState
from app.states.candidate_profile import (ApplicationRow, AttributeRow, CandidateProfileState as S, CommentRow,
                                          TimelineRow)

STATUS_COLORS = {"APPLIED": "blue", "IN_PROCESS": "amber", "REJECTED": "red", "ACCEPTED": "green"}
MUTED = rx.color("gray", 11)


def _err(field):
    return S.form_errors.get(field, "")


def _status_badge() -> rx.Component:
    return rx.badge(S.status.replace("_", " ").lower(), size="2", id="candidate-status",
                    color_scheme=rx.match(S.status, *STATUS_COLORS.items(), "gray"))


def _tag(name: str) -> rx.Component:
    return rx.badge(
        name,
        rx.cond(S.can_write & ~S.anonymised,
                rx.el.button(rx.icon("x", size=12, aria_hidden="true"), on_click=S.remove_tag(name),
                             aria_label="Remove tag " + name, class_name="tag-remove")),
        variant="surface", size="2", data_tag=name,
    )


def _tags() -> rx.Component:
    return rx.hstack(
        rx.foreach(S.tags, _tag),
        rx.cond(
            S.can_write & ~S.anonymised,
            rx.form(
                rx.hstack(
                    rx.el.input(id="new-tag", name="tag", list="tag-options", placeholder="Add tag…",
                                aria_label="Add a tag", auto_complete="off", class_name="native-input",
                                style={"width": "9rem"}),
                    rx.el.datalist(rx.foreach(S.all_tags, lambda t: rx.el.option(value=t)), id="tag-options"),
                    rx.button(rx.icon("plus", size=14), "Tag", size="1", variant="soft", type="submit",
                              id="add-tag"),
                    spacing="1", align="center",
                ),
                on_submit=S.add_tag, reset_on_submit=False,
            ),
        ),
        field_error(S.tag_error),
        spacing="2", wrap="wrap", align="center", id="candidate-tags",
    )


def _actions_menu() -> rx.Component:
    return rx.dropdown_menu.root(
        rx.dropdown_menu.trigger(rx.button(rx.icon("ellipsis", size=16), "Actions", variant="soft",
                                           color_scheme="gray", id="candidate-actions")),
        rx.dropdown_menu.content(
            rx.dropdown_menu.item(rx.icon("eye-off", size=14), "Anonymise…", disabled=S.anonymised,
                                  on_click=S.set_anonymise_open(True), id="action-anonymise"),
            rx.dropdown_menu.separator(),
            rx.dropdown_menu.item(rx.icon("trash-2", size=14), "Delete…", color="red",
                                  on_click=S.set_delete_open(True), id="action-delete"),
        ),
    )


def _delete_dialog() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title("Delete this candidate for good?"),
            rx.alert_dialog.description(
                "Their profile, applications, comments, documents and timeline are removed. This cannot be "
                "undone.", size="2"),
            rx.box(
                labelled(rx.text("Type ", rx.text.strong(S.full_name), " to confirm"),
                         rx.input(id="delete-confirm", value=S.delete_confirm, on_change=S.set_delete_confirm,
                                  auto_complete="off", width="100%"),
                         "delete-confirm", S.delete_error),
                margin_top="1rem",
            ),
            rx.hstack(
                rx.alert_dialog.cancel(rx.button("Cancel", variant="soft", color_scheme="gray")),
                rx.button("Delete candidate", color_scheme="red", id="confirm-delete", on_click=S.delete,
                          disabled=S.delete_confirm.strip() != S.full_name),
                justify="end", spacing="3", margin_top="1rem",
            ),
        ),
        open=S.delete_open, on_open_change=S.set_delete_open,
    )


def _anonymise_dialog() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title("Anonymise this candidate?"),
            rx.alert_dialog.description(
                "Name, contact details, CV, skills, custom fields, comments and documents are removed for good. "
                "Applications stay, without personal data, so your reports still add up.", size="2"),
            rx.hstack(
                rx.alert_dialog.cancel(rx.button("Cancel", variant="soft", color_scheme="gray")),
                rx.alert_dialog.action(rx.button("Anonymise", color_scheme="red", id="confirm-anonymise",
                                                 on_click=S.anonymise)),
                justify="end", spacing="3", margin_top="1rem",
            ),
        ),
        open=S.anonymise_open, on_open_change=S.set_anonymise_open,
    )


def _header() -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.heading(S.full_name, size="6", as_="h2", id="candidate-name"),
            _status_badge(),
            rx.cond(S.anonymised, rx.badge("Anonymised", color_scheme="gray", size="2")),
            rx.icon_button(
                rx.icon(rx.cond(S.flagged, "flag", "flag"), size=16, aria_hidden="true"),
                variant=rx.cond(S.flagged, "solid", "outline"), color_scheme=rx.cond(S.flagged, "orange", "gray"),
                on_click=S.toggle_flag, disabled=~S.can_write, id="flag-toggle", aria_pressed=S.flagged,
                aria_label="Top candidate", title="Mark as top candidate",
            ),
            rx.spacer(),
            rx.cond(~S.anonymised, request_button()),
            rx.cond(S.can_write, _actions_menu()),
            align="center", width="100%", spacing="3",
        ),
        rx.hstack(
            rx.hstack(rx.icon("user", size=14, aria_hidden="true"),
                      rx.text("Owner: ", rx.cond(S.owner_name != "", S.owner_name, "nobody"), size="2", id="owner"),
                      spacing="1", align="center", color=MUTED),
            rx.hstack(rx.icon("star", size=14, aria_hidden="true"),
                      rx.text("Rating: ", rx.cond(S.rating != "", S.rating + "/100", "not rated"), size="2",
                              id="rating"),
                      spacing="1", align="center", color=MUTED),
            pending_note(),
            spacing="4", wrap="wrap",
        ),
        _tags(),
        access_bar(),
        deletion_banner(),
        _delete_dialog(),
        _anonymise_dialog(),
        spacing="2", width="100%", padding_bottom="1rem",
    )


# --- Overview ----------------------------------------------------------------------------------------

def _timeline_row(row: TimelineRow) -> rx.Component:
    return rx.hstack(
        rx.icon(row.icon, size=16, color=rx.color("accent", 10), aria_hidden="true", flex_shrink="0",
                margin_top="2px"),
        rx.vstack(rx.text(row.text, size="2"), rx.text(row.when, size="1", color=MUTED), spacing="0"),
        spacing="3", align="start", class_name="timeline-entry",
    )


def overview_tab() -> rx.Component:
    return rx.cond(
        S.timeline_rows.length() > 0,
        rx.vstack(rx.foreach(S.timeline_rows, _timeline_row), spacing="3", id="timeline"),
        empty_state("history", "Nothing happened yet", "Changes, moves and comments will show up here."),
    )


# --- Profile -----------------------------------------------------------------------------------------

def _select(field: str, options: list[tuple[str, str]], **props) -> rx.Component:
    return rx.el.select(*[rx.el.option(label, value=value) for value, label in options], id=f"f-{field}",
                        name=field, default_value=S.form_values[field], class_name="native-select", **props)


def _field(label: str, field: str, control: rx.Component) -> rx.Component:
    return labelled(label, control, f"f-{field}", _err(field))


def _input(field: str, **props) -> rx.Component:
    return rx.input(id=f"f-{field}", name=field, default_value=S.form_values[field], width="100%", **props)


def _attribute_input(attr: AttributeRow) -> rx.Component:
    name = "custom." + attr.key
    field_id = "f-custom-" + attr.key
    value = S.form_values.get(name, "")
    control = rx.match(
        attr.type,
        ("choice", rx.el.select(rx.el.option("—", value=""), rx.foreach(attr.choices, lambda c: rx.el.option(c, value=c)),
                                id=field_id, name=name, default_value=value, class_name="native-select")),
        ("number", rx.input(id=field_id, name=name, default_value=value, input_mode="decimal", width="100%")),
        ("date", rx.input(id=field_id, name=name, default_value=value, type="date", width="100%")),
        rx.input(id=field_id, name=name, default_value=value, width="100%"),
    )
    return rx.vstack(
        rx.el.label(attr.label, html_for=field_id, style={"font_weight": "500", "font_size": "14px"}),
        control, field_error(S.form_errors.get(name, "")), spacing="1", width="100%",
    )


def _profile_form() -> rx.Component:
    owners = rx.el.select(rx.el.option("Nobody", value=""), rx.foreach(S.owners, lambda o: rx.el.option(
        o.label, value=o.value)), id="f-owner_id", name="owner_id", default_value=S.form_values["owner_id"],
        class_name="native-select")
    return rx.form(
        rx.grid(
            _field("First name", "first_name", _input("first_name")),
            _field("Last name", "last_name", _input("last_name")),
            _field("Email", "email", _input("email", type="email")),
            rx.vstack(
                _field("Phone", "phone", _input("phone", type="tel", placeholder="07400 123456 or +44 …",
                                                on_blur=S.check_phone)),
                rx.cond(S.phone_hint != "", rx.text(S.phone_hint, size="1", color=MUTED, id="phone-hint")),
                spacing="1", width="100%",
            ),
            _field("Status", "status", _select("status", [(s, s.replace("_", " ").capitalize()) for s in STATUSES])),
            _field("Gender", "gender", _select("gender", [("", "—")] + [(g, g.capitalize()) for g in GENDERS])),
            _field("Rating (0–100)", "rating", _input("rating", type="number", min="0", max="100")),
            _field("GDPR expiry", "gdpr_expiry", _input("gdpr_expiry", type="date")),
            _field("Skills (comma separated)", "skills", _input("skills")),
            _field("Owner", "owner_id", owners),
            rx.foreach(S.attributes, _attribute_input),
            columns=rx.breakpoints(initial="1", md="2"), gap="1rem", width="100%",
        ),
        rx.hstack(
            rx.button("Cancel", variant="soft", color_scheme="gray", type="button", on_click=S.cancel_edit),
            rx.button("Save profile", type="submit", id="save-profile"),
            justify="end", width="100%", margin_top="1rem",
        ),
        on_submit=S.save, no_validate=True, key=S.form_key, id="profile-form",
    )


def _value_row(label, value) -> rx.Component:
    return rx.data_list.item(rx.data_list.label(label), rx.data_list.value(rx.cond(value != "", value, "—")))


def _attribute_value(attr: AttributeRow) -> rx.Component:
    return _value_row(attr.label, attr.value)


def _profile_values() -> rx.Component:
    v = S.values
    return rx.data_list.root(
        _value_row("First name", v["first_name"]), _value_row("Last name", v["last_name"]),
        _value_row("Email", v["email"]), _value_row("Phone", v["phone"]),
        _value_row("Status", v["status"]), _value_row("Gender", v["gender"]),
        _value_row("Rating", v["rating"]), _value_row("GDPR expiry", v["gdpr_expiry"]),
        _value_row("Skills", v["skills"]), _value_row("Owner", S.owner_name),
        rx.foreach(S.attributes, _attribute_value),
        rx.foreach(S.details, lambda d: _value_row(d.label, d.value)),
        id="profile-values",
    )


def _unsaved_item(item) -> rx.Component:
    return rx.el.li(item[0].replace("custom.", "").replace("_", " "), ": ", rx.text.strong(item[1]))


def _conflict_banner() -> rx.Component:
    return rx.cond(
        S.conflict_message != "",
        rx.box(
            rx.hstack(rx.icon("triangle-alert", size=18, aria_hidden="true"),
                      rx.text(S.conflict_message, weight="bold", id="conflict-message"), align="center"),
            rx.text("The form now shows their values. Your changes were not saved:", size="2"),
            rx.el.ul(rx.foreach(S.unsaved, _unsaved_item), style={"margin": "0.25rem 0 0.5rem 1.25rem"}),
            rx.button("Apply my changes on top", size="1", on_click=S.reapply_unsaved, id="reapply"),
            role="alert", width="100%", margin_bottom="1rem", padding="0.75rem 1rem", border_radius="8px",
            background=rx.color("amber", 3), border=f"1px solid {rx.color('amber', 7)}",
        ),
    )


def profile_tab() -> rx.Component:
    return rx.vstack(
        _conflict_banner(),
        rx.cond(
            S.editing,
            _profile_form(),
            rx.vstack(
                rx.cond(S.can_write & ~S.anonymised,
                        rx.button(rx.icon("pencil", size=14), "Edit profile", variant="soft", on_click=S.start_edit,
                                  id="edit-profile")),
                _profile_values(),
                spacing="3", width="100%",
            ),
        ),
        width="100%",
    )


# --- Applications --------------------------------------------------------------------------------------

def _application_row(row: ApplicationRow) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(rx.link(row.job_title, href=row.link)),
        rx.table.cell(
            rx.el.select(rx.foreach(S.stages, lambda s: rx.el.option(s.label, value=s.value)), value=row.stage_id,
                         on_change=lambda stage: S.move(row.id, stage), disabled=~S.can_write,
                         aria_label="Stage for " + row.job_title, class_name="native-select"),
            rx.cond(row.reason != "", rx.text("Reason: ", row.reason, size="1", color=MUTED)),
        ),
        rx.table.cell(rx.hstack(
            rx.cond(S.can_write & ~row.rejected,
                    rx.button("Reject…", size="1", variant="soft", color_scheme="red", on_click=S.open_reject(row.id),
                              aria_label="Reject for " + row.job_title)),
            rx.button(rx.icon("link", size=14), "Copy link", size="1", variant="soft", color_scheme="gray",
                      on_click=S.copy_link(row.link), aria_label="Copy link to the application for " + row.job_title),
            spacing="2",
        )),
        data_job=row.job_title,
    )


def _reject_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title("Reject this application"),
            rx.dialog.description("The reason stays on the timeline and in reports.", size="2",
                                  margin_bottom="1rem"),
            rx.form(
                rx.vstack(
                    labelled("Stage", rx.el.select(rx.foreach(S.rejected_stages, lambda s: rx.el.option(
                        s.label, value=s.value)), id="reject-stage", name="stage", default_value=S.reject_stage_id,
                        class_name="native-select"), "reject-stage", ""),
                    labelled("Reason", rx.text_area(id="reject-reason", name="reason", width="100%"),
                             "reject-reason", S.reject_error),
                    rx.hstack(
                        rx.dialog.close(rx.button("Cancel", variant="soft", color_scheme="gray", type="button")),
                        rx.button("Reject", color_scheme="red", type="submit", id="confirm-reject"),
                        justify="end", width="100%",
                    ),
                    spacing="3",
                ),
                on_submit=S.reject, reset_on_submit=False,
            ),
        ),
        open=S.reject_open, on_open_change=S.set_reject_open,
    )


def applications_tab() -> rx.Component:
    return rx.vstack(
        rx.link(rx.icon("calendar-days", size=16, aria_hidden="true"), "Availability and placements",
                href="/candidates/" + S.cid + "/availability", id="candidate-availability"),
        rx.cond(
            S.application_rows.length() > 0,
            rx.table.root(
                rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in ("Job", "Stage", "")])),
                rx.table.body(rx.foreach(S.application_rows, _application_row)),
                width="100%", id="applications-table",
            ),
            empty_state("briefcase", "Not in any job yet", "Assign the candidate to a job to start the process."),
        ),
        rx.cond(
            S.can_write & (S.assignable_jobs.length() > 0),
            rx.form(
                rx.hstack(
                    rx.el.label("Assign to job", html_for="assign-job", style={"font_weight": "500"}),
                    rx.el.select(rx.el.option("Choose a job…", value=""), rx.foreach(
                        S.assignable_jobs, lambda j: rx.el.option(j.label, value=j.value)), id="assign-job",
                        name="job", class_name="native-select"),
                    rx.button("Assign", type="submit", variant="soft", id="assign"),
                    align="center", spacing="2",
                ),
                on_submit=S.assign,
            ),
        ),
        _reject_dialog(),
        spacing="4", width="100%",
    )


# --- Comments ----------------------------------------------------------------------------------------

def _comment_row(row: CommentRow) -> rx.Component:
    return rx.card(
        rx.hstack(rx.text(row.author, weight="bold", size="2"), rx.text(row.when, size="1", color=MUTED),
                  spacing="3", align="baseline"),
        rx.text(row.body, size="2", white_space="pre-wrap", margin_top="0.25rem"),
        width="100%", class_name="comment",
    )


def _suggestion(name: str) -> rx.Component:
    return rx.button("@" + name, size="1", variant="soft", on_click=S.pick_mention(name), type="button",
                     class_name="mention-option")


def comments_tab() -> rx.Component:
    return rx.vstack(
        rx.cond(
            S.can_write & ~S.anonymised,
            rx.vstack(
                rx.el.label("Internal comment (type @ to mention a colleague)", html_for="comment-body",
                            style={"font_weight": "500", "font_size": "14px"}),
                rx.text_area(id="comment-body", value=S.comment_draft, on_change=S.set_comment_draft,
                             placeholder="Only your colleagues see this.", width="100%", rows="3"),
                rx.cond(S.mention_suggestions.length() > 0,
                        rx.hstack(rx.foreach(S.mention_suggestions, _suggestion), spacing="2", wrap="wrap",
                                  role="listbox", aria_label="Colleagues", id="mention-list")),
                field_error(S.comment_error),
                rx.button(rx.icon("send", size=14), "Post comment", on_click=S.post_comment, id="post-comment"),
                spacing="2", width="100%", align="start",
            ),
        ),
        rx.cond(S.comment_rows.length() > 0,
                rx.vstack(rx.foreach(S.comment_rows, _comment_row), spacing="2", width="100%", id="comments"),
                empty_state("message-square", "No comments yet", "Notes for your team about this candidate.")),
        spacing="4", width="100%",
    )


def documents_tab() -> rx.Component:
    return documents_panel()


def _tabs() -> rx.Component:
    tabs = [("overview", "Overview", overview_tab), ("profile", "Profile", profile_tab),
            ("applications", "Applications", applications_tab), ("comments", "Comments", comments_tab),
            ("documents", "Documents", documents_tab), ("updates", "Profile updates", candidate_requests_panel),
            ("messages", messages_trigger_label(), messages_tab)]
    return rx.tabs.root(
        rx.tabs.list(*[rx.tabs.trigger(label, value=value, id=f"tab-{value}") for value, label, _ in tabs]),
        *[rx.tabs.content(render(), value=value, padding_top="1rem") for value, _, render in tabs],
        value=S.tab, on_change=[S.set_tab, CandidatePortalState.tab_changed], width="100%",
    )


def candidate_profile_page() -> rx.Component:
    return workspace(
        rx.cond(
            ~S.loaded, rx.center(rx.spinner(size="3"), padding="4rem"),
            rx.cond(S.found, rx.box(_header(), _tabs(), width="100%", max_width="960px"),
                    empty_state("user-x", "Candidate not found",
                                "They may have been deleted, or the link is wrong.")),
        ),
        title="Candidate",
    )

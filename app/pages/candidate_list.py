"""/candidates: the recruiter's candidate list (UI only)."""

from __future__ import annotations

import reflex as rx

from app.components.forms import field_error
from app.components.layout import empty_state
from app.services.candidate_search import PAGE_SIZES, SORTS
from app.services.candidates import STATUSES
from app.states.candidate_list import CandidateListRow, CandidateListState as S

STALE_CHOICES = [("0", "Any time"), ("30", "Over 30 days ago"), ("90", "Over 90 days ago"),
                 ("180", "Over 180 days ago"), ("365", "Over a year ago")]
BULK_TITLES = {"add_tag": "Add a tag", "remove_tag": "Remove a tag", "flag": "Flag candidates",
               "unflag": "Unflag candidates", "assign_job": "Assign to a job", "set_owner": "Change the owner",
               "profile_update": "Request profile update", "availability_check": "Ask for availability"}


def _label(text: str, control: rx.Component, html_for: str) -> rx.Component:
    return rx.vstack(rx.el.label(text, html_for=html_for, style={"font_size": "12px", "font_weight": "500"}),
                     control, spacing="1")


def _select(param: str, value, options: list[tuple[str, str]] | None = None, dynamic=None,
            any_label: str = "Any", html_id: str = "") -> rx.Component:
    """A native select bound to one URL parameter."""
    static = [rx.el.option(label, value=v) for v, label in (options or [])]
    dyn = [rx.foreach(dynamic, lambda o: rx.el.option(o.label, value=o.value))] if dynamic is not None else []
    first = [rx.el.option(any_label, value="")] if any_label else []
    return rx.el.select(*first, *static, *dyn, value=value, id=html_id or f"filter-{param}",
                        on_change=lambda v: S.set_param(param, v), class_name="native-select")


def _check(param: str, label: str, checked) -> rx.Component:
    return rx.el.label(
        rx.hstack(rx.checkbox(checked=checked, on_change=lambda v: S.set_param(param, v), id=f"filter-{param}",
                              aria_label=label),
                  rx.text(label, size="2"), spacing="2", align="center"),
        style={"cursor": "pointer", "padding_top": "1.3rem"},
    )


def _toolbar() -> rx.Component:
    return rx.hstack(
        rx.box(
            rx.input(
                rx.input.slot(rx.icon("search", size=16, aria_hidden="true")),
                value=S.q, on_change=S.set_search, debounce_timeout=300, id="candidate-search",
                placeholder="Search name, email, phone, skill or tag", aria_label="Search candidates",
                type="search", width="100%",
            ),
            flex="1", min_width="16rem",
        ),
        _label("Sort by", _select("sort", S.sort, list(SORTS.items()), any_label="", html_id="sort"), "sort"),
        _label("Per page", _select("size", S.page_size.to_string(), [(str(n), str(n)) for n in PAGE_SIZES],
                                   any_label="", html_id="page-size"), "page-size"),
        rx.button(rx.icon("download", size=16), rx.cond(S.selected_count > 0, "Export selected", "Export CSV"),
                  variant="soft", on_click=S.export_csv,
                  id="export-csv", disabled=S.job_running, margin_top="1.3rem"),
        width="100%", align="start", wrap="wrap", spacing="3",
    )


def _filters() -> rx.Component:
    return rx.flex(
        _label("Status", _select("status", S.status, [(s, s.replace("_", " ").title()) for s in STATUSES]),
               "filter-status"),
        _label("Tag", _select("tag", S.tag, dynamic=S.tag_options), "filter-tag"),
        _label("Job", _select("job", S.job, dynamic=S.job_options), "filter-job"),
        _label("Stage", _select("stage", S.stage, dynamic=S.stage_options), "filter-stage"),
        _label("Owner", _select("owner", S.owner, dynamic=S.owner_options), "filter-owner"),
        _label("Profile last updated", _select("stale", S.stale_days.to_string(), STALE_CHOICES, any_label=""),
               "filter-stale"),
        _label("Portal", _select("portal", S.portal, [("closed", "Closed"), ("invited", "Invited"),
                                                      ("open", "Open")]), "filter-portal"),
        rx.vstack(
            rx.hstack(
                _label("Available on", rx.input(type="date", value=S.available_on, id="filter-available",
                                                on_change=lambda v: S.set_param("available", v)), "filter-available"),
                _time_filter("from", "From (time)", S.time_from_text),
                _time_filter("to", "To (time)", S.time_to_text),
                spacing="2", align="start"),
            rx.cond(S.time_error != "", rx.text(S.time_error, id="filter-available-error", color=rx.color("red", 11),
                                                size="1", role="alert")),
            spacing="1", role="group", aria_label="Availability"),
        _check("flagged", "Flagged only", S.flagged),
        rx.cond(S.has_filters, rx.button("Clear filters", variant="ghost", size="2", on_click=S.clear_filters,
                                         id="clear-filters", margin_top="1.3rem")),
        gap="0.75rem", wrap="wrap", align="start", width="100%",
        role="group", aria_label="Filters",
    )


def _time_filter(which: str, label: str, value) -> rx.Component:
    """A time of the "available on" filter; the message under the three fields says what is wrong."""
    html_id = f"filter-available-{which}"
    return _label(label, rx.input(type="time", value=value, id=html_id,
                                  on_change=lambda v: S.set_available_time(which, v),
                                  aria_invalid=rx.cond(S.time_error != "", "true", "false"),
                                  aria_describedby=rx.cond(S.time_error != "", "filter-available-error", None)),
                  html_id)


def _bulk_button(action: str, label: str, icon: str) -> rx.Component:
    return rx.button(rx.icon(icon, size=14), label, size="1", variant="soft", on_click=S.open_bulk(action),
                     id=f"bulk-{action.replace('_', '-')}", disabled=S.job_running)


def _bulk_bar() -> rx.Component:
    return rx.cond(
        S.selected_count > 0,
        rx.vstack(
            rx.hstack(
                rx.text(rx.text.strong(S.selected_count), " selected", size="2", id="selected-count"),
                rx.cond(
                    S.can_write,
                    rx.hstack(
                        _bulk_button("add_tag", "Add tag", "tag"),
                        _bulk_button("remove_tag", "Remove tag", "tag"),
                        _bulk_button("flag", "Flag", "flag"),
                        _bulk_button("unflag", "Unflag", "flag-off"),
                        _bulk_button("assign_job", "Assign to job", "briefcase"),
                        _bulk_button("set_owner", "Change owner", "user-round"),
                        _bulk_button("profile_update", "Request profile update", "mail"),
                        _bulk_button("availability_check", "Ask for availability", "calendar-check"),
                        spacing="2", wrap="wrap",
                    ),
                ),
                rx.button("Clear selection", size="1", variant="ghost", on_click=S.clear_selection),
                spacing="3", align="center", wrap="wrap",
            ),
            rx.cond(
                S.all_matching,
                rx.text("All ", S.total_label, " matching candidates are selected.", size="2", id="all-matching-note"),
                rx.cond(
                    S.page_selected & (S.total > S.rows.length()),
                    rx.hstack(
                        rx.text("All ", S.rows.length(), " candidates on this page are selected.", size="2"),
                        rx.button("Select all ", S.total_label, " matching", size="1", variant="outline",
                                  on_click=S.select_all_matching, id="select-all-matching"),
                        spacing="2", align="center",
                    ),
                ),
            ),
            spacing="2", width="100%", padding="0.75rem", border_radius="8px",
            background=rx.color("accent", 2), border=f"1px solid {rx.color('accent', 5)}",
            id="bulk-bar", role="region", aria_label="Bulk actions",
        ),
    )


def _bulk_field() -> rx.Component:
    """The argument of the open bulk action."""
    def select(options, label: str, html_id: str, value_of=lambda o: o.value):
        return rx.vstack(
            rx.el.label(label, html_for=html_id, style={"font_weight": "500", "font_size": "14px"}),
            rx.el.select(rx.el.option("Choose…", value=""),
                         rx.foreach(options, lambda o: rx.el.option(o.label, value=value_of(o))),
                         id=html_id, value=S.bulk_value, on_change=S.set_bulk_value, class_name="native-select"),
            spacing="1", width="100%")

    return rx.match(
        S.bulk_action,
        ("add_tag", rx.vstack(
            rx.el.label("Tag (an existing one or a new one)", html_for="bulk-tag",
                        style={"font_weight": "500", "font_size": "14px"}),
            rx.input(id="bulk-tag", value=S.bulk_value, on_change=S.set_bulk_value, list="tag-names",
                     auto_complete="off", width="100%"),
            rx.el.datalist(rx.foreach(S.tag_options, lambda o: rx.el.option(value=o.label)), id="tag-names"),
            spacing="1", width="100%")),
        ("remove_tag", select(S.tag_options, "Tag", "bulk-remove-tag", value_of=lambda o: o.label)),
        ("assign_job", select(S.job_options, "Job (candidates join its first stage)", "bulk-job")),
        ("set_owner", select(S.owner_options, "New owner", "bulk-owner")),
        ("profile_update", rx.callout(
            "Each candidate gets their own email, built from your agency's standard template, with a personal "
            "link to update their profile. Candidates without an email address are listed afterwards.",
            icon="mail", size="1")),
        ("availability_check", _availability_fields()),
        rx.fragment(),
    )


def _period_input(label: str, name: str, kind: str, error_key: str) -> rx.Component:
    """One input of the availability check form (uncontrolled: what was typed stays after an error)."""
    html_id = f"bulk-ac-{name}"
    error = S.bulk_errors.get(error_key, "")
    return rx.vstack(
        rx.el.label(label, html_for=html_id, style={"font_weight": "500", "font_size": "14px"}),
        rx.input(id=html_id, name=name, type=kind, width="100%",
                 aria_invalid=rx.cond(error != "", "true", "false"),
                 aria_describedby=rx.cond(error != "", html_id + "-error", None)),
        rx.cond(error != "", rx.text(error, id=html_id + "-error", color=rx.color("red", 11), size="2",
                                     role="alert")),
        spacing="1", flex="1", min_width="9rem")


def _availability_fields() -> rx.Component:
    return rx.vstack(
        rx.callout("Each candidate gets an email with a personal link (it works once) to say whether they can work "
                   "in this period. Their answer updates their availability; see Availability checks for who "
                   "answered.", icon="calendar-check", size="1"),
        rx.flex(_period_input("First day", "first", "date", "first_day"),
                _period_input("Last day", "last", "date", "last_day"), gap="0.75rem", wrap="wrap", width="100%"),
        rx.flex(_period_input("From (optional)", "start", "time", "hours"),
                _period_input("To (optional)", "end", "time", "hours_end"), gap="0.75rem", wrap="wrap",
                width="100%"),
        rx.text("Leave the hours empty to ask about whole days.", size="1", color=rx.color("gray", 11)),
        spacing="2", width="100%")


def _bulk_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(rx.match(S.bulk_action, *BULK_TITLES.items(), "Bulk action")),
            rx.dialog.description(
                rx.text("This applies to ", rx.text.strong(S.selected_count),
                        " candidates. It runs in the background; you can keep working.", size="2"),
                margin_bottom="1rem"),
            rx.form(
                rx.vstack(
                    _bulk_field(),
                    field_error(S.bulk_error),
                    rx.hstack(
                        rx.dialog.close(rx.button("Cancel", variant="soft", color_scheme="gray", type="button")),
                        rx.button("Apply to ", S.selected_count, " candidates", type="submit", id="bulk-apply"),
                        justify="end", width="100%",
                    ),
                    spacing="3",
                ),
                on_submit=S.run_action, reset_on_submit=False,
            ),
        ),
        open=S.bulk_action != "",
        on_open_change=S.set_bulk_open,
    )


def _progress() -> rx.Component:
    return rx.cond(
        S.job_id != "",
        rx.card(
            rx.vstack(
                rx.hstack(
                    rx.text(rx.text.strong(S.job_label), size="2"),
                    rx.spacer(),
                    rx.text(S.job_done, " of ", S.job_total, size="2", id="bulk-count"),
                    width="100%",
                ),
                rx.progress(value=S.job_percent, max=100, aria_label="Bulk action progress", width="100%"),
                rx.cond(S.emails_total > 0, rx.vstack(
                    rx.hstack(rx.text("Emails sent", size="2"), rx.spacer(),
                              rx.text(S.emails_handed, " of ", S.emails_total, size="2", id="emails-count"),
                              width="100%"),
                    rx.progress(value=S.emails_percent, max=100, aria_label="Emails sent", width="100%"),
                    rx.link("Follow the requests", href="/profile-updates", size="2", id="progress-requests-link"),
                    spacing="1", width="100%")),
                rx.cond((S.job_kind == "availability_check") & (S.job_status == "done"),
                        rx.link("See who answered", href="/availability-checks", size="2", id="progress-checks-link")),
                rx.hstack(
                    rx.match(
                        S.job_status,
                        ("done", rx.text(rx.icon("circle-check", size=14, display="inline"), " Done. ",
                                         S.job_message, size="2", color=rx.color("green", 11))),
                        ("failed", rx.text("Stopped. ", S.job_message, size="2", color=rx.color("red", 11),
                                           role="alert")),
                        rx.text("Working… you can keep using Candor.", size="2", color=rx.color("gray", 11)),
                    ),
                    rx.spacer(),
                    rx.cond(S.job_download != "",
                            # rx.download clicks a plain <a download>; an rx.link would route inside the app.
                            rx.button(rx.icon("download", size=14), "Download CSV", size="1",
                                      on_click=rx.download(url=S.job_download), data_url=S.job_download,
                                      id="download-export")),
                    rx.cond(~S.job_running, rx.button("Dismiss", size="1", variant="ghost", on_click=S.dismiss_job)),
                    width="100%", align="center",
                ),
                spacing="2", width="100%",
            ),
            id="bulk-progress", role="status", aria_live="polite", width="100%",
            data_status=S.job_status,
        ),
    )


def _tag(name) -> rx.Component:
    return rx.badge(name, variant="soft", color_scheme="gray", size="1")


def _row(row: CandidateListRow) -> rx.Component:
    checked = S.all_matching | S.selected.contains(row.id)
    return rx.table.row(
        rx.table.cell(rx.checkbox(checked=checked, on_change=lambda v: S.toggle_row(row.id, v),
                                  aria_label="Select " + row.name)),
        rx.table.row_header_cell(
            rx.hstack(
                rx.cond(row.flagged, rx.icon("flag", size=14, color=rx.color("amber", 10), aria_label="Flagged")),
                rx.link(row.name, href="/candidates/" + row.id, weight="medium"),
                spacing="2", align="center",
            ),
            rx.text(row.email, size="1", color=rx.color("gray", 11)),
        ),
        rx.table.cell(row.phone),
        rx.table.cell(rx.badge(row.status_label, variant="outline")),
        rx.table.cell(row.rating),
        rx.table.cell(rx.flex(rx.foreach(row.tags, _tag), gap="0.25rem", wrap="wrap"), class_name="tags-cell"),
        rx.table.cell(row.owner),
        rx.table.cell(row.updated, white_space="nowrap"),
        data_id=row.id,
    )


def _table() -> rx.Component:
    return rx.table.root(
        rx.table.header(rx.table.row(
            rx.table.column_header_cell(rx.checkbox(checked=S.page_selected, on_change=S.toggle_page,
                                                    aria_label="Select all on this page", id="select-page")),
            *[rx.table.column_header_cell(h) for h in
              ("Name", "Phone", "Status", "Rating", "Tags", "Owner", "Updated")],
        )),
        rx.table.body(rx.foreach(S.rows, _row)),
        width="100%", id="candidates-table", opacity=rx.cond(S.loading, "0.5", "1"),
        aria_busy=S.loading,
    )


def _pager() -> rx.Component:
    return rx.hstack(
        rx.text("Showing ", S.first_shown, "–", S.last_shown, " of ", S.total_label, size="2", id="result-count"),
        rx.spacer(),
        rx.button(rx.icon("chevron-left", size=16), "Previous", size="1", variant="soft",
                  disabled=S.page <= 1, on_click=S.go_page(S.page - 1), id="prev-page"),
        rx.text("Page ", S.page, " of ", S.pages_label, size="2", id="page-label"),
        rx.button("Next", rx.icon("chevron-right", size=16), size="1", variant="soft",
                  disabled=(S.page >= S.pages) & ~S.capped, on_click=S.go_page(S.page + 1), id="next-page"),
        width="100%", align="center", spacing="3",
    )


def _results() -> rx.Component:
    return rx.cond(
        S.error != "",
        rx.callout(rx.hstack(rx.text(S.error), rx.button("Try again", size="1", on_click=S.retry)),
                   icon="triangle-alert", color_scheme="red", role="alert", id="list-error"),
        rx.cond(
            S.total > 0,
            rx.vstack(rx.box(_table(), overflow_x="auto", width="100%"), _pager(), width="100%", spacing="3"),
            rx.cond(
                S.loading,
                rx.center(rx.spinner(size="3"), padding="3rem", aria_label="Loading candidates"),
                rx.cond(
                    S.has_filters,
                    rx.vstack(empty_state("search-x", "No candidates match",
                                          "Try other words or fewer filters."),
                              rx.button("Clear filters", variant="soft", on_click=S.clear_filters),
                              align="center", width="100%", id="no-results"),
                    empty_state("users", "No candidates yet",
                                "Candidates who apply or that your team adds will be listed here."),
                ),
            ),
        ),
    )


def candidate_list_page() -> rx.Component:
    return rx.vstack(
        _toolbar(),
        _filters(),
        _progress(),
        _bulk_bar(),
        _results(),
        _bulk_dialog(),
        spacing="4", width="100%",
    )

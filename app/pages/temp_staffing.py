"""Recruiter pages of temp staffing, and the client's public timesheet approval page."""

from __future__ import annotations

import reflex as rx

from app.components.layout import empty_state, workspace
from app.components.public_page import brand_header
from app.states.temp_staffing import AvailabilityCheckState as K
from app.states.temp_staffing import AvailabilityChecksState as AC
from app.states.temp_staffing import CandidateAvailabilityState as C
from app.states.temp_staffing import JobStaffingState as J
from app.states.temp_staffing import TimesheetApprovalState as P
from app.states.temp_staffing import TimesheetQueueState as Q


def _error(message, error_id) -> rx.Component:
    return rx.cond(message != "", rx.text(message, id=error_id, color=rx.color("red", 11), size="2", role="alert"))


def _ok(message) -> rx.Component:
    """A polite status line, always present so that what appears in it is read out."""
    return rx.el.p(rx.cond(message != "", rx.fragment(rx.icon("circle-check", size=16, aria_hidden="true"), message)),
                   role="status", aria_live="polite", class_name="tt-ok")


def _labelled(label: str, control: rx.Component, error=None, error_id: str = "") -> rx.Component:
    return rx.vstack(rx.el.label(label, html_for=control.id, class_name="tt-staff-label"), control,
                     _error(error, error_id) if error is not None else rx.fragment(), spacing="1", width="100%")


# --- /timesheets -----------------------------------------------------------------------------------------------

def _queue_row(row) -> rx.Component:
    reason_id = "tq-reason-" + row["id"]
    return rx.card(
        rx.vstack(
            rx.hstack(rx.link(rx.text(row["candidate"], weight="bold"), href="/candidates/" + row["candidate_id"]),
                      rx.badge(row["status"]), spacing="3", align="center", wrap="wrap"),
            rx.text(row["job"], " · ", row["client"], " · week of ", row["week"], size="2"),
            rx.text("Total ", rx.el.strong(row["total"]), " h · ", row["entries"], size="2"),
            rx.cond(row["notes"] != "", rx.text("Notes: ", row["notes"], size="2")),
            rx.cond(row["reason"] != "", rx.text("Rejected: ", row["reason"], size="2", color=rx.color("red", 11))),
            rx.cond(row["status"] == "submitted", rx.vstack(
                rx.el.label("Reason if you reject", html_for=reason_id, class_name="tt-staff-label"),
                rx.input(id=reason_id, value=Q.reasons.get(row["id"], ""),
                         on_change=lambda v: Q.set_reason(row["id"], v), width="100%",
                         aria_invalid=rx.cond(Q.errors.get(row["id"], "") != "", "true", "false")),
                _error(Q.errors.get(row["id"], ""), "tq-error-" + row["id"]),
                rx.hstack(rx.button("Approve", on_click=Q.approve(row["id"]), color_scheme="green",
                                    aria_label="Approve " + row["candidate"] + " week of " + row["week"]),
                          rx.button("Reject", on_click=Q.reject(row["id"]), color_scheme="red", variant="soft",
                                    aria_label="Reject " + row["candidate"] + " week of " + row["week"]),
                          spacing="2"),
                spacing="2", width="100%")),
            spacing="2", width="100%",
        ),
        class_name="tq-row", data_timesheet=row["id"], width="100%",
    )


def timesheets_page() -> rx.Component:
    return workspace(
        rx.vstack(
            rx.hstack(
                rx.el.label("Show", html_for="tq-status", class_name="tt-staff-label"),
                rx.el.select(*[rx.el.option(label, value=value) for value, label in (
                    ("submitted", "Waiting for approval"), ("rejected", "Rejected"), ("approved", "Approved"),
                    ("draft", "Drafts"))], id="tq-status", value=Q.status, on_change=Q.set_status,
                    class_name="pf-select", style={"max_width": "16rem"}),
                align="center", spacing="3",
            ),
            _ok(Q.outcome),
            rx.cond(Q.rows.length() > 0, rx.vstack(rx.foreach(Q.rows, _queue_row), spacing="3", width="100%"),
                    empty_state("clock", "Nothing here", "Timesheets appear here when candidates submit them.")),
            rx.card(rx.vstack(
                rx.heading("Export approved hours", size="4", as_="h2"),
                rx.hstack(
                    _labelled("From", rx.input(type="date", id="tq-from", value=Q.period_start,
                                               on_change=Q.set_period_start),
                              Q.export_errors.get("start", ""), "tq-from-error"),
                    _labelled("To", rx.input(type="date", id="tq-to", value=Q.period_end, on_change=Q.set_period_end),
                              Q.export_errors.get("end", ""), "tq-to-error"),
                    spacing="3", wrap="wrap",
                ),
                rx.button(rx.icon("download", size=16, aria_hidden="true"), "Download CSV", on_click=Q.export,
                          id="tq-export"),
                spacing="3"), width="100%"),
            spacing="4", width="100%", max_width="56rem",
        ),
        title="Timesheets",
    )


# --- /jobs/[job_id]/shifts ----------------------------------------------------------------------------------

def _field(label: str, name: str, kind: str = "text", errors=None, **props) -> rx.Component:
    field_id = "js-" + name.replace("_", "-")
    error = errors.get(name, "") if errors is not None else ""
    return rx.vstack(
        rx.el.label(label, html_for=field_id, class_name="tt-staff-label"),
        rx.input(id=field_id, name=name, type=kind, width="100%",
                 aria_invalid=rx.cond(error != "", "true", "false"),
                 aria_describedby=rx.cond(error != "", field_id + "-error", None), **props),
        _error(error, field_id + "-error"),
        spacing="1", width="100%", min_width="12rem", flex="1",
    )


def _placement_form() -> rx.Component:
    E = J.placement_errors
    return rx.form(
        rx.vstack(
            rx.heading("New placement", size="3", as_="h3"),
            rx.vstack(
                rx.el.label("Hired candidate", html_for="js-application", class_name="tt-staff-label"),
                rx.el.select(rx.foreach(J.hires, lambda h: rx.el.option(h["name"], value=h["id"])),
                             id="js-application", name="application", class_name="pf-select"),
                _error(E.get("application", ""), "js-application-error"), spacing="1", width="100%"),
            rx.flex(_field("Start date", "start_date", "date", E), _field("End date", "end_date", "date", E),
                    _field("Pay rate per hour", "pay_rate", "text", E, input_mode="decimal"),
                    _field("Bill rate per hour", "bill_rate", "text", E, input_mode="decimal"),
                    _field("Expected hours per week", "expected_hours", "text", E, default_value="35"),
                    gap="0.75rem", wrap="wrap", width="100%"),
            rx.flex(_field("Client company", "client_company", "text", E),
                    _field("Client contact", "client_contact", "text", E),
                    _field("Approver name", "approver_name", "text", E),
                    _field("Approver email", "approver_email", "email", E),
                    gap="0.75rem", wrap="wrap", width="100%"),
            rx.button("Create placement", type="submit", id="js-create-placement"),
            spacing="3", width="100%",
        ),
        on_submit=J.create_placement, reset_on_submit=False, no_validate=True, key=J.placement_key.to(str), id="js-placement-form",
    )


def _placement_row(p) -> rx.Component:
    return rx.table.row(rx.table.cell(rx.link(p["candidate"], href="/candidates/" + p["candidate_id"])),
                        rx.table.cell(p["client"]), rx.table.cell(p["start"], " → ", p["end"]),
                        rx.table.cell(p["pay_rate"], " / ", p["bill_rate"]), rx.table.cell(p["approver"]))


def placements_table(rows) -> rx.Component:
    return rx.cond(rows.length() > 0, rx.table.root(
        rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in (
            "Candidate", "Client", "Dates", "Pay / bill per hour", "Approver")])),
        rx.table.body(rx.foreach(rows, _placement_row)), width="100%"),
        rx.text("No placements yet.", color=rx.color("gray", 11)))


def _offer(o) -> rx.Component:
    return rx.hstack(rx.text(o["name"]), rx.badge(o["status"]),
                     rx.cond(o["flag"] != "", rx.badge(o["flag"], color_scheme="amber")), spacing="2", wrap="wrap")


def _shift_row(s) -> rx.Component:
    pick_id = "js-offer-" + s["id"]
    return rx.card(rx.vstack(
        rx.hstack(rx.text(s["when"], weight="bold"), rx.badge("Filled " + s["fill"],
                                                             color_scheme=rx.cond(s["full"] == "1", "green", "gray")),
                  rx.cond(s["repeats"] == "1", rx.badge("weekly")), rx.text(s["location"], size="2"),
                  spacing="3", wrap="wrap", align="center"),
        rx.vstack(rx.foreach(J.shift_offers.get(s["id"], []), _offer), spacing="1"),
        rx.hstack(
            rx.el.label("Offer to", html_for=pick_id, class_name="tt-staff-label"),
            rx.el.select(rx.el.option("Choose a candidate…", value=""),
                         rx.foreach(J.candidates, lambda c: rx.el.option(c["name"], value=c["id"])),
                         id=pick_id, class_name="pf-select", style={"max_width": "16rem"},
                         on_change=lambda v: J.pick_candidate(s["id"], v)),
            rx.button("Offer", on_click=J.offer(s["id"]), variant="soft"),
            rx.button("Ask if available", on_click=J.ask(s["id"]), variant="outline"),
            spacing="2", align="center", wrap="wrap"),
        _error(J.offer_errors.get(s["id"], ""), "js-offer-error-" + s["id"]),
        spacing="2", width="100%"), width="100%", data_shift=s["id"])


def _shift_form() -> rx.Component:
    E = J.shift_errors
    return rx.form(rx.vstack(
        rx.heading("New shift", size="3", as_="h3"),
        rx.flex(_field("Date", "day", "date", E), _field("Start", "start", "time", E), _field("End", "end", "time", E),
                _field("Location", "location", "text", E), _field("People needed", "headcount", "number", E,
                                                                  default_value="1", min=1),
                _field("Repeat weekly for (weeks)", "repeat_weeks", "number", E, default_value="1", min=1, max=26),
                gap="0.75rem", wrap="wrap", width="100%"),
        rx.button("Create shift", type="submit", id="js-create-shift"),
        spacing="3", width="100%"),
        on_submit=J.create_shift, reset_on_submit=False, no_validate=True, key=J.shift_key.to(str), id="js-shift-form")


def job_staffing_page() -> rx.Component:
    return workspace(
        rx.cond(J.missing, empty_state("briefcase", "Job not found", "It may have been removed."), rx.vstack(
            rx.link("← Back to the job board", href="/jobs/" + J.job_id),
            rx.heading(J.job_title, size="5", as_="h2"),
            _ok(J.outcome),
            rx.cond(~J.is_temp, rx.callout("Placements and shifts are for temp or contract jobs.", icon="info")),
            rx.card(rx.vstack(rx.heading("Placements", size="4", as_="h2"), placements_table(J.placements),
                              rx.cond(J.hires.length() > 0, _placement_form(),
                                      rx.text("Move a candidate to a Hired stage to place them.", size="2",
                                              color=rx.color("gray", 11))),
                              spacing="3", width="100%"), width="100%"),
            rx.card(rx.vstack(rx.heading("Shifts", size="4", as_="h2"), _shift_form(),
                              rx.foreach(J.shift_rows, _shift_row), spacing="3", width="100%"), width="100%"),
            spacing="4", width="100%", max_width="64rem")),
        title="Placements and shifts",
    )


# --- /candidates/[candidate_id]/availability -------------------------------------------------------------

def candidate_availability_page() -> rx.Component:
    return workspace(
        rx.cond(C.missing, empty_state("user", "Candidate not found", "They may have been removed."), rx.vstack(
            rx.link("← Back to the profile", href="/candidates/" + C.cid),
            rx.heading(C.name, size="5", as_="h2"),
            rx.hstack(rx.button(rx.icon("chevron-left", aria_hidden="true"), on_click=C.go_week(-1), variant="soft",
                                aria_label="Previous week"),
                      rx.text("Week of ", C.week, id="ca-week"),
                      rx.button(rx.icon("chevron-right", aria_hidden="true"), on_click=C.go_week(1), variant="soft",
                                aria_label="Next week"), align="center", spacing="3"),
            rx.el.ul(rx.foreach(C.days, lambda d: rx.el.li(
                rx.el.strong(d["label"]), rx.el.span(d["text"]),
                class_name=rx.cond(d["on"] == "1", "ca-day ca-on", "ca-day"))), class_name="ca-week",
                aria_label="Availability this week"),
            rx.heading("Placements", size="4", as_="h2"),
            placements_table(C.placements),
            spacing="4", width="100%", max_width="56rem")),
        title="Availability and placements",
    )


# --- /timesheet-approval/[token] (public) -------------------------------------------------------------------

def _entry_row(e) -> rx.Component:
    return rx.el.tr(rx.el.td(e["day"]), rx.el.td(e["start"], "–", e["end"]), rx.el.td(e["break"]),
                    rx.el.td(e["total"]), rx.el.td(e["note"]))


def timesheet_approval_page() -> rx.Component:
    t = P.t
    return rx.box(
        brand_header(t["ta.title"], ""),
        rx.el.main(rx.box(
            rx.el.h1(t["ta.title"], class_name="pb-title"),
            rx.cond(P.done != "", rx.el.p(P.done, role="status", class_name="ps-outcome ps-outcome-ok", id="ta-done")),
            rx.cond(P.found, rx.box(
                rx.el.p(P.sheet["candidate"], " · ", P.sheet["job"], " · ", P.sheet["client"], class_name="pb-intro"),
                rx.el.p(t["ta.week"].replace("{week}", P.sheet["week"]), " ",
                        rx.el.strong(P.sheet["total"], id="ta-total"), " ", t["ta.hours"]),
                rx.el.table(rx.el.thead(rx.el.tr(*[rx.el.th(t[h], scope="col") for h in (
                    "ta.day", "ta.span", "ta.break", "ta.worked", "ta.note")])),
                    rx.el.tbody(rx.foreach(P.entries, _entry_row)), class_name="ta-table"),
                rx.cond(P.sheet["notes"] != "", rx.el.p(t["ta.notes"], " ", P.sheet["notes"])),
                rx.el.button(t["ta.approve"], type="button", on_click=P.approve, class_name="tt-button tt-primary",
                             id="ta-approve"),
                rx.box(
                    rx.el.label(t["ta.reject_label"], html_for="ta-reason", class_name="pf-label"),
                    rx.debounce_input(rx.el.textarea(
                        id="ta-reason", value=P.reason, on_change=P.set_reason, class_name="pf-textarea",
                        aria_invalid=rx.cond(P.reason_error != "", "true", "false"),
                        aria_describedby=rx.cond(P.reason_error != "", "ta-reason-error", None)), debounce_timeout=200),
                    rx.cond(P.reason_error != "", rx.el.p(P.reason_error, id="ta-reason-error", class_name="pf-error")),
                    rx.el.button(t["ta.reject"], type="button", on_click=P.reject, class_name="tt-button",
                                 id="ta-reject"),
                    class_name="pf-field tt-reject"),
            ), rx.cond(P.loaded & (P.done == ""), rx.el.p(t["ta.dead"], id="ta-dead"))),
            class_name="pb-card"), id="main", class_name="pb-main", lang=P.lang),
        class_name="pb-page",
    )


# --- /availability-check/[token] (public) ------------------------------------------------------------------

def availability_check_page() -> rx.Component:
    t = K.t
    return rx.box(
        brand_header(K.question["agency"], ""),
        rx.el.main(rx.box(
            rx.el.h1(t["ac.title"], class_name="pb-title"),
            rx.cond(K.done != "", rx.el.p(K.done, role="status", class_name="ps-outcome ps-outcome-ok", id="ac-done")),
            rx.cond(K.can_answer, rx.box(
                rx.el.p(K.question["hello"], " ", K.question["when"], " ", rx.el.strong(K.question["day"]), ", ",
                        rx.el.strong(K.question["hours"]), t["ac.q_end"], id="ac-question"),
                rx.cond(K.question["job"] != "", rx.el.p(K.question["job"], class_name="pb-intro")),
                rx.box(
                    rx.el.label(t["ac.note"], html_for="ac-note", class_name="pf-label"),
                    rx.debounce_input(rx.el.textarea(id="ac-note", value=K.note, on_change=K.set_note,
                                                     class_name="pf-textarea", max_length=300, rows=2),
                                      debounce_timeout=200),
                    class_name="pf-field"),
                rx.box(rx.el.button(t["ac.yes"], type="button", on_click=K.reply(True),
                                    class_name="tt-button tt-primary", id="ac-yes"),
                       rx.el.button(t["ac.no"], type="button", on_click=K.reply(False), class_name="tt-button",
                                    id="ac-no"),
                       class_name="tt-actions"),
            ), rx.cond(K.loaded & (K.done == ""), rx.el.p(t["ac.dead"], id="ac-dead"))),
            class_name="pb-card"), id="main", class_name="pb-main", lang=K.lang),
        class_name="pb-page",
    )


# --- /availability-checks ---------------------------------------------------------------------------------------

def _reply_row(r) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.link(r.name, href="/candidates/" + r.candidate_id)),
        rx.table.cell(rx.badge(r.status, color_scheme=rx.match(r.status, ("Available", "green"),
                                                                ("Not available", "red"), "gray"))),
        rx.table.cell(r.note), rx.table.cell(r.answered))


def _batch_card(b) -> rx.Component:
    return rx.card(rx.vstack(
        rx.hstack(rx.heading(b.period, size="3", as_="h2"), rx.text(b.hours, size="2"),
                  rx.cond(b.job != "", rx.text(b.job, size="2")), spacing="3", align="center", wrap="wrap"),
        rx.text("Sent ", b.sent, rx.cond(b.by != "", rx.fragment(" by ", b.by)), " · ", b.answered, " of ", b.asked,
                " answered · ", b.yes, " available · ", b.no, " not available", size="2",
                color=rx.color("gray", 11), class_name="ac-counts"),
        rx.table.root(
            rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in (
                "Candidate", "Answer", "Note", "Answered")])),
            rx.table.body(rx.foreach(b.replies, _reply_row)), width="100%"),
        spacing="2", width="100%"), width="100%", data_batch=b.id, class_name="ac-batch")


def availability_checks_page() -> rx.Component:
    return workspace(
        rx.vstack(
            rx.text("Select candidates in the candidate list and choose Ask for availability to send a check.",
                    size="2", color=rx.color("gray", 11)),
            rx.cond(AC.batches.length() > 0, rx.vstack(rx.foreach(AC.batches, _batch_card), spacing="3", width="100%"),
                    empty_state("calendar-check", "No availability checks yet",
                                "Checks you send appear here with each candidate's answer.")),
            spacing="4", width="100%", max_width="56rem"),
        title="Availability checks",
    )

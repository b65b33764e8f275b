"""Portal pages of temp workers (phone first): timesheets, availability, shifts."""

from __future__ import annotations

import reflex as rx

from app.components.portal_layout import portal_page
from app.components.portal_self import empty, loading, page_heading, section, status_line
from app.components.profile_fields import error_text
from app.states.portal_temp import PortalAvailabilityState as A
from app.states.portal_temp import PortalShiftsState as H
from app.states.portal_temp import PortalTimesheetsState as S


def _typed(control: rx.Component) -> rx.Component:
    """A control the server follows as it is typed in, holding its own text meanwhile (nothing typed is lost)."""
    return rx.debounce_input(control, debounce_timeout=200)


def _time_input(row, field: str, label) -> rx.Component:
    field_id = f"ts-{field}-" + row["key"]
    return rx.box(
        rx.el.label(label, html_for=field_id, class_name="tt-small-label"),
        _typed(rx.el.input(type="time", id=field_id, value=row[field], class_name="tt-input",
                           on_change=lambda v: S.set_cell(row["key"], field, v), disabled=S.locked,
                           aria_invalid=rx.cond(row["error"] != "", "true", "false"),
                           aria_describedby=rx.cond(row["error"] != "", "ts-error-" + row["key"], None))),
        class_name="tt-cell",
    )


def _entry(row) -> rx.Component:
    brk_id = "ts-brk-" + row["key"]
    note_id = "ts-note-" + row["key"]
    return rx.box(
        rx.box(
            rx.el.span(row["label"], class_name="tt-day"),
            rx.el.span(row["total"], class_name="tt-row-total", id="ts-total-" + row["key"]),
            class_name="tt-row-head",
        ),
        rx.cond(
            row["open"] == "1",
            rx.box(
                rx.box(
                    _time_input(row, "start", S.t["ts.start"]),
                    _time_input(row, "end", S.t["ts.end"]),
                    rx.box(rx.el.label(S.t["ts.break"], html_for=brk_id, class_name="tt-small-label"),
                           _typed(rx.el.input(type="number", id=brk_id, value=row["brk"], min=0, max=480, step=5,
                                              input_mode="numeric", class_name="tt-input", disabled=S.locked,
                                              on_change=lambda v: S.set_cell(row["key"], "brk", v))),
                           class_name="tt-cell"),
                    rx.box(rx.el.label(S.t["ts.note"], html_for=note_id, class_name="tt-small-label"),
                           _typed(rx.el.input(type="text", id=note_id, value=row["note"], max_length=300,
                                              class_name="tt-input", disabled=S.locked,
                                              on_change=lambda v: S.set_cell(row["key"], "note", v))),
                           class_name="tt-cell tt-note"),
                    class_name="tt-grid tt-grid-2",
                ),
                error_text(row["error"], "ts-error-" + row["key"]),
                rx.cond(~S.locked, rx.box(
                    rx.el.button(rx.icon("plus", size=16, aria_hidden="true"), S.t["ts.add"], type="button",
                                 on_click=S.add_row(row["key"]), class_name="tt-link",
                                 id="ts-add-" + row["key"]),
                    rx.cond(row["first"] != "1",
                            rx.el.button(rx.icon("x", size=16, aria_hidden="true"), S.t["ts.remove"],
                                         type="button", on_click=S.remove_row(row["key"]), class_name="tt-link")),
                    class_name="tt-row-actions")),
            ),
            rx.el.p(S.t["ts.closed"], class_name="tt-closed"),
        ),
        class_name=rx.cond(row["error"] != "", "tt-row tt-row-bad", "tt-row"),
        data_day=row["day"],
    )


def _week_nav() -> rx.Component:
    return rx.box(
        rx.el.button(rx.icon("chevron-left", size=20, aria_hidden="true"), type="button", on_click=S.go_week(-1),
                     aria_label=S.t["ts.prev"], class_name="tt-nav-button", id="ts-prev"),
        rx.el.p(S.t["ts.week"], " ", rx.el.strong(S.week_label, id="ts-week"), class_name="tt-week"),
        rx.el.button(rx.icon("chevron-right", size=20, aria_hidden="true"), type="button", on_click=S.go_week(1),
                     aria_label=S.t["ts.next"], class_name="tt-nav-button", id="ts-next"),
        class_name="tt-week-nav",
    )


def _sheet() -> rx.Component:
    return rx.box(
        rx.cond(S.cards.length() > 1, rx.box(*[rx.foreach(S.cards, lambda c: rx.el.button(
            c["job"], " · ", c["client"], type="button", on_click=S.pick(c["id"]),
            aria_pressed=rx.cond(c["id"] == S.current, "true", "false"), class_name="tt-chip"))],
            class_name="tt-chips")),
        rx.box(
            rx.el.h2(S.card["job"], class_name="ps-section-title", id="ts-job"),
            rx.el.p(S.card["client"], class_name="pb-intro"),
            rx.el.p(S.t["ts.status." + S.card["status"].to(str)], class_name="tt-status tt-status-" + S.card["status"].to(str),
                    id="ts-status"),
            rx.cond(S.card["reason"] != "", rx.el.p(S.t["ts.reason"], " ", S.card["reason"], class_name="pf-error",
                                                    id="ts-reason")),
            class_name="tt-sheet-head",
        ),
        rx.foreach(S.rows, _entry),
        rx.box(rx.el.label(S.t["ts.notes"], html_for="ts-notes", class_name="pf-label"),
               _typed(rx.el.textarea(id="ts-notes", value=S.notes, on_change=S.set_notes, max_length=2000,
                                     class_name="pf-textarea", disabled=S.locked)),
               class_name="pf-field"),
        rx.el.p(S.t["ts.total"], ": ", rx.el.strong(S.total, id="ts-week-total"), class_name="tt-week-total",
                aria_live="polite"),
        error_text(S.week_error, "ts-week-error"),
        rx.cond(~S.locked, rx.box(
            rx.el.button(S.t["ts.save"], type="button", on_click=S.save_draft, class_name="tt-button",
                         id="ts-save"),
            rx.el.button(S.t["ts.submit"], type="button", on_click=S.submit, class_name="tt-button tt-primary",
                         id="ts-submit"),
            class_name="tt-actions")),
        status_line(S.outcome, S.outcome_tone, "ts-outcome"),
        class_name="pb-card",
    )


def portal_timesheets_page() -> rx.Component:
    return portal_page(rx.cond(S.loaded, rx.box(
        page_heading(S.t["ts.title"], S.t["ts.intro"], "ts-title"),
        _week_nav(),
        rx.cond(S.cards.length() > 0, _sheet(), empty("calendar-x", S.t["ts.none"], S.t["ts.none_text"])),
    ), loading(S.t["ts.loading"])), active="timesheets")


# --- availability ------------------------------------------------------------------------------------------

def _day(day) -> rx.Component:
    box_id = "av-on-" + day["weekday"]
    return rx.box(
        rx.el.label(rx.el.input(type="checkbox", id=box_id, checked=day["on"] == "1",
                                on_change=lambda v: A.set_day(day["weekday"], "on", v)),
                    day["name"], html_for=box_id, class_name="pf-check tt-day-check"),
        rx.cond(day["on"] == "1", rx.box(
            rx.box(rx.el.label(A.t["av.from"], html_for="av-start-" + day["weekday"], class_name="tt-small-label"),
                   _typed(rx.el.input(type="time", id="av-start-" + day["weekday"], value=day["start"],
                                      class_name="tt-input", on_change=lambda v: A.set_day(day["weekday"], "start", v))),
                   class_name="tt-cell"),
            rx.box(rx.el.label(A.t["av.to"], html_for="av-end-" + day["weekday"], class_name="tt-small-label"),
                   _typed(rx.el.input(type="time", id="av-end-" + day["weekday"], value=day["end"],
                                      class_name="tt-input", on_change=lambda v: A.set_day(day["weekday"], "end", v))),
                   class_name="tt-cell"),
            class_name="tt-grid tt-grid-2")),
        error_text(day["error"], "av-error-" + day["weekday"]),
        class_name="tt-row",
    )


def _ex_field(label, name: str, kind: str = "date") -> rx.Component:
    field_id = "av-ex-" + name.replace("_", "-")
    return rx.box(
        rx.el.label(label, html_for=field_id, class_name="tt-small-label"),
        rx.el.input(type=kind, id=field_id, name=name, class_name="tt-input",
                    aria_invalid=rx.cond(A.ex_errors.get(name, "") != "", "true", "false"),
                    aria_describedby=rx.cond(A.ex_errors.get(name, "") != "", field_id + "-error", None)),
        error_text(A.ex_errors.get(name, ""), field_id + "-error"),
        class_name="tt-cell",
    )


def _exceptions() -> rx.Component:
    return section(
        A.t["av.exceptions"],
        rx.el.p(A.t["av.exceptions_intro"], class_name="pb-intro"),
        rx.el.ul(rx.foreach(A.exceptions, lambda e: rx.el.li(
            rx.el.span(e["text"], " · ", e["kind"], rx.cond(e["note"] != "", " · " + e["note"], "")),
            rx.el.button(A.t["av.remove"], type="button", on_click=A.remove_exception(e["id"]), class_name="tt-link"),
            class_name="tt-ex")), class_name="tt-ex-list"),
        rx.cond(A.exceptions.length() == 0, rx.el.p(A.t["av.none"], class_name="pf-hint")),
        rx.form(
            rx.box(_ex_field(A.t["av.first_day"], "start_date"), _ex_field(A.t["av.last_day"], "end_date"),
                   class_name="tt-grid tt-grid-2"),
            rx.box(rx.el.label(A.t["av.kind"], html_for="av-ex-kind", class_name="tt-small-label"),
                   rx.el.select(rx.el.option(A.t["av.kind.unavailable"], value="unavailable"),
                                rx.el.option(A.t["av.kind.extra"], value="extra"), id="av-ex-kind", name="kind",
                                value=A.ex_kind, on_change=A.set_ex_kind, class_name="pf-select"),
                   class_name="tt-cell"),
            rx.cond(A.ex_kind == "extra", rx.box(
                rx.box(_ex_field(A.t["av.from"], "start", "time"), _ex_field(A.t["av.to"], "end", "time"),
                       class_name="tt-grid tt-grid-2"),
                error_text(A.ex_errors.get("hours", ""), "av-ex-hours-error"))),
            _ex_field(A.t["av.note"], "note", "text"),
            rx.el.button(A.t["av.add"], type="submit", class_name="tt-button", id="av-ex-add"),
            status_line(A.ex_outcome, "ok", "av-ex-outcome"),
            on_submit=A.add_exception, reset_on_submit=False, no_validate=True, key=A.ex_form_key.to(str), id="av-exception-form",
        ),
        section_id="av-exceptions",
    )


def portal_availability_page() -> rx.Component:
    return portal_page(rx.cond(A.loaded, rx.box(
        page_heading(A.t["av.title"], A.t["av.intro"], "av-title"),
        section(
            A.t["av.week"],
            rx.box(
                rx.el.button(A.t["av.weekdays"], type="button", on_click=A.preset("weekdays"), class_name="tt-chip",
                             id="av-preset-weekdays"),
                rx.el.button(A.t["av.everyday"], type="button", on_click=A.preset("everyday"), class_name="tt-chip"),
                rx.el.button(A.t["av.clear"], type="button", on_click=A.preset("clear"), class_name="tt-chip"),
                class_name="tt-chips",
            ),
            rx.foreach(A.days, _day),
            rx.el.button(A.t["av.save"], type="button", on_click=A.save_week, class_name="tt-button tt-primary",
                         id="av-save"),
            status_line(A.outcome, A.outcome_tone, "av-outcome"),
            section_id="av-week",
        ),
        _exceptions(),
    ), loading(A.t["av.loading"])), active="availability")


# --- shifts ----------------------------------------------------------------------------------------------------

def _shift(s) -> rx.Component:
    return rx.box(
        rx.el.h2(s["job"], class_name="tt-shift-title"),
        rx.el.p(s["when"], class_name="tt-shift-when"),
        rx.cond(s["location"] != "", rx.el.p(rx.icon("map-pin", size=15, aria_hidden="true"), s["location"],
                                             class_name="pf-hint")),
        rx.el.p(s["status_text"], class_name="tt-status tt-status-" + s["status"]),
        rx.cond(s["status"] == "offered", rx.box(
            rx.el.button(H.t["sh.accept"], type="button", on_click=H.answer(s["id"], True),
                         class_name="tt-button tt-primary", aria_label=H.t["sh.accept"] + " " + s["when"]),
            rx.el.button(H.t["sh.decline"], type="button", on_click=H.answer(s["id"], False), class_name="tt-button",
                         aria_label=H.t["sh.decline"] + " " + s["when"]),
            class_name="tt-actions")),
        class_name="pb-card tt-shift", data_offer=s["id"],
    )


def portal_shifts_page() -> rx.Component:
    return portal_page(rx.cond(H.loaded, rx.box(
        page_heading(H.t["sh.title"], H.t["sh.intro"], "sh-title"),
        status_line(H.outcome, H.outcome_tone, "sh-outcome"),
        rx.cond(H.shifts.length() > 0, rx.box(rx.foreach(H.shifts, _shift), class_name="tt-shifts"),
                empty("calendar-clock", H.t["sh.none"], H.t["sh.none_text"])),
    ), loading(H.t["sh.loading"])), active="shifts")

"""The candidate portal's Applications, Jobs and Messages pages (the sign-in page is portal_sign_in)."""

from __future__ import annotations

import reflex as rx

from app.components.portal_layout import portal_page
from app.components.portal_self import empty, loading, page_heading, status_line
from app.states.portal_applications import MyApplication, Step
from app.states.portal_applications import PortalApplicationsState as A
from app.states.portal_jobs import OpenJob
from app.states.portal_jobs import PortalJobsState as J
from app.states.portal_messages import MyMessage
from app.states.portal_messages import PortalMessagesState as M


# --- applications ----------------------------------------------------------------------------------------------

def _step(step: Step) -> rx.Component:
    return rx.el.li(rx.el.span(step.label, class_name="pt-step-label"), rx.el.span(step.when, class_name="pt-when"),
                    class_name="pt-step")


def _application(row: MyApplication) -> rx.Component:
    return rx.el.li(
        rx.el.article(
            rx.el.h2(row.job_title, class_name="pt-card-title"),
            rx.cond(row.location != "", rx.el.p(rx.icon("map-pin", size=14, aria_hidden="true"), row.location,
                                                class_name="pt-meta")),
            rx.el.p(row.applied, class_name="pt-meta"),
            rx.el.dl(
                rx.el.dt(A.t["apps.stage"]),
                rx.el.dd(rx.el.span(row.stage, class_name=rx.cond(row.closed, "pt-stage pt-stage-closed",
                                                                   "pt-stage"))),
                rx.cond(row.next_step != "", rx.fragment(rx.el.dt(A.t["apps.next"]),
                                                         rx.el.dd(row.next_step, class_name="pt-next"))),
                class_name="pt-facts",
            ),
            rx.el.details(
                rx.el.summary(A.t["apps.history"]),
                rx.el.ol(rx.foreach(row.history, _step), class_name="pt-steps"),
                class_name="pt-history",
            ),
            class_name="pb-card pt-card", data_application=row.id,
        ),
    )


def _no_applications() -> rx.Component:
    return rx.box(
        empty("briefcase", A.t["apps.empty_title"], A.empty_text, id="pa-empty"),
        rx.box(rx.link(rx.icon("search", size=18, aria_hidden="true"), A.t["apps.browse"],
                       href=f"/portal/{A.slug}/jobs", class_name="ps-button-outline ps-brand-button",
                       id="pa-browse"), class_name="pt-center"),
        class_name="ps-stack",
    )


def portal_applications_page() -> rx.Component:
    return portal_page(
        page_heading(A.t["apps.title"], A.t["apps.intro"], "pa-title"),
        rx.cond(~A.loaded, loading(A.t["apps.loading"]),
                rx.cond(A.rows.length() > 0, rx.el.ul(rx.foreach(A.rows, _application), class_name="pt-list",
                                                      aria_labelledby="pa-title"),
                        _no_applications())),
        active="applications",
    )


# --- jobs --------------------------------------------------------------------------------------------------------

def _job(row: OpenJob) -> rx.Component:
    asking = J.confirming == row.id
    return rx.el.li(
        rx.el.article(
            rx.el.h2(row.title, class_name="pt-card-title", id="pj-title-" + row.id),
            rx.box(
                rx.cond(row.location != "", rx.el.span(rx.icon("map-pin", size=14, aria_hidden="true"),
                                                       row.location, class_name="pt-meta")),
                rx.cond(row.employment_type != "", rx.el.span(row.employment_type, class_name="pt-chip")),
                class_name="pt-meta-row",
            ),
            rx.cond(row.description != "", rx.el.p(row.description, class_name="pt-description")),
            rx.cond(
                row.applied,
                rx.el.p(rx.icon("circle-check", size=16, aria_hidden="true"), J.t["jobs.applied"],
                        class_name="pt-applied"),
                rx.cond(
                    asking,
                    rx.box(
                        rx.el.p(J.t["jobs.confirm_text"].replace("{agency}", J.agency_name)
                                .replace("{job}", row.title), class_name="pt-confirm-text"),
                        rx.box(
                            rx.el.button(J.t["jobs.confirm"], type="button", on_click=J.confirm(row.id),
                                         id="pj-confirm-" + row.id, disabled=J.applying,
                                         class_name="ps-button-soft ps-brand-button pt-grow"),
                            rx.el.button(J.t["cancel"], type="button", on_click=J.cancel,
                                         class_name="ps-button-outline"),
                            class_name="pt-buttons",
                        ),
                    ),
                    rx.el.button(J.t["jobs.apply"], type="button", on_click=J.ask(row.id),
                                 id="pj-apply-" + row.id, aria_describedby="pj-title-" + row.id,
                                 class_name="ps-button-soft ps-brand-button pt-apply"),
                ),
            ),
            class_name="pb-card pt-card", data_job=row.id,
        ),
    )


def _search() -> rx.Component:
    return rx.form(
        rx.el.label(J.t["jobs.search"], html_for="pj-q", class_name="pf-label"),
        rx.box(
            rx.input(name="q", id="pj-q", type="search", default_value=J.query, size="3", width="100%",
                     placeholder=J.t["jobs.search_placeholder"]),
            rx.el.button(rx.icon("search", size=18, aria_hidden="true"), rx.el.span(J.t["jobs.search_button"]),
                         type="submit", class_name="ps-button-soft ps-brand-button", id="pj-search"),
            class_name="pt-search-row",
        ),
        on_submit=J.search, reset_on_submit=False, role="search", class_name="pt-search",
    )


def portal_jobs_page() -> rx.Component:
    return portal_page(
        page_heading(J.t["jobs.title"], J.intro, "pj-heading"),
        _search(),
        status_line(J.outcome, J.outcome_tone),
        rx.cond(~J.loaded, loading(J.t["jobs.loading"]),
                rx.cond(J.rows.length() > 0,
                        rx.fragment(rx.el.p(J.count_text, class_name="pt-count", role="status"),
                                    rx.el.ul(rx.foreach(J.rows, _job), class_name="pt-list",
                                             aria_labelledby="pj-heading")),
                        empty("search", J.t["jobs.empty_title"],
                              rx.cond(J.searched != "", J.t["jobs.empty_search"], J.empty_text), id="pj-empty"))),
        active="jobs",
    )


# --- messages ------------------------------------------------------------------------------------------------------

def _message(row: MyMessage) -> rx.Component:
    return rx.el.li(
        rx.el.article(
            rx.el.p(rx.cond(row.mine, M.t["msgs.from_me"], M.from_agency), " · ",
                    rx.el.span(row.when, class_name="pt-when"), class_name="pt-meta"),
            rx.el.h2(row.subject, class_name="pt-card-title"),
            rx.el.p(row.body, class_name="pt-body"),
            rx.cond(~row.mine, rx.el.button(rx.icon("reply", size=16, aria_hidden="true"), M.t["msgs.reply"],
                                            type="button", on_click=M.reply_to(row.id),
                                            class_name="ps-button-outline", data_reply=row.id)),
            class_name=rx.cond(row.mine, "pb-card pt-card pt-mine", "pb-card pt-card"), data_message=row.id,
        ),
    )


def _write() -> rx.Component:
    error = M.body_error
    return rx.el.section(
        rx.el.h2(M.write_title, class_name="ps-section-title", id="pm-write-title"),
        rx.cond(M.replying_to != "", rx.el.p(M.replying_text, " ",
                                             rx.el.button(M.t["msgs.cancel_reply"], type="button",
                                                          on_click=M.new_message, class_name="pt-link-button"),
                                             class_name="pt-meta", id="pm-replying")),
        rx.form(
            rx.el.label(M.t["msgs.body"], html_for="pm-body", class_name="pf-label"),
            rx.el.textarea(name="body", id="pm-body", rows=5, max_length=5000, class_name="pf-textarea",
                           aria_invalid=rx.cond(error != "", "true", "false"),
                           aria_describedby=rx.cond(error != "", "pm-body-error", None)),
            rx.cond(error != "", rx.el.p(rx.icon("circle-alert", size=16, aria_hidden="true"), rx.el.span(error),
                                         class_name="pf-error", id="pm-body-error")),
            rx.box(rx.el.button(rx.icon("send", size=16, aria_hidden="true"),
                                rx.cond(M.sending, M.t["msgs.sending"], M.t["msgs.send"]), type="submit",
                                id="pm-send", disabled=M.sending, class_name="ps-button-soft ps-brand-button"),
                   class_name="pt-buttons"),
            status_line(M.outcome, "ok"),
            on_submit=M.send, reset_on_submit=False, key=M.form_key, aria_labelledby="pm-write-title",
        ),
        class_name="pb-card ps-section",
    )


def portal_messages_page() -> rx.Component:
    return portal_page(
        page_heading(M.t["msgs.title"], M.intro, "pm-title"),
        rx.box(
            _write(),
            rx.cond(~M.loaded, loading(M.t["msgs.loading"]),
                    rx.cond(M.rows.length() > 0,
                            rx.el.ul(rx.foreach(M.rows, _message), class_name="pt-list", aria_labelledby="pm-title"),
                            empty("mail", M.t["msgs.empty_title"], M.empty_text, id="pm-empty"))),
            class_name="ps-stack",
        ),
        active="messages",
    )

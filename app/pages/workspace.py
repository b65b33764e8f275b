"""Candidates and jobs pages of the workspace."""

import reflex as rx

from app.components.job_form import job_form_dialog
from app.components.layout import empty_state, workspace
from app.pages.candidate_list import candidate_list_page
from app.states.jobs import JobFormState, JobRow, JobsState
from app.states.session import SessionState


def candidates_page() -> rx.Component:
    return workspace(candidate_list_page(), title="Candidates")


def _confirm_status(job: JobRow) -> rx.Component:
    closing = job.status == "open"
    return rx.alert_dialog.root(
        rx.alert_dialog.trigger(
            rx.button(rx.cond(closing, "Close", "Reopen"), size="1", variant="soft",
                      color_scheme=rx.cond(closing, "red", "green"),
                      aria_label=rx.cond(closing, "Close ", "Reopen ") + job.title)),
        rx.alert_dialog.content(
            rx.alert_dialog.title(rx.cond(closing, "Close this job?", "Reopen this job?")),
            rx.alert_dialog.description(
                rx.cond(closing,
                        rx.text(job.title, " no longer counts as open. Its pipeline stays as it is and you "
                                "can reopen it at any time."),
                        rx.text(job.title, " counts as open again.")),
                size="2"),
            rx.hstack(
                rx.alert_dialog.cancel(rx.button("Cancel", variant="soft", color_scheme="gray")),
                rx.alert_dialog.action(rx.button(
                    rx.cond(closing, "Close job", "Reopen job"), color_scheme=rx.cond(closing, "red", "green"),
                    on_click=JobsState.set_status(job.id, rx.cond(closing, "closed", "open")))),
                justify="end", spacing="3", margin_top="1rem",
            ),
        ),
    )


def _job_row(job: JobRow) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(rx.link(job.title, href="/jobs/" + job.id, weight="medium")),
        rx.table.cell(job.location),
        rx.table.cell(rx.badge(job.type, variant="soft")),
        rx.table.cell(job.candidates, text_align="right"),
        rx.table.cell(rx.badge(job.status, color_scheme=rx.cond(job.status == "open", "green", "gray"))),
        rx.table.cell(job.created),
        rx.table.cell(rx.cond(
            SessionState.user_role != "viewer",
            rx.hstack(
                rx.button("Edit", size="1", variant="soft", on_click=JobFormState.open_edit(job.id),
                          aria_label="Edit " + job.title),
                _confirm_status(job),
                spacing="2",
            ),
        )),
        data_job=job.title,
    )


def jobs_page() -> rx.Component:
    return workspace(
        rx.hstack(
            rx.text("The jobs your agency recruits for. Open one to see its pipeline."),
            rx.spacer(),
            rx.cond(SessionState.user_role != "viewer",
                    rx.button(rx.icon("plus", size=16), "New job", id="new-job", on_click=JobFormState.open_new)),
            width="100%", align="center", margin_bottom="1rem",
        ),
        job_form_dialog(),
        rx.cond(
            JobsState.jobs.length() > 0,
            rx.table.root(
                rx.table.header(rx.table.row(
                    *[rx.table.column_header_cell(h) for h in ("Title", "Location", "Type")],
                    rx.table.column_header_cell("Candidates", text_align="right"),
                    *[rx.table.column_header_cell(h) for h in ("Status", "Created", "")])),
                rx.table.body(rx.foreach(JobsState.jobs, _job_row)),
                id="jobs-table", width="100%",
            ),
            rx.cond(JobsState.loaded,
                    empty_state("briefcase", "No jobs yet",
                                "Create a job to start building its pipeline of candidates."),
                    rx.center(rx.spinner(size="3"), padding="3rem")),
        ),
        title="Jobs",
    )

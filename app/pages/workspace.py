"""Candidates and jobs pages of the workspace."""

import reflex as rx

from app.components.layout import empty_state, workspace
from app.pages.candidate_list import candidate_list_page
from app.states.jobs import JobsState


def candidates_page() -> rx.Component:
    return workspace(candidate_list_page(), title="Candidates")


def _job_row(job: dict) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(job["title"]),
        rx.table.cell(job["location"]),
        rx.table.cell(rx.badge(job["type"], variant="soft")),
        rx.table.cell(rx.badge(job["status"], color_scheme=rx.cond(job["status"] == "open", "green", "gray"))),
        rx.table.cell(job["created"]),
    )


def jobs_page() -> rx.Component:
    return workspace(
        rx.cond(
            JobsState.jobs.length() > 0,
            rx.table.root(
                rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in
                                               ("Title", "Location", "Type", "Status", "Created")])),
                rx.table.body(rx.foreach(JobsState.jobs, _job_row)),
                id="jobs-table", width="100%",
            ),
            empty_state("briefcase", "No jobs yet", "Jobs your agency recruits for will be listed here."),
        ),
        title="Jobs",
    )

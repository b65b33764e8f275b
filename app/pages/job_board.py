"""/jobs/[job_id]: the job's header and its pipeline as a kanban board (drag and drop, or "Move to…")."""

from __future__ import annotations

import reflex as rx

from app.components.dnd import draggable, drop_zone
from app.components.forms import field_error
from app.components.job_form import job_form_dialog
from app.components.layout import empty_state, workspace
from app.states.job_board import CardRow, ColumnRow, JobBoardState, StageOption
from app.states.jobs import JobFormState
from app.states.session import SessionState

KIND_COLORS = {"hired": "green", "rejected": "red"}
TYPE_LABELS = {"permanent": "Permanent", "temp": "Temporary", "contract": "Contract"}


def _can_write():
    return SessionState.user_role != "viewer"


def _move_dialog() -> rx.Component:
    """One "Move to…" dialog for the whole board (a menu per card would make 500 cards slow to render)."""
    def choice(stage: StageOption):
        return rx.button(stage.name, variant=rx.cond(stage.id == JobBoardState.move_from, "solid", "soft"),
                         color_scheme=rx.match(stage.kind, *KIND_COLORS.items(), "gray"),
                         disabled=stage.id == JobBoardState.move_from, width="100%", justify="start",
                         on_click=JobBoardState.move(JobBoardState.move_application, stage.id))

    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title("Move ", JobBoardState.move_candidate, " to…"),
            rx.dialog.description("Pick the stage; the move goes on the candidate's timeline.", size="2",
                                  margin_bottom="1rem"),
            rx.vstack(rx.foreach(JobBoardState.stages, choice), spacing="2", role="group",
                      aria_label="Stages"),
            rx.hstack(rx.dialog.close(rx.button("Cancel", variant="soft", color_scheme="gray")),
                      justify="end", margin_top="1rem"),
            max_width="22rem",
        ),
        open=JobBoardState.move_open,
        on_open_change=JobBoardState.set_move_open,
    )


def _card(card: CardRow) -> rx.Component:
    return draggable(
        rx.el.div(
            rx.el.span(card.initials, class_name="card-avatar", aria_hidden="true"),
            rx.el.div(
                rx.link(card.name, href="/candidates/" + card.candidate_id, class_name="card-name"),
                rx.el.div(rx.foreach(card.tags, lambda t: rx.el.span(t, class_name="card-tag")),
                          class_name="card-tags"),
                class_name="card-main",
            ),
            rx.cond(card.flagged, rx.icon("flag", size=14, color=rx.color("orange", 10), aria_label="Flagged",
                                          role="img", flex_shrink="0")),
            class_name="card-top",
        ),
        rx.el.div(
            rx.el.span(card.in_stage, class_name="card-age", title="Time in this stage"),
            rx.cond(_can_write(), rx.el.button("Move to…", class_name="card-move", type="button",
                                               aria_label="Move " + card.name + " to another stage",
                                               on_click=JobBoardState.open_move(card.id))),
            class_name="card-bottom",
        ),
        drag_id=card.id,
        id="card-" + card.id,
        tab_index=0,
        role="listitem",
        aria_label=card.name + ", " + card.in_stage + " in this stage",
        data_highlight=card.id == JobBoardState.highlight,
        class_name="kanban-card",
    )


def _column(column: ColumnRow) -> rx.Component:
    header = rx.el.div(
        rx.el.h2(column.name, class_name="col-name"),
        rx.badge(column.count, color_scheme=rx.match(column.kind, *KIND_COLORS.items(), "gray"), variant="soft"),
        class_name="col-header",
    )
    cards = rx.el.div(rx.foreach(column.cards, _card), role="list", aria_label=column.name,
                      class_name="col-cards")
    return drop_zone(
        header, cards,
        on_drop=lambda application_id: JobBoardState.move(application_id, column.id),
        class_name="kanban-col", data_stage=column.name,
    )


def _reject_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title("Reject ", JobBoardState.reject_candidate, "?"),
            rx.dialog.description("The reason goes on the candidate's timeline.", size="2", margin_bottom="1rem"),
            rx.form(
                rx.vstack(
                    rx.el.label("Reason", html_for="reject-reason", style={"font_weight": "500"}),
                    rx.text_area(id="reject-reason", name="reason", rows="3", width="100%", auto_focus=True,
                                 placeholder="e.g. Salary expectations too high"),
                    field_error(JobBoardState.reject_error),
                    rx.hstack(
                        rx.dialog.close(rx.button("Cancel", variant="soft", color_scheme="gray", type="button")),
                        rx.button("Move to ", JobBoardState.reject_stage_name, type="submit", color_scheme="red",
                                  id="confirm-reject"),
                        justify="end", width="100%",
                    ),
                    spacing="2",
                ),
                on_submit=JobBoardState.confirm_reject,
                reset_on_submit=False,
                no_validate=True,
            ),
        ),
        open=JobBoardState.reject_open,
        on_open_change=JobBoardState.set_reject_open,
    )


def _header() -> rx.Component:
    return rx.hstack(
        rx.cond(JobBoardState.location != "",
                rx.hstack(rx.icon("map-pin", size=16, aria_hidden="true"), rx.text(JobBoardState.location),
                          spacing="1", align="center")),
        rx.badge(rx.match(JobBoardState.employment_type, *TYPE_LABELS.items(), JobBoardState.employment_type),
                 variant="soft"),
        rx.badge(JobBoardState.status, color_scheme=rx.cond(JobBoardState.status == "open", "green", "gray"),
                 id="job-status"),
        rx.spacer(),
        rx.link("All jobs", href="/jobs"),
        rx.cond(JobBoardState.employment_type != "permanent",
                rx.link("Placements and shifts", href="/jobs/" + JobBoardState.board_job + "/shifts",
                        id="job-staffing")),
        rx.cond(_can_write(), rx.button(rx.icon("pencil", size=14), "Edit job", variant="soft", id="edit-job",
                                        on_click=JobFormState.open_edit(JobBoardState.board_job))),
        align="center", spacing="3", width="100%", margin_bottom="1rem",
    )


def job_board_page() -> rx.Component:
    return workspace(
        rx.cond(
            JobBoardState.found,
            rx.fragment(
                _header(),
                job_form_dialog(),
                _move_dialog(),
                _reject_dialog(),
                rx.cond(JobBoardState.loaded,
                        rx.el.div(rx.foreach(JobBoardState.columns, _column), class_name="kanban", id="kanban"),
                        rx.center(rx.spinner(size="3"), padding="3rem")),
            ),
            rx.vstack(
                empty_state("search-x", "Nothing to show here",
                            "This job does not exist, or it is not one of your agency's jobs."),
                rx.link("Back to jobs", href="/jobs"),
                align="start", spacing="3",
            ),
        ),
        title=rx.cond(JobBoardState.found, JobBoardState.title, "Job not found"),
    )

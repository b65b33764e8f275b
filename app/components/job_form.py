"""The "New job" / "Edit job" dialog, used by the jobs list and the job page."""

from __future__ import annotations

import reflex as rx

from app.components.forms import labelled
from app.states.jobs import JobFormState

TYPES = [("permanent", "Permanent"), ("temp", "Temporary"), ("contract", "Contract")]


def _err(field: str):
    return JobFormState.form_errors.get(field, "")


def job_form_dialog() -> rx.Component:
    """One dialog per page; open it with JobFormState.open_new or JobFormState.open_edit(job_id)."""
    values = JobFormState.form_values
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(rx.cond(JobFormState.editing_id != "", "Edit job", "New job")),
            rx.dialog.description("Candidates are added to the job's pipeline from their profile or the "
                                  "candidate list.", size="2", margin_bottom="1rem"),
            rx.form(
                rx.vstack(
                    labelled("Title", rx.input(id="job-title", name="title", width="100%", max_length=250,
                                               default_value=values["title"]), "job-title", _err("title")),
                    labelled("Location", rx.input(id="job-location", name="location", width="100%",
                                                  placeholder="e.g. Leeds, or Remote",
                                                  default_value=values["location"]),
                             "job-location", _err("location")),
                    labelled("Employment type",
                             rx.el.select(*[rx.el.option(label, value=v) for v, label in TYPES],
                                          id="job-type", name="employment_type", class_name="native-select",
                                          default_value=values["employment_type"]),
                             "job-type", _err("employment_type")),
                    labelled("Description", rx.text_area(id="job-description", name="description", rows="6",
                                                         width="100%", default_value=values["description"]),
                             "job-description", _err("description")),
                    rx.hstack(
                        rx.dialog.close(rx.button("Cancel", variant="soft", color_scheme="gray", type="button")),
                        rx.button(rx.cond(JobFormState.editing_id != "", "Save job", "Create job"),
                                  type="submit", id="save-job"),
                        justify="end", width="100%",
                    ),
                    spacing="3",
                ),
                on_submit=JobFormState.save,
                no_validate=True,
                # A new key per opening, so the fields show the values of the job being edited.
                key=JobFormState.editing_id + rx.cond(JobFormState.form_open, "-open", "-closed"),
            ),
        ),
        open=JobFormState.form_open,
        on_open_change=JobFormState.set_form_open,
    )

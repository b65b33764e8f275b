"""/jobs: the agency's jobs with their candidate counts; the job form shared with the job page."""

from __future__ import annotations

import dataclasses

import reflex as rx

from app.db import session_scope
from app.services import jobs
from app.services.errors import ServiceError, ValidationError
from app.states import live
from app.states.session import SessionState

EMPTY_FORM = {"title": "", "location": "", "employment_type": "permanent", "description": ""}


@dataclasses.dataclass
class JobRow:
    id: str
    title: str
    location: str
    type: str
    status: str
    candidates: int
    created: str


@live.live
class JobsState(SessionState):
    jobs: list[JobRow] = []
    loaded: bool = False

    @rx.event
    async def load(self):
        actor = self._reload()
        if actor is not None:
            await live.follow(self, live.agency_topic(actor.agency_id))

    def _live_refresh(self):
        self._reload()

    def _reload(self):
        actor = self._actor()
        if actor is None:
            self.jobs = []
            return None
        with session_scope() as session:
            counts = jobs.candidate_counts(session, actor)
            self.jobs = [
                JobRow(id=str(j.id), title=j.title, location=j.location or "", type=j.employment_type,
                       status=j.status, candidates=counts.get(j.id, 0), created=j.created_at.strftime("%d %b %Y"))
                for j in jobs.list_jobs(session, actor)
            ]
        self.loaded = True
        return actor

    @rx.event
    async def set_status(self, job_id: str, status: str):
        actor = self._actor()
        if actor is None:
            return self._to_login()
        try:
            with session_scope() as session:
                job = jobs.set_job_status(session, actor, str(job_id), str(status))
        except ServiceError as exc:
            return rx.toast.error(exc.message)
        self._reload()
        await live.publish(live.agency_topic(actor.agency_id), live.record_topic("job", job.id), origin=self)
        return rx.toast.success(f"{job.title} is now {job.status}.")


class JobFormState(SessionState):
    """The "New job" / "Edit job" dialog. After a save, every tab showing the job refreshes (this one too)."""

    form_open: bool = False
    editing_id: str = ""
    form_errors: dict[str, str] = {}
    form_values: dict[str, str] = EMPTY_FORM

    @rx.event
    def open_new(self):
        self.editing_id, self.form_values, self.form_errors = "", dict(EMPTY_FORM), {}
        self.form_open = True

    @rx.event
    def open_edit(self, job_id: str):
        actor = self._actor()
        if actor is None:
            return self._to_login()
        try:
            with session_scope() as session:
                job = jobs.get_job(session, actor, str(job_id))
        except ServiceError as exc:
            return rx.toast.error(exc.message)
        self.editing_id, self.form_errors = str(job.id), {}
        self.form_values = {"title": job.title, "location": job.location or "",
                            "employment_type": job.employment_type, "description": job.description or ""}
        self.form_open = True

    @rx.event
    def set_form_open(self, value: bool):
        self.form_open = value

    @rx.event
    async def save(self, form: dict):
        actor = self._actor()
        if actor is None:
            return self._to_login()
        values = {k: str(form.get(k, "")) for k in EMPTY_FORM}
        self.form_values = values
        try:
            with session_scope() as session:
                if self.editing_id:
                    job = jobs.update_job(session, actor, self.editing_id, **values)
                else:
                    job = jobs.create_job(session, actor, **values)
        except ValidationError as exc:
            self.form_errors = exc.errors
            return
        except ServiceError as exc:
            return rx.toast.error(exc.message)
        was_new = not self.editing_id
        self.form_errors, self.form_open = {}, False
        await live.publish(live.agency_topic(actor.agency_id), live.record_topic("job", job.id))
        return rx.toast.success(f"{job.title} created." if was_new else "Job saved.")

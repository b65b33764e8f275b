"""/portal/[portal_slug]/jobs: the agency's open jobs, searched; apply in two taps (Apply, then Confirm)."""

from __future__ import annotations

import dataclasses

import reflex as rx

from app.db import session_scope
from app.services import portal
from app.services.errors import Conflict, NotFound, ServiceError
from app.services.portal_auth import CandidateActor
from app.states import live
from app.states.portal_session import PortalSessionState, focus


@dataclasses.dataclass
class OpenJob:
    id: str
    title: str
    location: str
    employment_type: str
    description: str
    applied: bool


@live.live
class PortalJobsState(PortalSessionState):
    loaded: bool = False
    rows: list[OpenJob] = []
    query: str = ""
    searched: str = ""  # the query the rows answer
    confirming: str = ""  # id of the job whose Confirm button shows
    outcome: str = ""
    outcome_tone: str = ""
    applying: bool = False

    @rx.var
    def page_title(self) -> str:
        return f"{self.t['jobs.title']} · {self.agency_name}" if self.agency_name else self.t["jobs.title"]

    @rx.var
    def intro(self) -> str:
        return self.t["jobs.intro"].format(agency=self.agency_name)

    @rx.var
    def empty_text(self) -> str:
        return self.t["jobs.empty_text"].format(agency=self.agency_name)

    @rx.var
    def count_text(self) -> str:
        return self.t["jobs.count_one"] if len(self.rows) == 1 else self.t["jobs.count"].format(count=len(self.rows))

    def _reload(self, who: CandidateActor) -> None:
        with session_scope() as session:
            found = portal.open_jobs(session, who, self.searched)
        self.rows = [OpenJob(j.id, j.title, j.location, self.t.get(f"form.employment.{_type_key(j.employment_type)}",
                                                                   j.employment_type),
                             j.description[:600], j.applied) for j in found]
        self.loaded = True

    @rx.event
    async def load(self):
        who = self._who()
        if who is None:
            return
        self.confirming, self.outcome, self.applying = "", "", False
        self.searched = self.query = str(self.router.url.query_parameters.get("q", ""))[:100]
        try:
            self._reload(who)
        except NotFound:
            return
        await live.follow(self, live.agency_topic(who.agency_id), live.record_topic("candidate", who.candidate_id))

    def _live_refresh(self):
        """A job opened or closed, or the candidate switched language."""
        who = self._who()
        if who is not None:
            self._set_language(who.language)
            self._reload(who)

    @rx.event
    def search(self, form: dict):
        who = self._who()
        if who is None or not isinstance(form, dict):
            return
        self.query = self.searched = " ".join(str(form.get("q") or "").split())[:100]
        self.confirming, self.outcome = "", ""
        self._reload(who)

    @rx.event
    def ask(self, job_id: str):
        """First tap: the card shows what applying does and a Confirm button."""
        if self._who() is not None and any(r.id == str(job_id) for r in self.rows):
            self.confirming, self.outcome = str(job_id), ""
            return focus(f"pj-confirm-{job_id}")

    @rx.event
    def cancel(self):
        self.confirming = ""

    @rx.event
    async def confirm(self, job_id: str):
        """Second tap: the application is made in the job's first stage, owned by the job's owner."""
        who = self._who()
        if who is None:
            yield rx.redirect(f"/portal/{self._route_slug()}", replace=True)
            return
        if self.applying:
            return
        job_id = str(job_id)[:40]
        title = next((r.title for r in self.rows if r.id == job_id), "")
        self.applying = True
        yield
        try:
            with session_scope() as session:
                application, job = portal.apply(session, who, job_id)
                owner, title, job_key = job.owner_id, job.title, job.id
        except Conflict:
            self.outcome, self.outcome_tone = self.t["jobs.already"].format(job=title), "problem"
        except NotFound:
            self.outcome, self.outcome_tone = self.t["jobs.gone"], "problem"
        except ServiceError:
            self.outcome, self.outcome_tone = self.t["failed"], "problem"
        else:
            self.outcome, self.outcome_tone = self.t["jobs.applied_done"].format(job=title), "ok"
            topics = [live.record_topic("job", job_key), live.record_topic("candidate", who.candidate_id),
                      live.agency_topic(who.agency_id)]
            if owner is not None:
                topics.append(live.record_topic("user", owner))
            await live.publish(*topics, origin=self)
        finally:
            self.applying = False
        self.confirming = ""
        self._reload(who)
        yield focus("ps-outcome")


def _type_key(label: str) -> str:
    return {"Permanent": "permanent", "Temporary": "temp", "Contract": "contract"}.get(label, label)

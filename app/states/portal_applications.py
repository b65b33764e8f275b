"""/portal/[portal_slug]/applications: where each of the candidate's applications stands (candidate words only)."""

from __future__ import annotations

import dataclasses

import reflex as rx

from app.db import session_scope
from app.services import portal, portal_text
from app.services.portal_auth import CandidateActor
from app.states import live
from app.states.portal_session import PortalSessionState

# Words the service uses when the admin set none, said in the candidate's language.
BUILT_IN_WORDS = {"Application received": "apps.received", "Hired": "stage.hired",
                  "Not selected this time": "stage.rejected", "In progress": "stage.progress"}


@dataclasses.dataclass
class Step:
    label: str
    when: str


@dataclasses.dataclass
class MyApplication:
    id: str
    job_title: str
    location: str
    stage: str
    next_step: str
    closed: bool
    applied: str
    history: list[Step]


@live.live
class PortalApplicationsState(PortalSessionState):
    loaded: bool = False
    rows: list[MyApplication] = []

    @rx.var
    def page_title(self) -> str:
        return f"{self.t['apps.title']} · {self.agency_name}" if self.agency_name else self.t["apps.title"]

    @rx.var
    def empty_text(self) -> str:
        return self.t["apps.empty_text"].format(agency=self.agency_name)

    def _words(self, label: str) -> str:
        key = BUILT_IN_WORDS.get(label)
        return self.t[key] if key else label

    def _reload(self, who: CandidateActor) -> None:
        with session_scope() as session:
            found = portal.my_applications(session, who)
        self.rows = [MyApplication(a.id, a.job_title, a.location, self._words(a.stage), a.next_step, a.closed,
                                   self.t["apps.applied"].format(date=portal_text.day(a.applied_at, self.lang)),
                                   [Step(self._words(s.label), portal_text.moment(s.when, self.lang))
                                    for s in a.history])
                     for a in found]
        self.loaded = True

    @rx.event
    async def load(self):
        who = self._who()
        if who is None:
            return  # the guard before us has sent the browser to the sign-in page
        await self._read_and_follow(who)

    def _live_refresh(self):
        """A recruiter moved one of the candidate's applications, or the candidate switched language."""
        self._reread()

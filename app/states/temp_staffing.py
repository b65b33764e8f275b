"""Recruiter pages of temp staffing: the timesheet approval queue and CSV export, a job's placements and shifts,
a candidate's availability week; and the client's public approval page (its token is the only key)."""

from __future__ import annotations

from datetime import date, timedelta

import reflex as rx

from app.db import session_scope
from app.services import (availability, availability_checks, hours, placements, portal_text, shifts,
                          timesheets)
from app.services.applications import list_for_job
from app.services.errors import ServiceError, ValidationError
from app.services.jobs import get_job
from app.services.candidates import get_candidate
from app.states.session import SessionState


def _words(prefix: str, lang: str) -> dict[str, str]:
    """The public page's own words (keys starting with `prefix`) in `lang`."""
    return {k: v for k, v in portal_text.texts(lang).items() if k.startswith(prefix)}


def _entries_text(view: timesheets.TimesheetView) -> str:
    return "; ".join(f"{e.day_label} {e.start}–{e.end}" + (f" (break {e.break_minutes} min)" if e.break_minutes
                                                           else "") for e in view.entries)


def _sheet_row(view: timesheets.TimesheetView) -> dict[str, str]:
    return {"id": view.id, "candidate": view.candidate, "candidate_id": view.candidate_id, "job": view.job,
            "client": view.client, "week": view.week_label, "status": view.status, "total": view.total_label,
            "entries": _entries_text(view), "notes": view.notes, "reason": view.reject_reason}


class TimesheetQueueState(SessionState):
    rows: list[dict[str, str]] = []
    status: str = "submitted"
    reasons: dict[str, str] = {}
    errors: dict[str, str] = {}
    outcome: str = ""
    period_start: str = ""
    period_end: str = ""
    export_errors: dict[str, str] = {}

    def _reload(self, actor) -> None:
        with session_scope() as session:
            self.rows = [_sheet_row(v) for v in timesheets.queue(session, actor, self.status)]

    @rx.event
    def load(self):
        actor = self._actor()
        if actor is None:
            return self._to_login()
        if not self.period_start:
            today = date.today()
            first = today.replace(day=1) - timedelta(days=1)
            self.period_start, self.period_end = first.replace(day=1).isoformat(), first.isoformat()
        self.outcome, self.errors = "", {}
        self._reload(actor)

    @rx.event
    def set_status(self, value: str):
        actor = self._actor()
        if actor is None:
            return self._to_login()
        self.status = value if value in ("submitted", "approved", "rejected", "draft") else "submitted"
        self._reload(actor)

    @rx.event
    def set_reason(self, timesheet_id: str, value: str):
        self.reasons = {**self.reasons, str(timesheet_id)[:40]: str(value)[:1000]}

    @rx.event
    def approve(self, timesheet_id: str):
        return self._decide(timesheet_id, True)

    @rx.event
    def reject(self, timesheet_id: str):
        return self._decide(timesheet_id, False)

    def _decide(self, timesheet_id: str, ok: bool):
        actor = self._actor()
        if actor is None:
            return self._to_login()
        timesheet_id = str(timesheet_id)[:40]
        try:
            with session_scope() as session:
                if ok:
                    timesheets.approve(session, actor, timesheet_id)
                else:
                    timesheets.reject(session, actor, timesheet_id, self.reasons.get(timesheet_id, ""))
        except ValidationError as exc:
            self.errors = {**self.errors, timesheet_id: next(iter(exc.errors.values()))}
            return rx.set_focus(f"tq-reason-{timesheet_id}")
        except ServiceError as exc:
            return rx.toast.error(exc.message)
        self.errors = {k: v for k, v in self.errors.items() if k != timesheet_id}
        self.outcome = "Timesheet approved." if ok else "Timesheet rejected: the candidate has been told why."
        self._reload(actor)

    @rx.event
    def set_period_start(self, value: str):
        self.period_start = str(value)[:10]

    @rx.event
    def set_period_end(self, value: str):
        self.period_end = str(value)[:10]

    @rx.event
    def export(self):
        actor = self._actor()
        if actor is None:
            return self._to_login()
        try:
            with session_scope() as session:
                data = timesheets.export_csv(session, actor, self.period_start, self.period_end)
        except ValidationError as exc:
            self.export_errors = dict(exc.errors)
            return
        self.export_errors = {}
        return rx.download(data=data, filename=f"approved-hours-{self.period_start}-{self.period_end}.csv",
                           mime_type="text/csv")


class JobStaffingState(SessionState):
    job_id: str = ""
    job_title: str = ""
    is_temp: bool = False
    placements: list[dict[str, str]] = []
    hires: list[dict[str, str]] = []  # hired applications without a placement: id, name
    candidates: list[dict[str, str]] = []  # the job's candidates to offer shifts to
    placement_errors: dict[str, str] = {}
    placement_key: int = 0
    shift_rows: list[dict[str, str]] = []
    shift_offers: dict[str, list[dict[str, str]]] = {}
    shift_errors: dict[str, str] = {}
    shift_key: int = 0
    offer_pick: dict[str, str] = {}
    offer_errors: dict[str, str] = {}
    outcome: str = ""
    missing: bool = False

    def _reload(self, actor) -> bool:
        try:
            with session_scope() as session:
                job = get_job(session, actor, self.job_id)
                self.job_title = job.title
                self.is_temp = job.employment_type in placements.TEMP_TYPES
                self.placements = [vars(r) for r in placements.list_placements(session, actor, job_id=job.id)]
                self.hires = [{"id": str(a.id), "name": f"{c.first_name} {c.last_name}"}
                              for a, c in placements.hired_applications(session, actor, job.id)]
                self.candidates = [{"id": str(c.id), "name": f"{c.first_name} {c.last_name}"}
                                   for _, c in list_for_job(session, actor, job.id)]
                found = shifts.list_shifts(session, actor, job.id)
        except ServiceError:
            self.missing = True
            return False
        self.missing = False
        self.shift_rows = [{"id": s.id, "when": f"{s.day_label} {s.start}–{s.end}", "location": s.location,
                            "day": s.day, "start": s.start, "end": s.end,
                            "fill": s.fill, "full": "1" if s.accepted >= s.headcount else "",
                            "repeats": "1" if s.repeats else ""} for s in found]
        self.shift_offers = {s.id: [{"id": o.id, "name": o.candidate, "status": o.status,
                                     "flag": "Outside availability" if o.outside_availability else ""}
                                    for o in s.offers] for s in found}
        return True

    @rx.event
    def load(self):
        actor = self._actor()
        if actor is None:
            return self._to_login()
        self.job_id = str(self.router.page.params.get("job_id", ""))[:40]
        self.outcome, self.placement_errors, self.shift_errors, self.offer_errors = "", {}, {}, {}
        self._reload(actor)

    @rx.event
    def create_placement(self, form: dict):
        actor = self._actor()
        if actor is None:
            return self._to_login()
        if not isinstance(form, dict):
            return
        data = {k: str(form.get(k) or "")[:300] for k in placements.FIELDS + ("application",)}
        try:
            with session_scope() as session:
                placements.create_placement(session, actor, data["application"], data)
        except ValidationError as exc:
            self.placement_errors = dict(exc.errors)
            return
        except ServiceError as exc:
            self.placement_errors = {"application": exc.message}
            return
        self.placement_errors, self.outcome = {}, "Placement created."
        self.placement_key += 1
        self._reload(actor)

    @rx.event
    def create_shift(self, form: dict):
        actor = self._actor()
        if actor is None:
            return self._to_login()
        if not isinstance(form, dict):
            return
        data = {k: str(form.get(k) or "")[:200] for k in ("day", "start", "end", "location", "headcount",
                                                           "repeat_weeks")}
        try:
            with session_scope() as session:
                made = shifts.create_shifts(session, actor, self.job_id, data)
        except ValidationError as exc:
            self.shift_errors = dict(exc.errors)
            return
        except ServiceError as exc:
            return rx.toast.error(exc.message)
        self.shift_errors, self.outcome = {}, f"{len(made)} shift{'s' if len(made) > 1 else ''} created."
        self.shift_key += 1
        self._reload(actor)

    @rx.event
    def pick_candidate(self, shift_id: str, candidate_id: str):
        self.offer_pick = {**self.offer_pick, str(shift_id)[:40]: str(candidate_id)[:40]}

    @rx.event
    def offer(self, shift_id: str):
        actor = self._actor()
        if actor is None:
            return self._to_login()
        shift_id = str(shift_id)[:40]
        candidate_id = self.offer_pick.get(shift_id, "")
        if not candidate_id:
            self.offer_errors = {**self.offer_errors, shift_id: "Choose a candidate."}
            return
        try:
            with session_scope() as session:
                made = shifts.offer(session, actor, shift_id, candidate_id)
                flagged = made.outside_availability
        except ValidationError as exc:
            self.offer_errors = {**self.offer_errors, shift_id: next(iter(exc.errors.values()))}
            return
        except ServiceError as exc:
            self.offer_errors = {**self.offer_errors, shift_id: exc.message}
            return
        self.offer_errors = {k: v for k, v in self.offer_errors.items() if k != shift_id}
        self.outcome = "Shift offered" + (" (outside the candidate's availability)." if flagged else ".")
        self._reload(actor)


    @rx.event
    def ask(self, shift_id: str):
        """Email the chosen candidate: are you available for this shift's day and hours?"""
        actor = self._actor()
        if actor is None:
            return self._to_login()
        shift_id = str(shift_id)[:40]
        candidate_id = self.offer_pick.get(shift_id, "")
        row = next((r for r in self.shift_rows if r["id"] == shift_id), None)
        if not candidate_id or row is None:
            self.offer_errors = {**self.offer_errors, shift_id: "Choose a candidate."}
            return
        try:
            with session_scope() as session:
                shift = shifts.get_shift(session, actor, shift_id)  # ours, and its real hours
                availability_checks.ask(session, actor, candidate_id, shift.day.isoformat(), hours.hhmm(shift.start),
                                        hours.hhmm(shift.end), job=self.job_title)
        except ValidationError as exc:
            self.offer_errors = {**self.offer_errors, shift_id: next(iter(exc.errors.values()))}
            return
        except ServiceError as exc:
            self.offer_errors = {**self.offer_errors, shift_id: exc.message}
            return
        self.offer_errors = {k: v for k, v in self.offer_errors.items() if k != shift_id}
        self.outcome = "Availability question emailed."


class AvailabilityChecksState(SessionState):
    """/availability-checks: the checks sent lately and each candidate's answer."""

    batches: list[availability_checks.Batch] = []

    @rx.event
    def load(self):
        actor = self._actor()
        if actor is None:
            return self._to_login()
        with session_scope() as session:
            self.batches = availability_checks.batches(session, actor)


class CandidateAvailabilityState(SessionState):
    cid: str = ""
    name: str = ""
    week: str = ""
    days: list[dict[str, str]] = []
    placements: list[dict[str, str]] = []
    missing: bool = False

    def _reload(self, actor) -> None:
        week = hours.week_start(date.fromisoformat(self.week))
        try:
            with session_scope() as session:
                candidate = get_candidate(session, actor, self.cid)
                self.name = f"{candidate.first_name} {candidate.last_name}"
                self.days = [{"day": d.day, "label": d.label, "text": d.text, "on": "1" if d.available else ""}
                             for d in availability.week_calendar(session, actor, candidate.id, week)]
                self.placements = [vars(r) for r in placements.list_placements(session, actor,
                                                                               candidate_id=candidate.id)]
        except ServiceError:
            self.missing = True
            return
        self.missing, self.week = False, week.isoformat()

    @rx.event
    def load(self):
        actor = self._actor()
        if actor is None:
            return self._to_login()
        self.cid = str(self.router.page.params.get("candidate_id", ""))[:40]
        self.week = hours.week_start(date.today()).isoformat()
        self._reload(actor)

    @rx.event
    def go_week(self, step: int):
        actor = self._actor()
        if actor is None:
            return self._to_login()
        try:
            step = max(-60, min(60, int(step)))
        except (TypeError, ValueError):
            return
        self.week = (date.fromisoformat(self.week) + timedelta(weeks=step)).isoformat()
        self._reload(actor)


class TimesheetApprovalState(rx.State):
    """The client's approver, with only the emailed link: no account, no workspace."""

    found: bool = False
    dead: str = ""
    sheet: dict[str, str] = {}
    entries: list[dict[str, str]] = []
    reason: str = ""
    reason_error: str = ""
    done: str = ""
    loaded: bool = False
    lang: str = "en"
    t: dict[str, str] = _words("ta.", "en")  # the page's words in the agency's language

    def _token(self) -> str:
        return str(self.router.page.params.get("token", ""))[:100]

    @rx.event
    def load(self):
        self.done, self.reason_error = "", ""
        with session_scope() as session:
            found = timesheets.look_up_link(session, self._token())
        self.lang = portal_text.language(found.language)
        self.t = _words("ta.", self.lang)
        self.dead = found.dead_reason
        self.found = found.view is not None and not found.dead_reason
        if self.found:
            v = found.view
            self.sheet = {"candidate": v.candidate, "job": v.job, "client": v.client, "week": v.week_label,
                          "total": v.total_label, "notes": v.notes, "approver": v.approver}
            self.entries = [{"day": e.day_label, "start": e.start, "end": e.end, "break": str(e.break_minutes),
                             "total": hours.hours_label(e.minutes), "note": e.note} for e in v.entries]
        else:
            self.sheet, self.entries = {}, []
        self.loaded = True

    @rx.event
    def set_reason(self, value: str):
        self.reason = str(value)[:1000]

    @rx.event
    def approve(self):
        return self._decide(True)

    @rx.event
    def reject(self):
        return self._decide(False)

    def _decide(self, ok: bool):
        try:
            with session_scope() as session:
                timesheets.decide_by_link(session, self._token(), ok, self.reason)
        except ValidationError:
            self.reason_error = self.t["ta.reason_missing"] if not self.reason.strip() else self.t["ta.reason_long"]
            return rx.set_focus("ta-reason")
        except ServiceError as exc:
            self.found, self.dead, self.done = False, "used", self.t["ta.used"]
            return
        self.found = False
        self.done = self.t["ta.approved"] if ok else self.t["ta.rejected"]


class AvailabilityCheckState(rx.State):
    """The candidate answers "can you work then?" from the emailed link: no sign-in, the link is the key."""

    loaded: bool = False
    can_answer: bool = False
    question: dict[str, str] = {}
    note: str = ""
    done: str = ""
    lang: str = "en"
    t: dict[str, str] = _words("ac.", "en")  # the page's words in the candidate's (or agency's) language

    def _token(self) -> str:
        return str(self.router.page.params.get("token", ""))[:100]

    @rx.event
    def load(self):
        with session_scope() as session:
            q = availability_checks.look_up(session, self._token())
        self.lang = portal_text.language(q.language)
        self.t = _words("ac.", self.lang)
        self.can_answer = not q.dead_reason
        self.question = {"agency": q.agency, "name": q.first_name, "day": q.day, "hours": q.hours, "job": q.job,
                         "hello": self.t["ac.hello"].replace("{name}", q.first_name),
                         "when": self.t["ac.on"] if q.single_day else self.t["ac.from"]}
        self.done, self.note, self.loaded = "", "", True

    @rx.event
    def set_note(self, value: str):
        self.note = str(value)[:availability_checks.MAX_NOTE]

    @rx.event
    def reply(self, available: bool):
        try:
            with session_scope() as session:
                availability_checks.answer(session, self._token(), available is True, self.note)
        except ServiceError:
            self.can_answer, self.done = False, self.t["ac.used"]
            return
        self.can_answer = False
        self.done = self.t["ac.done_yes"] if available is True else self.t["ac.done_no"]



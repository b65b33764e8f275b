"""Portal pages of temp workers: /timesheets (a week of hours per placement), /availability, /shifts.

Every handler resolves the candidate again from the portal cookie (`_who()`); ids coming from the page are
only looked up among that candidate's own placements and offers (the services check it).
"""

from __future__ import annotations

from datetime import date, timedelta

import reflex as rx

from app.db import session_scope
from app.services import availability, form_messages, hours, shifts, timesheets
from app.services.errors import ServiceError, ValidationError
from app.services.placements import agency_zone
from app.states.portal_session import PortalSessionState

ROW_FIELDS = ("start", "end", "brk", "note")


def _week_of(value: str) -> date:
    try:
        return hours.week_start(date.fromisoformat(value))
    except ValueError:
        return hours.week_start(date.today())


def _say(state: PortalSessionState, message: str) -> str:
    """A service's message in the candidate's language."""
    return form_messages.translate(message, state.lang) if message else ""


class PortalTimesheetsState(PortalSessionState):
    loaded: bool = False
    week: str = ""
    week_label: str = ""
    cards: list[dict[str, str]] = []  # one per placement this week: id, job, client, status, reason, locked
    current: str = ""  # placement id shown
    rows: list[dict[str, str]] = []  # key, day, label, open, start, end, brk, note, total, error
    notes: str = ""
    week_error: str = ""
    outcome: str = ""
    outcome_tone: str = ""
    busy: bool = False
    _tz: str = ""

    @rx.var
    def page_title(self) -> str:
        return f"{self.t['ts.title']} · {self.agency_name}" if self.agency_name else self.t["ts.title"]

    @rx.var
    def card(self) -> dict[str, str]:
        return next((c for c in self.cards if c["id"] == self.current), {})

    @rx.var
    def locked(self) -> bool:
        return self.card.get("locked", "") == "1"

    @rx.var
    def total(self) -> str:
        return hours.hours_label(sum(int(r.get("minutes") or 0) for r in self.rows))

    def _read(self, who, keep_rows: bool = False) -> None:
        week = _week_of(self.week)
        with session_scope() as session:
            found = timesheets.candidate_week(session, who, week)
            self._tz = str(agency_zone(session, who.agency_id))
        self.week, self.week_label = week.isoformat(), week.strftime("%d %b %Y")
        self.cards = [{"id": c.placement_id, "job": c.job, "client": c.client,
                       "status": c.timesheet.status if c.timesheet else "new",
                       "reason": c.timesheet.reject_reason if c.timesheet else "",
                       "locked": "1" if c.timesheet and c.timesheet.status in ("submitted", "approved") else ""}
                      for c in found]
        if self.current not in {c["id"] for c in self.cards}:
            self.current = self.cards[0]["id"] if self.cards else ""
        if keep_rows:
            return
        card = next((c for c in found if c.placement_id == self.current), None)
        self.rows, self.notes, self.week_error = [], "", ""
        if card is None:
            return
        entries = card.timesheet.entries if card.timesheet else []
        self.notes = card.timesheet.notes if card.timesheet else ""
        for iso, label, open_ in card.days:
            mine = [e for e in entries if e.day == iso] or [None]
            for n, entry in enumerate(mine):
                row = {"key": f"{iso}-{n}", "day": iso, "label": label, "open": "1" if open_ else "",
                       "start": entry.start if entry else "", "end": entry.end if entry else "",
                       "brk": str(entry.break_minutes) if entry and entry.break_minutes else "",
                       "note": entry.note if entry else "", "error": "", "first": "1" if n == 0 else ""}
                self.rows.append(self._totalled(row))

    def _totalled(self, row: dict[str, str]) -> dict[str, str]:
        row = dict(row)
        row["minutes"], row["total"] = "0", ""
        try:
            start, end = hours.parse_time(row["start"]), hours.parse_time(row["end"])
            brk = int(row["brk"] or 0)
        except ValueError:
            return row
        if start is None or end is None or start == end:
            return row
        minutes = hours.worked_minutes(date.fromisoformat(row["day"]), start, end, brk, hours.zone(self._tz))
        row["minutes"], row["total"] = str(minutes), hours.hours_label(minutes)
        return row

    @rx.event
    def load(self):
        who = self._who()
        if who is None:
            return
        # The week an email links to (?week=, e.g. a rejected one), else this week; _week_of() checks the value.
        self.week = str(self.router.page.params.get("week", "") or date.today().isoformat())[:10]
        self.outcome = ""
        self._read(who)
        self.loaded = True

    @rx.event
    def go_week(self, step: int):
        who = self._who()
        if who is None:
            return
        try:
            step = max(-60, min(60, int(step)))
        except (TypeError, ValueError):
            return
        self.week = (_week_of(self.week) + timedelta(weeks=step)).isoformat()
        self.outcome = ""
        self._read(who)

    @rx.event
    def pick(self, placement_id: str):
        who = self._who()
        if who is None:
            return
        self.current = str(placement_id)[:40]
        self.outcome = ""
        self._read(who)

    @rx.event
    def set_cell(self, key: str, field: str, value: str):
        if field not in ROW_FIELDS or self.locked:
            return
        self.rows = [self._totalled({**r, field: str(value)[:300], "error": ""}) if r["key"] == key else r
                     for r in self.rows]

    @rx.event
    def set_notes(self, value: str):
        self.notes = str(value)[:2000]

    @rx.event
    def add_row(self, key: str):
        if self.locked:
            return
        at = next((i for i, r in enumerate(self.rows) if r["key"] == key), None)
        if at is None or len(self.rows) >= timesheets.MAX_ROWS:
            return
        base = self.rows[at]
        n = sum(1 for r in self.rows if r["day"] == base["day"])
        extra = {**base, "key": f"{base['day']}-{n}-{len(self.rows)}", "start": "", "end": "", "brk": "",
                 "note": "", "error": "", "total": "", "minutes": "0", "first": ""}
        last = max(i for i, r in enumerate(self.rows) if r["day"] == base["day"])
        self.rows = self.rows[:last + 1] + [extra] + self.rows[last + 1:]

    @rx.event
    def remove_row(self, key: str):
        if not self.locked:
            self.rows = [r for r in self.rows if r["key"] != key or r.get("first") == "1"]

    @rx.event
    def save_draft(self):
        return self._store(submit=False)

    @rx.event
    def submit(self):
        return self._store(submit=True)

    def _store(self, submit: bool):
        who = self._who()
        if who is None:
            return rx.redirect(f"/portal/{self._route_slug()}", replace=True)
        if not self.current or self.busy:
            return
        payload = [{"key": r["key"], "day": r["day"], "start": r["start"], "end": r["end"], "break": r["brk"],
                    "note": r["note"]} for r in self.rows]
        try:
            with session_scope() as session:
                timesheets.save(session, who, self.current, self.week, payload, self.notes, submit=submit)
        except ValidationError as exc:
            errors = {k: _say(self, v) for k, v in exc.errors.items()}
            self.rows = [{**r, "error": errors.get(r["key"], "")} for r in self.rows]
            self.week_error = errors.get("week", "") or errors.get("notes", "")
            self.outcome, self.outcome_tone = self.t["ts.refused"], "problem"
            first = next((r["key"] for r in self.rows if r["error"]), "")
            return rx.set_focus(f"ts-start-{first}") if first else None
        except ServiceError as exc:
            self.outcome, self.outcome_tone = _say(self, exc.message), "problem"
            self._read(who)
            return
        self.week_error = ""
        self._read(who)
        self.outcome, self.outcome_tone = self.t["ts.submitted" if submit else "ts.saved"], "ok"


class PortalAvailabilityState(PortalSessionState):
    loaded: bool = False
    days: list[dict[str, str]] = []  # weekday, name, on, start, end, error
    exceptions: list[dict[str, str]] = []
    ex_errors: dict[str, str] = {}
    ex_kind: str = "unavailable"
    outcome: str = ""
    outcome_tone: str = ""
    ex_outcome: str = ""
    ex_form_key: int = 0

    @rx.var
    def page_title(self) -> str:
        return f"{self.t['av.title']} · {self.agency_name}" if self.agency_name else self.t["av.title"]

    def _read(self, who) -> None:
        with session_scope() as session:
            slots = availability.pattern(session, who.agency_id, who.candidate_id)
            found = availability.exceptions(session, who.agency_id, who.candidate_id)
        by_day = {s.weekday: s for s in slots}
        self.days = [{"weekday": str(d), "name": self.t[f"day.{d}"], "on": "1" if d in by_day else "",
                      "start": by_day[d].start if d in by_day else "09:00",
                      "end": by_day[d].end if d in by_day else "17:00", "error": ""} for d in range(7)]
        self.exceptions = [{"id": e.id, "text": (f"{e.start_date} → {e.end_date}" if e.end_date != e.start_date
                                                 else e.start_date),
                            "kind": self.t["av.kind.extra" if e.available else "av.kind.unavailable"]
                            + (f" {e.start}–{e.end}" if e.start else ""), "note": e.note} for e in found]

    @rx.event
    def load(self):
        who = self._who()
        if who is None:
            return
        self.outcome = self.ex_outcome = ""
        self.ex_errors = {}
        self._read(who)
        self.loaded = True

    @rx.event
    def set_day(self, weekday: str, field: str, value):
        if field not in ("on", "start", "end"):
            return
        value = ("1" if value else "") if field == "on" else str(value)[:5]
        self.days = [{**d, field: value, "error": ""} if d["weekday"] == str(weekday) else d for d in self.days]

    @rx.event
    def preset(self, which: str):
        if which == "weekdays":
            self.days = [{**d, "on": "1" if int(d["weekday"]) < 5 else "", "start": "09:00", "end": "17:00",
                          "error": ""} for d in self.days]
        elif which == "everyday":
            self.days = [{**d, "on": "1", "start": "08:00", "end": "20:00", "error": ""} for d in self.days]
        else:
            self.days = [{**d, "on": "", "error": ""} for d in self.days]

    @rx.event
    def save_week(self):
        who = self._who()
        if who is None:
            return rx.redirect(f"/portal/{self._route_slug()}", replace=True)
        slots = [{"weekday": d["weekday"], "start": d["start"], "end": d["end"]} for d in self.days if d["on"]]
        try:
            with session_scope() as session:
                availability.set_pattern(session, who, slots)
        except ValidationError as exc:
            self.days = [{**d, "error": _say(self, exc.errors.get(f"day-{d['weekday']}", ""))} for d in self.days]
            self.outcome, self.outcome_tone = self.t["av.refused"], "problem"
            return
        self.days = [{**d, "error": ""} for d in self.days]
        self.outcome, self.outcome_tone = self.t["av.saved"], "ok"

    @rx.event
    def set_ex_kind(self, value: str):
        self.ex_kind = "extra" if value == "extra" else "unavailable"

    @rx.event
    def add_exception(self, form: dict):
        who = self._who()
        if who is None:
            return rx.redirect(f"/portal/{self._route_slug()}", replace=True)
        if not isinstance(form, dict):
            return
        data = {k: str(form.get(k) or "")[:300] for k in ("start_date", "end_date", "start", "end", "note")}
        data["kind"] = self.ex_kind
        try:
            with session_scope() as session:
                availability.add_exception(session, who, data)
        except ValidationError as exc:
            self.ex_errors, self.ex_outcome = {k: _say(self, v) for k, v in exc.errors.items()}, ""
            return
        self.ex_errors, self.ex_outcome = {}, self.t["av.added"]
        self._read(who)
        self.ex_form_key += 1  # a fresh, empty form

    @rx.event
    def remove_exception(self, exception_id: str):
        who = self._who()
        if who is None:
            return
        try:
            with session_scope() as session:
                availability.remove_exception(session, who, exception_id)
        except ServiceError:
            return
        self.ex_outcome = self.t["av.removed"]
        self._read(who)


class PortalShiftsState(PortalSessionState):
    loaded: bool = False
    shifts: list[dict[str, str]] = []
    outcome: str = ""
    outcome_tone: str = ""

    @rx.var
    def page_title(self) -> str:
        return f"{self.t['sh.title']} · {self.agency_name}" if self.agency_name else self.t["sh.title"]

    def _read(self, who) -> None:
        with session_scope() as session:
            found = shifts.my_shifts(session, who)
        self.shifts = [{"id": s.offer_id, "job": s.job, "when": f"{s.day_label} · {s.start}–{s.end}",
                        "location": s.location, "status": s.status,
                        "status_text": self.t.get(f"sh.status.{s.status}", s.status)} for s in found]

    @rx.event
    def load(self):
        who = self._who()
        if who is None:
            return
        self.outcome = ""
        self._read(who)
        self.loaded = True

    @rx.event
    def answer(self, offer_id: str, accept: bool):
        who = self._who()
        if who is None:
            return rx.redirect(f"/portal/{self._route_slug()}", replace=True)
        try:
            with session_scope() as session:
                shifts.answer(session, who, offer_id, accept is True)
        except ValidationError as exc:
            self.outcome, self.outcome_tone = _say(self, next(iter(exc.errors.values()))), "problem"
            return
        except ServiceError as exc:
            self.outcome, self.outcome_tone = _say(self, exc.message), "problem"
            self._read(who)
            return
        self.outcome, self.outcome_tone = self.t["sh.accepted" if accept else "sh.declined"], "ok"
        self._read(who)

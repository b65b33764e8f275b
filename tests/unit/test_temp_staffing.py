"""Temp staffing services: placements, timesheet rules and approvals, client links, CSV, availability, shifts,
reminders. Every test runs on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import json
import uuid
import io
import re
from datetime import date, datetime, time, timedelta, timezone

import pytest
from sqlmodel import select

from app.models import ActivityEvent, Application, Job, OutboxMessage, PipelineStage, StageKind, WebhookDelivery
from app.services import availability, placements, portal_auth, shifts, timesheets, webhooks
from app.services.applications import create_application
from app.services.candidates import create_candidate
from app.services.errors import Forbidden, NotFound, ValidationError
from app.services.jobs import create_job
from tests.factories import actor_for, make_agency, make_user

WEEK = date(2026, 11, 16)  # a Monday in the past
NOW = datetime(2026, 11, 25, 9, 0, tzinfo=timezone.utc)
PLACEMENT = {"start_date": "2026-11-01", "end_date": "2027-01-31", "pay_rate": "15.50", "bill_rate": "24",
             "client_company": "Acme Logistics", "client_contact": "Front desk", "approver_name": "Carla Client",
             "approver_email": "carla@acme.example", "expected_hours": "35"}


def _hire(session, actor, candidate, job):
    hired = session.exec(select(PipelineStage).where(PipelineStage.agency_id == actor.agency_id,
                                                     PipelineStage.kind == StageKind.HIRED.value)).first()
    return create_application(session, actor, candidate.id, job.id, stage_id=hired.id)


@pytest.fixture
def world(session):
    north, south = make_agency(session, "north"), make_agency(session, "south")
    actor = actor_for(make_user(session, north, "recruiter"))
    other = actor_for(make_user(session, south, "recruiter"))
    ann = create_candidate(session, actor, first_name="Ann", last_name="Lee", email="ann@example.com")
    bob = create_candidate(session, actor, first_name="Bob", last_name="Ray", email="bob@example.com")
    job = create_job(session, actor, title="Warehouse operative", employment_type="temp", location="Lyon")
    application = _hire(session, actor, ann, job)
    placement = placements.create_placement(session, actor, application.id, PLACEMENT)
    session.commit()
    ann_who = portal_auth.CandidateActor(ann.id, north.id, "north", "Ann Lee", "Ann", "en")
    bob_who = portal_auth.CandidateActor(bob.id, north.id, "north", "Bob Ray", "Bob", "en")
    return {"north": north, "actor": actor, "other": other, "ann": ann, "bob": bob, "job": job,
            "placement": placement, "ann_who": ann_who, "bob_who": bob_who}


def _row(key, day, start, end, brk="", note=""):
    return {"key": key, "day": day.isoformat(), "start": start, "end": end, "break": brk, "note": note}


def _week_rows():
    return [_row("mon", WEEK, "08:00", "16:30", "30"), _row("tue", WEEK + timedelta(days=1), "08:00", "12:00")]


def test_placement_needs_a_hired_temp_application_and_valid_fields(session, world):
    actor = world["actor"]
    perm = create_job(session, actor, title="Accountant", employment_type="permanent")
    with pytest.raises(ValidationError, match="temp or contract"):
        placements.create_placement(session, actor, _hire(session, actor, world["bob"], perm).id, PLACEMENT)
    with pytest.raises(ValidationError) as bad:
        placements.create_placement(session, actor, _hire(session, actor, world["bob"], world["job"]).id,
                                    {**PLACEMENT, "end_date": "2026-10-01", "pay_rate": "lots", "approver_email": "x"})
    assert set(bad.value.errors) == {"end_date", "pay_rate", "approver_email"}
    with pytest.raises(NotFound):
        placements.create_placement(session, world["other"], world["placement"].application_id, PLACEMENT)
    assert [r.candidate for r in placements.list_placements(session, actor, job_id=world["job"].id)] == ["Ann Lee"]
    assert placements.list_placements(session, world["other"]) == []


def test_rules_give_one_error_per_entry_and_save_nothing(session, world):
    rows = [_row("a", WEEK, "08:00", "12:00"), _row("b", WEEK, "11:00", "14:00"),  # overlap
            _row("c", WEEK + timedelta(days=2), "09:00", ""),  # half filled
            _row("d", WEEK - timedelta(days=1), "09:00", "10:00"),  # not this week
            _row("e", WEEK + timedelta(days=3), "25:00", "10:00"),
            _row("f", WEEK + timedelta(days=4), "09:00", "10:00", brk="90")]
    with pytest.raises(ValidationError) as bad:
        timesheets.save(session, world["ann_who"], world["placement"].id, WEEK, rows, now=NOW)
    errors = bad.value.errors
    assert set(errors) == {"b", "c", "d", "e", "f"}
    assert "Overlaps 08:00–12:00" in errors["b"]
    assert timesheets.candidate_week(session, world["ann_who"], WEEK)[0].timesheet is None


def test_future_days_and_days_outside_the_placement_are_refused(session, world):
    future = NOW.date() + timedelta(days=1)
    with pytest.raises(ValidationError) as bad:
        timesheets.save(session, world["ann_who"], world["placement"].id, future,
                        [_row("x", future, "08:00", "10:00")], now=NOW)
    assert "not happened yet" in bad.value.errors["x"]
    early = date(2026, 10, 26)  # the week the placement starts in (1 Nov is a Sunday)
    with pytest.raises(ValidationError) as bad:
        timesheets.save(session, world["ann_who"], world["placement"].id, early,
                        [_row("x", early, "08:00", "10:00")], now=NOW)
    assert "outside" in bad.value.errors["x"]


def test_more_than_24_hours_a_day_is_refused(session, world):
    rows = [_row("a", WEEK, "00:00", "23:00"), _row("b", WEEK, "23:00", "23:59"),
            _row("c", WEEK + timedelta(days=1), "06:00", "08:00")]
    timesheets.save(session, world["ann_who"], world["placement"].id, WEEK, rows[:1], now=NOW)
    # a night from Monday 23:00 to Tuesday 07:00 overlaps nothing but Monday then counts 23 h + 8 h
    with pytest.raises(ValidationError) as bad:
        timesheets.save(session, world["ann_who"], world["placement"].id, WEEK,
                        [rows[0], _row("n", WEEK, "23:00", "07:00")], now=NOW)
    assert bad.value.errors == {"n": "More than 24 hours on one day."}


def test_submit_reject_resubmit_approve_with_timeline_webhook_and_emails(session, world):
    actor, who, placement = world["actor"], world["ann_who"], world["placement"]
    sheet = timesheets.save(session, who, placement.id, WEEK, _week_rows(), "Two days", submit=True, now=NOW)
    assert sheet.status == "submitted"
    view = timesheets.view_of(session, sheet)
    assert view.total_minutes == 8 * 60 + 4 * 60
    with pytest.raises(Forbidden):  # waiting for approval: locked for the candidate
        timesheets.save(session, who, placement.id, WEEK, _week_rows(), now=NOW)
    with pytest.raises(NotFound):  # another agency's recruiter
        timesheets.approve(session, world["other"], sheet.id)
    with pytest.raises(ValidationError):
        timesheets.reject(session, actor, sheet.id, "  ")
    timesheets.reject(session, actor, sheet.id, "Tuesday was a half day off", now=NOW)
    rejected = session.exec(select(OutboxMessage).where(OutboxMessage.purpose == "timesheet_rejected")).one()
    assert "Tuesday was a half day off" in rejected.body_text and rejected.to_email == "ann@example.com"
    assert f"/timesheets?week={WEEK.isoformat()}" in rejected.body_text  # the link opens the rejected week
    sheet = timesheets.save(session, who, placement.id, WEEK, _week_rows()[:1], submit=True, now=NOW)
    assert sheet.status == "submitted" and sheet.reject_reason == ""
    timesheets.approve(session, actor, sheet.id, now=NOW)
    assert sheet.status == "approved"
    with pytest.raises(Forbidden, match="locked"):
        timesheets.save(session, who, placement.id, WEEK, _week_rows(), now=NOW)
    kinds = [e.kind for e in session.exec(select(ActivityEvent).where(ActivityEvent.subject_id == world["ann"].id)
                                          .order_by(ActivityEvent.created_at))]
    assert kinds[-4:] == ["timesheet.submitted", "timesheet.rejected", "timesheet.resubmitted", "timesheet.approved"]
    asks = session.exec(select(OutboxMessage).where(OutboxMessage.purpose == "timesheet_approval")).all()
    assert len(asks) == 2 and all(m.to_email == "carla@acme.example" for m in asks)


def test_webhook_on_submit(session, world):
    from app.models import WebhookEndpoint

    session.add(WebhookEndpoint(agency_id=world["north"].id, url="https://hooks.example.com/t",
                                events=[webhooks.TIMESHEET_SUBMITTED], secret="s"))
    session.flush()
    timesheets.save(session, world["ann_who"], world["placement"].id, WEEK, _week_rows(), submit=True, now=NOW)
    delivery = session.exec(select(WebhookDelivery)).one()
    body = delivery.payload
    assert delivery.event == "timesheet.submitted" and body["data"]["timesheet"]["totalHours"] == "12.00"


def _link_from_outbox(session) -> str:
    message = session.exec(select(OutboxMessage).where(OutboxMessage.purpose == "timesheet_approval")
                           .order_by(OutboxMessage.created_at.desc())).first()
    return re.search(r"/timesheet-approval/(\S+)", message.body_text).group(1)


def test_client_link_works_once(session, world):
    timesheets.save(session, world["ann_who"], world["placement"].id, WEEK, _week_rows(), submit=True, now=NOW)
    raw = _link_from_outbox(session)
    found = timesheets.look_up_link(session, raw)
    assert found.dead_reason == "" and found.view.candidate == "Ann Lee"
    with pytest.raises(ValidationError):
        timesheets.decide_by_link(session, raw, approve=False, reason="")
    sheet = timesheets.decide_by_link(session, raw, approve=True)
    assert sheet.status == "approved" and "Carla Client" in sheet.approved_by
    assert timesheets.look_up_link(session, raw).dead_reason == "used"
    with pytest.raises(Forbidden):
        timesheets.decide_by_link(session, raw, approve=False, reason="changed my mind")
    with pytest.raises(Forbidden):
        timesheets.decide_by_link(session, "not-a-token", approve=True)


def test_client_link_expires(session, world):
    timesheets.save(session, world["ann_who"], world["placement"].id, WEEK, _week_rows(), submit=True, now=NOW)
    raw = _link_from_outbox(session)
    later = datetime.now(timezone.utc) + timesheets.LINK_LIFETIME + timedelta(hours=1)
    assert timesheets.look_up_link(session, raw, now=later).dead_reason == "expired"


def test_csv_export_of_approved_hours_with_pay_and_bill(session, world):
    who, actor = world["ann_who"], world["actor"]
    sheet = timesheets.save(session, who, world["placement"].id, WEEK, _week_rows(), submit=True, now=NOW)
    assert timesheets.export_csv(session, actor, "2026-11-01", "2026-11-30").count("\n") == 1  # not approved yet
    timesheets.approve(session, actor, sheet.id)
    rows = list(csv.DictReader(io.StringIO(timesheets.export_csv(session, actor, "2026-11-01", "2026-11-30"))))
    assert rows == [{"candidate": "Ann Lee", "job": "Warehouse operative", "client": "Acme Logistics",
                     "period_start": "2026-11-01", "period_end": "2026-11-30", "hours": "12.00",
                     "pay_rate": "15.50", "pay_amount": "186.00", "bill_rate": "24.00", "bill_amount": "288.00"}]
    only_monday = list(csv.DictReader(io.StringIO(timesheets.export_csv(session, actor, WEEK, WEEK))))
    assert only_monday[0]["hours"] == "8.00"
    assert timesheets.export_csv(session, world["other"], "2026-11-01", "2026-11-30").count("\n") == 1
    with pytest.raises(ValidationError):
        timesheets.export_csv(session, actor, "2026-11-30", "2026-11-01")


def test_another_candidate_cannot_touch_the_timesheet(session, world):
    with pytest.raises(NotFound):
        timesheets.save(session, world["bob_who"], world["placement"].id, WEEK, _week_rows(), submit=True, now=NOW)
    forged = portal_auth.CandidateActor(world["ann"].id, world["other"].agency_id, "south", "Ann", "Ann", "en")
    with pytest.raises(NotFound):
        timesheets.save(session, forged, world["placement"].id, WEEK, _week_rows(), now=NOW)


def test_availability_pattern_and_exceptions(session, world):
    who, north = world["ann_who"], world["north"].id
    with pytest.raises(ValidationError) as bad:
        availability.set_pattern(session, who, [{"weekday": 0, "start": "08:00", "end": ""}])
    assert "day-0" in bad.value.errors
    availability.set_pattern(session, who, [{"weekday": d, "start": "08:00", "end": "18:00"} for d in range(5)])
    monday = date(2026, 12, 7)
    assert availability.is_available(session, north, who.candidate_id, monday, time(9), time(17))
    assert not availability.is_available(session, north, who.candidate_id, monday, time(7), time(17))
    assert not availability.is_available(session, north, who.candidate_id, monday + timedelta(days=5), time(9), time(12))
    availability.add_exception(session, who, {"start_date": "2026-12-07", "end_date": "2026-12-08", "note": "Holiday"})
    assert not availability.is_available(session, north, who.candidate_id, monday, time(9), time(17))
    availability.add_exception(session, who, {"start_date": "2026-12-12", "kind": "extra", "start": "10:00",
                                              "end": "14:00"})
    assert availability.is_available(session, north, who.candidate_id, date(2026, 12, 12), time(10), time(13))
    assert not availability.available_over(session, north, who.candidate_id, monday, monday + timedelta(days=2),
                                           time(9), time(17))
    assert availability.available_over(session, north, who.candidate_id, monday + timedelta(days=2),
                                       monday + timedelta(days=4), time(9), time(17))
    calendar = availability.week_calendar(session, world["actor"], who.candidate_id, monday)
    assert calendar[0].text == "Unavailable (Holiday)" and calendar[2].text == "08:00–18:00"
    assert calendar[5].text == "10:00–14:00" and calendar[6].text == "—"
    with pytest.raises(NotFound):
        availability.week_calendar(session, world["other"], who.candidate_id, monday)
    row = availability.exceptions(session, north, who.candidate_id)[0]
    with pytest.raises(NotFound):
        availability.remove_exception(session, world["bob_who"], row.id)
    availability.remove_exception(session, who, row.id)


def test_shifts_offers_double_booking_and_availability_flag(session, world):
    actor, ann, bob = world["actor"], world["ann"], world["bob"]
    day = date(2026, 12, 7)
    availability.set_pattern(session, world["ann_who"], [{"weekday": 0, "start": "06:00", "end": "20:00"}])
    series = shifts.create_shifts(session, actor, world["job"].id, {"day": day.isoformat(), "start": "08:00",
                                                                     "end": "16:00", "headcount": "1",
                                                                     "repeat_weeks": "3"})
    assert len(series) == 3 and len({s.series_id for s in series}) == 1
    with pytest.raises(ValidationError) as bad:
        shifts.create_shifts(session, actor, world["job"].id, {"day": "", "start": "8", "end": "8"})
    assert {"day", "end"} <= set(bad.value.errors)
    night = shifts.create_shifts(session, actor, world["job"].id, {"day": day.isoformat(), "start": "14:00",
                                                                    "end": "22:00"})[0]
    first = shifts.offer(session, actor, series[0].id, ann.id)
    assert first.outside_availability is False
    assert shifts.offer(session, actor, series[1].id, bob.id).outside_availability is True
    offered = session.exec(select(OutboxMessage).where(OutboxMessage.purpose == "shift_offered")).all()
    assert {m.to_email for m in offered} == {"ann@example.com", "bob@example.com"}
    shifts.answer(session, world["ann_who"], first.id, accept=True)
    with pytest.raises(ValidationError, match="already booked on Mon 07 Dec 08:00–16:00"):
        shifts.offer(session, actor, night.id, ann.id)
    with pytest.raises(Forbidden):
        shifts.answer(session, world["ann_who"], first.id, accept=False)
    bob_first = shifts.offer(session, actor, series[0].id, bob.id)
    with pytest.raises(ValidationError, match="filled"):
        shifts.answer(session, world["bob_who"], bob_first.id, accept=True)
    with pytest.raises(NotFound):  # not Ann's offer
        shifts.answer(session, world["ann_who"], bob_first.id, accept=True)
    with pytest.raises(NotFound):
        shifts.offer(session, world["other"], series[0].id, ann.id)
    views = shifts.list_shifts(session, actor, world["job"].id)
    assert views[0].fill == "1/1" and [s.status for s in shifts.my_shifts(session, world["ann_who"])][:1] == ["accepted"]


def test_reminders_for_missing_timesheets_and_waiting_approvers(session, world):
    now = datetime(2026, 11, 25, 9, 0, tzinfo=timezone.utc)
    sent = timesheets.send_reminders(session, now=now)
    weeks = session.exec(select(OutboxMessage).where(OutboxMessage.purpose == "timesheet_reminder")).all()
    # the placement started on Sunday 1 Nov: weeks of 26 Oct, 2, 9 and 16 Nov are over and missing
    assert sent == len(weeks) == 4 and all(m.to_email == "ann@example.com" for m in weeks)
    assert timesheets.send_reminders(session, now=now) == 0  # once per week
    timesheets.save(session, world["ann_who"], world["placement"].id, WEEK, _week_rows(), submit=True, now=now)
    assert timesheets.send_reminders(session, now=now + timedelta(days=1)) == 0
    assert timesheets.send_reminders(session, now=now + timedelta(days=3)) == 1
    assert timesheets.send_reminders(session, now=now + timedelta(days=4)) == 0  # the approver is asked once more
    assert len(session.exec(select(OutboxMessage).where(OutboxMessage.purpose == "timesheet_approval")).all()) == 2


def test_deleting_a_placed_candidate_removes_their_temp_records(session, world):
    from app.models import Placement, Timesheet
    from app.services.candidates import delete_candidate

    availability.set_pattern(session, world["ann_who"], [{"weekday": 0, "start": "08:00", "end": "18:00"}])
    shift = shifts.create_shifts(session, world["actor"], world["job"].id, {"day": "2026-12-07", "start": "08:00",
                                                                            "end": "12:00"})[0]
    shifts.offer(session, world["actor"], shift.id, world["ann"].id)
    timesheets.save(session, world["ann_who"], world["placement"].id, WEEK, _week_rows(), submit=True, now=NOW)
    session.commit()
    delete_candidate(session, world["actor"], world["ann"].id)
    session.commit()
    assert session.exec(select(Placement)).all() == [] and session.exec(select(Timesheet)).all() == []


def test_a_placed_hire_stays_on_its_job(session, world):
    from app.services.applications import set_jobs

    with pytest.raises(ValidationError, match="has a placement on Warehouse operative"):
        set_jobs(session, world["actor"], world["ann"], [])


def test_portal_messages_have_french_wordings(session, world):
    from app.services import form_messages

    rows = [_row("a", WEEK, "08:00", "12:00"), _row("b", WEEK, "11:00", "14:00"), _row("c", WEEK, "9", ""),
            _row("d", NOW.date() + timedelta(days=1), "08:00", "09:00"), _row("e", WEEK, "25:00", "10:00"),
            _row("f", WEEK + timedelta(days=1), "08:00", "09:00", brk="60")]
    week_rows = timesheets.check_rows(rows, world["placement"], WEEK, placements.agency_zone(
        session, world["north"].id), NOW.date())[1]
    untranslated = [m for m in week_rows.values() if form_messages.translate(m, "fr") == m]
    assert untranslated == [] and len(week_rows) == 5


def test_candidate_list_filter_available_on_a_day(session, world):
    from app.services.candidate_search import CandidateQuery, search

    def names(day: str) -> list[str]:
        query = CandidateQuery.from_params({"available": day})
        return [f"{r.first_name} {r.last_name}" for r in search(session, world["actor"], query).rows]

    availability.set_pattern(session, world["ann_who"], [{"weekday": 0, "start": "08:00", "end": "18:00"}])
    availability.add_exception(session, world["bob_who"], {"start_date": "2026-12-08", "kind": "extra"})
    availability.add_exception(session, world["ann_who"], {"start_date": "2026-12-14", "note": "Holiday"})
    assert names("2026-12-07") == ["Ann Lee"]  # a Monday
    assert names("2026-12-08") == ["Bob Ray"]  # Bob's extra day
    assert names("2026-12-14") == []  # Ann's holiday Monday
    assert CandidateQuery.from_params({"available": "31/12"}).available_on == ""
    assert CandidateQuery.from_params({"available": "2026-12-07"}).to_params() == {"available": "2026-12-07"}
    assert search(session, world["other"], CandidateQuery(available_on="2026-12-07")).rows == []


def test_availability_check_by_email_answered_once_without_sign_in(session, world):
    from app.services import availability_checks

    day = (datetime.now(timezone.utc) + timedelta(days=5)).date()
    with pytest.raises(ValidationError):
        availability_checks.ask(session, world["actor"], world["bob"].id, "yesterday", "8", "12")
    with pytest.raises(NotFound):
        availability_checks.ask(session, world["other"], world["bob"].id, day.isoformat(), "08:00", "12:00")
    raw = availability_checks.ask(session, world["actor"], world["bob"].id, day.isoformat(), "08:00", "12:00",
                                  job="Warehouse operative")
    mail = session.exec(select(OutboxMessage).where(OutboxMessage.purpose == "availability_check")).one()
    assert raw in mail.body_text and mail.to_email == "bob@example.com"
    question = availability_checks.look_up(session, raw)
    assert (question.first_name, question.hours, question.dead_reason) == ("Bob", "08:00–12:00", "")
    availability_checks.answer(session, raw, available=True)
    assert availability.is_available(session, world["north"].id, world["bob"].id, day, time(8), time(12))
    assert availability_checks.look_up(session, raw).dead_reason == "used"
    with pytest.raises(Forbidden):
        availability_checks.answer(session, raw, available=False)
    kinds = session.exec(select(ActivityEvent.kind).where(ActivityEvent.subject_id == world["bob"].id)).all()
    assert {"availability.asked", "availability.answered"} <= set(kinds)


def test_the_portal_shows_temp_sections_to_temp_workers_only(session, world):
    assert placements.works_temp(session, world["ann_who"])  # placed on a temp job
    assert not placements.works_temp(session, world["bob_who"])  # nothing temp yet
    create_application(session, world["actor"], world["bob"].id, world["job"].id)
    assert placements.works_temp(session, world["bob_who"])  # applied to a temp job
    elsewhere = portal_auth.CandidateActor(world["bob"].id, make_agency(session, "west").id, "west", "Bob Ray",
                                           "Bob", "en")
    assert not placements.works_temp(session, elsewhere)  # scoped to the agency


def test_a_group_availability_check_asks_everyone_and_shows_who_answered(session, world):
    from app.models import AvailabilityCheck, BulkJob
    from app.services import availability_checks, bulk

    actor, north = world["actor"], world["north"]
    cid = create_candidate(session, actor, first_name="Cid", last_name="Noemail").id  # no email address
    first = (datetime.now(timezone.utc) + timedelta(days=10)).date()
    last = first + timedelta(days=4)
    value = json.dumps({"first": first.isoformat(), "last": last.isoformat(), "start": "8", "end": "17:00"})
    with pytest.raises(ValidationError) as bad:  # clear errors per field
        bulk.start(session, actor, "availability_check", json.dumps({"first": "2020-01-01", "last": "x",
                                                                      "start": "9"}), ids=[str(cid)])
    assert set(bad.value.errors) == {"first_day", "last_day", "hours"}
    with pytest.raises(ValidationError):
        bulk.start(session, actor, "availability_check",
                   json.dumps({"first": last.isoformat(), "last": first.isoformat()}), ids=[str(cid)])
    ids = [str(world["ann"].id), str(world["bob"].id), str(cid), str(world["other"].user_id)]  # a stranger id
    view = bulk.start(session, actor, "availability_check", value, ids=ids)
    assert view.total == 3 and "08:00–17:00" in view.label
    job, picked = bulk.claim(session, actor, view.id)
    done = bulk.run_chunk(session, actor, view.id, picked)
    assert done.status == "done" and "2 availability checks emailed" in done.message and "1 without" in done.message
    mails = session.exec(select(OutboxMessage).where(OutboxMessage.purpose == "availability_check")).all()
    assert sorted(m.to_email for m in mails) == ["ann@example.com", "bob@example.com"]
    links = {m.to_email: re.search(r"/availability-check/(\S+)", m.body_text).group(1) for m in mails}
    assert f"{first:%d %b %Y} to {last:%d %b %Y}" in mails[0].body_text

    # Bob says yes for the whole period, Ann says no with a note; each link works once.
    question = availability_checks.look_up(session, links["bob@example.com"])
    assert (question.first_name, question.hours, question.single_day) == ("Bob", "08:00–17:00", False)
    availability_checks.answer(session, links["bob@example.com"], True)
    availability_checks.answer(session, links["ann@example.com"], False, note="  On holiday\nthat week ")
    with pytest.raises(Forbidden):
        availability_checks.answer(session, links["ann@example.com"], True)
    assert availability.available_over(session, north.id, world["bob"].id, first, last, time(8), time(17))
    assert not availability.is_available(session, north.id, world["ann"].id, first + timedelta(days=2), time(9),
                                         time(10))

    [shown] = availability_checks.batches(session, actor)
    assert (shown.id, shown.asked, shown.answered, shown.yes, shown.no) == (view.id, 3, 2, 1, 1)
    assert [(r.name, r.status, r.note) for r in shown.replies] == [
        ("Ann Lee", "Not available", "On holiday that week"), ("Cid Noemail", "No email address", ""),
        ("Bob Ray", "Available", "")]
    assert availability_checks.batches(session, world["other"]) == []  # other agencies see nothing
    assert session.get(BulkJob, uuid.UUID(job.id)).kind == "availability_check"
    assert len(session.exec(select(AvailabilityCheck)).all()) == 3
    from app.services.timeline import describe

    events = {e.kind: e for e in session.exec(select(ActivityEvent).where(ActivityEvent.subject_id == world["ann"].id))}
    assert describe("availability.asked", events["availability.asked"].payload, "Rita", "Ann Lee") == (
        f"Rita asked Ann Lee if they are available from {first} to {last}, 08:00–17:00")
    assert describe("availability.answered", events["availability.answered"].payload, "Ann Lee") == (
        f"Ann Lee answered not available from {first} to {last}, 08:00–17:00: On holiday that week")
    cid_asked = session.exec(select(ActivityEvent).where(ActivityEvent.subject_id == cid,
                                                         ActivityEvent.kind == "availability.asked")).one()
    assert "not sent: no email address" in describe("availability.asked", cid_asked.payload, "Rita", "Cid")


def test_viewers_cannot_send_availability_checks(session, world):
    from app.services import bulk

    viewer = actor_for(make_user(session, world["north"], "viewer"))
    day = (datetime.now(timezone.utc) + timedelta(days=3)).date().isoformat()
    with pytest.raises(Forbidden):
        bulk.start(session, viewer, "availability_check", json.dumps({"first": day, "last": day}),
                   ids=[str(world["bob"].id)])


def test_public_links_speak_the_agency_or_candidate_language(session, world):
    from app.services import availability_checks, portal_text

    timesheets.save(session, world["ann_who"], world["placement"].id, WEEK, _week_rows(), submit=True, now=NOW)
    raw = _link_from_outbox(session)
    assert timesheets.look_up_link(session, raw).language == "en"
    world["north"].default_language = "fr"
    session.add(world["north"])
    session.flush()
    assert timesheets.look_up_link(session, raw).language == "fr"
    assert timesheets.look_up_link(session, "nope").language == "en"

    day = (datetime.now(timezone.utc) + timedelta(days=20)).date()
    world["bob"].preferred_language = "fr"  # the candidate's own language for a candidate's link
    session.add(world["bob"])
    raw = availability_checks.ask(session, world["actor"], world["bob"].id, day.isoformat(), "", "",
                                  last_day=(day + timedelta(days=1)).isoformat())
    question = availability_checks.look_up(session, raw)
    assert question.language == "fr" and question.hours == "toute la journée" and " au " in question.day
    assert portal_text.day(day, "fr") in question.day
    mail = session.exec(select(OutboxMessage).where(OutboxMessage.purpose == "availability_check")).one()
    assert mail.subject.endswith("?") and "disponible" in mail.subject
    world["bob"].preferred_language = "en"
    session.add(world["bob"])
    session.flush()
    assert availability_checks.look_up(session, raw).language == "en"
    for key in portal_text.EN:
        if key.startswith(("ac.", "ta.")):
            assert portal_text.FR.get(key), key


def test_candidate_list_filter_available_for_a_time_range(session, world):
    from app.services.candidate_search import CandidateQuery, search

    def names(day: str, start: str = "", end: str = "") -> list[str]:
        query = CandidateQuery.from_params({"available": day, "available_from": start, "available_to": end})
        return [f"{r.first_name} {r.last_name}" for r in search(session, world["actor"], query).rows]

    north = world["north"].id
    # Ann: Mondays 08:00-12:00; Bob: Mondays 22:00-06:00 (past midnight) and an extra Tuesday 13:00-17:00.
    availability.set_pattern(session, world["ann_who"], [{"weekday": 0, "start": "08:00", "end": "12:00"}])
    availability.set_pattern(session, world["bob_who"], [{"weekday": 0, "start": "22:00", "end": "06:00"}])
    availability.add_exception(session, world["bob_who"], {"start_date": "2026-12-08", "kind": "extra",
                                                           "start": "13:00", "end": "17:00"})
    cases = [("2026-12-07", "", "", ["Ann Lee", "Bob Ray"]), ("2026-12-07", "09:00", "11:00", ["Ann Lee"]),
             ("2026-12-07", "09", "13:00", []), ("2026-12-07", "23:00", "05:00", ["Bob Ray"]),
             ("2026-12-07", "22:30", "23:30", ["Bob Ray"]), ("2026-12-08", "14:00", "16:00", ["Bob Ray"]),
             ("2026-12-08", "12:00", "16:00", [])]
    for day, start, end, expected in cases:
        assert names(day, start, end) == expected, (day, start, end)
        # The SQL filter agrees with availability.is_available for each candidate.
        if start:
            begin = time.fromisoformat(start.zfill(2) + ":00" if len(start) <= 2 else start)
            free = [w for w in ("ann", "bob") if availability.is_available(
                session, north, world[w].id, date.fromisoformat(day), begin, time.fromisoformat(end))]
            assert [world[w].first_name for w in free] == [n.split()[0] for n in expected]
    # Half a range, equal or nonsense times are ignored by the URL parser (the page says why).
    assert CandidateQuery.from_params({"available_from": "09:00"}).available_from == ""
    assert CandidateQuery.from_params({"available_from": "25:00", "available_to": "26:00"}).available_to == ""
    assert CandidateQuery.from_params({"available_from": "9", "available_to": "10:30"}).to_params() == {
        "available_from": "09:00", "available_to": "10:30"}
    assert search(session, world["other"], CandidateQuery(available_on="2026-12-07", available_from="09:00",
                                                          available_to="10:00")).rows == []


def test_deleting_a_candidate_removes_their_availability_checks(session, world):
    from app.models import AvailabilityCheck, Candidate
    from app.services import availability_checks
    from app.services.candidates import delete_candidate

    day = (datetime.now(timezone.utc) + timedelta(days=4)).date().isoformat()
    raw = availability_checks.ask(session, world["actor"], world["bob"].id, day, "", "")
    availability_checks.answer(session, raw, False, note="Away")
    delete_candidate(session, world["actor"], world["bob"].id)
    assert session.exec(select(AvailabilityCheck)).all() == []
    assert session.get(Candidate, world["bob"].id) is None
    assert availability_checks.look_up(session, raw).dead_reason == "unknown"

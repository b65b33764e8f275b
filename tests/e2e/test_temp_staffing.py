"""Temp staffing from a phone: a temp worker sets their availability, accepts a shift and fills a week of hours
(an overlapping stretch is refused next to it); the recruiter rejects with a reason; the worker corrects and
submits again; the client approves from the emailed link; the CSV export carries the right totals. Every new page
passes axe-core; forged events from another agency's recruiter or another candidate change nothing."""

from __future__ import annotations

import concurrent.futures
import uuid
from pathlib import Path
import csv
import io
import re
from datetime import date, time, timedelta

import pytest
from playwright.sync_api import Page, expect, sync_playwright
from sqlmodel import Session, select

from app.models import (AvailabilityException, AvailabilitySlot, OutboxMessage, PipelineStage, ShiftOffer, StageKind,
                        Timesheet)
from app.services import placements, shifts
from app.services.applications import create_application
from app.services.hours import week_start
from app.services.jobs import create_job
from tests.e2e.a11y import assert_accessible
from tests.e2e.conftest import login
from tests.e2e.forging import db  # noqa: F401  (a fixture)
from tests.e2e.portal_helpers import DESKTOP, PortalAgency, sign_in_candidate
from tests.factories import PASSWORD

pytestmark = pytest.mark.e2e

SHOTS = Path(__file__).resolve().parents[2] / "test-results" / "temp-staffing"


def _shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _device(name: str) -> dict:
    """Playwright's own descriptor of a phone (read in a thread of its own: the tests' Playwright is running)."""
    def read():
        with sync_playwright() as p:
            return dict(p.devices[name])
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        device = pool.submit(read).result(timeout=60)
    device.pop("default_browser_type", None)
    return device


PIXEL_7 = None


@pytest.fixture(scope="module")
def phone() -> dict:
    global PIXEL_7
    PIXEL_7 = PIXEL_7 or _device("Pixel 7")
    assert PIXEL_7["has_touch"] and PIXEL_7["is_mobile"]
    return PIXEL_7


class TempWorld:
    def __init__(self, db):
        self.harbour = PortalAgency(db)
        self.ann = self.harbour.candidate("Ann", "Lee")
        self.bob = self.harbour.candidate("Bob", "Ray")
        today = date.today()
        self.this_week = week_start(today)
        self.last_week = self.this_week - timedelta(weeks=1)
        self.next_monday = self.this_week + timedelta(weeks=1)
        with Session(db) as s:
            actor = self.harbour.recruiter
            job = create_job(s, actor, title="Night picker", employment_type="temp", location="Dock 4")
            hired = s.exec(select(PipelineStage).where(PipelineStage.agency_id == self.harbour.id,
                                                       PipelineStage.kind == StageKind.HIRED.value)).first()
            application = create_application(s, actor, self.ann, job.id, stage_id=hired.id)
            placement = placements.create_placement(s, actor, application.id, {
                "start_date": (self.this_week - timedelta(weeks=4)).isoformat(),
                "end_date": (self.this_week + timedelta(weeks=8)).isoformat(), "pay_rate": "15.50",
                "bill_rate": "24.00", "client_company": "Acme Logistics", "approver_name": "Carla Client",
                "approver_email": "carla@acme.example", "expected_hours": "35"})
            shift = shifts.create_shifts(s, actor, job.id, {"day": self.next_monday.isoformat(), "start": "09:00",
                                                            "end": "17:00", "headcount": "1"})[0]
            self.offer_id = str(shifts.offer(s, actor, shift.id, self.ann).id)
            s.commit()
            self.job_id, self.placement_id = str(job.id), str(placement.id)


def _row(page: Page, day: date, n: int = 0):
    return page.locator(f'.tt-row[data-day="{day.isoformat()}"]').nth(n)


def _fill_row(page: Page, day: date, n: int, start: str, end: str, brk: str = "") -> None:
    row = _row(page, day, n)
    row.locator('input[type="time"]').nth(0).fill(start)
    row.locator('input[type="time"]').nth(1).fill(end)
    if brk:
        row.locator('input[type="number"]').fill(brk)


def _last_approval_link(db) -> str:
    with Session(db) as s:
        body = s.exec(select(OutboxMessage.body_text).where(OutboxMessage.purpose == "timesheet_approval",
                                                            OutboxMessage.to_email == "carla@acme.example")
                      .order_by(OutboxMessage.created_at.desc())).first()
    return re.search(r"/timesheet-approval/\S+", body).group(0)


def _status(db, placement_id: str, week: date) -> str:
    with Session(db) as s:
        sheet = s.exec(select(Timesheet).where(Timesheet.week_start == week)
                       .where(Timesheet.placement_id == uuid.UUID(placement_id))).first()
        return sheet.status if sheet else ""


def test_a_week_from_availability_to_client_approval_and_csv(db, new_page, phone, tmp_path):
    world = TempWorld(db)
    worker = new_page(**phone)
    slug = sign_in_candidate(worker, db, world.ann)

    # Availability in a few taps, and a day off.
    worker.goto(f"/portal/{slug}/availability")
    worker.get_by_role("button", name="Weekdays 9:00–17:00").tap()
    worker.locator("#av-save").tap()
    expect(worker.locator("#av-outcome")).to_contain_text("saved")
    holiday = (world.next_monday + timedelta(days=2)).isoformat()
    worker.fill("#av-ex-start-date", holiday)
    worker.fill("#av-ex-end-date", holiday)
    worker.fill("#av-ex-note", "Dentist")
    worker.locator("#av-ex-add").tap()
    expect(worker.locator(".tt-ex")).to_contain_text("Dentist")
    _shot(worker, "availability")
    assert_accessible(worker)
    with Session(db) as s:
        assert len(s.exec(select(AvailabilitySlot).where(AvailabilitySlot.candidate_id == world.ann)).all()) == 5
        assert s.exec(select(AvailabilityException).where(AvailabilityException.candidate_id == world.ann)).one()

    # The offered shift: accept it.
    worker.locator("#pt-nav-shifts").tap()  # a temp worker's portal shows the temp sections
    worker.wait_for_url(re.compile(r"/shifts$"))
    card = worker.locator(f'[data-offer="{world.offer_id}"]')
    expect(card).to_contain_text("Night picker")
    assert_accessible(worker)
    card.get_by_role("button", name=re.compile("^Accept")).tap()
    expect(worker.locator("#sh-outcome")).to_contain_text("accepted")
    with Session(db) as s:
        assert s.get(ShiftOffer, uuid.UUID(world.offer_id)).status == "accepted"

    # Last week's hours: Monday twice (the second stretch overlaps the first), Tuesday with a break.
    worker.locator("#pt-nav-timesheets").tap()
    worker.wait_for_url(re.compile(r"/timesheets$"))
    worker.locator("#ts-prev").tap()
    expect(worker.locator("#ts-week")).to_contain_text(world.last_week.strftime("%d %b %Y"))
    monday, tuesday = world.last_week, world.last_week + timedelta(days=1)
    _fill_row(worker, monday, 0, "08:00", "12:00")
    expect(worker.locator("#ts-week-total")).to_have_text("4:00")
    _row(worker, monday).get_by_role("button", name="Add another stretch").tap()
    expect(worker.locator(f'.tt-row[data-day="{monday.isoformat()}"]')).to_have_count(2)
    _fill_row(worker, monday, 1, "11:00", "15:00")
    _fill_row(worker, tuesday, 0, "09:00", "17:00", "60")
    expect(worker.locator("#ts-week-total")).to_have_text("15:00")
    worker.locator("#ts-notes").press_sequentially("Keys collected at 7:50", delay=15)  # typed like a person
    assert_accessible(worker)
    worker.locator("#ts-submit").tap()
    refused = _row(worker, monday, 1)
    expect(refused.locator(".pf-error")).to_contain_text("Overlaps 08:00–12:00")
    _shot(worker, "timesheet-refused")
    expect(worker.locator("#ts-outcome")).to_contain_text("correction")
    # nothing typed is lost
    expect(_row(worker, tuesday).locator('input[type="number"]')).to_have_value("60")
    assert _status(db, world.placement_id, world.last_week) == ""
    _fill_row(worker, monday, 1, "12:30", "15:00")
    expect(worker.locator("#ts-week-total")).to_have_text("13:30")
    worker.locator("#ts-submit").tap()
    expect(worker.locator("#ts-status")).to_have_text("Waiting for approval")
    assert _status(db, world.placement_id, world.last_week) == "submitted"
    with Session(db) as s:
        assert s.exec(select(Timesheet.notes).where(Timesheet.week_start == world.last_week,
                                                    Timesheet.placement_id == uuid.UUID(world.placement_id))
                      ).one() == "Keys collected at 7:50"

    # The recruiter rejects it with a reason.
    recruiter = new_page(**DESKTOP)
    login(recruiter, world.harbour.recruiter.email, password=PASSWORD, start="/login?next=%2Ftimesheets")
    row = recruiter.locator(".tq-row").filter(has_text="Ann Lee")
    expect(row).to_contain_text("13:30")
    _shot(recruiter, "queue")
    assert_accessible(recruiter)
    row.get_by_role("button", name=re.compile("^Reject")).click()
    expect(row.get_by_role("alert")).to_contain_text("Say what is wrong")
    row.get_by_label("Reason if you reject").fill("Tuesday ended at 17:30")
    row.get_by_role("button", name=re.compile("^Reject")).click()
    expect(recruiter.locator(".tt-ok")).to_contain_text("rejected")
    assert _status(db, world.placement_id, world.last_week) == "rejected"

    # The worker follows the emailed link to that week, sees why, corrects Tuesday and submits again.
    with Session(db) as s:
        body = s.exec(select(OutboxMessage.body_text).where(OutboxMessage.purpose == "timesheet_rejected")
                      .order_by(OutboxMessage.created_at.desc())).first()
    worker.goto(re.search(r"/portal/\S+/timesheets\?week=\S+", body).group(0))
    expect(worker.locator("#ts-week")).to_contain_text(f"{world.last_week:%d %b %Y}")
    expect(worker.locator("#ts-reason")).to_contain_text("Tuesday ended at 17:30")
    expect(worker.locator("#ts-status")).to_have_text("Needs a correction")
    _fill_row(worker, tuesday, 0, "09:00", "17:30", "60")
    expect(worker.locator("#ts-week-total")).to_have_text("14:00")
    worker.locator("#ts-submit").tap()
    expect(worker.locator("#ts-status")).to_have_text("Waiting for approval")

    # The client approves from the emailed link, without an account; the link then stops working.
    client = new_page(**phone)
    link = _last_approval_link(db)
    client.goto(link)
    expect(client.locator("#ta-total")).to_have_text("14:00")
    _shot(client, "client-approval")
    assert_accessible(client)
    client.locator("#ta-approve").tap()
    expect(client.locator("#ta-done")).to_contain_text("approved")
    assert _status(db, world.placement_id, world.last_week) == "approved"
    client.goto(link)
    expect(client.locator("#ta-dead")).to_be_visible()

    # The CSV export of the period: 14 h at 15.50 and 24.00.
    recruiter.goto("/timesheets")
    recruiter.fill("#tq-from", world.last_week.isoformat())
    recruiter.fill("#tq-to", (world.last_week + timedelta(days=6)).isoformat())
    with recruiter.expect_download() as download:
        recruiter.locator("#tq-export").click()
    path = tmp_path / "hours.csv"
    download.value.save_as(path)
    lines = [r for r in csv.DictReader(io.StringIO(path.read_text())) if r["client"] == "Acme Logistics"
             and r["candidate"] == "Ann Lee"]
    assert [(r["hours"], r["pay_amount"], r["bill_amount"]) for r in lines] == [("14.00", "217.00", "336.00")]

    # The recruiter's shift page and the candidate's availability week pass axe too.
    recruiter.goto(f"/jobs/{world.job_id}/shifts")
    expect(recruiter.locator(f"[data-shift]")).to_contain_text("Filled 1/1")
    assert_accessible(recruiter)
    recruiter.goto(f"/candidates/{world.ann}/availability")
    expect(recruiter.locator(".ca-week")).to_contain_text("09:00–17:00")
    assert_accessible(recruiter)


def test_forged_approve_and_submit_from_others_change_nothing(server, db, new_page):
    from app.services import portal_auth, timesheets
    from app.states.portal_temp import PortalShiftsState, PortalTimesheetsState
    from app.models import AvailabilityCheck
    from app.services import availability_checks
    from app.states.candidate_list import CandidateListState
    from app.states.temp_staffing import AvailabilityChecksState, TimesheetQueueState
    from tests.e2e.forging import SOUTH_ADMIN, ForgedClient, run, session_cookie, var
    from app.services.auth import COOKIE_NAME as STAFF_COOKIE

    world = TempWorld(db)
    with Session(db) as s:
        who = portal_auth.CandidateActor(world.ann, world.harbour.id, world.harbour.slug, "Ann Lee", "Ann", "en")
        rows = [{"key": "m", "day": world.last_week.isoformat(), "start": "08:00", "end": "12:00"}]
        sheet = timesheets.save(s, who, world.placement_id, world.last_week, rows, submit=True)
        sheet_id = str(sheet.id)
        asked = (world.next_monday + timedelta(days=1)).isoformat()
        availability_checks.ask(s, world.harbour.recruiter, world.bob, asked, "09:00", "17:00")
        s.commit()
    bob_cookie = _candidate_cookie(db, world.harbour, world.bob)
    south = session_cookie(new_page, SOUTH_ADMIN)
    slug = world.harbour.slug

    async def as_south():
        async with await ForgedClient.open(server.url, f"{STAFF_COOKIE}={south}") as c:
            await c.emit(TimesheetQueueState, "approve", pathname="/timesheets", timesheet_id=sheet_id)
            await c.emit(TimesheetQueueState, "set_reason", pathname="/timesheets", timesheet_id=sheet_id,
                         value="forged")
            await c.emit(TimesheetQueueState, "reject", pathname="/timesheets", timesheet_id=sheet_id)
            await c.snapshot("/timesheets")
            # Harbour's candidates asked for their availability by South: nobody is selected, nothing sent.
            await c.emit(CandidateListState, "toggle_row", pathname="/candidates", candidate_id=str(world.bob),
                         checked=True)
            await c.emit(CandidateListState, "open_bulk", pathname="/candidates", action="availability_check")
            await c.emit(CandidateListState, "run_action", pathname="/candidates",
                         form={"first": asked, "last": asked})
            snap = await c.snapshot("/candidates")
            assert var(snap, CandidateListState, "bulk_error") == "Select at least one candidate."
            await c.emit(AvailabilityChecksState, "load", pathname="/availability-checks")
            assert var(await c.snapshot("/availability-checks"), AvailabilityChecksState, "batches") == []
            return c

    async def as_bob():
        route = {"pathname": f"/portal/{slug}/timesheets", "asPath": f"/portal/{slug}/timesheets",
                 "query": {"portal_slug": slug}}
        async with await ForgedClient.open(server.url, f"{portal_auth.COOKIE_NAME}={bob_cookie}") as c:
            await c.emit(PortalTimesheetsState, "load", router_data=route)
            await c.emit(PortalTimesheetsState, "pick", router_data=route, placement_id=world.placement_id)
            await c.emit(PortalTimesheetsState, "submit", router_data=route)
            await c.emit(PortalShiftsState, "answer", router_data=route, offer_id=world.offer_id, accept=False)
            return c, await c.snapshot(f"/portal/{slug}/timesheets")

    c = run(as_south())
    assert c.toasts().count(("error", "Timesheet not found.")) == 2  # refused, not crashed
    assert "Acme" not in c.text and "An error occurred" not in c.text
    c, snap = run(as_bob())
    assert var(snap, PortalShiftsState, "outcome") == "Shift not found."
    assert var(snap, PortalTimesheetsState, "current") == "" and var(snap, PortalTimesheetsState, "cards") == []
    assert "Acme" not in c.text and "Night picker" not in c.text and "An error occurred" not in c.text
    assert _status(db, world.placement_id, world.last_week) == "submitted"
    with Session(db) as s:
        assert s.get(ShiftOffer, uuid.UUID(world.offer_id)).status == "offered"
        assert s.get(Timesheet, uuid.UUID(sheet_id)).status == "submitted"
        assert len(s.exec(select(AvailabilityCheck).where(AvailabilityCheck.candidate_id == world.bob)).all()) == 1


def _candidate_cookie(db, harbour, cid) -> str:
    from app.services import portal_auth
    from tests.e2e.portal_helpers import _invitation_path

    raw = _invitation_path(db, cid).rsplit("/", 1)[-1]
    with Session(db) as s:
        exchange = portal_auth.exchange_link(s, raw)
        s.commit()
    return exchange.session_token


def test_recruiter_places_a_hire_and_staffs_shifts(db, new_page):
    world = TempWorld(db)
    with Session(db) as s:
        hired = s.exec(select(PipelineStage).where(PipelineStage.agency_id == world.harbour.id,
                                                   PipelineStage.kind == StageKind.HIRED.value)).first()
        create_application(s, world.harbour.recruiter, world.bob, uuid.UUID(world.job_id), stage_id=hired.id)
        offer = s.get(ShiftOffer, uuid.UUID(world.offer_id))
        offer.status = "accepted"  # Ann is booked on next Monday 09:00-17:00
        s.add(offer)
        s.commit()
    page = new_page(**DESKTOP)
    login(page, world.harbour.recruiter.email, password=PASSWORD,
          start=f"/login?next=%2Fjobs%2F{world.job_id}%2Fshifts")
    expect(page.locator("#js-application")).to_contain_text("Bob Ray")

    # A placement for Bob: a wrong email is refused next to the field, nothing typed is lost.
    page.fill("#js-start-date", world.this_week.isoformat())
    page.fill("#js-end-date", (world.this_week + timedelta(weeks=4)).isoformat())
    page.fill("#js-pay-rate", "14")
    page.fill("#js-bill-rate", "21.5")
    page.fill("#js-client-company", "Brightside Foods")
    page.fill("#js-approver-name", "Dan Boss")
    page.fill("#js-approver-email", "not-an-email")
    page.locator("#js-create-placement").click()
    expect(page.locator("#js-approver-email-error")).to_contain_text("valid email")
    expect(page.locator("#js-client-company")).to_have_value("Brightside Foods")
    page.fill("#js-approver-email", "dan@brightside.example")
    page.locator("#js-create-placement").click()
    expect(page.locator(".tt-ok")).to_contain_text("Placement created")
    expect(page.locator("table")).to_contain_text("Brightside Foods")

    # A weekly shift next Monday 10:00-12:00: Ann is already booked then, Bob has no availability set.
    page.fill("#js-day", world.next_monday.isoformat())
    page.fill("#js-start", "10:00")
    page.fill("#js-end", "12:00")
    page.fill("#js-repeat-weeks", "2")
    page.locator("#js-create-shift").click()
    expect(page.locator(".tt-ok")).to_contain_text("2 shifts created")
    card = page.locator("[data-shift]").filter(has_text="10:00–12:00").first
    shift_id = card.get_attribute("data-shift")
    card.locator(f"#js-offer-{shift_id}").select_option(label="Ann Lee")
    card.get_by_role("button", name="Offer").click()
    expect(card.locator(f"#js-offer-error-{shift_id}")).to_contain_text("Ann Lee is already booked on")
    card.locator(f"#js-offer-{shift_id}").select_option(label="Bob Ray")
    card.get_by_role("button", name="Offer").click()
    expect(card).to_contain_text("Outside availability")
    _shot(page, "job-shifts")
    assert_accessible(page)
    with Session(db) as s:
        assert s.exec(select(OutboxMessage).where(OutboxMessage.purpose == "shift_offered",
                                                  OutboxMessage.candidate_id == world.bob)).one()

    # Ask Bob whether he could work the other week's shift; he answers from the emailed link on his phone.
    later = page.locator("[data-shift]").filter(has_text="10:00–12:00").nth(1)
    later_id = later.get_attribute("data-shift")
    later.locator(f"#js-offer-{later_id}").select_option(label="Bob Ray")
    later.get_by_role("button", name="Ask if available").click()
    expect(page.locator(".tt-ok")).to_contain_text("Availability question emailed")
    with Session(db) as s:
        body = s.exec(select(OutboxMessage.body_text).where(OutboxMessage.purpose == "availability_check",
                                                            OutboxMessage.candidate_id == world.bob)).one()
    link = re.search(r"/availability-check/\S+", body).group(0)
    answer = new_page(**PIXEL_7) if PIXEL_7 else new_page()
    answer.goto(link)
    expect(answer.locator("#ac-question")).to_contain_text("10:00–12:00")
    assert_accessible(answer)
    answer.locator("#ac-yes").click()
    expect(answer.locator("#ac-done")).to_contain_text("available")
    with Session(db) as s:
        noted = s.exec(select(AvailabilityException).where(AvailabilityException.candidate_id == world.bob)).one()
        assert noted.available and noted.start_date == world.next_monday + timedelta(weeks=1)
    answer.goto(link)
    expect(answer.locator("#ac-dead")).to_be_visible()


def test_candidate_list_filters_who_is_available_on_a_day(db, new_page):
    world = TempWorld(db)
    with Session(db) as s:
        s.add(AvailabilitySlot(agency_id=world.harbour.id, candidate_id=world.bob,
                               weekday=world.next_monday.weekday(), start=time(8), end=time(18)))
        s.commit()
    page = new_page(**DESKTOP)
    login(page, world.harbour.recruiter.email, password=PASSWORD, start="/login?next=%2Fcandidates")
    expect(page.locator("#result-count")).to_contain_text("of 2")
    page.fill("#filter-available", world.next_monday.isoformat())
    expect(page).to_have_url(re.compile(rf"available={world.next_monday.isoformat()}"))
    expect(page.locator("#result-count")).to_contain_text("of 1")
    expect(page.locator("#candidates-table")).to_contain_text("Bob Ray")
    assert_accessible(page)  # the whole filter bar: every control has a name
    page.reload()
    expect(page.locator("#filter-available")).to_have_value(world.next_monday.isoformat())
    expect(page.locator("#result-count")).to_contain_text("of 1")

    # Narrowed to a time range: Bob's 08:00-18:00 covers 09:00-12:00, not 17:00-20:00.
    page.fill("#filter-available-from", "09:00")
    expect(page.locator("#filter-available-error")).to_contain_text("Give both times")
    _shot(page, "candidate-list-time-range")
    expect(page.locator("#filter-available-from")).to_have_value("09:00")  # what was typed stays
    page.fill("#filter-available-to", "12:00")
    expect(page).to_have_url(re.compile(r"available_from=09(%3A|:)00&available_to=12(%3A|:)00"))
    expect(page.locator("#filter-available-error")).to_have_count(0)
    expect(page.locator("#result-count")).to_contain_text("of 1")
    page.fill("#filter-available-from", "17:00")
    page.fill("#filter-available-to", "17:00")
    expect(page.locator("#filter-available-error")).to_contain_text("same as the start")
    page.fill("#filter-available-to", "20:00")
    expect(page).to_have_url(re.compile(r"available_from=17(%3A|:)00&available_to=20(%3A|:)00"))
    expect(page.locator("#filter-available-error")).to_have_count(0)
    expect(page.locator("#no-results")).to_be_visible()
    assert_accessible(page)
    page.reload()
    expect(page.locator("#filter-available-from")).to_have_value("17:00")
    expect(page.locator("#filter-available-to")).to_have_value("20:00")
    expect(page.locator("#no-results")).to_be_visible()


def test_recruiter_asks_a_group_for_availability_and_sees_who_answered(db, new_page, phone):
    """The candidate list's "Ask for availability" emails each selected candidate a single-use link; Bob answers
    in French on his phone, Ann says no with a note; the recruiter's Availability checks page shows who said what."""
    from app.models import Agency, AvailabilityCheck, Candidate

    world = TempWorld(db)
    with Session(db) as s:
        bob = s.get(Candidate, world.bob)
        bob.preferred_language = "fr"
        s.add(bob)
        s.commit()
    first, last = world.next_monday + timedelta(weeks=2), world.next_monday + timedelta(weeks=2, days=4)
    page = new_page(**DESKTOP)
    login(page, world.harbour.recruiter.email, password=PASSWORD, start="/login?next=%2Fcandidates")
    expect(page.locator("#result-count")).to_contain_text("of 2")
    page.get_by_label("Select Ann Lee").click()
    page.get_by_label("Select Bob Ray").click()
    expect(page.locator("#selected-count")).to_contain_text("2")
    page.locator("#bulk-availability-check").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("Each candidate gets an email")
    # A day in the past and only half the hours: errors next to the fields, nothing typed lost.
    page.fill("#bulk-ac-first", (date.today() - timedelta(days=1)).isoformat())
    page.fill("#bulk-ac-last", last.isoformat())
    page.fill("#bulk-ac-start", "08:00")
    page.locator("#bulk-apply").click()
    expect(page.locator("#bulk-ac-first-error")).to_contain_text("already passed")
    expect(page.locator("#bulk-ac-start-error")).to_contain_text("Give both the start and the end time")
    expect(page.locator("#bulk-ac-last")).to_have_value(last.isoformat())
    _shot(page, "availability-check-dialog")
    assert_accessible(page)
    page.fill("#bulk-ac-first", first.isoformat())
    page.fill("#bulk-ac-end", "17:00")
    page.locator("#bulk-apply").click()
    progress = page.locator("#bulk-progress")
    expect(progress).to_have_attribute("data-status", "done", timeout=60_000)
    expect(progress).to_contain_text("2 availability checks emailed")
    page.locator("#progress-checks-link").click()
    expect(page).to_have_url(re.compile(r"/availability-checks"))
    batch = page.locator(".ac-batch").first
    expect(batch).to_contain_text("0 of 2 answered")
    expect(batch).to_contain_text("08:00–17:00")
    assert_accessible(page)

    def link_of(candidate_id) -> str:
        with Session(db) as s:
            body = s.exec(select(OutboxMessage.body_text).where(OutboxMessage.purpose == "availability_check",
                                                                OutboxMessage.candidate_id == candidate_id)).one()
        return re.search(r"/availability-check/\S+", body).group(0)

    answer = new_page(**phone)
    answer.goto(link_of(world.bob))
    expect(answer.locator("h1")).to_have_text("Êtes-vous disponible ?")
    expect(answer.locator("#ac-question")).to_contain_text("08:00–17:00")
    expect(answer.locator("#ac-question")).to_contain_text(" au ")
    assert_accessible(answer)
    answer.locator("#ac-note").fill("Sauf le vendredi après-midi")
    _shot(answer, "availability-check-answer-fr")
    answer.locator("#ac-yes").click()
    expect(answer.locator("#ac-done")).to_contain_text("disponible")
    ann = new_page(**phone)
    ann.goto(link_of(world.ann))
    expect(ann.locator("#ac-question")).to_contain_text("could you work from")
    ann.locator("#ac-no").click()
    expect(ann.locator("#ac-done")).to_contain_text("not available")
    ann.goto(link_of(world.ann))
    expect(ann.locator("#ac-dead")).to_be_visible()

    page.reload()
    batch = page.locator(".ac-batch").first
    expect(batch).to_contain_text("2 of 2 answered · 1 available · 1 not available")
    expect(batch.locator("tr").filter(has_text="Bob Ray")).to_contain_text("Sauf le vendredi")
    expect(batch.locator("tr").filter(has_text="Bob Ray")).to_contain_text("Available")
    expect(batch.locator("tr").filter(has_text="Ann Lee")).to_contain_text("Not available")
    _shot(page, "availability-checks")
    with Session(db) as s:
        noted = s.exec(select(AvailabilityException).where(AvailabilityException.candidate_id == world.bob)).one()
        assert (noted.available, noted.start_date, noted.end_date, noted.start) == (True, first, last, time(8))
        assert len(s.exec(select(AvailabilityCheck).where(AvailabilityCheck.agency_id == world.harbour.id)).all()) == 2

    # The client's approval page speaks the agency's language (French here).
    with Session(db) as s:
        agency = s.get(Agency, world.harbour.id)
        agency.default_language = "fr"
        s.add(agency)
        s.commit()
    from app.services import portal_auth, timesheets

    with Session(db) as s:
        who = portal_auth.CandidateActor(world.ann, world.harbour.id, world.harbour.slug, "Ann Lee", "Ann", "en")
        timesheets.save(s, who, world.placement_id, world.last_week,
                        [{"key": "a", "day": world.last_week.isoformat(), "start": "08:00", "end": "12:00",
                          "break": "", "note": ""}], submit=True)
        s.commit()
    client = new_page(**phone)
    client.goto(_last_approval_link(db))
    expect(client.locator("h1")).to_have_text("Validation du relevé d’heures")
    assert_accessible(client)
    client.locator("#ta-reject").click()
    expect(client.locator("#ta-reason-error")).to_contain_text("Indiquez ce qui ne va pas")
    client.locator("#ta-approve").click()
    expect(client.locator("#ta-done")).to_contain_text("les heures sont validées")
    assert _status(db, world.placement_id, world.last_week) == "approved"

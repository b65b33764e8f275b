"""The recruiter's candidate list: search and filters kept in the URL, bulk actions with progress, CSV export."""

from __future__ import annotations

import csv
import io
import re
import uuid

import httpx
import pytest
from playwright.sync_api import expect
from sqlalchemy import func
from sqlmodel import Session, create_engine, select

from app.models import Agency, BulkJob, Candidate, CandidateTag, Tag
from app.services.auth import COOKIE_NAME
from app.states.candidate_list import CandidateListState
from tests.e2e.conftest import login
from tests.e2e.test_forged_events import ForgedClient, run, session_cookie

pytestmark = pytest.mark.e2e

RECRUITER = "recruiter@northwind.example.com"
VIEWER = "viewer@northwind.example.com"
SOUTH_ADMIN = "admin@southwind.example.com"


@pytest.fixture
def db(server):
    engine = create_engine(server.database_url)
    yield engine
    engine.dispose()


def northwind_count(engine, *where) -> int:
    with Session(engine) as s:
        return s.exec(select(func.count()).select_from(Candidate).join(Agency, Agency.id == Candidate.agency_id)
                      .where(Agency.slug == "northwind", *where)).one()


def test_search_and_filters_are_kept_in_the_url_and_survive_a_reload(page, db):
    login(page, RECRUITER, start="/login?next=%2Fcandidates")
    expect(page.locator("#result-count")).to_contain_text(f"of {northwind_count(db)}")
    page.fill("#candidate-search", "welding")
    expected = northwind_count(db, Candidate.search_text.like("%welding%"))
    expect(page.locator("#result-count")).to_have_text(f"Showing 1–{min(25, expected)} of {expected}")
    expect(page).to_have_url(re.compile(r"/candidates\?q=welding$"))
    page.select_option("#filter-status", "APPLIED")
    with_status = northwind_count(db, Candidate.search_text.like("%welding%"), Candidate.status == "APPLIED")
    expect(page.locator("#result-count")).to_contain_text(f"of {with_status}")
    page.select_option("#sort", "rating")
    expect(page).to_have_url(re.compile(r"q=welding&status=APPLIED&sort=rating"))

    page.reload()
    expect(page.locator("#candidate-search")).to_have_value("welding")
    expect(page.locator("#filter-status")).to_have_value("APPLIED")
    expect(page.locator("#sort")).to_have_value("rating")
    expect(page.locator("#result-count")).to_contain_text(f"of {with_status}")

    page.locator("#clear-filters").first.click()
    expect(page).to_have_url(re.compile(r"/candidates\?sort=rating$"))  # written once the count is in
    everyone = page.locator("#result-count").inner_text().rsplit(" of ", 1)[1]
    page.locator("#next-page").click()
    expect(page.locator("#page-label")).to_have_text(re.compile(r"Page 2 of \d+"))
    expect(page.locator("#result-count")).to_contain_text(f"26–50 of {everyone}")  # the same list keeps its count
    expect(page).to_have_url(re.compile(r"/candidates\?sort=rating&page=2$"))
    first_on_page_two = page.locator("#candidates-table tbody tr").first.get_attribute("data-id")
    page.reload()
    expect(page.locator("#page-label")).to_have_text(re.compile(r"Page 2 of \d+"))
    expect(page.locator("#candidates-table tbody tr").first).to_have_attribute("data-id", first_on_page_two)
    page.locator("#candidates-table tbody tr").first.get_by_role("link").click()
    expect(page).to_have_url(re.compile(rf"/candidates/{first_on_page_two}$"))

    page.goto("/candidates?q=zzzz-nobody-is-called-this")
    expect(page.locator("#no-results")).to_contain_text("No candidates match")


def test_select_all_matching_then_bulk_add_tag_shows_progress_until_done(page, db):
    tag = f"E2E {uuid.uuid4().hex[:6]}"
    login(page, RECRUITER, start="/login?next=%2Fcandidates%3Fstatus%3DIN_PROCESS")
    total = northwind_count(db, Candidate.status == "IN_PROCESS")
    assert total > 25, "the demo data should need more than one page"
    expect(page.locator("#result-count")).to_contain_text(f"of {total}")
    page.locator("#select-page").click()
    expect(page.locator("#selected-count")).to_have_text("25 selected")
    page.locator("#select-all-matching").click()
    expect(page.locator("#all-matching-note")).to_contain_text(f"All {total} matching")
    page.locator("#bulk-add-tag").click()
    page.locator("#bulk-apply").click()
    expect(page.get_by_role("dialog").get_by_role("alert")).to_contain_text("Type a tag name")
    page.fill("#bulk-tag", tag)
    page.locator("#bulk-apply").click()

    progress = page.locator("#bulk-progress")
    expect(progress).to_be_visible()
    expect(progress).to_contain_text(f'Add tag "{tag}"')
    expect(progress).to_have_attribute("data-status", "done", timeout=30_000)
    expect(page.locator("#bulk-count")).to_have_text(f"{total} of {total}")
    tags_cells = page.locator("#candidates-table tbody td.tags-cell")
    expect(tags_cells.first).to_contain_text(tag)
    for cell in tags_cells.all():
        expect(cell).to_contain_text(tag)
    page.locator("#next-page").click()
    expect(page.locator("#page-label")).to_contain_text("Page 2")
    expect(tags_cells.first).to_contain_text(tag)

    with Session(db) as s:
        tagged = s.exec(select(func.count()).select_from(CandidateTag).join(Tag, Tag.id == CandidateTag.tag_id)
                        .where(Tag.name == tag)).one()
    assert tagged == total

    # Back on the page later, the finished job is still shown.
    page.goto("/jobs")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Candidates").click()
    expect(page.locator("#bulk-progress")).to_have_attribute("data-status", "done")


def test_csv_export_downloads_the_matching_rows_for_this_agency_only(page, new_page, db, server, tmp_path):
    login(page, VIEWER, start="/login?next=%2Fcandidates%3Fq%3Dforklift%26sort%3Dname")  # viewers may export
    with Session(db) as s:
        expected = s.exec(select(Candidate.email).join(Agency, Agency.id == Candidate.agency_id)
                          .where(Agency.slug == "northwind", Candidate.search_text.like("%forklift%"))
                          .order_by(Candidate.last_name, Candidate.first_name, Candidate.id)).all()
    expect(page.locator("#result-count")).to_contain_text(f"of {len(expected)}")
    page.locator("#export-csv").click()
    expect(page.locator("#bulk-progress")).to_have_attribute("data-status", "done", timeout=30_000)
    with page.expect_download() as info:
        page.locator("#download-export").click()
    download = info.value
    assert re.fullmatch(r"candidates-\d{8}-\d{4}\.csv", download.suggested_filename)
    path = tmp_path / "export.csv"
    download.save_as(path)
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    assert rows[0][:3] == ["First name", "Last name", "Email"]
    assert [r[2] for r in rows[1:]] == list(expected)
    assert all(r[3].startswith("'+44") for r in rows[1:])  # phone numbers are not formulas

    url = page.locator("#download-export").get_attribute("data-url")
    assert page.request.get(url).status == 200
    outsider = new_page()
    login(outsider, SOUTH_ADMIN)
    assert outsider.request.get(url).status == 404
    assert httpx.get(server.url + url).status_code == 404  # anonymous
    assert page.request.get("/exports/" + str(uuid.uuid4())).status == 404


def test_a_viewer_cannot_run_bulk_writes(page, new_page, db, server):
    login(page, VIEWER, start="/login?next=%2Fcandidates")
    page.locator("#candidates-table tbody tr").first.get_by_role("checkbox").click()
    expect(page.locator("#selected-count")).to_have_text("1 selected")
    expect(page.locator("#bulk-add-tag")).to_have_count(0)
    expect(page.locator("#bulk-flag")).to_have_count(0)
    expect(page.locator("#export-csv")).to_be_enabled()

    # The viewer skips the UI and calls the handlers over the socket.
    cookie = session_cookie(new_page, VIEWER)
    with Session(db) as s:
        target = s.exec(select(Candidate).join(Agency, Agency.id == Candidate.agency_id)
                        .where(Agency.slug == "northwind", Candidate.is_flagged.is_(False))).first()
        jobs_before = s.exec(select(func.count()).select_from(BulkJob)).one()

    async def attack():
        async with await ForgedClient.open(server.url, f"{COOKIE_NAME}={cookie}") as c:
            await c.emit(CandidateListState, "load", pathname="/candidates")
            await c.emit(CandidateListState, "toggle_row", pathname="/candidates", candidate_id=str(target.id),
                         checked=True)
            await c.emit(CandidateListState, "open_bulk", pathname="/candidates", action="flag")
            await c.emit(CandidateListState, "run_action", pathname="/candidates", form={})
            await c.emit(CandidateListState, "select_all_matching", pathname="/candidates")
            await c.emit(CandidateListState, "open_bulk", pathname="/candidates", action="add_tag")
            await c.emit(CandidateListState, "run_action", pathname="/candidates", form={"value": "hacked"})
            return await c.snapshot(pathname="/candidates")

    snapshot = run(attack())
    state = snapshot[CandidateListState.get_full_name()]
    assert any("can view but not change" in str(v) for k, v in state.items() if k.startswith("bulk_error"))
    with Session(db) as s:
        assert s.get(Candidate, target.id).is_flagged is False
        assert s.exec(select(func.count()).select_from(BulkJob)).one() == jobs_before
        assert s.exec(select(Tag).where(Tag.name == "hacked")).first() is None


def test_a_colleagues_bulk_change_refreshes_the_list_keeping_its_view(new_page, db):
    with Session(db) as s:
        target = s.exec(select(Candidate).join(Agency, Agency.id == Candidate.agency_id)
                        .where(Agency.slug == "northwind", Candidate.is_flagged.is_(False))
                        .order_by(Candidate.email.desc())).first()
    start = f"/login?next=%2Fcandidates%3Fq%3D{target.email.replace('@', '%2540')}"
    watcher = new_page()
    login(watcher, "admin@northwind.example.com", start=start)
    row = f'#candidates-table tr[data-id="{target.id}"]'
    expect(watcher.locator(row)).to_be_visible()
    expect(watcher.locator(row).get_by_label("Flagged")).to_have_count(0)

    recruiter = new_page()
    login(recruiter, RECRUITER, start=start)
    recruiter.locator(row).get_by_role("checkbox").click()
    recruiter.locator("#bulk-flag").click()
    recruiter.locator("#bulk-apply").click()
    expect(recruiter.locator("#bulk-progress")).to_have_attribute("data-status", "done")

    expect(watcher.locator(row).get_by_label("Flagged")).to_be_visible(timeout=5000)
    expect(watcher.locator("#candidate-search")).to_have_value(target.email)
    expect(watcher.locator("#result-count")).to_have_text("Showing 1–1 of 1")

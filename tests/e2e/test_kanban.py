"""Jobs and the live pipeline kanban in the browser."""

import re
import uuid

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import login

pytestmark = pytest.mark.e2e

RECRUITER = "recruiter@northwind.example.com"


def _create_job(page, title: str) -> str:
    """Create a job through the dialog (after a refused empty title) and open its board; returns its path."""
    page.locator("#new-job").click()
    dialog = page.get_by_role("dialog")
    page.fill("#job-title", "   ")
    page.fill("#job-location", "Leeds")
    page.select_option("#job-type", "contract")
    page.locator("#save-job").click()
    expect(dialog.get_by_role("alert")).to_contain_text("Title is required")
    expect(page.locator("#job-location")).to_have_value("Leeds")  # nothing typed is lost
    page.fill("#job-title", title)
    page.locator("#save-job").click()
    expect(dialog).to_have_count(0)
    row = page.locator("#jobs-table tr", has_text=title)
    expect(row).to_contain_text("Leeds")
    expect(row).to_contain_text("contract")
    row.get_by_role("link", name=title).click()
    expect(page).to_have_url(re.compile(r"/jobs/[0-9a-f-]{36}"))
    expect(page.locator("#kanban")).to_be_visible()
    return page.url


def _column(page, stage: str):
    return page.locator(f'.kanban-col[data-stage="{stage}"]')


def _busy_job(page) -> None:
    """Open the board of a job that has candidates (the demo data fills Northwind's jobs)."""
    page.goto("/jobs")
    rows = page.locator("#jobs-table tbody tr")
    expect(rows.first).to_be_visible()
    row = next(r for r in rows.all() if int(r.locator("td").nth(2).inner_text()) >= 3)
    row.get_by_role("link").first.click()
    expect(page.locator(".kanban-card").first).to_be_visible()


def test_a_recruiter_creates_a_job_and_edits_it(page):
    title = f"Welder {uuid.uuid4().hex[:5]}"
    login(page, RECRUITER, start="/login?next=%2Fjobs")
    _create_job(page, title)
    expect(page.get_by_role("heading", name=title)).to_be_visible()
    expect(page.locator(".kanban-col")).to_have_count(6)
    page.locator("#edit-job").click()
    expect(page.locator("#job-title")).to_have_value(title)
    page.fill("#job-title", title + " (nights)")
    page.locator("#save-job").click()
    expect(page.get_by_role("heading", name=title + " (nights)")).to_be_visible()
    page.goto("/jobs")
    row = page.locator("#jobs-table tr", has_text=title + " (nights)")
    row.get_by_role("button", name="Close " + title + " (nights)").click()
    page.get_by_role("alertdialog").get_by_role("button", name="Close job").click()
    expect(row).to_contain_text("closed")


def test_cards_move_by_drag_and_keyboard_live_and_rejection_needs_a_reason(page, new_page):
    login(page, RECRUITER, start="/login?next=%2Fjobs")
    _busy_job(page)
    board_url = page.url
    colleague = new_page()
    login(colleague, "admin@northwind.example.com")
    colleague.goto(board_url)
    expect(colleague.locator(".kanban-card").first).to_be_visible()

    # Drag the first card of the first non-empty column to "Offer" (or "Screening" if it is already there).
    card = page.locator(".kanban-card").first
    card_id = card.get_attribute("id")
    source_stage = page.locator(".kanban-col", has=page.locator(f"#{card_id}")).get_attribute("data-stage")
    target = "Offer" if source_stage != "Offer" else "Screening"
    card.drag_to(_column(page, target).locator(".col-header"))
    expect(_column(page, target).locator(f"#{card_id}")).to_be_visible()
    expect(colleague.locator(f'.kanban-col[data-stage="{target}"] #{card_id}')).to_be_visible(timeout=3000)
    page.reload()
    expect(_column(page, target).locator(f"#{card_id}")).to_be_visible()

    # By keyboard: focus the card, tab to its "Move to…" button, tab to a stage and press Enter.
    page.locator(f"#{card_id}").focus()
    page.keyboard.press("Tab")  # the candidate's name
    page.keyboard.press("Tab")  # Move to…
    expect(page.locator(f"#{card_id} .card-move")).to_be_focused()
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_role("button", name=target)).to_be_disabled()  # where the card is now
    for _ in range(10):
        if dialog.get_by_role("button", name="Interview").evaluate("el => el === document.activeElement"):
            break
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(_column(page, "Interview").locator(f"#{card_id}")).to_be_visible()
    expect(page.locator(f"#{card_id}")).to_be_focused()  # focus follows the card
    expect(colleague.locator(f'.kanban-col[data-stage="Interview"] #{card_id}')).to_be_visible(timeout=3000)

    # Rejected asks for a reason; an empty one is refused.
    page.locator(f"#{card_id} .card-move").click()
    dialog.get_by_role("button", name="Rejected").click()
    expect(dialog).to_contain_text("Reject")
    page.locator("#confirm-reject").click()
    expect(dialog.get_by_role("alert")).to_contain_text("Say why")
    expect(_column(page, "Interview").locator(f"#{card_id}")).to_be_visible()
    page.fill("#reject-reason", "Salary expectations too high")
    page.locator("#confirm-reject").click()
    expect(dialog).to_have_count(0)
    expect(_column(page, "Rejected").locator(f"#{card_id}")).to_be_visible()
    expect(colleague.locator(f'.kanban-col[data-stage="Rejected"] #{card_id}')).to_be_visible(timeout=3000)


def test_a_shared_link_highlights_the_card_and_another_agency_cannot_open_the_job(page, new_page):
    login(page, RECRUITER, start="/login?next=%2Fjobs")
    _busy_job(page)
    card = page.locator(".kanban-card").last
    app_id = card.get_attribute("id").removeprefix("card-")
    link = page.url.split("?")[0] + "?application=" + app_id
    page.goto(link)
    highlighted = page.locator(f"#card-{app_id}")
    expect(highlighted).to_have_attribute("data-highlight", "true")
    expect(highlighted).to_be_focused()
    expect(highlighted).to_be_in_viewport()

    outsider = new_page()
    login(outsider, "admin@southwind.example.com")
    outsider.goto(link)
    expect(outsider.get_by_role("heading", name="Job not found", level=1)).to_be_visible()
    expect(outsider.locator(".kanban-card")).to_have_count(0)
    expect(outsider.locator("#main")).not_to_contain_text(page.locator("#main h1").inner_text())


def test_an_admin_shapes_the_pipeline_and_a_stage_in_use_cannot_be_removed(page):
    name = f"Phone {uuid.uuid4().hex[:4]}"
    login(page, "admin@northwind.example.com", start="/login?next=%2Fadmin%2Fstages")
    page.locator("#add-stage").click()
    expect(page.locator("#add-stage").locator("xpath=ancestor::form").get_by_role("alert")).to_contain_text(
        "Name is required")
    page.fill("#new-stage-name", name)
    page.locator("#add-stage").click()
    rows = page.locator("#stages-table tbody tr")
    expect(page.locator(f'#stages-table tr[data-stage="{name}"]')).to_be_visible()
    names = lambda: [r.get_attribute("data-stage") for r in rows.all()]  # noqa: E731
    at = names().index(name)
    assert names()[at + 1] == "Hired"  # a new active stage goes before Hired
    page.get_by_role("button", name=f"Move {name} up").click()
    expect(rows.nth(at - 1)).to_have_attribute("data-stage", name)
    expect(rows.nth(at)).to_have_attribute("data-stage", "Offer")
    expect(page.get_by_role("button", name=f"Move {name} up")).to_be_focused()

    page.get_by_role("button", name="Remove stage New").click()
    page.get_by_role("alertdialog").get_by_role("button", name="Remove stage").click()
    expect(page.get_by_text(re.compile(r"candidates are in “New”. Move them"))).to_be_visible()
    expect(page.locator('#stages-table tr[data-stage="New"]')).to_be_visible()

    page.get_by_role("button", name=f"Remove stage {name}").click()
    page.get_by_role("alertdialog").get_by_role("button", name="Remove stage").click()
    expect(page.locator(f'#stages-table tr[data-stage="{name}"]')).to_have_count(0)

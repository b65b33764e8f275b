"""An admin manages the agency's users in the browser."""

import re
import uuid

import pytest
from playwright.sync_api import expect

from tests.e2e.a11y import assert_accessible
from tests.e2e.conftest import login

pytestmark = pytest.mark.e2e


def _row(page, email):
    return page.locator(f'#users-table tr[data-email="{email}"]')


def test_admin_adds_a_user_after_fixing_a_bad_email_and_the_user_signs_in(page, new_page):
    email = f"temp.{uuid.uuid4().hex[:6]}@northwind.example.com"
    login(page, "admin@northwind.example.com", start="/admin/users")
    expect(page.locator("#users-table")).to_contain_text("Active")
    assert_accessible(page)
    page.locator("#add-user").click()
    page.fill("#new-name", "Tess Temp")
    page.fill("#new-email", "tess-at-northwind")
    page.select_option("#new-role", "viewer")
    page.fill("#new-password", "a-long-password")
    page.locator("#create-user").click()
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_role("alert")).to_contain_text("valid email")
    expect(page.locator("#new-name")).to_have_value("Tess Temp")  # nothing typed is lost
    page.fill("#new-email", email)
    page.fill("#new-password", "a-long-password")
    page.locator("#create-user").click()
    expect(dialog).to_have_count(0)
    expect(_row(page, email)).to_contain_text("Tess Temp")
    expect(_row(page, email).get_by_role("combobox")).to_have_value("viewer")
    expect(page.locator("[data-sonner-toast]")).to_have_count(0, timeout=20_000)  # judged on its own below
    expect(page.locator("#users-table")).to_contain_text("You")
    assert_accessible(page)  # the green "Active" badges and the grey "You" included

    other = new_page()
    login(other, email, password="a-long-password")
    expect(other.locator("#agency-name")).to_have_text("Northwind Staffing")


def test_deactivating_a_user_ends_their_open_session(page, new_page):
    email = f"leaver.{uuid.uuid4().hex[:6]}@northwind.example.com"
    login(page, "admin@northwind.example.com", start="/admin/users")
    page.locator("#add-user").click()
    page.fill("#new-name", "Leo Leaver")
    page.fill("#new-email", email)
    page.fill("#new-password", "a-long-password")
    page.locator("#create-user").click()
    expect(_row(page, email)).to_be_visible()

    leaver = new_page()
    login(leaver, email, password="a-long-password")

    _row(page, email).get_by_role("button", name="Deactivate").click()
    page.get_by_role("alertdialog").get_by_role("button", name="Deactivate").click()
    expect(_row(page, email)).to_contain_text("Deactivated")

    leaver.get_by_role("navigation", name="Main").get_by_role("link", name="Jobs").click()
    expect(leaver).to_have_url(re.compile(r"/login"))
    leaver.fill("#email", email)
    leaver.fill("#password", "a-long-password")
    leaver.click("#sign-in")
    expect(leaver.locator("#login-error")).to_contain_text("deactivated")


def test_role_change_takes_effect_on_the_next_page(page, new_page):
    email = f"promo.{uuid.uuid4().hex[:6]}@northwind.example.com"
    login(page, "admin@northwind.example.com", start="/admin/users")
    page.locator("#add-user").click()
    page.fill("#new-name", "Pat Promoted")
    page.fill("#new-email", email)
    page.select_option("#new-role", "recruiter")
    page.fill("#new-password", "a-long-password")
    page.locator("#create-user").click()
    expect(_row(page, email)).to_be_visible()

    promoted = new_page()
    login(promoted, email, password="a-long-password")
    promoted.goto("/admin/users")
    expect(promoted).to_have_url(re.compile(r"/forbidden"))

    _row(page, email).get_by_role("combobox").select_option("admin")
    page.reload()
    expect(_row(page, email).get_by_role("combobox")).to_have_value("admin")
    promoted.goto("/admin/users")
    expect(promoted.locator("#users-table")).to_contain_text(email)

"""Signing in and out, roles and navigation, as a person does it in Chromium."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import login

pytestmark = pytest.mark.e2e


def test_anonymous_visitor_is_sent_to_login_and_back(page):
    page.goto("/jobs")
    expect(page).to_have_url(re.compile(r"/login/?\?next=%2Fjobs"))
    page.fill("#email", "recruiter@northwind.example.com")
    page.fill("#password", "candor-demo")
    page.click("#sign-in")
    expect(page).to_have_url(re.compile(r"/jobs/?$"))
    expect(page.locator("#jobs-table")).to_be_visible()
    expect(page.locator("#agency-name")).to_have_text("Northwind Staffing")


def test_wrong_password_and_unknown_user_get_the_same_clear_message(page):
    page.goto("/login")
    page.fill("#email", "admin@northwind.example.com")
    page.fill("#password", "not-the-password")
    page.click("#sign-in")
    expect(page.locator("#login-error")).to_have_text("Wrong email or password.")
    expect(page.locator("#email")).to_have_value("admin@northwind.example.com")  # nothing typed is lost
    page.fill("#email", "nobody@northwind.example.com")
    page.fill("#password", "candor-demo")
    page.click("#sign-in")
    expect(page.locator("#login-error")).to_have_text("Wrong email or password.")


def test_session_cookie_is_httponly_and_invisible_to_scripts(page):
    login(page, "recruiter@northwind.example.com")
    assert page.evaluate("document.cookie") == ""
    assert page.evaluate("JSON.stringify(window.localStorage)").find("candor_session") == -1
    cookie = next(c for c in page.context.cookies() if c["name"] == "candor_session")
    assert cookie["httpOnly"] is True and cookie["sameSite"] == "Lax"


def test_admin_sees_admin_navigation_and_manages_users(page):
    login(page, "admin@northwind.example.com")
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link", name="Users")).to_be_visible()
    nav.get_by_role("link", name="Users").click()
    expect(page.locator("#users-table")).to_contain_text("recruiter@northwind.example.com")
    expect(page.locator("#users-table")).not_to_contain_text("southwind")


def test_recruiter_has_no_admin_navigation_and_is_refused_admin_pages(page):
    login(page, "recruiter@northwind.example.com")
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link", name="Candidates")).to_be_visible()
    expect(nav.get_by_role("link", name="Users")).to_have_count(0)
    page.goto("/admin/users")
    expect(page).to_have_url(re.compile(r"/forbidden/?$"))
    expect(page.get_by_role("heading", name="You don't have access to this page")).to_be_visible()


def test_viewer_signs_in_with_the_viewer_role(page):
    login(page, "viewer@northwind.example.com")
    page.locator("#user-menu").click()
    expect(page.locator("#user-role")).to_have_text("viewer")
    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="Users")).to_have_count(0)


def test_sign_out_revokes_the_session_even_if_the_cookie_is_replayed(page, new_page):
    login(page, "recruiter@northwind.example.com")
    stolen = [c for c in page.context.cookies() if c["name"] == "candor_session"]
    page.locator("#user-menu").click()
    page.locator("#sign-out").click()
    expect(page).to_have_url(re.compile(r"/login/?\?signed_out=1"))
    expect(page.get_by_text("You have been signed out.")).to_be_visible()
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/login"))
    replay = new_page()
    replay.context.add_cookies(stolen)
    replay.goto("/candidates")
    expect(replay).to_have_url(re.compile(r"/login/?\?next=%2Fcandidates"))


def test_tampered_cookie_is_sent_to_login(page, server):
    page.context.add_cookies([{"name": "candor_session", "value": "forged-token", "url": server.url}])
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/login"))


def test_other_agency_sees_only_its_own_data(page):
    login(page, "admin@southwind.example.com")
    expect(page.locator("#agency-name")).to_have_text("Southwind Talent")
    page.goto("/admin/users")
    expect(page.locator("#users-table")).to_contain_text("admin@southwind.example.com")
    expect(page.locator("#users-table")).not_to_contain_text("northwind")
    page.goto("/jobs")
    expect(page.locator("#jobs-table tbody tr")).to_have_count(5)


def test_signed_in_user_opening_login_goes_to_the_workspace(page):
    login(page, "recruiter@northwind.example.com")
    page.goto("/login?next=%2Fjobs")
    expect(page).to_have_url(re.compile(r"/jobs/?$"))
    expect(page.locator("#jobs-table")).to_be_visible()

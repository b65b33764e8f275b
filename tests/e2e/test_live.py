"""What one person does appears on a colleague's screen without a reload, and never in another agency."""

import functools
import uuid

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import login

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("topology", ["server", "redis_server"])
def test_a_colleagues_change_appears_live_on_the_dashboard_but_not_in_another_agency(request, new_page, topology):
    """Works with one process, and with two workers sharing Redis (tabs on different workers)."""
    base = request.getfixturevalue(topology).url
    new_page = functools.partial(new_page, base)
    watcher = new_page()
    login(watcher, "recruiter@northwind.example.com", start="/login?next=%2F")
    expect(watcher.locator("#counters")).to_be_visible()
    outsider = new_page()
    login(outsider, "admin@southwind.example.com", start="/login?next=%2F")
    expect(outsider.locator("#counters")).to_be_visible()

    admin = new_page()
    email = f"live.{uuid.uuid4().hex[:6]}@northwind.example.com"
    login(admin, "admin@northwind.example.com", start="/admin/users")
    admin.locator("#add-user").click()
    admin.fill("#new-name", "Liv Live")
    admin.fill("#new-email", email)
    admin.fill("#new-password", "a-long-password")
    admin.locator("#create-user").click()
    expect(admin.locator(f'#users-table tr[data-email="{email}"]')).to_be_visible()

    expect(watcher.get_by_text(f"Nora Admin added the user {email}")).to_be_visible(timeout=5000)
    expect(outsider.get_by_text(email)).to_have_count(0)

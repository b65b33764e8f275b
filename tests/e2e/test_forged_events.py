"""Forged socket events: staff who skip the UI and call Reflex event handlers themselves.

The page only offers the buttons a user's role allows, but the websocket accepts any handler name and any
arguments. These tests log in through Chromium, take the HttpOnly session cookie, and then talk to the
Reflex socket with a small client of their own. The server must re-check the caller on every event. A
forged agency id or a missing role must return no data and change nothing in the database.
"""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest
from sqlalchemy import func
from sqlmodel import Session, select

from app.models import ActivityEvent, StaffSession, User
from app.services.auth import COOKIE_NAME
from app.services.security import hash_token, new_token
from app.states.admin_users import AdminUsersState
from app.states.dashboard import DashboardState
from app.states.jobs import JobsState
from app.states.session import SessionState
from tests.e2e.forging import (NORTH_ADMIN, NORTH_RECRUITER, NORTH_VIEWER, SOUTH_ADMIN, ForgedClient,  # noqa: F401
                               agency_emails, db, run, session_cookie, user_id, user_role, var)

pytestmark = pytest.mark.e2e

ADMIN_ONLY = "Only an agency admin can do that."
NOT_FOUND = "User not found."
MALLORY = {"name": "Mallory Forged", "email": "mallory@northwind.example.com", "role": "admin",
           "password": "forged-password-123"}


def world(engine) -> dict[str, Any]:
    """Everything a forged user-management call could change: users, the audit trail, revoked sessions."""
    with Session(engine) as s:
        users = {u.email: (str(u.id), str(u.agency_id), u.name, u.role, u.is_active, u.password_hash)
                 for u in s.exec(select(User))}
        activity = s.exec(select(func.count()).select_from(ActivityEvent)).one()
        revoked = s.exec(select(func.count()).select_from(StaffSession)
                         .where(StaffSession.revoked_at.is_not(None))).one()
    return {"users": users, "activity_events": activity, "revoked_sessions": revoked}


# --- the tests ---------------------------------------------------------------------------------


def test_admin_cannot_change_or_see_another_agencys_user(server, new_page, db):
    cookie = session_cookie(new_page, NORTH_ADMIN)
    south_id = user_id(db, SOUTH_ADMIN)
    before = world(db)

    async def attack():
        async with await ForgedClient.open(server.url, f"{COOKIE_NAME}={cookie}") as c:
            await c.emit(AdminUsersState, "change_role", user_id=south_id, role="viewer")
            await c.emit(AdminUsersState, "change_role", user_id=south_id.upper(), role="recruiter")
            await c.emit(AdminUsersState, "deactivate", user_id=south_id)
            await c.emit(AdminUsersState, "load")
            return c, await c.snapshot()

    c, snapshot = run(attack())

    # Every forged call reached the handler and was refused by the tenancy check itself. It was not
    # refused by some other rule, such as the last-admin guard.
    assert c.toasts() == [("error", NOT_FOUND)] * 3
    # The socket really acted as the northwind admin: load returned northwind's users and no one else.
    assert {row["email"] for row in var(snapshot, AdminUsersState, "rows")} == agency_emails(db, NORTH_ADMIN)
    for secret in ("southwind", "Sam Southwind", south_id):
        assert secret.lower() not in c.text.lower(), f"{secret!r} reached the northwind admin's socket"
    assert user_role(db, SOUTH_ADMIN) == ("admin", True)
    assert world(db) == before


@pytest.mark.parametrize(
    ("attacker", "victim"), [(NORTH_RECRUITER, NORTH_VIEWER), (NORTH_VIEWER, NORTH_RECRUITER)],
    ids=["recruiter", "viewer"])
def test_non_admin_cannot_call_admin_handlers(server, new_page, db, attacker, victim):
    cookie = session_cookie(new_page, attacker)
    victim_id, own_id, admin_id = user_id(db, victim), user_id(db, attacker), user_id(db, NORTH_ADMIN)
    victim_before = user_role(db, victim)
    before = world(db)

    async def attack():
        async with await ForgedClient.open(server.url, f"{COOKIE_NAME}={cookie}") as c:
            await c.emit(AdminUsersState, "change_role", user_id=victim_id, role="admin")
            await c.emit(AdminUsersState, "change_role", user_id=own_id, role="admin")  # promote oneself
            await c.emit(AdminUsersState, "deactivate", user_id=victim_id)
            await c.emit(AdminUsersState, "deactivate", user_id=admin_id)
            await c.emit(AdminUsersState, "create", form=MALLORY)
            await c.emit(AdminUsersState, "load")
            return c, await c.snapshot()

    c, snapshot = run(attack())

    assert c.toasts() == [("error", ADMIN_ONLY)] * 5
    assert var(snapshot, AdminUsersState, "rows") == []
    assert "@northwind.example.com" not in c.text and "@southwind.example.com" not in c.text
    assert user_role(db, victim) == victim_before
    assert user_role(db, attacker)[0] != "admin"
    assert MALLORY["email"] not in world(db)["users"]
    assert world(db) == before


FORGERIES = {
    "no-cookie": lambda real: (None, None),
    "random-token": lambda real: (f"{COOKIE_NAME}={new_token()[0]}", None),
    "tampered-token": lambda real: (f"{COOKIE_NAME}={real[:-1]}{'A' if real[-1] != 'A' else 'B'}", None),
    # The value the database stores. Someone who read the sessions table must not be able to sign in with it.
    "stored-hash": lambda real: (f"{COOKIE_NAME}={hash_token(real)}", None),
    # A cookie smuggled in the event's router_data instead of the socket's own HTTP headers.
    "router-data-headers": lambda real: (None, {"cookie": f"{COOKIE_NAME}={real}"}),
}


@pytest.mark.parametrize("forgery", list(FORGERIES))
def test_missing_or_forged_cookie_gets_no_data_and_changes_nothing(server, new_page, db, forgery):
    real = session_cookie(new_page, NORTH_ADMIN)  # a live admin session, so the forgeries have something to copy
    cookie_header, smuggled_headers = FORGERIES[forgery](real)
    viewer_id = user_id(db, NORTH_VIEWER)
    before = world(db)

    def route(pathname):
        data = {"pathname": pathname, "asPath": pathname}
        if smuggled_headers:
            data["headers"] = smuggled_headers
        return data

    async def attack():
        async with await ForgedClient.open(server.url, cookie_header) as c:
            await c.emit(AdminUsersState, "load", router_data=route("/admin/users"))
            await c.emit(DashboardState, "load", router_data=route("/"))
            await c.emit(JobsState, "load", router_data=route("/jobs"))
            await c.emit(AdminUsersState, "change_role", router_data=route("/admin/users"),
                         user_id=viewer_id, role="admin")
            await c.emit(AdminUsersState, "create", router_data=route("/admin/users"), form=MALLORY)
            return c, await c.snapshot()

    c, snapshot = run(attack())

    # Both forged writes were answered with a refusal: a sign-in redirect or the admin-only toast.
    answers = c.answers()
    assert len(answers) == 2, answers
    for answer in answers:
        assert answer == ("error", ADMIN_ONLY) or (answer[0] == "redirect" and answer[1].startswith("/login")), \
            answers
    assert var(snapshot, AdminUsersState, "rows") == []
    assert var(snapshot, JobsState, "jobs") == []
    assert var(snapshot, DashboardState, "loaded") is False
    for figure in ("open_jobs", "candidates_total", "candidates_in_process"):
        assert var(snapshot, DashboardState, figure) == 0
    assert var(snapshot, DashboardState, "per_stage") == []
    assert var(snapshot, DashboardState, "recent") == []
    assert "@northwind.example.com" not in c.text and "@southwind.example.com" not in c.text
    assert real not in c.text
    assert user_role(db, NORTH_VIEWER) == ("viewer", True)
    assert world(db) == before


def test_control_the_same_client_with_an_admin_cookie_does_reach_the_handlers(server, new_page, db):
    """Without this, the tests above would also pass if the forged client never reached a handler."""
    cookie = session_cookie(new_page, NORTH_ADMIN)
    viewer_id = user_id(db, NORTH_VIEWER)
    activity_before = world(db)["activity_events"]
    seen: dict[str, Any] = {}

    async def legitimate():
        async with await ForgedClient.open(server.url, f"{COOKIE_NAME}={cookie}") as c:
            await c.emit(AdminUsersState, "change_role", user_id=viewer_id, role="recruiter")
            seen["rows"] = var(await c.snapshot(), AdminUsersState, "rows")
            seen["db_role"] = user_role(db, NORTH_VIEWER)
            await c.emit(AdminUsersState, "change_role", user_id=viewer_id, role="viewer")
            await c.emit(DashboardState, "load", pathname="/")
            await c.emit(JobsState, "load", pathname="/jobs")
            return c, await c.snapshot()

    try:
        c, snapshot = run(legitimate())
    finally:
        if user_role(db, NORTH_VIEWER)[0] != "viewer":  # leave the demo data as the other tests expect it
            with Session(db) as s:
                user = s.exec(select(User).where(User.email == NORTH_VIEWER)).one()
                user.role = "viewer"
                s.add(user)
                s.commit()

    assert seen["db_role"] == ("recruiter", True)
    assert {r["email"]: r["role"] for r in seen["rows"]}[NORTH_VIEWER] == "recruiter"
    assert {r["email"]: r["role"] for r in var(snapshot, AdminUsersState, "rows")}[NORTH_VIEWER] == "viewer"
    assert user_role(db, NORTH_VIEWER) == ("viewer", True)
    assert world(db)["activity_events"] == activity_before + 2
    assert c.toasts() == []
    assert var(snapshot, DashboardState, "loaded") is True
    assert var(snapshot, DashboardState, "candidates_total") > 0
    assert var(snapshot, JobsState, "jobs") != []


@pytest.mark.parametrize("replay_with", ["no_cookie", "revoked_cookie", "other_agency_cookie"])
def test_a_tabs_stored_state_is_not_replayed_to_another_session(server, new_page, db, replay_with):
    """Reflex keeps a tab's state under its token; reconnecting with that token must not hand it over."""
    tab = str(uuid.uuid4())
    admin = f"{COOKIE_NAME}={session_cookie(new_page, NORTH_ADMIN)}"
    other = f"{COOKIE_NAME}={session_cookie(new_page, 'admin@southwind.example.com')}"

    async def fill_then_replay():
        async with await ForgedClient.open(server.url, admin, tab) as c:
            await c.emit(AdminUsersState, "load")
            filled = await c.snapshot()
        if replay_with == "revoked_cookie":
            httpx.post(server.url + "/auth/logout", headers={"Cookie": admin}, follow_redirects=False)
        cookie = {"no_cookie": None, "revoked_cookie": admin, "other_agency_cookie": other}[replay_with]
        async with await ForgedClient.open(server.url, cookie, tab) as c:
            return filled, await c.snapshot(), c.text

    filled, replayed, text = run(fill_then_replay())

    assert any(row["email"] == NORTH_ADMIN for row in var(filled, AdminUsersState, "rows"))  # control
    assert var(replayed, AdminUsersState, "rows") == []
    assert var(replayed, SessionState, "user_email") != NORTH_ADMIN
    assert NORTH_ADMIN not in text and NORTH_RECRUITER not in text

"""Forged socket events: staff who skip the UI and call Reflex event handlers themselves.

The page only offers the buttons a user's role allows, but the websocket accepts any handler name and any
arguments. These tests log in through Chromium, take the HttpOnly session cookie, and then talk to the
Reflex socket with a small client of their own. The server must re-check the caller on every event. A
forged agency id or a missing role must return no data and change nothing in the database.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import json
import re
import uuid
from typing import Any

import httpx
import pytest
import reflex as rx
import simple_websocket
from reflex_base.constants.state import FIELD_MARKER
from socketio import packet as sio_packet
from sqlalchemy import func
from sqlmodel import Session, create_engine, select

from app.models import ActivityEvent, StaffSession, User
from app.services.auth import COOKIE_NAME
from app.services.security import hash_token, new_token
from app.states.admin_users import AdminUsersState
from app.states.dashboard import DashboardState
from app.states.jobs import JobsState
from app.states.session import SessionState
from tests.e2e.conftest import login

pytestmark = pytest.mark.e2e

NORTH_ADMIN = "admin@northwind.example.com"
NORTH_RECRUITER = "recruiter@northwind.example.com"
NORTH_VIEWER = "viewer@northwind.example.com"
SOUTH_ADMIN = "admin@southwind.example.com"

ADMIN_ONLY = "Only an agency admin can do that."
NOT_FOUND = "User not found."
MALLORY = {"name": "Mallory Forged", "email": "mallory@northwind.example.com", "role": "admin",
           "password": "forged-password-123"}

EVENT_PATH = str(rx.constants.Endpoint.EVENT)  # "/_event": the websocket path and the Socket.IO namespace
TIMEOUT = 15.0


# --- a hand-rolled Reflex socket client --------------------------------------------------------------


class _WebSocket(simple_websocket.AioClient):
    async def handshake(self):
        await super().handshake()
        # simple-websocket takes only the handshake answer from the first read. Frames that came in the
        # same TCP segment (such as the Engine.IO open packet) would otherwise wait for the next read.
        await self._handle_events()


class ForgedClient:
    """Talks to the Reflex event socket like the compiled frontend does, except that we choose what it sends.

    The Engine.IO and Socket.IO framing follows `.web/utils/state.js`: a websocket to
    `/_event/?EIO=4&transport=websocket&token=<tab token>` with the Reflex version as subprotocol, the
    `/_event` namespace, and `"event"` packets holding `{name, payload, router_data}`. The server answers
    with `"event"` packets holding `{delta, events}`. All of them are kept in `updates` and `raw`.

    python-socketio's AsyncClient needs aiohttp, which Candor does not install. So the frames go over
    simple-websocket, which python-engineio already depends on.
    """

    def __init__(self, ws: _WebSocket):
        self.ws = ws
        self.updates: list[dict[str, Any]] = []
        self.raw: list[str] = []

    @classmethod
    async def open(cls, base_url: str, cookie_header: str | None, tab_token: str | None = None) -> ForgedClient:
        url = base_url.replace("http", "ws", 1) + \
            f"{EVENT_PATH}/?EIO=4&transport=websocket&token={tab_token or uuid.uuid4()}"
        headers = {"Origin": base_url}
        if cookie_header is not None:
            headers["Cookie"] = cookie_header
        ws = await asyncio.wait_for(
            _WebSocket.connect(url, subprotocols=[rx.constants.Reflex.VERSION], headers=headers),
            TIMEOUT)
        client = cls(ws)
        deadline = client._deadline(TIMEOUT)
        kind, _ = await client._engineio(deadline)
        assert kind == "0", "no Engine.IO open packet"
        await client._send(sio_packet.Packet(sio_packet.CONNECT, namespace=EVENT_PATH))
        while True:
            packet = await client._socketio(deadline)
            if packet.packet_type == sio_packet.CONNECT:
                break
            assert packet.packet_type != sio_packet.CONNECT_ERROR, f"namespace refused: {packet.data}"
        # The browser hydrates first too. Doing it here means that every later snapshot() answers
        # only the events sent after it.
        await client.snapshot()
        return client

    async def __aenter__(self) -> ForgedClient:
        return self

    async def __aexit__(self, *exc) -> None:
        try:
            await self._send(sio_packet.Packet(sio_packet.DISCONNECT, namespace=EVENT_PATH))
            await self.ws.close()
        except simple_websocket.ConnectionClosed:
            pass

    async def emit(self, state: type[rx.State], handler: str, *, pathname: str = "/admin/users",
                   router_data: dict | None = None, **payload: Any) -> None:
        """Call `state.handler(**payload)` the way a page on `pathname` would, without waiting for an answer."""
        event = {"name": f"{state.get_full_name()}.{handler}", "payload": payload,
                 "router_data": router_data if router_data is not None else {"pathname": pathname,
                                                                             "asPath": pathname}}
        await self._send(sio_packet.Packet(sio_packet.EVENT, data=["event", event], namespace=EVENT_PATH))

    async def snapshot(self, pathname: str = "/admin/users") -> dict[str, dict[str, Any]]:
        """This tab's whole server-side state, after every event sent before has been handled.

        `State.hydrate` makes the server send its full state. A token's events are handled one at a time
        and in order, so the hydrate answer also means the events before it are done. Only a hydrate
        answer sets the root `is_hydrated` var, which is how the answer is recognized.
        """
        await self.emit(rx.State, "hydrate", pathname=pathname)
        deadline = self._deadline(TIMEOUT)
        root, marker = rx.State.get_full_name(), "is_hydrated" + FIELD_MARKER
        while True:
            delta = (await self._update(deadline)).get("delta") or {}
            if marker in delta.get(root, {}):
                return delta

    def toasts(self) -> list[tuple[str, str]]:
        """(level, message) of every toast the server asked this tab to show, in order."""
        return [a for a in self.answers() if a[0] != "redirect"]

    def answers(self) -> list[tuple[str, str]]:
        """What the server told the page to do, in order: (toast level, message) or ("redirect", path)."""
        found = []
        for update in self.updates:
            for event in update.get("events") or []:
                payload = event.get("payload") or {}
                if event.get("name") == "_redirect":
                    found.append(("redirect", str(payload.get("path", ""))))
                    continue
                code = str(payload.get("function", ""))
                found += re.findall(r"""refs\['__toast'\]\?\.\["(\w+)"\]\("((?:[^"\\]|\\.)*)"\)""", code)
        return found

    @property
    def text(self) -> str:
        """Everything the server sent, for 'this string never reached the client' checks."""
        return "\n".join(self.raw)

    # Wire details.

    @staticmethod
    def _deadline(seconds: float) -> float:
        return asyncio.get_running_loop().time() + seconds

    async def _send(self, packet: sio_packet.Packet) -> None:
        await self.ws.send("4" + packet.encode())  # Engine.IO "message" + Socket.IO packet

    async def _engineio(self, deadline: float) -> tuple[str, str]:
        while True:
            remaining = deadline - asyncio.get_running_loop().time()
            if remaining <= 0:
                raise TimeoutError("the server did not answer in time")
            message = await self.ws.receive(timeout=remaining)
            if message is None:
                continue
            assert isinstance(message, str), "unexpected binary frame"
            kind, data = message[:1], message[1:]
            if kind == "2":  # ping: answer, or the server drops us
                await self.ws.send("3")
                continue
            if kind == "1":
                raise ConnectionError("the server closed the socket")
            return kind, data

    async def _socketio(self, deadline: float) -> sio_packet.Packet:
        while True:
            kind, data = await self._engineio(deadline)
            if kind == "4":
                return sio_packet.Packet(encoded_packet=data)

    async def _update(self, deadline: float) -> dict[str, Any]:
        while True:
            packet = await self._socketio(deadline)
            if packet.packet_type == sio_packet.DISCONNECT:
                raise ConnectionError("the server disconnected the namespace")
            if packet.packet_type == sio_packet.EVENT and packet.data and packet.data[0] == "event":
                update = packet.data[1]
                self.updates.append(update)
                self.raw.append(json.dumps(update))
                return update


def run(coro):
    """Run a socket scenario on its own event loop, away from the thread that runs sync Playwright."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coro).result(timeout=120)


def var(snapshot: dict, state: type[rx.State], name: str) -> Any:
    return snapshot[state.get_full_name()][name + FIELD_MARKER]


# --- the database: ids to forge, and proof that nothing changed ---------------------------------


@pytest.fixture
def db(server):
    engine = create_engine(server.database_url)
    yield engine
    engine.dispose()


def user_id(engine, email: str) -> str:
    with Session(engine) as s:
        return str(s.exec(select(User.id).where(User.email == email)).one())


def agency_emails(engine, email: str) -> set[str]:
    """Every email in the agency of the user with this email (other tests may have added users)."""
    with Session(engine) as s:
        agency_id = s.exec(select(User.agency_id).where(User.email == email)).one()
        return set(s.exec(select(User.email).where(User.agency_id == agency_id)))


def user_role(engine, email: str) -> tuple[str, bool]:
    with Session(engine) as s:
        user = s.exec(select(User).where(User.email == email)).one()
        return user.role, user.is_active


def world(engine) -> dict[str, Any]:
    """Everything a forged user-management call could change: users, the audit trail, revoked sessions."""
    with Session(engine) as s:
        users = {u.email: (str(u.id), str(u.agency_id), u.name, u.role, u.is_active, u.password_hash)
                 for u in s.exec(select(User))}
        activity = s.exec(select(func.count()).select_from(ActivityEvent)).one()
        revoked = s.exec(select(func.count()).select_from(StaffSession)
                         .where(StaffSession.revoked_at.is_not(None))).one()
    return {"users": users, "activity_events": activity, "revoked_sessions": revoked}


def session_cookie(new_page, email: str) -> str:
    """Sign in through the real form in a fresh browser context and take the HttpOnly cookie's value."""
    page = new_page()
    login(page, email)
    return next(c["value"] for c in page.context.cookies() if c["name"] == COOKIE_NAME)


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

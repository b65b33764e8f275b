"""Shared by the forged-event tests: a Reflex socket client whose events we choose, and DB helpers.

See test_forged_events.py for why: every handler is callable from any socket with any arguments.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import json
import re
import uuid
from typing import Any

import pytest
import reflex as rx
import simple_websocket
from reflex_base.constants.state import FIELD_MARKER
from socketio import packet as sio_packet
from sqlmodel import Session, create_engine, select

from app.models import User
from app.services.auth import COOKIE_NAME
from tests.e2e.conftest import login

NORTH_ADMIN = "admin@northwind.example.com"
NORTH_RECRUITER = "recruiter@northwind.example.com"
NORTH_VIEWER = "viewer@northwind.example.com"
SOUTH_ADMIN = "admin@southwind.example.com"

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
        self.sent: list[str] = []  # every event we sent, as JSON (what the server may echo back to us)

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
        self.sent.append(json.dumps(event))
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


def session_cookie(new_page, email: str) -> str:
    """Sign in through the real form in a fresh browser context and take the HttpOnly cookie's value."""
    page = new_page()
    login(page, email)
    return next(c["value"] for c in page.context.cookies() if c["name"] == COOKIE_NAME)

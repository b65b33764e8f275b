"""A Reflex tab over python-socketio (asyncio client, aiohttp websocket), for the benchmark suite.

Protocol (../shared/notes/toolchain.md): a websocket to `/_event/?token=<tab token>` (Socket.IO path and
namespace `/_event`), the Reflex version as websocket subprotocol, the session cookie in the handshake, and
`"event"` packets `{name, payload, router_data}`; the server answers with `"event"` packets `{delta, events}`.
A tab's events are handled one at a time, in order, so a client with one event in flight can time it as
"emit until the update that carries the var the handler changes".
"""

from __future__ import annotations

import asyncio
import time
import uuid
from typing import Any

import reflex as rx
import socketio
from reflex_base.constants.state import FIELD_MARKER

EVENT_PATH = "/_event"


class Tab:
    def __init__(self, base_url: str, cookie: str | None, token: str | None = None):
        self.base_url = base_url
        self.cookie = cookie
        self.token = token or str(uuid.uuid4())
        self.sio = socketio.AsyncClient(reconnection=False, request_timeout=30)
        self.updates: asyncio.Queue = asyncio.Queue()
        self.sio.on("event", self._on_event, namespace=EVENT_PATH)
        self.disconnected = False
        self.sio.on("disconnect", self._on_disconnect, namespace=EVENT_PATH)

    async def _on_event(self, data):
        self.updates.put_nowait((time.perf_counter(), data))

    async def _on_disconnect(self, *_args):
        self.disconnected = True

    async def connect(self, timeout: float = 60) -> Tab:
        headers = {"Origin": self.base_url, "Sec-WebSocket-Protocol": rx.constants.Reflex.VERSION}
        if self.cookie:
            headers["Cookie"] = self.cookie
        await asyncio.wait_for(self.sio.connect(
            f"{self.base_url}?token={self.token}", socketio_path=EVENT_PATH, transports=["websocket"],
            namespaces=[EVENT_PATH], headers=headers, wait_timeout=timeout), timeout)
        return self

    async def close(self) -> None:
        try:
            await self.sio.disconnect()
        except Exception:
            pass

    async def emit(self, state: type[rx.State] | str, handler: str, router: dict | None = None, **payload) -> float:
        name = state if isinstance(state, str) else state.get_full_name()
        event = {"name": f"{name}.{handler}", "payload": payload,
                 "router_data": router or {"pathname": "/candidates", "asPath": "/candidates", "query": {}}}
        sent = time.perf_counter()
        await self.sio.emit("event", event, namespace=EVENT_PATH)
        return sent

    def drain(self) -> None:
        while not self.updates.empty():
            self.updates.get_nowait()

    async def wait_for(self, state: type[rx.State] | None, var: str | None, timeout: float = 30) -> tuple[float, dict]:
        """The next update whose delta holds state.var (any update when var is None): (arrival time, delta)."""
        deadline = time.perf_counter() + timeout
        key = (state.get_full_name(), var + FIELD_MARKER) if state is not None and var else None
        while True:
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                raise TimeoutError(f"no update with {var} within {timeout} s")
            at, data = await asyncio.wait_for(self.updates.get(), remaining)
            delta = (data or {}).get("delta") or {}
            if key is None or key[1] in delta.get(key[0], {}):
                return at, delta

    async def call(self, state, handler: str, wait_var: str | None, router: dict | None = None,
                   timeout: float = 30, **payload) -> tuple[float, dict]:
        """Emit and wait for the answer: (milliseconds, delta)."""
        self.drain()
        sent = await self.emit(state, handler, router, **payload)
        at, delta = await self.wait_for(state if wait_var else None, wait_var, timeout)
        return (at - sent) * 1000, delta

    async def hydrate(self, router: dict | None = None, timeout: float = 60) -> dict:
        self.drain()
        await self.emit(rx.State, "hydrate", router)
        _at, delta = await self.wait_for(rx.State, "is_hydrated", timeout)
        return delta


def value(delta: dict, state: type[rx.State], var: str) -> Any:
    return delta.get(state.get_full_name(), {}).get(var + FIELD_MARKER)

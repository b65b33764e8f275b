"""Sends due emails every 2 seconds, expires old links and sends reminders, for as long as the app runs.

Every backend worker runs these loops; the outbox's claims make sure each message still leaves once.
"""

from __future__ import annotations

import asyncio
import logging
import time

from app.db import session_scope
from app.services import email, profile_requests, timesheets

log = logging.getLogger(__name__)
SEND_EVERY = 2.0  # seconds between outbox polls
HOUSEKEEPING_EVERY = 60.0


def send_due_emails() -> set:
    """Hand every due message to the backend, 100 at a time; returns the agencies whose messages changed."""
    touched: set = set()
    while True:
        with session_scope() as session:
            counts = email.deliver_due(session, touched=touched)
        if sum(counts.values()) < email.BATCH_SIZE:
            return touched


def housekeeping() -> None:
    with session_scope() as session:
        profile_requests.expire_overdue(session)
        profile_requests.send_reminders(session)
    with session_scope() as session:
        timesheets.send_reminders(session)  # missing timesheets, waiting client approvers


async def _tell_screens(agency_ids: set) -> None:
    from app.states import live

    for agency_id in agency_ids:
        await live.publish(live.requests_topic(agency_id), f"outbox:{agency_id}")


async def run_forever() -> None:
    last_housekeeping = 0.0
    while True:
        try:
            if time.monotonic() - last_housekeeping > HOUSEKEEPING_EVERY:
                await asyncio.to_thread(housekeeping)
                last_housekeeping = time.monotonic()
            touched = await asyncio.to_thread(send_due_emails)
            if touched:
                await _tell_screens(touched)
        except Exception:  # a bad message or a database hiccup must not stop the sender for good
            log.exception("background email work failed")
        await asyncio.sleep(SEND_EVERY)

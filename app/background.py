"""Work that runs beside the web workers: the email sender, link expiry and reminders.

Every backend worker runs these loops; the outbox's claims make sure each message still leaves once.
"""

from __future__ import annotations

import asyncio
import logging
import time

from app.db import session_scope
from app.services import email, profile_requests

log = logging.getLogger(__name__)
SEND_EVERY = 2.0  # seconds between outbox polls
HOUSEKEEPING_EVERY = 60.0


def send_due_emails() -> int:
    """Hand every due message to the backend, 100 at a time; returns how many left the outbox."""
    sent = 0
    while True:
        with session_scope() as session:
            counts = email.deliver_due(session)
        handled = sum(counts.values())
        sent += counts["sent"]
        if handled < email.BATCH_SIZE:
            return sent


def housekeeping() -> None:
    with session_scope() as session:
        profile_requests.expire_overdue(session)
        profile_requests.send_reminders(session)


async def run_forever() -> None:
    last_housekeeping = 0.0
    while True:
        try:
            if time.monotonic() - last_housekeeping > HOUSEKEEPING_EVERY:
                await asyncio.to_thread(housekeeping)
                last_housekeeping = time.monotonic()
            await asyncio.to_thread(send_due_emails)
        except Exception:  # a bad message or a database hiccup must not stop the sender for good
            log.exception("background email work failed")
        await asyncio.sleep(SEND_EVERY)

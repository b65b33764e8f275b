"""Sends due webhook deliveries every few seconds, for as long as the app runs.

Every worker process runs this loop; deliveries are claimed with a lease (app/services/webhooks.py), so each
is sent by one worker at a time. The blocking work (database, HTTP) runs in a thread.
"""

from __future__ import annotations

import asyncio
import logging
import uuid

from app.db import session_scope
from app.services import api_keys, webhooks

log = logging.getLogger(__name__)
INTERVAL = 5.0
PRUNE_EVERY = 60  # rounds: forget old rate-limit windows about every five minutes


def deliver_once(prune: bool = False) -> set[uuid.UUID]:
    """One round; returns the agencies whose delivery log changed."""
    touched: set[uuid.UUID] = set()
    with session_scope() as session:
        webhooks.deliver_due(session, touched=touched)
        if prune:
            api_keys.prune_windows(session)
    return touched


async def deliver_webhooks_forever(interval: float = INTERVAL) -> None:
    from app.states import live

    rounds = 0
    while True:
        try:
            touched = await asyncio.to_thread(deliver_once, rounds % PRUNE_EVERY == 0)
            for agency_id in touched:  # admins watching /admin/webhooks see the outcome
                await live.publish(live.record_topic("webhooks", agency_id))
        except asyncio.CancelledError:
            raise
        except Exception:  # a broken round (database restarting, ...) must not end the loop
            log.exception("webhook delivery round failed")
        rounds += 1
        await asyncio.sleep(interval)

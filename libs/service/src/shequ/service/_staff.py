"""Deactivated staff (离岗人员): their unexpired tokens refused by every service.

A token lives for half an hour, and a staff member deactivated meanwhile must not go
on acting anywhere. The verifier's ``is_active`` check must answer synchronously, so
it asks an in-memory set (:class:`InactiveStaff`) that is read again every ``REFRESH``
seconds. The registry fills it from its own staff directory; every other service keeps
the ids from the registry's ``StaffDeactivated`` events in its own table (projection
``staff-status``). Deactivation is final, so the set only grows and a refresh from a
lagging read model can never re-admit anyone.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Sequence

import asyncpg

from shequ.contracts import EventEnvelope
from shequ.eventstore import Migration
from shequ.messaging import Projection

REFRESH = 5.0
STAFF_STATUS = "staff-status"
log = logging.getLogger(__name__)

STAFF_STATUS_MIGRATIONS = [
    Migration(
        "staff-status",
        1,
        """CREATE TABLE IF NOT EXISTS deactivated_staff (
               staff_id text PRIMARY KEY);""",
    )
]


class InactiveStaff:
    """The deactivated staff ids this process knows of; ``is_active`` asks it."""

    def __init__(self, load: Callable[[], Awaitable[set[str]]]) -> None:
        self._load = load
        self._ids: set[str] = set()

    def is_active(self, staff_id: str) -> bool:
        return staff_id not in self._ids

    def add(self, staff_id: str) -> None:
        self._ids.add(staff_id)

    async def refresh(self) -> None:
        self._ids |= await self._load()

    async def follow(self, stop: asyncio.Event, every: float = REFRESH) -> None:
        """Refresh every ``every`` seconds until ``stop`` is set."""
        while not stop.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), every)
                return
            try:
                await self.refresh()
            except (OSError, asyncpg.PostgresError):
                log.warning("could not refresh inactive staff; retrying", exc_info=True)


async def deactivated_staff(pool: asyncpg.Pool) -> set[str]:
    """The staff ids the ``staff-status`` projection has seen deactivated."""
    rows = await pool.fetch("SELECT staff_id FROM deactivated_staff")
    return {row["staff_id"] for row in rows}


async def _apply(conn: asyncpg.Connection, events: Sequence[EventEnvelope]) -> None:
    ids = [e.stream_id for e in events if e.event_type == "StaffDeactivated"]
    if ids:
        await conn.execute(
            """INSERT INTO deactivated_staff SELECT unnest($1::text[])
               ON CONFLICT DO NOTHING""",
            ids,
        )


async def _reset(conn: asyncpg.Connection) -> None:
    await conn.execute("TRUNCATE deactivated_staff")


def staff_status_projection(source: str) -> Projection:
    """The ids of staff deactivated, from ``source``'s (the registry's) events."""
    return Projection(
        name=STAFF_STATUS,
        sources=(source,),
        apply=_apply,
        reset=_reset,
        migrations=STAFF_STATUS_MIGRATIONS,
    )

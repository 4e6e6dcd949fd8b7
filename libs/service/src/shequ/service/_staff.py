"""Tokens that no longer hold (令牌失效): staff deactivated, or given other roles.

A token lives for half an hour. A staff member deactivated meanwhile must not go on
acting anywhere, and one whose roles changed must not go on acting with the old ones
(a demoted administrator re-granting themself): roles count as they are now. Each
service keeps, from the registry's ``StaffDeactivated`` and ``StaffRolesChanged``
events, who was deactivated and when each staff member's roles last changed
(projection ``staff-tokens``); a token issued before that change is refused and its
holder signs in again, getting the roles they hold now. The verifier's check must
answer synchronously, so it asks an in-memory copy (:class:`StaffTokens`) read again
every ``REFRESH`` seconds. Both only ever grow stricter, so a refresh from a lagging
read model never re-admits a token. Issue times are whole seconds: a token issued in
the same second as a change, just before it, still holds.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

import asyncpg

from shequ.contracts import EventEnvelope
from shequ.contracts.registry import StaffDeactivated, StaffRolesChanged
from shequ.eventstore import Migration
from shequ.messaging import ConnectionAppliers, Projection

REFRESH = 5.0
STAFF_TOKENS = "staff-tokens"
log = logging.getLogger(__name__)


@dataclass
class Revocations:
    """Who was deactivated, and since when (epoch seconds) each one's roles hold."""

    deactivated: set[str] = field(default_factory=set)
    roles_since: dict[str, int] = field(default_factory=dict)

    def merge(self, other: Revocations) -> None:
        self.deactivated |= other.deactivated
        for staff_id, since in other.roles_since.items():
            self.roles_since[staff_id] = max(since, self.roles_since.get(staff_id, 0))


class StaffTokens:
    """Whether a staff member's token, issued at a given second, still holds."""

    def __init__(self, load: Callable[[], Awaitable[Revocations]]) -> None:
        self._load = load
        self._known = Revocations()

    def refusal(self, staff_id: str, issued_at: int) -> str | None:
        """Why the token no longer holds, or None."""
        if staff_id in self._known.deactivated:
            return f"staff {staff_id} is no longer active"
        if issued_at < self._known.roles_since.get(staff_id, 0):
            return (
                f"the roles of staff {staff_id} changed after this token was issued:"
                " sign in again"
            )
        return None

    def deactivated(self, staff_id: str) -> None:
        """Refuse the staff member's tokens from now on (before the read model has)."""
        self._known.deactivated.add(staff_id)

    def roles_changed(self, staff_id: str, at: datetime) -> None:
        """Refuse tokens issued before ``at`` (before the read model has)."""
        self._known.merge(Revocations(roles_since={staff_id: _seconds(at)}))

    async def refresh(self) -> None:
        self._known.merge(await self._load())

    async def follow(self, stop: asyncio.Event, every: float = REFRESH) -> None:
        """Refresh every ``every`` seconds until ``stop`` is set."""
        while not stop.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), every)
                return
            try:
                await self.refresh()
            except (OSError, asyncpg.PostgresError):
                log.warning("could not refresh staff tokens; retrying", exc_info=True)


def _seconds(moment: datetime) -> int:
    return int(moment.timestamp())


async def revocations(db: asyncpg.Pool) -> Revocations:
    """What the ``staff-tokens`` projection has seen."""
    rows = await db.fetch("SELECT * FROM staff_tokens")
    return Revocations(
        deactivated={r["staff_id"] for r in rows if r["deactivated"]},
        roles_since={
            r["staff_id"]: _seconds(r["roles_since"])
            for r in rows
            if r["roles_since"] is not None
        },
    )


TABLES = ("staff_tokens",)
MIGRATIONS = [
    Migration(
        "staff-tokens",
        1,
        """CREATE TABLE IF NOT EXISTS staff_tokens (
               staff_id    text PRIMARY KEY,
               deactivated boolean NOT NULL DEFAULT false,
               roles_since timestamptz);""",
    )
]
APPLY = ConnectionAppliers()


@APPLY.on
async def _deactivated(
    conn: asyncpg.Connection, _: StaffDeactivated, envelope: EventEnvelope
) -> None:
    await conn.execute(
        """INSERT INTO staff_tokens (staff_id, deactivated) VALUES ($1, true)
           ON CONFLICT (staff_id) DO UPDATE SET deactivated = true""",
        envelope.stream_id,
    )


@APPLY.on
async def _roles_changed(
    conn: asyncpg.Connection, _: StaffRolesChanged, envelope: EventEnvelope
) -> None:
    await conn.execute(
        """INSERT INTO staff_tokens (staff_id, roles_since) VALUES ($1, $2)
           ON CONFLICT (staff_id) DO UPDATE SET roles_since =
               greatest(staff_tokens.roles_since, EXCLUDED.roles_since)""",
        envelope.stream_id,
        envelope.recorded_at,
    )


def staff_tokens_projection(source: str) -> Projection:
    """Deactivations and role changes, from ``source``'s (the registry's) events."""

    async def apply(conn: asyncpg.Connection, events: Sequence[EventEnvelope]) -> None:
        for envelope in events:
            if APPLY.handles(envelope):
                await APPLY.apply(conn, envelope)

    async def reset(conn: asyncpg.Connection) -> None:
        await conn.execute("TRUNCATE staff_tokens")

    return Projection(
        name=STAFF_TOKENS,
        sources=(source,),
        apply=apply,
        reset=reset,
        migrations=MIGRATIONS,
    )

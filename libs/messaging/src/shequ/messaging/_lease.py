"""The lease (租约): which replica of a service runs its relay and projection runners.

Replicas of a service share its HTTP load, but its relay and each projection runner
are active in one replica at a time. A replica holds the lease while it holds a
PostgreSQL session advisory lock on a connection of its own. The lock lives and dies
with that session: a replica that is killed loses it at once (its socket closes), one
cut off from the database within seconds (TCP keepalives on the session), and a
standby trying every second takes over.

Each new holder raises the lease's epoch in ``service_leases``. That epoch is the
fencing token: a projection's transaction checks it is still the current one (``FOR
SHARE``, so the next holder's raise waits for that transaction to end), and a deposed
replica that has not yet noticed commits nothing more
(test_a_deposed_replica_commits_nothing). The relay needs no token: JetStream refuses
a message whose expected predecessor is not the stream's last.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import asyncpg

from shequ.eventstore import Migration

log = logging.getLogger(__name__)

LEASE_MIGRATIONS = [
    Migration(
        "leases",
        1,
        """CREATE TABLE IF NOT EXISTS service_leases (
               name   text PRIMARY KEY,
               epoch  bigint NOT NULL,
               holder text NOT NULL,
               since  timestamptz NOT NULL DEFAULT now())""",
    )
]

# PostgreSQL drops a client it cannot reach after idle + interval × count seconds; the
# lock goes with it. The default (two hours) would leave a cut-off holder's lock held.
_KEEPALIVES = {
    "tcp_keepalives_idle": "3",
    "tcp_keepalives_interval": "1",
    "tcp_keepalives_count": "3",
}


class LeaseLost(RuntimeError):
    """Another replica holds the lease now: this one writes nothing more."""

    def __init__(self, name: str, epoch: int, current: int | None) -> None:
        super().__init__(
            f"lease {name!r}: epoch {epoch} is no longer current ({current}); another"
            " replica took over"
        )


@dataclass(frozen=True)
class Fence:
    """A holder's fencing token: the lease's name and the epoch it was given."""

    table: str  # schema-qualified: read models may live in other schemas
    name: str
    epoch: int

    async def check(self, conn: asyncpg.Connection) -> None:
        """Raise ``LeaseLost`` unless the epoch is current (inside a transaction)."""
        current = await conn.fetchval(
            f"SELECT epoch FROM {self.table} WHERE name = $1 FOR SHARE", self.name
        )
        if current != self.epoch:
            raise LeaseLost(self.name, self.epoch, current)


Gained = Callable[[Fence], Awaitable[None]]
Lost = Callable[[], Awaitable[None]]


class Lease:
    """One service's lease, tried for and held by one replica's process."""

    def __init__(
        self,
        dsn: str,
        name: str,
        *,
        server_settings: dict[str, str] | None = None,
        every: float = 1.0,
    ) -> None:
        self.dsn = dsn
        self.name = name
        self.server_settings = {**(server_settings or {}), **_KEEPALIVES}
        self.every = every
        self.holder = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.fence: Fence | None = None
        self.table = ""  # known once the database was reached
        self._conn: asyncpg.Connection | None = None

    @property
    def held(self) -> bool:
        return self.fence is not None

    async def acquire(self) -> Fence | None:
        """Try once: the fence when this replica now holds the lease, else None."""
        if self.fence is not None:
            return self.fence
        if self._conn is None or self._conn.is_closed():
            self._conn = await asyncpg.connect(
                self.dsn, server_settings=self.server_settings
            )
        schema = await self._conn.fetchval("SELECT current_schema()")
        key = f"{schema}.{self.name}"
        self.table = f'"{schema}".service_leases'
        if not await self._conn.fetchval(
            "SELECT pg_try_advisory_lock(hashtextextended($1, 0))", key
        ):
            return None
        epoch = await self._conn.fetchval(
            f"""INSERT INTO {self.table} AS l (name, epoch, holder) VALUES ($1, 1, $2)
                ON CONFLICT (name) DO UPDATE
                SET epoch = l.epoch + 1, holder = excluded.holder, since = now()
                RETURNING epoch""",
            self.name,
            self.holder,
        )
        self.fence = Fence(self.table, self.name, epoch)
        log.info("lease %s: held by %s (epoch %d)", key, self.holder, epoch)
        return self.fence

    def standing(self) -> Fence | None:
        """The fence for this replica's writes.

        Its own while it holds the lease; one no epoch matches while it does not
        (None before it first reached the database).
        """
        if self.fence is not None:
            return self.fence
        return Fence(self.table, self.name, 0) if self.table else None

    async def keep(self, stop: asyncio.Event, gained: Gained, lost: Lost) -> None:
        """Hold the lease, or wait for it, until ``stop``.

        ``gained`` runs on taking it, ``lost`` on losing it.
        """
        while not stop.is_set():
            try:
                fence = await self.acquire()
            except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as error:
                log.warning(
                    "lease %s: cannot reach the database (%s)", self.name, error
                )
                await self.release()  # the next try opens a new session
                fence = None
            if fence is None:
                await _sleep_or_stop(stop, self.every)
                continue
            try:
                await gained(fence)
                await self._hold(stop, fence)
            except (
                LeaseLost,
                OSError,
                TimeoutError,
                asyncpg.PostgresError,
                asyncpg.InterfaceError,
            ) as error:
                log.warning(
                    "lease %s: lost (%s); background work stops", self.name, error
                )
            except Exception:
                # Starting failed (NATS unreachable, say): let another replica try,
                # and try again after a pause rather than at once.
                log.exception("lease %s: background work failed", self.name)
                await self._let_go(lost)
                await _sleep_or_stop(stop, self.every * 5)
                continue
            await self._let_go(lost)

    async def _let_go(self, lost: Lost) -> None:
        try:
            await lost()
        finally:
            await self.release()

    async def _hold(self, stop: asyncio.Event, fence: Fence) -> None:
        """Return at ``stop``; raise once the session or the epoch is gone."""
        assert self._conn is not None
        while not stop.is_set():
            current = await asyncio.wait_for(
                self._conn.fetchval(
                    f"SELECT epoch FROM {fence.table} WHERE name = $1", fence.name
                ),
                timeout=self.every * 3,
            )
            if current != fence.epoch:
                raise LeaseLost(fence.name, fence.epoch, current)
            await _sleep_or_stop(stop, self.every)

    async def release(self) -> None:
        """Let the lease go (closing the session releases the lock)."""
        self.fence = None
        conn, self._conn = self._conn, None
        if conn is not None and not conn.is_closed():
            with contextlib.suppress(Exception):
                await asyncio.wait_for(conn.close(), timeout=2)
            if not conn.is_closed():
                conn.terminate()


async def _sleep_or_stop(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), seconds)

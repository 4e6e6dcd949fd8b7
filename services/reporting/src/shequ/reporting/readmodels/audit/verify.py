"""Proof that no record was changed afterwards (防篡改校验): every store's hash chains.

For each service's event store (``ReportingSettings.stores``: service → DSN) a small
pool is opened and ``shequ.eventstore.verify`` recomputes every stream's chain; the
answer per store is how many events and streams were checked and the first broken
link (stream, version, event). A store that cannot be reached, or holds no event
table, is reported as unreachable with the reason; the other stores are still checked.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Mapping
from typing import Literal

import asyncpg
from pydantic import BaseModel

from shequ.eventstore import create_pool, verify

log = logging.getLogger(__name__)
Progress = Callable[[str, int], None]
# What "cannot be reached" looks like: refused or unknown host, timeout, refused
# login, no such database or table, a lost connection; and, on connecting, a bad DSN.
UNREACHABLE = (OSError, TimeoutError, asyncpg.PostgresError, asyncpg.InterfaceError)
CANNOT_CONNECT = (*UNREACHABLE, ValueError)
CONNECT_TIMEOUT = 10.0


class BrokenLink(BaseModel):
    """The first event (in the store's global order) whose chain does not hold."""

    stream_id: str
    version: int
    event_id: str
    position: int
    reason: str


class StoreCheck(BaseModel):
    """One store's verification; ``error`` says why an unreachable one was not."""

    service: str
    status: Literal["intact", "broken", "unreachable"]
    events_verified: int
    streams_verified: int
    first_broken: BrokenLink | None
    error: str | None


async def check_store(
    service: str, dsn: str, progress: Progress | None = None
) -> StoreCheck:
    """Verify the chains of ``service``'s store at ``dsn``."""
    try:
        pool = await create_pool(dsn, min_size=1, max_size=1, timeout=CONNECT_TIMEOUT)
    except CANNOT_CONNECT as error:
        return _unreachable(service, error)
    try:
        report = await verify(
            pool, None if progress is None else lambda n: progress(service, n)
        )
    except UNREACHABLE as error:
        return _unreachable(service, error)
    finally:
        await pool.close()
    broken = report.first_broken
    return StoreCheck(
        service=service,
        status="intact" if broken is None else "broken",
        events_verified=report.events_verified,
        streams_verified=report.streams_verified,
        first_broken=None
        if broken is None
        else BrokenLink(
            stream_id=broken.stream_id,
            version=broken.version,
            event_id=str(broken.event_id),
            position=broken.position,
            reason=broken.reason,
        ),
        error=None,
    )


def _unreachable(service: str, error: Exception) -> StoreCheck:
    # Reported, not swallowed: the answer says so and the log keeps the cause.
    log.warning("store of %s not verified: %r", service, error)
    return StoreCheck(
        service=service,
        status="unreachable",
        events_verified=0,
        streams_verified=0,
        first_broken=None,
        error=f"{type(error).__name__}: {error}",
    )


async def check_stores(
    stores: Mapping[str, str], progress: Progress | None = None
) -> list[StoreCheck]:
    """Every store's verification, checked side by side, in service order."""
    return list(
        await asyncio.gather(
            *(
                check_store(service, stores[service], progress)
                for service in sorted(stores)
            )
        )
    )

"""Beginning an import's new streams: a batch in one statement, skipping those begun.

A ledger's row begins a stream whose id comes from the row (a person's document, a
decision's number), so a stream that already exists was imported before, or typed
in meanwhile: it counts as already on file. The batch goes in one statement; if the
unique key on stream and version refuses it, the batch is split and each stream
tried alone, all inside the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import asyncpg

from shequ.eventstore import ConcurrencyError, EventStore, Metadata, NewStream


async def start_new_streams(
    store: EventStore,
    conn: asyncpg.Connection,
    streams: Sequence[NewStream],
    *,
    occurred_at: datetime,
    metadata: Metadata,
) -> int:
    """Begin ``streams`` on ``conn``: how many began (the rest existed already)."""
    if not streams:
        return 0
    try:
        async with conn.transaction():  # a savepoint: the caller's work survives
            await store.start_streams(
                streams, occurred_at=occurred_at, metadata=metadata, connection=conn
            )
        return len(streams)
    except ConcurrencyError:
        if len(streams) == 1:
            return 0
    began = 0
    for stream in streams:
        began += await start_new_streams(
            store, conn, [stream], occurred_at=occurred_at, metadata=metadata
        )
    return began

"""Beginning an import's new streams: a batch in one statement, skipping those begun.

A ledger's row begins a stream whose id comes from the row (a person's document, a
decision's number), so a stream that already exists was imported before, or typed
in meanwhile: it counts as already on file. The batch goes in one statement; if the
unique key on stream and version refuses it, the batch is split and each stream
tried alone, all inside the caller's transaction. :func:`write_decided` writes a
whole decided file so, a batch per transaction, reporting its progress.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

import asyncpg

from shequ.access import Acting
from shequ.contracts.ledgers import ImportResult, InvalidRow
from shequ.eventstore import ConcurrencyError, EventStore, Metadata, NewStream, uuid7

AfterBatch = Callable[[ImportResult], Awaitable[None]]  # the counts so far


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


@dataclass
class Decided:
    """A whole file decided, nothing written: the new streams, rows on file, refused.

    ``already`` counts the rows whose stream existed when decided (imported before).
    """

    streams: list[NewStream] = field(default_factory=list)
    already: int = 0
    invalid: list[InvalidRow] = field(default_factory=list)


async def write_decided(
    store: EventStore,
    decided: Decided,
    *,
    rows: int,
    by: Acting,
    batch_size: int,
    after_batch: AfterBatch | None = None,
) -> ImportResult:
    """Begin ``decided``'s streams a batch per transaction; the file's ``rows`` counted.

    A stream begun meanwhile (a second import, a typing clerk) counts as already on
    file; ``after_batch`` hears the counts after each batch (a job's progress).
    """
    metadata = Metadata(actor=by.staff_id, office=by.office, correlation_id=uuid7())
    added, already, streams = 0, decided.already, decided.streams
    for start in range(0, len(streams), batch_size):
        batch = streams[start : start + batch_size]
        async with store.pool.acquire() as conn, conn.transaction():
            written = await start_new_streams(
                store, conn, batch, occurred_at=by.now, metadata=metadata
            )
        added, already = added + written, already + len(batch) - written
        if after_batch is not None:
            read = len(decided.invalid) + decided.already + start + len(batch)
            await after_batch(_result(read, added, already, decided))
    return _result(rows, added, already, decided)


def _result(read: int, added: int, already: int, decided: Decided) -> ImportResult:
    return ImportResult(read, added, already, tuple(decided.invalid))

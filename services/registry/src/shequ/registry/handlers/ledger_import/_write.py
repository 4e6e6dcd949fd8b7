"""Writing checked rows to the event store, a batch per transaction, one in flight.

A batch claims all its document numbers in one statement (``person_documents``, the
registry's uniqueness guard) and begins the new files in one more
(``EventStore.start_streams``), both in one transaction: a batch goes in whole or not
at all. A number already claimed means the person is already registered — by an
earlier run of this file or by a clerk — which is what makes a re-run add nothing
twice. Two imports of one file at once are safe as well: the second waits on the
first's claims and then finds them taken. While a batch is in the database the next
one is checked, so PostgreSQL's work overlaps the decider's (bench (f)).
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

import asyncpg

from shequ.access import Acting
from shequ.eventstore import EventStore, Metadata, NewStream, uuid7
from shequ.registry.domain.ledger_import import ValidRow
from shequ.registry.readmodels.guards import claim_documents, keyring_of
from shequ.service.ledgers import start_new_streams


class Writer:
    """Writes batches one at a time, each while the caller prepares the next."""

    def __init__(self, store: EventStore, by: Acting) -> None:
        self.store, self.by = store, by
        self.metadata = Metadata(
            actor=by.staff_id, office=by.office, correlation_id=uuid7()
        )
        self.added = self.already_registered = 0
        self._pending: asyncio.Task[None] | None = None

    async def write(self, rows: Sequence[ValidRow]) -> None:
        """Wait for the batch in flight, then send ``rows`` off without waiting."""
        await self.finish()
        self._pending = asyncio.create_task(self._batch(rows))

    async def finish(self) -> None:
        """Wait until every batch sent is committed (or raise its error)."""
        if self._pending is not None:
            pending, self._pending = self._pending, None
            await pending

    async def _batch(self, rows: Sequence[ValidRow]) -> None:
        if not rows:
            return
        claims = [(*row.document, row.event.person_id) for row in rows]
        async with self.store.pool.acquire() as conn, conn.transaction():
            claimed = await claim_documents(conn, keyring_of(self.store), claims)
            fresh = [
                NewStream("person", row.event.person_id, [row.event])
                for row in rows
                if row.event.person_id in claimed
            ]
            added = await self._start(conn, fresh)
        self.added += added
        self.already_registered += len(rows) - added

    async def _start(self, conn: asyncpg.Connection, streams: list[NewStream]) -> int:
        """Begin ``streams`` in one statement; one by one if some file already exists.

        A file exists without its claim only if the guard table lost a row; the
        claim is then restored and the row counts as already registered.
        """
        return await start_new_streams(
            self.store, conn, streams, occurred_at=self.by.now, metadata=self.metadata
        )

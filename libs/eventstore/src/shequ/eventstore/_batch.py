"""Group commit for appends: concurrent appends share one statement and one commit.

Under load most of an append's cost is per statement (a round trip, a parse, a commit
and its WAL flush) rather than per event. Appends that arrive while a statement is in
flight wait and go together in the next, each with its own head check, so the rules
are exactly those of a lone append (bench (a)). If PostgreSQL refuses the shared
statement (two writers raced for one stream version, or one append holds a value it
will not store) nothing of it is written and every append in it is retried alone, so
only the append at fault fails and a race costs only the batch it happened in.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

import asyncpg

from shequ.eventstore._model import AppendResult

_COLUMN_TYPES = (
    "int",
    "text",
    "text",
    "int",
    "int",
    "bytea",
    "uuid",
    "text",
    "int",
    "json",
    "bytea",
    "bytea",
    "timestamptz",
    "timestamptz",
    "text",
    "text",
    "uuid",
    "uuid",
    "jsonb",
)
_ROW_NAMES = """req, stream_type, stream_id, version, expected, head_hash, event_id,
         event_type, schema_version, data, previous_hash, hash, occurred_at,
         recorded_at, actor, office, correlation_id, causation_id, trace_context, n"""
_STATEMENT = """
WITH u AS (SELECT * FROM {rows} AS u({names})
), ready AS (
    SELECT DISTINCT u.req FROM u
    WHERE u.expected = 0 OR EXISTS (
        SELECT 1 FROM events e
        WHERE e.stream_id = u.stream_id AND e.version = u.expected
          AND e.hash = u.head_hash AND e.stream_type = u.stream_type
          AND e.transaction_id <= pg_current_xact_id())
)
INSERT INTO events (transaction_id, event_id, stream_type, stream_id, version,
    event_type, schema_version, data, occurred_at, recorded_at, actor, office,
    correlation_id, causation_id, trace_context, idempotency_key, previous_hash, hash)
SELECT pg_current_xact_id(), u.event_id, u.stream_type, u.stream_id, u.version,
    u.event_type, u.schema_version, u.data, u.occurred_at, u.recorded_at, u.actor,
    u.office,
    u.correlation_id, u.causation_id, u.trace_context, NULL, u.previous_hash, u.hash
FROM u WHERE u.req IN (SELECT req FROM ready) ORDER BY u.n
RETURNING position, transaction_id, stream_id, version
"""
# Many rows: one array per column.
BATCH_INSERT = _STATEMENT.format(
    rows="unnest({}) WITH ORDINALITY".format(
        ", ".join(f"${i}::{t}[]" for i, t in enumerate(_COLUMN_TYPES, 1))
    ),
    names=_ROW_NAMES,
)
# Up to this many rows, one parameter per value: asyncpg checks every element of an
# array parameter against abstract base classes, which cost single-event appends
# under load more than the statement itself (bench (a)).
VALUES_UP_TO = 64


@functools.cache
def values_insert(rows: int) -> str:
    """The shared statement for ``rows`` rows given value by value."""
    width = len(_COLUMN_TYPES)

    def row(r: int) -> str:
        marks = (f"${r * width + i}::{t}" for i, t in enumerate(_COLUMN_TYPES, 1))
        return f"({', '.join(marks)}, {r + 1})"

    values = ", ".join(row(r) for r in range(rows))
    return _STATEMENT.format(rows=f"(VALUES {values})", names=_ROW_NAMES)


# One append as rows of BATCH_INSERT's columns $2..$19 (every event of the append
# repeats the append's own values: stream, expected head, times, metadata).
Rows = list[tuple[Any, ...]]
Alone = Callable[[], Awaitable[AppendResult]]


class _Pending:
    """One append waiting for its shared statement (a plain class: one per append)."""

    __slots__ = ("alone", "done", "rows")

    def __init__(
        self, rows: Rows, alone: Alone, loop: asyncio.AbstractEventLoop
    ) -> None:
        self.rows = rows
        self.alone = alone
        self.done: asyncio.Future[AppendResult | None] = loop.create_future()


class Batcher:
    """Collects appends and sends them in shared statements, ``lanes`` at a time."""

    def __init__(self, pool: asyncpg.Pool, lanes: int = 4, largest: int = 512) -> None:
        self.pool = pool
        self.largest = largest
        self._waiting: list[_Pending] = []
        self._lanes = asyncio.Semaphore(lanes)
        # asyncio keeps only weak references to tasks: hold them until they finish.
        self._tasks: set[asyncio.Task[None]] = set()

    def _spawn(self, work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.get_running_loop().create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def submit(self, rows: Rows, alone: Alone) -> AppendResult | None:
        """Append ``rows`` in a shared statement; ``None`` means its head check failed.

        ``alone`` appends the same request by itself (used after a shared failure).
        """
        pending = _Pending(rows, alone, asyncio.get_running_loop())
        self._waiting.append(pending)
        if len(self._waiting) == 1:
            self._spawn(self._flush())
        return await pending.done

    async def _flush(self) -> None:
        async with self._lanes:
            if not self._waiting:
                return  # another lane took them
            try:
                # The lane keeps its connection while appends keep coming: a pool
                # acquire and release per statement was a tenth of an append
                # (bench (a)).
                async with self.pool.acquire() as conn:
                    while self._waiting:
                        batch, self._waiting = (
                            self._waiting[: self.largest],
                            self._waiting[self.largest :],
                        )
                        if self._waiting:
                            self._spawn(self._flush())
                        await self._send(batch, conn)
            except Exception as error:
                # The database is out of reach or the connection broke: the batch
                # sent has its answer already, and no append left waiting may wait
                # for ever.
                waiting, self._waiting = self._waiting, []
                for pending in waiting:
                    _resolve(pending.done, error=error)

    def _settle(
        self, future: asyncio.Future[AppendResult | None], work: Awaitable[AppendResult]
    ) -> None:
        """Answer ``future`` with the outcome of ``work`` (an append on its own)."""

        async def run() -> None:
            try:
                _resolve(future, await work)
            except Exception as error:
                _resolve(future, error=error)

        self._spawn(run())

    async def _send(self, batch: list[_Pending], conn: asyncpg.Connection) -> None:
        if len(batch) == 1:  # nothing to share: the lone statement is leaner
            self._settle(batch[0].done, batch[0].alone())
            return
        try:
            await self._send_shared(batch, conn)
        except BaseException as error:
            # Whatever went wrong, no append may wait forever for its answer.
            for pending in batch:
                _resolve(pending.done, error=error)
            raise

    async def _send_shared(
        self, batch: list[_Pending], conn: asyncpg.Connection
    ) -> None:
        rows = [
            (req, *row) for req, pending in enumerate(batch) for row in pending.rows
        ]
        if len(rows) <= VALUES_UP_TO:
            statement, args = values_insert(len(rows)), [v for r in rows for v in r]
        else:
            statement = BATCH_INSERT
            args = [list(column) for column in zip(*rows, strict=True)]
        try:
            inserted = await conn.fetch(statement, *args)
        except asyncpg.PostgresError as error:
            if isinstance(error, asyncpg.PostgresConnectionError):
                raise
            # One append's rows refused the statement (a version taken, a value
            # PostgreSQL will not store): each goes alone, so only that one fails.
            for pending in batch:
                self._settle(pending.done, pending.alone())
            return
        # Rows are (position, transaction_id, stream_id, version), as RETURNING says;
        # read by index, as this loop runs once per append.
        written = {(r[2], r[3]): r for r in inserted}
        for pending in batch:
            head, tail = pending.rows[0], pending.rows[-1]
            first = written.get((head[1], head[2]))
            last = written.get((tail[1], tail[2]))
            _resolve(
                pending.done,
                None
                if first is None or last is None
                else AppendResult(
                    head[1], head[2], tail[2], first[0], last[0], first[1]
                ),
            )


def _resolve(
    future: asyncio.Future[AppendResult | None],
    result: AppendResult | None = None,
    error: BaseException | None = None,
) -> None:
    """Answer one waiting append, unless it was answered or given up already."""
    if future.done():
        return
    if error is not None:
        future.set_exception(error)
    else:
        future.set_result(result)

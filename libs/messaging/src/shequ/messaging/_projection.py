"""Projections (投影): read models built from events, exactly once in effect.

A projection's checkpoint is the JetStream sequence of the last message it applied
from each source service's stream. The effect and the checkpoint commit in one
transaction, and a message is applied only when its sequence is the checkpoint's
successor: a redelivered or duplicate message is skipped, and a gap stops the batch
instead of passing it by
(see test_a_consumer_killed_mid_batch_resumes_without_double_effect).
An event that keeps failing is parked for an operator and the rest go on.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

import asyncpg
from pydantic import ValidationError

from shequ.contracts import EventEnvelope
from shequ.contracts.personal import SEALED, note_erasures, prepare
from shequ.eventstore import Migration
from shequ.messaging import _wire
from shequ.messaging._appliers import erases_subject
from shequ.messaging._lease import Fence

log = logging.getLogger(__name__)

Apply = Callable[[asyncpg.Connection, Sequence[EventEnvelope]], Awaitable[None]]
Reset = Callable[[asyncpg.Connection], Awaitable[None]]

PROJECTION_MIGRATIONS = [
    Migration(
        "projections",
        1,
        """CREATE TABLE IF NOT EXISTS projection_checkpoints (
               projection     text NOT NULL,
               source         text NOT NULL,
               stream_seq     bigint NOT NULL DEFAULT 0,
               transaction_id xid8,
               position       bigint,
               recorded_at    timestamptz,
               updated_at     timestamptz NOT NULL DEFAULT now(),
               PRIMARY KEY (projection, source));
           CREATE TABLE IF NOT EXISTS parked_events (
               projection  text NOT NULL,
               source      text NOT NULL,
               stream_seq  bigint NOT NULL,
               event_id    uuid,
               event_type  text,
               body        text NOT NULL,
               error       text NOT NULL,
               attempts    integer NOT NULL,
               parked_at   timestamptz NOT NULL DEFAULT now(),
               replayed_at timestamptz,
               PRIMARY KEY (projection, source, stream_seq));""",
    )
]


async def _nothing_to_reset(conn: asyncpg.Connection) -> None:
    return None


@dataclass(frozen=True)
class Projection:
    """A read model: which services feed it, how a batch applies, how it is cleared.

    ``apply`` receives events in order inside the transaction that also moves the
    checkpoint; it must not commit. ``reset`` empties the read model for a rebuild.
    With ``whole_transactions``, a batch never ends inside a source transaction: its
    open tail is held back until the rest is delivered (a rule that reacts to what
    one transaction wrote, a household with its members, sees all of it at once).
    """

    name: str
    sources: tuple[str, ...]
    apply: Apply
    reset: Reset = _nothing_to_reset
    migrations: Sequence[Migration] = ()
    max_attempts: int = 3
    # ``CREATE INDEX IF NOT EXISTS`` statements only queries need, never ``apply``: a
    # blue/green rebuild builds them once after its bulk load instead of row by row.
    indexes: Sequence[str] = ()
    # Fills what is kept beside the read model once a bulk load is done (run after
    # ``indexes``, at every start too: it must do nothing when already filled).
    settle: Reset = _nothing_to_reset
    whole_transactions: bool = False


@dataclass(slots=True)
class Delivered:
    """One message as it came off a stream."""

    seq: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)
    _decoded: EventEnvelope | ValidationError | None = None

    def decode(self) -> EventEnvelope:
        """The envelope in the body (``ValidationError`` if malformed), decoded once.

        A reader running ahead of the projection decodes here while the projection
        waits on the database, so the two overlap.
        """
        if self._decoded is None:
            try:
                self._decoded = _wire.decode(self.body)
            except ValidationError as error:
                self._decoded = error
        if isinstance(self._decoded, ValidationError):
            raise self._decoded
        return self._decoded


@dataclass
class Applied:
    """What one batch did. ``gap_after`` is set when a sequence was missing."""

    applied: int = 0
    skipped: int = 0
    parked: int = 0
    last_seq: int = 0
    last_order: tuple[int, int] | None = None
    gap_after: int | None = None
    envelopes: list[EventEnvelope] = field(default_factory=list)
    # The open tail of a source transaction, not applied (``whole_transactions``):
    # a catch-up puts it before its next batch, the live path gets it again.
    held: list[Delivered] = field(default_factory=list)


@dataclass(frozen=True)
class ParkedEvent:
    """A message a projection could not apply, waiting for an operator."""

    projection: str
    source: str
    stream_seq: int
    event_id: str | None
    event_type: str | None
    error: str
    attempts: int
    parked_at: datetime
    replayed_at: datetime | None


def is_infrastructure_error(error: BaseException) -> bool:
    """True for a lost database: retry the whole batch later, park nothing."""
    return isinstance(
        error,
        OSError
        | TimeoutError
        | asyncpg.InterfaceError
        | asyncpg.PostgresConnectionError
        | asyncpg.CannotConnectNowError
        | asyncpg.AdminShutdownError,
    )


async def apply_delivered(
    pool: asyncpg.Pool,
    projection: Projection,
    source: str,
    delivered: Sequence[Delivered],
    *,
    floor: int = 0,
    fence: Fence | None = None,
) -> Applied:
    """Apply the messages that follow the checkpoint, in one transaction with it.

    Only the checkpoint's successor may come next, even for a projection that has
    applied nothing yet: a live batch that lost its first message must not pass it
    by. ``floor`` is the sequence before the stream's first message, for a reader
    that has seen the stream's head was purged (catch-up knows; the live path not).
    With a ``fence``, nothing commits once another replica holds the lease.
    """
    async with pool.acquire() as conn, conn.transaction():
        checkpoint, order = await _lock_checkpoint(conn, projection.name, source)
        if fence is not None:
            await fence.check(conn)
        outcome = Applied(last_seq=checkpoint, last_order=order)
        fresh: list[Delivered] = []
        for item in delivered:
            if item.seq <= outcome.last_seq:
                outcome.skipped += 1
            elif item.seq != max(outcome.last_seq, floor) + 1:
                outcome.gap_after = outcome.last_seq
                break
            else:
                fresh.append(item)
                outcome.last_seq = item.seq
        if projection.whole_transactions:
            fresh, outcome.held = _hold_open_transaction(fresh)
            outcome.last_seq = fresh[-1].seq if fresh else checkpoint
        if fresh:
            await _apply_in_order(conn, projection, source, fresh, outcome)
            await _save_checkpoint(conn, projection.name, source, outcome)
        return outcome


def _hold_open_transaction(
    fresh: list[Delivered],
) -> tuple[list[Delivered], list[Delivered]]:
    """``fresh`` split before the transaction its last message says goes on."""
    if not fresh or _wire.TRANSACTION_CONTINUES not in fresh[-1].headers:
        return fresh, []
    try:
        open_transaction = fresh[-1].decode().transaction_id
        cut = len(fresh)
        while cut and fresh[cut - 1].decode().transaction_id == open_transaction:
            cut -= 1
    except ValidationError:  # a malformed message ends it: applying parks it
        return fresh, []
    return fresh[:cut], fresh[cut:]


async def _apply_in_order(
    conn: asyncpg.Connection,
    projection: Projection,
    source: str,
    fresh: list[Delivered],
    outcome: Applied,
) -> None:
    decoded: list[tuple[Delivered, EventEnvelope]] = []
    for item in fresh:
        try:
            envelope = item.decode()
        except ValidationError as error:
            await _park(conn, projection, source, item, None, f"malformed: {error}", 1)
            outcome.parked += 1
            continue
        # The relay publishes in the store's global order, so an event at or
        # before the last one seen was published twice (under another message id,
        # after JetStream's duplicate window): it is skipped, in every projection.
        if outcome.last_order is not None and envelope.checkpoint <= outcome.last_order:
            outcome.skipped += 1
            continue
        outcome.last_order = envelope.checkpoint
        decoded.append((item, envelope))
    envelopes = [envelope for _, envelope in decoded]
    # The keys of sealed personal data, fetched once for the batch, before its
    # transaction: decoding inside it is then pure. An erasure in the batch counts
    # at once, for every event of the batch and every later read in this process.
    note_erasures(e.stream_id for e in envelopes if erases_subject(e))
    await prepare(e.data for e in envelopes if SEALED in e.data)
    try:
        async with conn.transaction():
            await projection.apply(conn, envelopes)
        outcome.applied += len(envelopes)
        outcome.envelopes.extend(envelopes)
        return
    except Exception as error:
        if is_infrastructure_error(error):
            raise
        log.info("projection %s: batch failed (%r); isolating", projection.name, error)
    for item, envelope in decoded:
        failure = await _apply_one(conn, projection, envelope)
        if failure is None:
            outcome.applied += 1
            outcome.envelopes.append(envelope)
        else:
            await _park(
                conn,
                projection,
                source,
                item,
                envelope,
                failure,
                projection.max_attempts,
            )
            outcome.parked += 1


async def _apply_one(
    conn: asyncpg.Connection, projection: Projection, envelope: EventEnvelope
) -> str | None:
    """Apply one event, retrying; the last error's text, or None when it applied."""
    failure = ""
    for attempt in range(projection.max_attempts):
        try:
            async with conn.transaction():
                await projection.apply(conn, [envelope])
        except Exception as error:
            if is_infrastructure_error(error):
                raise
            failure = f"{type(error).__name__}: {error}"
            await asyncio.sleep(0.01 * 2**attempt)
        else:
            return None
    return failure


async def _park(  # noqa: PLR0917 - private, called twice with all of them
    conn: asyncpg.Connection,
    projection: Projection,
    source: str,
    item: Delivered,
    envelope: EventEnvelope | None,
    error: str,
    attempts: int,
) -> None:
    log.warning(
        "projection %s parked %s #%d: %s", projection.name, source, item.seq, error
    )
    await conn.execute(
        """INSERT INTO parked_events (projection, source, stream_seq, event_id,
                                      event_type, body, error, attempts)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
           ON CONFLICT (projection, source, stream_seq) DO UPDATE
           SET error = excluded.error, attempts = excluded.attempts,
               parked_at = now(), replayed_at = NULL""",
        projection.name,
        source,
        item.seq,
        envelope.event_id if envelope else None,
        envelope.event_type if envelope else None,
        item.body.decode(errors="replace"),
        error,
        attempts,
    )


async def _lock_checkpoint(
    conn: asyncpg.Connection, projection: str, source: str
) -> tuple[int, tuple[int, int] | None]:
    """The checkpoint's stream sequence and the last event's (transaction, position).

    One round trip: the no-op update locks the row as FOR UPDATE would.
    """
    row = await conn.fetchrow(
        """INSERT INTO projection_checkpoints AS c (projection, source)
           VALUES ($1, $2)
           ON CONFLICT (projection, source) DO UPDATE SET stream_seq = c.stream_seq
           RETURNING stream_seq, transaction_id::text::bigint, position""",
        projection,
        source,
    )
    order = None if row["position"] is None else (row[1], row["position"])
    return row["stream_seq"], order


async def _save_checkpoint(
    conn: asyncpg.Connection, projection: str, source: str, outcome: Applied
) -> None:
    last = outcome.envelopes[-1] if outcome.envelopes else None
    await conn.execute(
        """UPDATE projection_checkpoints
           SET stream_seq = $3,
               transaction_id = coalesce($4, transaction_id),
               position = coalesce($5, position),
               recorded_at = coalesce($6, recorded_at), updated_at = now()
           WHERE projection = $1 AND source = $2""",
        projection,
        source,
        outcome.last_seq,
        outcome.last_order[0] if outcome.last_order else None,
        outcome.last_order[1] if outcome.last_order else None,
        last.recorded_at if last else None,
    )


async def reset_projection(
    pool: asyncpg.Pool, projection: Projection, fence: Fence | None = None
) -> None:
    """Empty the read model and rewind every checkpoint to the start (for a rebuild)."""
    async with pool.acquire() as conn, conn.transaction():
        await conn.execute(
            "LOCK TABLE projection_checkpoints IN SHARE ROW EXCLUSIVE MODE"
        )
        if fence is not None:
            await fence.check(conn)
        await projection.reset(conn)
        await conn.execute(
            """UPDATE projection_checkpoints
               SET stream_seq = 0, transaction_id = NULL, position = NULL,
                   recorded_at = NULL, updated_at = now()
               WHERE projection = $1""",
            projection.name,
        )
        await conn.execute(
            "DELETE FROM parked_events WHERE projection = $1", projection.name
        )


async def list_parked(
    pool: asyncpg.Pool, projection: str | None = None, *, include_replayed: bool = False
) -> list[ParkedEvent]:
    """Parked messages, oldest first, for an operator to inspect."""
    rows = await pool.fetch(
        """SELECT projection, source, stream_seq, event_id::text, event_type, error,
                  attempts, parked_at, replayed_at
           FROM parked_events
           WHERE ($1::text IS NULL OR projection = $1)
             AND ($2 OR replayed_at IS NULL)
           ORDER BY parked_at, stream_seq""",
        projection,
        include_replayed,
    )
    return [ParkedEvent(**dict(row)) for row in rows]


async def replay_parked(
    pool: asyncpg.Pool, projection: Projection, source: str, stream_seq: int
) -> None:
    """Apply a parked message again (after a fix); raises if it still fails."""
    async with pool.acquire() as conn, conn.transaction():
        body = await conn.fetchval(
            """SELECT body FROM parked_events
               WHERE projection = $1 AND source = $2 AND stream_seq = $3
                 AND replayed_at IS NULL FOR UPDATE""",
            projection.name,
            source,
            stream_seq,
        )
        if body is None:
            raise LookupError(
                f"no parked message {source} #{stream_seq} for {projection.name}"
            )
        envelope = _wire.decode(body.encode())
        await prepare([envelope.data])
        await projection.apply(conn, [envelope])
        await conn.execute(
            """UPDATE parked_events SET replayed_at = now()
               WHERE projection = $1 AND source = $2 AND stream_seq = $3""",
            projection.name,
            source,
            stream_seq,
        )

"""Keeps one projection current: catch-up by sequence, then live on a durable consumer.

Catch-up (and rebuild) read a source stream in order from the checkpoint's successor
through pull requests of our own on an unacknowledged consumer, several times faster
than nats-py's ``fetch()`` (DEPENDENCY-NOTES: ~14k msgs/s). Live delivery is a
FastStream durable pull consumer per source with manual acks: a batch is acked only
after its transaction committed, and a gap in sequences sends the runner back to
catch-up. Handlers never see a message twice in effect, whatever JetStream redelivers.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated

import asyncpg
import nats.errors
import nats.js.errors
from faststream import AckPolicy, Context
from faststream.nats import JStream, NatsBroker, PullSub
from faststream.nats.message import NatsBatchMessage
from nats.aio.client import Client as NatsClient
from nats.aio.msg import Msg
from nats.js import JetStreamContext
from nats.js.api import AckPolicy as JsAckPolicy
from nats.js.api import ConsumerConfig, DeliverPolicy
from opentelemetry import metrics, propagate, trace
from pydantic import ValidationError

from shequ.eventstore import migrate
from shequ.messaging import _wire
from shequ.messaging._lease import Fence
from shequ.messaging._projection import (
    PROJECTION_MIGRATIONS,
    Applied,
    Delivered,
    Projection,
    apply_delivered,
    reset_projection,
)

log = logging.getLogger(__name__)
_tracer = trace.get_tracer("shequ.messaging")
_meter = metrics.get_meter("shequ.messaging")

Progress = Callable[[str, int, int], None]

# Every runner of the process, for the one lag gauge: an instrument is registered once
# per name, and a second registration would be dropped with its callback.
_RUNNING: weakref.WeakSet[ProjectionRunner] = weakref.WeakSet()


def _observe_lag(_options: metrics.CallbackOptions) -> list[metrics.Observation]:
    return [
        metrics.Observation(lag, {"projection": r.projection.name, "source": source})
        for r in list(_RUNNING)
        for source, lag in r._lag.items()
    ]


_meter.create_observable_gauge(
    "shequ.projection.lag",
    callbacks=[_observe_lag],
    unit="{message}",
    description="messages in the source stream not yet applied",
)


class CatchUpStalled(RuntimeError):
    """A source stream delivered nothing for a while before its known end."""

    def __init__(self, source: str, last_seq: int, end: int, seconds: float) -> None:
        super().__init__(
            f"catch-up from {source} stalled at sequence {last_seq} of {end or '?'}: "
            f"nothing arrived for {seconds:.0f} s (a message deleted, or NATS "
            "unreachable)"
        )


class _Interrupted(Exception):
    """A catch-up's reader was cut off by NATS (dropped, restarted, consumer gone)."""

    def __init__(self, reason: str, last_seq: float) -> None:
        super().__init__(reason)
        self.last_seq = int(last_seq)
        self.end = 0
        self.applied = 0


def _describe(error: BaseException) -> str:
    text = str(error)
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


@dataclass
class SourceStatus:
    """How far a projection is behind one source stream."""

    source: str
    checkpoint: int
    stream_last_seq: int

    @property
    def lag(self) -> int:
        return max(self.stream_last_seq - self.checkpoint, 0)


BULK = 10_000  # events caught up at start after which the statistics are refreshed
# Messages one pull request asks for. A reader keeps two asked for, and the server
# pushes them all at once: with a rebuild's batches of 5,000 as pulls, five sources
# caught up at once on one connection had 50,000 messages in flight, past the
# server's 64 MB a client may have pending, and it cut the connection (slow
# consumer). The batches applied stay as large: a batch is several pulls.
PULL = 1_000


class ProjectionRunner:
    """Runs one projection against a pool, a NATS connection and a FastStream broker."""

    def __init__(
        self,
        pool: asyncpg.Pool,
        projection: Projection,
        nats: NatsClient,
        *,
        batch_size: int = 500,
        catch_up_batch: int = 2000,
        live_wait: float = 0.05,
        ack_wait: float = 60.0,
        stall_after: float = 30.0,
        replicas: int = 1,
    ) -> None:
        self.pool = pool
        self.projection = projection
        self.nats = nats
        self.js = nats.jetstream()
        # Where a source ends, asked by the watch once a second and by every
        # catch-up: while a cluster elects a stream leader nobody answers, and with
        # nats-py's 5 s default a question asked just before the election ends
        # would hold the source's lock (and the watch) that long after it.
        self._asking = nats.jetstream(timeout=1.0)
        self.batch_size = batch_size
        # Catch-up reads far ahead and applies big batches: per-batch costs (a
        # transaction, the checkpoint) shrink, and the reader decodes the next batch
        # while the database writes this one.
        self.catch_up_batch = catch_up_batch
        self.live_wait = live_wait
        self.ack_wait = ack_wait
        self.stall_after = stall_after
        # Copies of a source stream it creates (a consumer may start first).
        self.replicas = replicas
        # Set by a service whose replicas share the lease: writes commit only while
        # this replica holds it (None: the runner is the only one, as in a tool).
        self.fence: Fence | None = None
        self._locks = {source: asyncio.Lock() for source in projection.sources}
        self._lag: dict[str, int] = dict.fromkeys(projection.sources, 0)
        _RUNNING.add(self)

    async def migrate(self, *, indexes: bool = True) -> None:
        """Create the checkpoint and parking tables and the projection's own tables.

        ``indexes=False`` leaves out the indexes only queries use (for a bulk load;
        :meth:`create_indexes` adds them after).
        """
        async with self.pool.acquire() as conn:
            await migrate(conn, [*PROJECTION_MIGRATIONS, *self.projection.migrations])
        if indexes:
            await self.create_indexes()

    async def create_indexes(self) -> None:
        """Create the projection's query indexes (each is IF NOT EXISTS), then settle.

        ``Projection.settle`` fills what the projection keeps beside its rows once
        a bulk load is done, as the indexes are built once after it.
        """
        async with self.pool.acquire() as conn:
            for statement in self.projection.indexes:
                await conn.execute(statement)
            await self.projection.settle(conn)

    async def analyze(self) -> None:
        """Refresh the planner's statistics of the projection's tables (its schema's).

        After a bulk load, before anyone reads: left to autovacuum, the planner
        would go on judging the tables empty until its next round, and choose plans
        for empty tables (a ledger page took 160 ms instead of 6 at 1/200 of the
        district).
        """
        async with self.pool.acquire() as conn:
            tables = await conn.fetch(
                """SELECT format('%I.%I', schemaname, tablename) AS name
                   FROM pg_tables WHERE schemaname = current_schema()"""
            )
            if tables:
                await conn.execute(f"ANALYZE {', '.join(t['name'] for t in tables)}")

    async def prepare(self) -> None:
        """Migrate, make sure every source stream exists, and catch up with each.

        A new projection is loaded as a rebuild is: its query indexes are built
        after the catch-up, and its statistics refreshed after a bulk of events.
        Its service's first replica answers only once caught up; an existing
        projection keeps the indexes it has.
        """
        await self.migrate(indexes=False)
        await self.ensure_streams()
        applied = 0
        for source in self.projection.sources:
            applied += await self.catch_up(source)
            await self._live_from_checkpoint(source)
        await self.create_indexes()
        if applied >= BULK:
            await self.analyze()

    async def ensure_streams(self) -> None:
        """Create each source stream not there yet: a consumer may start first."""
        for source in self.projection.sources:
            await _wire.ensure_stream(self.js, source, replicas=self.replicas)

    async def backlog(self) -> int:
        """How many messages its sources hold past its checkpoints.

        All of them before its first migration (a first start, a new database).
        """
        migrated = await self.pool.fetchval(
            "SELECT to_regclass('projection_checkpoints') IS NOT NULL"
        )
        held = 0
        for source in self.projection.sources:
            state = (await self.js.stream_info(_wire.stream_name(source))).state
            done = await self._checkpoint(source) if migrated else 0
            held += max(0, min(state.messages, state.last_seq - done))
        return held

    async def _live_from_checkpoint(self, source: str) -> None:
        """Have the live consumer of ``source`` deliver from the checkpoint's successor.

        Created by FastStream, it would start at the stream's first message; one left
        behind while the service was down would deliver again what the catch-up has
        just applied. The live path would receive each such message and skip it: at
        the district's 3.7 M events, the process's one core for over half an hour,
        beside its rebuilds and reads (bench --scale district). Before live delivery
        begins (only the lease holder's), such a consumer is made again to start
        there; what is applied is the checkpoint's to say, never the consumer's.
        """
        stream, durable = _wire.stream_name(source), self._durable(source)
        start = await self._checkpoint(source) + 1
        try:
            found = await self.js.consumer_info(stream, durable)
        except nats.js.errors.NotFoundError:
            found = None
        if found is not None:
            if found.delivered.stream_seq + 1 >= start:
                return
            await self.js.delete_consumer(stream, durable)
        config = self._live_config(source)
        config.deliver_policy = DeliverPolicy.BY_START_SEQUENCE
        config.opt_start_seq = start
        try:
            await self.js.add_consumer(stream, config)
        except nats.js.errors.BadRequestError:
            # Made a moment ago by a replica taking over: it starts past our start.
            await self.js.consumer_info(stream, durable)

    def _durable(self, source: str) -> str:
        return f"{self.projection.name}-{source}".replace(".", "_")

    def _live_config(self, source: str) -> ConsumerConfig:
        """The live consumer of ``source``, as :meth:`_subscribe` binds to it."""
        durable = self._durable(source)
        return ConsumerConfig(
            name=durable,
            durable_name=durable,
            filter_subject=_wire.service_subjects(source),
            ack_policy=JsAckPolicy.EXPLICIT,
            max_ack_pending=self.batch_size * 2,
            ack_wait=self.ack_wait,
            max_deliver=-1,
        )

    def subscribe(self, broker: NatsBroker) -> None:
        """Register a durable pull consumer per source on ``broker`` (before start)."""
        for source in self.projection.sources:
            self._subscribe(broker, source)

    def _subscribe(self, broker: NatsBroker, source: str) -> None:
        durable = self._durable(source)

        @broker.subscriber(
            _wire.service_subjects(source),
            stream=JStream(_wire.stream_name(source), declare=False),
            durable=durable,
            pull_sub=PullSub(
                batch_size=self.batch_size, timeout=self.live_wait, batch=True
            ),
            # Used only where no consumer exists (``prepare`` makes one).
            config=self._live_config(source),
            ack_policy=AckPolicy.MANUAL,
            title=durable,
        )
        async def live(msg: Annotated[NatsBatchMessage, Context("message")]) -> None:
            await self._on_live_batch(source, msg.raw_message)

    async def _on_live_batch(self, source: str, messages: list[Msg]) -> None:
        delivered = [_delivered(m) for m in messages]
        outcome = await self._apply_traced(source, delivered)
        if outcome.gap_after is not None:
            await self.catch_up(source)
            outcome = await self._apply_traced(source, delivered)
        await self._settle(messages, delivered, outcome)
        if messages:
            self._lag[source] = messages[-1].metadata.num_pending

    async def _settle(
        self, messages: list[Msg], delivered: list[Delivered], outcome: Applied
    ) -> None:
        """Ack what is applied (or was already); the rest comes back after a pause."""
        for message, item in zip(messages, delivered, strict=True):
            if item.seq <= outcome.last_seq:
                await message.ack()
            else:
                await message.nak(delay=0.5)

    async def _apply_traced(self, source: str, delivered: list[Delivered]) -> Applied:
        spans = []
        for item in delivered:
            parent = propagate.extract(_wire.trace_carrier(item.headers))
            spans.append(
                _tracer.start_span(
                    f"project {self.projection.name}",
                    context=parent,
                    kind=trace.SpanKind.CONSUMER,
                    attributes={"shequ.source": source, "shequ.stream_seq": item.seq},
                )
            )
        try:
            async with self._locks[source]:
                return await apply_delivered(
                    self.pool, self.projection, source, delivered, fence=self.fence
                )
        finally:
            for span in spans:
                span.end()

    async def catch_up(self, source: str, progress: Progress | None = None) -> int:
        """Apply all the source stream holds past the checkpoint; returns the count."""
        async with self._locks[source]:
            return await self._catch_up(source, progress)

    async def _catch_up(self, source: str, progress: Progress | None) -> int:
        """Catch up, starting again from the checkpoint whenever NATS cuts it off.

        A server that restarts loses the reader's in-memory consumer and the pull
        requests in flight, and nats-py re-sends neither: the reader notices the
        connection drop within ``WATCH_EVERY``, what it already read is applied (each
        batch with its checkpoint, in one transaction), and the next attempt starts
        from the checkpoint as soon as the client has reconnected
        (test_a_catch_up_cut_off_by_a_nats_restart_starts_again_from_its_checkpoint).
        On a cluster electing the stream's leader, where the stream ends goes
        unanswered: asked again every second (cluster/test_nats_failover.py).
        ``stall_after`` still bounds a catch-up that makes no progress at all.
        """
        total = 0
        moved_at = time.monotonic()
        while True:
            try:
                return total + await self._catch_up_once(source, progress)
            except _Interrupted as interrupted:
                total += interrupted.applied
                if interrupted.applied:
                    moved_at = time.monotonic()
                log.info(
                    "%s: catch-up from %s cut off (%s) after %d applied; starting "
                    "again from the checkpoint once connected",
                    self.projection.name,
                    source,
                    interrupted,
                    interrupted.applied,
                )
                await self._reconnected(
                    source, interrupted, moved_at + self.stall_after
                )

    async def _reconnected(
        self, source: str, interrupted: _Interrupted, deadline: float
    ) -> None:
        """A pause, then return as soon as the client is connected (by ``deadline``)."""
        while True:
            if time.monotonic() >= deadline:
                raise CatchUpStalled(
                    source, interrupted.last_seq, interrupted.end, self.stall_after
                ) from interrupted
            await asyncio.sleep(_wire.WATCH_EVERY)
            if self.nats.is_connected:
                return

    async def _catch_up_once(self, source: str, progress: Progress | None) -> int:
        epoch = _wire.connection_epoch(self.nats)
        stream = _wire.stream_name(source)
        start = await self._checkpoint(source) + 1
        try:
            info = await self._asking.stream_info(stream)
        except nats.errors.Error as error:
            # Asked as NATS went away, or while a cluster elects the stream's leader
            # (no answer): asked again, until ``stall_after``.
            if _wire.dropped(self.nats, epoch) or isinstance(
                error, nats.errors.TimeoutError
            ):
                raise _Interrupted(_describe(error), start - 1) from error
            raise
        end = info.state.last_seq
        if start > end:
            self._lag[source] = 0
            return 0
        queue: asyncio.Queue[list[Delivered] | None] = asyncio.Queue(maxsize=3)
        # Last sequence seen and when anything last moved: a message read or a batch
        # applied. A slow projection keeps the reader waiting on a full queue; that
        # is progress, not a stall.
        # The third: 1 while a batch is being applied, which may take longer than
        # ``stall_after`` (a large source transaction held whole) and is no stall.
        moved = [float(start - 1), time.monotonic(), 0.0]
        reader = asyncio.create_task(
            self._read_range(stream, source, start, end, queue, progress=moved)
        )
        applied, last_seq = 0, start - 1
        held: list[Delivered] = []  # a transaction's open tail, for the next batch
        try:
            while (batch := await queue.get()) is not None:
                moved[2] = 1.0
                outcome = await apply_delivered(
                    self.pool,
                    self.projection,
                    source,
                    held + batch,
                    floor=info.state.first_seq - 1,
                    fence=self.fence,
                )
                held = outcome.held
                applied += outcome.applied + outcome.parked
                last_seq = outcome.last_seq
                moved[1:] = [time.monotonic(), 0.0]
                self._lag[source] = end - outcome.last_seq
                if progress is not None:
                    progress(source, outcome.last_seq, end)
        except BaseException:
            reader.cancel()
            raise
        # The reader has ended (it sends None last): re-raise why, after everything
        # it read was applied.
        try:
            await reader
        except _Interrupted as interrupted:
            interrupted.applied, interrupted.last_seq = applied, last_seq
            interrupted.end = end
            raise
        return applied

    async def _read_range(
        self,
        stream: str,
        source: str,
        start: int,
        end: int,
        queue: asyncio.Queue[list[Delivered] | None],
        *,
        progress: list[float],
    ) -> None:
        """Read ``start..end`` through pull requests of our own, two pulls ahead.

        nats-py's ``fetch()`` and its ordered consumer top out near 14,000 and
        53,000 msgs/s here; raw pull requests on an unacknowledged consumer reach
        ~120,000, and since nothing is pulled before there is room for it, a slow
        projection never makes the client drop messages (DEPENDENCY-NOTES). Ends
        with ``None`` on the queue whatever happens.
        """
        epoch = _wire.connection_epoch(self.nats)
        done = asyncio.Event()
        consumer: str | None = None
        subscription = None
        try:
            consumer = await self._temporary_consumer(stream, start, epoch)
            size = self.catch_up_batch
            pulls = _Pulls(
                self.nats, stream, consumer, min(size, PULL), expires=self.stall_after
            )
            batch: list[Delivered] = []

            async def collect(message: Msg) -> None:
                if done.is_set():  # read to the end, or given up: late arrivals
                    return
                if not message.reply:  # a status: a pull request expired or ended
                    pulls.ended(message.headers)
                    if pulls.gone is None:
                        await pulls.top_up()
                    return
                item = _delivered(message)
                pulls.outstanding -= 1
                if item.seq > end:
                    return
                progress[:2] = [item.seq, time.monotonic()]
                batch.append(item)
                if len(batch) >= size or item.seq >= end:
                    _decode_ahead(batch)
                    await queue.put(batch.copy())
                    batch.clear()
                if item.seq >= end:
                    done.set()
                elif pulls.outstanding <= pulls.size:  # checked here: once per message
                    await pulls.top_up()

            subscription = await self.nats.subscribe(
                pulls.inbox, cb=collect, pending_msgs_limit=size * 4
            )
            await pulls.top_up()
            await self._until_read(
                source, end, done, pulls=pulls, epoch=epoch, progress=progress
            )
        finally:
            done.set()
            if subscription is not None:
                with contextlib.suppress(nats.errors.Error):
                    await subscription.unsubscribe()
            if consumer is not None and not _wire.dropped(self.nats, epoch):
                with contextlib.suppress(Exception):  # else gone, or it expires
                    await self.js.delete_consumer(stream, consumer)
            await queue.put(None)

    async def _temporary_consumer(self, stream: str, start: int, epoch: int) -> str:
        """An unacknowledged in-memory consumer from ``start``; its name."""
        try:
            consumer = await self.js.add_consumer(
                stream,
                ConsumerConfig(
                    ack_policy=JsAckPolicy.NONE,
                    deliver_policy=DeliverPolicy.BY_START_SEQUENCE,
                    opt_start_seq=start,
                    inactive_threshold=max(self.stall_after, 5.0),
                    mem_storage=True,
                ),
            )
        except nats.errors.Error as error:
            if _wire.dropped(self.nats, epoch):  # asked as NATS went away
                raise _Interrupted(_describe(error), start - 1) from error
            raise
        assert consumer.name is not None
        return consumer.name

    async def _until_read(
        self,
        source: str,
        end: int,
        done: asyncio.Event,
        *,
        pulls: _Pulls,
        epoch: int,
        progress: list[float],
    ) -> None:
        """Wait for the reader to reach ``end``, watching what could stop it."""
        while not done.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(done.wait(), _wire.WATCH_EVERY)
            if done.is_set():
                return
            # The consumer lives in the server's memory and our pull requests on
            # the connection: a drop or a restart takes them, and nothing more
            # would come (_catch_up starts again from the checkpoint).
            if _wire.dropped(self.nats, epoch):
                raise _Interrupted("the connection to NATS dropped", progress[0])
            if pulls.gone is not None:
                raise _Interrupted(f"the consumer is gone: {pulls.gone}", progress[0])
            # Bounded: a stream that stops delivering short of its end (a message
            # deleted under us) fails loudly rather than hanging.
            applying = progress[2] > 0
            if not applying and time.monotonic() - progress[1] >= self.stall_after:
                raise CatchUpStalled(source, int(progress[0]), end, self.stall_after)

    async def rebuild(self, progress: Progress | None = None) -> int:
        """Empty the read model and apply every source stream from the start."""
        for lock in self._locks.values():
            await lock.acquire()
        try:
            await reset_projection(self.pool, self.projection, fence=self.fence)
            total = 0
            for source in self.projection.sources:
                total += await self._catch_up(source, progress)
            await self.create_indexes()  # and settle, as after any bulk load
            return total
        finally:
            for lock in self._locks.values():
                lock.release()

    async def watch(self, stop: asyncio.Event, every: float = 1.0) -> None:
        """Catch up any source whose checkpoint stands still behind its stream.

        A safety net under the live consumer: nats-py can lose a pulled batch to a
        fetch timeout (libs/messaging/README), and JetStream would only redeliver it
        after ``ack_wait``; on a cluster, the consumer's leader may die with the
        stream's (cluster/test_nats_failover.py). Checking once a second bounds that
        delay instead. A failure is warned once, and again at DEBUG while it lasts.
        """
        stalled: dict[str, int] = {}
        failing = False
        while not stop.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), every)
            if stop.is_set():
                return
            try:
                for status in await self.status(self._asking):
                    if status.lag and stalled.get(status.source) == status.checkpoint:
                        log.info(
                            "%s: %s stood still; catching up",
                            self.projection.name,
                            status.source,
                        )
                        await self.catch_up(status.source)
                    stalled[status.source] = status.checkpoint
                failing = False
            except Exception as error:  # keep watching; the live consumer goes on
                log.log(
                    logging.DEBUG if failing else logging.WARNING,
                    "%s: watch failed (%r)",
                    self.projection.name,
                    error,
                )
                failing = True

    async def status(self, js: JetStreamContext | None = None) -> list[SourceStatus]:
        """Checkpoint against each source stream's last sequence."""
        result = []
        for source in self.projection.sources:
            info = await (js or self.js).stream_info(_wire.stream_name(source))
            checkpoint = await self._checkpoint(source)
            result.append(SourceStatus(source, checkpoint, info.state.last_seq))
            self._lag[source] = result[-1].lag
        return result

    async def wait_until(self, source: str, stream_seq: int, within: float) -> bool:
        """Wait up to ``within`` seconds for ``source`` to reach ``stream_seq``."""
        deadline = time.monotonic() + within
        while await self._checkpoint(source) < stream_seq:
            if time.monotonic() >= deadline:
                return False
            await asyncio.sleep(0.01)
        return True

    async def wait_past(
        self, source: str, place: tuple[int, int], within: float
    ) -> bool:
        """Whether ``source``'s event at ``place`` is applied, within ``within`` s.

        ``place`` is the event's (transaction, position) in its store's order.
        """
        deadline = time.monotonic() + within
        while (reached := await self.applied_place(source)) is None or reached < place:
            if time.monotonic() >= deadline:
                return False
            await asyncio.sleep(0.01)
        return True

    async def applied_place(self, source: str) -> tuple[int, int] | None:
        """The (transaction, position) of ``source``'s last event applied, if any."""
        row = await self.pool.fetchrow(
            """SELECT transaction_id::text::bigint, position
               FROM projection_checkpoints WHERE projection = $1 AND source = $2""",
            self.projection.name,
            source,
        )
        return None if row is None or row[1] is None else (row[0], row[1])

    async def _checkpoint(self, source: str) -> int:
        seq = await self.pool.fetchval(
            """SELECT stream_seq FROM projection_checkpoints
               WHERE projection = $1 AND source = $2""",
            self.projection.name,
            source,
        )
        return int(seq or 0)


class _Pulls:
    """Pull requests for one consumer, keeping two pulls asked for at any time."""

    def __init__(
        self, nats: NatsClient, stream: str, consumer: str, size: int, expires: float
    ) -> None:
        self.nats = nats
        self.subject = f"$JS.API.CONSUMER.MSG.NEXT.{stream}.{consumer}"
        self.inbox = nats.new_inbox()
        self.size = size
        self.request = json.dumps(
            {"batch": size, "expires": int(expires * 1_000_000_000)}
        ).encode()
        self.outstanding = 0
        self.gone: str | None = None  # why the consumer cannot deliver any more

    def ended(self, headers: dict[str, str] | None) -> None:
        """A request ended early (expired, or the consumer went): drop its rest."""
        headers = headers or {}
        undelivered = int(headers.get("Nats-Pending-Messages", 0))
        self.outstanding = max(self.outstanding - undelivered, 0)
        status, description = headers.get("Status"), headers.get("Description", "")
        # 503: no consumer answers that subject any more; 409 "Consumer Deleted".
        if status == "503" or (status == "409" and "deleted" in description.lower()):
            self.gone = f"{status} {description}".strip()

    async def top_up(self) -> None:
        while self.outstanding <= self.size:
            self.outstanding += self.size
            await self.nats.publish(self.subject, self.request, reply=self.inbox)


def _decode_ahead(batch: list[Delivered]) -> None:
    """Decode now; a malformed body is parked when the batch is applied."""
    for item in batch:
        with contextlib.suppress(ValidationError):
            item.decode()


def _delivered(message: Msg) -> Delivered:
    """A JetStream message; its stream sequence read off the reply subject directly.

    ``$JS.ACK.<stream>.<consumer>.<delivered>.<stream seq>...`` (nine tokens), or
    with domain and account hash before the stream (twelve); nats-py's
    ``metadata`` would also build a datetime per message, which we do not need.
    """
    tokens = message.reply.split(".")
    return Delivered(
        seq=int(tokens[5] if len(tokens) == 9 else tokens[7]),
        body=message.data,
        headers=message.headers or {},  # nats-py makes a dict per message already
    )

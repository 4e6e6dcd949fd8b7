"""The relay (发布中继): publishes a store's committed events to JetStream, in order.

The events table is the outbox. The relay reads it in gap-safe global order and
publishes pipelined batches; each message names its predecessor in
``Nats-Expected-Last-Msg-Id``, so JetStream refuses anything out of order and a failed
batch can never leave a hole. Where to resume is read back from the stream's last
message, so after a NATS outage, a lost ack, or a stream that lost its tail, the relay
re-sends exactly what is missing (see test_relay_catches_up_after_nats_was_down).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass

import asyncpg
from nats.aio.client import Client as NatsClient
from nats.js import JetStreamContext
from opentelemetry import metrics

from shequ.eventstore import Checkpoint, EventStore, Migration
from shequ.messaging import _wire

log = logging.getLogger(__name__)
_meter = metrics.get_meter("shequ.messaging")
_published = _meter.create_counter("shequ.relay.published", unit="{event}")

RELAY_MIGRATIONS = [
    Migration(
        "relay",
        1,
        """CREATE TABLE IF NOT EXISTS relay_checkpoint (
               stream_name    text PRIMARY KEY,
               transaction_id xid8 NOT NULL,
               position       bigint NOT NULL,
               published_at   timestamptz NOT NULL DEFAULT now())""",
    )
]


class StreamMismatch(RuntimeError):
    """The stream's last message is not in this store: resuming would skip events."""

    def __init__(self, stream: str, event_id: str) -> None:
        super().__init__(
            f"JetStream stream {stream} ends with event {event_id}, which this store "
            "does not hold: the stream belongs to another database, or the database "
            "was restored to an earlier point. Nothing is published until an operator "
            "checks and purges or re-creates the stream."
        )


@dataclass
class RelayStatus:
    """Where the relay stands: its checkpoint and the events not yet published."""

    checkpoint: Checkpoint
    pending: int


class Relay:
    """Publishes one service's events from its store to its JetStream stream."""

    def __init__(
        self,
        store: EventStore,
        nats: NatsClient,
        *,
        batch_size: int = 1000,
        idle_wait: float = 0.05,
        duplicate_window: float = 120.0,
        ack_timeout: float = 10.0,
    ) -> None:
        self.store = store
        self.nats = nats
        self.js: JetStreamContext = nats.jetstream()
        self.service = store.catalog.service
        self.stream = _wire.stream_name(self.service)
        self.batch_size = batch_size
        self.idle_wait = idle_wait
        self.duplicate_window = duplicate_window
        self.ack_timeout = ack_timeout
        self._checkpoint: Checkpoint | None = None
        self._last_id: str | None = None

    @property
    def pool(self) -> asyncpg.Pool:
        return self.store.pool

    async def ensure_stream(self) -> None:
        """Create the service's stream, or leave an existing one as it is."""
        await _wire.ensure_stream(self.js, self.service, self.duplicate_window)

    async def resync(self) -> Checkpoint:
        """Resume after the stream's last message (JetStream says what it holds)."""
        info = await self.js.stream_info(self.stream)
        if info.state.last_seq == 0 or info.state.messages == 0:
            self._checkpoint, self._last_id = Checkpoint(), None
        else:
            stored = await self.js.get_msg(self.stream, info.state.last_seq)
            last = _wire.decode(stored.data or b"")
            if not await self.pool.fetchval(
                "SELECT EXISTS (SELECT 1 FROM events WHERE event_id = $1)",
                last.event_id,
            ):
                raise StreamMismatch(self.stream, str(last.event_id))
            self._checkpoint = Checkpoint(last.transaction_id, last.position)
            self._last_id = str(last.event_id)
        await self._save_checkpoint(self._checkpoint)
        return self._checkpoint

    async def publish_batch(self) -> int:
        """Publish the next batch of committed events; returns how many."""
        if self._checkpoint is None:
            await self.resync()
        assert self._checkpoint is not None
        events = await self.store.read_all_encoded(self._checkpoint, self.batch_size)
        if not events:
            return 0
        acks = []
        previous = self._last_id
        for event in events:
            event_id = str(event.event_id)
            # Few headers on purpose: nats-py parses each one per delivered message,
            # and the body already carries the envelope (bench (d)).
            headers = {**event.trace_context, _wire.MSG_ID: event_id}
            if previous is not None:
                headers[_wire.EXPECTED_LAST_MSG_ID] = previous
            acks.append(
                await self.js.publish_async(
                    f"shequ.{self.service}.{event.stream_type}.{event.event_type}",
                    event.body,
                    stream=self.stream,
                    headers=headers,
                )
            )
            previous = event_id
        try:
            # Bounded: nats-py 2.16 raises a refused publish's error inside its
            # reply handler and never settles that ack (a message the stream did
            # not expect next, say), which would hold the relay for ever.
            await asyncio.wait_for(asyncio.gather(*acks), self.ack_timeout)
        except Exception:
            # Some of the batch may be stored: ask JetStream where it stands.
            self._checkpoint = None
            raise
        last = events[-1]
        self._checkpoint = Checkpoint(last.transaction_id, last.position)
        self._last_id = previous
        await self._save_checkpoint(self._checkpoint)
        _published.add(len(events), {"service": self.service})
        return len(events)

    async def run(self, stop: asyncio.Event) -> None:
        """Publish until ``stop`` is set; a NATS outage delays, never loses, events."""
        backoff = 0.1
        while not stop.is_set():
            try:
                if self._checkpoint is None:
                    await self.ensure_stream()
                published = await self.publish_batch()
                backoff = 0.1
            except (asyncpg.PostgresError, OSError) as error:
                log.warning(
                    "relay %s: store unavailable (%s); retrying", self.stream, error
                )
                published = 0
                await _sleep_or_stop(stop, backoff)
                backoff = min(backoff * 2, 5.0)
            except (
                Exception
            ) as error:  # NATS errors come in many types; all mean retry.
                log.warning(
                    "relay %s: NATS refused or unreachable (%r)", self.stream, error
                )
                self._checkpoint = None
                await _sleep_or_stop(stop, backoff)
                backoff = min(backoff * 2, 5.0)
                continue
            if published < self.batch_size:
                await _sleep_or_stop(stop, self.idle_wait)

    async def status(self) -> RelayStatus:
        """The relay's checkpoint and how many committed events wait for it."""
        row = await self.pool.fetchrow(
            """SELECT c.transaction_id, c.position,
                      (SELECT count(*) FROM events e
                        WHERE (e.transaction_id, e.position)
                              > (c.transaction_id, c.position)) AS pending
               FROM relay_checkpoint c WHERE c.stream_name = $1""",
            self.stream,
        )
        if row is None:
            pending = await self.pool.fetchval("SELECT count(*) FROM events")
            return RelayStatus(Checkpoint(), pending)
        return RelayStatus(
            Checkpoint(row["transaction_id"], row["position"]), row["pending"]
        )

    async def _save_checkpoint(self, checkpoint: Checkpoint) -> None:
        await self.pool.execute(
            """INSERT INTO relay_checkpoint (stream_name, transaction_id, position)
               VALUES ($1, $2, $3)
               ON CONFLICT (stream_name) DO UPDATE
               SET transaction_id = excluded.transaction_id,
                   position = excluded.position, published_at = now()""",
            self.stream,
            checkpoint.transaction_id,
            checkpoint.position,
        )


async def _sleep_or_stop(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), seconds)

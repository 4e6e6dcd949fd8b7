"""The relay (发布中继): publishes a store's committed events to JetStream, in order.

The events table is the outbox. The relay reads it in gap-safe global order and
publishes pipelined batches; each message names its predecessor in
``Nats-Expected-Last-Msg-Id``, so JetStream refuses anything out of order and a failed
batch can never leave a hole. Where to resume is read back from the stream's last
message, so after a NATS outage, a lost ack, or a stream that lost its tail, the relay
re-sends exactly what is missing (see test_relay_catches_up_after_nats_was_down).

On a JetStream cluster, a stream whose leader died answers nothing until the others
have elected a new one (4–7 s here): publishes are refused (503) or go unanswered,
and so does the question where the stream ends. The relay keeps asking, each time
briefly (``request_timeout``), and resumes within about a second of the election,
re-sending under the same message ids (cluster/test_nats_failover.py).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from dataclasses import dataclass

import asyncpg
import nats.errors
import nats.js.errors
from nats.aio.client import Client as NatsClient
from nats.aio.msg import Msg
from nats.js import JetStreamContext
from opentelemetry import metrics

from shequ.eventstore import Checkpoint, EncodedEvent, EventStore, Migration
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


class NatsUnavailable(Exception):
    """Not connected to NATS, or the connection dropped before a batch was confirmed."""


class AcksTimedOut(TimeoutError):
    """Connected, but JetStream confirmed nothing more for ``ack_timeout``."""


# Tried in this order: nats.errors.TimeoutError is also an OSError, and so is our
# AcksTimedOut, while the store's own connection errors are OSErrors too.
_NATS_FAULTS = (nats.errors.Error, NatsUnavailable, AcksTimedOut)
_STORE_FAULTS = (asyncpg.PostgresError, asyncpg.InterfaceError, OSError)


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
        replicas: int = 1,
        request_timeout: float = 1.0,
    ) -> None:
        self.store = store
        self.nats = nats
        self.js: JetStreamContext = nats.jetstream()
        # For the questions asked while resuming: nats-py's 5 s default would let a
        # question asked during an election sit out most of that time after it.
        self._resuming: JetStreamContext = nats.jetstream(timeout=request_timeout)
        self.service = store.catalog.service
        self.stream = _wire.stream_name(self.service)
        self.batch_size = batch_size
        self.idle_wait = idle_wait
        self.duplicate_window = duplicate_window
        self.ack_timeout = ack_timeout
        self.replicas = replicas
        self._checkpoint: Checkpoint | None = None
        self._last_id: str | None = None

    @property
    def pool(self) -> asyncpg.Pool:
        return self.store.pool

    async def ensure_stream(self, js: JetStreamContext | None = None) -> None:
        """Create the service's stream, or leave an existing one as it is."""
        await _wire.ensure_stream(
            js or self.js, self.service, self.duplicate_window, self.replicas
        )

    async def resync(self) -> Checkpoint:
        """Resume after the stream's last message (JetStream says what it holds)."""
        info = await self._resuming.stream_info(self.stream)
        if info.state.last_seq == 0 or info.state.messages == 0:
            self._checkpoint, self._last_id = Checkpoint(), None
        else:
            stored = await self._resuming.get_msg(self.stream, info.state.last_seq)
            last = _wire.decode(stored.data or b"")
            # Where that event stands in this store, read from the store: a re-keyed
            # copy (shequ.eventstore.reseal) keeps event ids, not positions.
            here = await self.pool.fetchrow(
                "SELECT transaction_id, position FROM events WHERE event_id = $1",
                last.event_id,
            )
            if here is None:
                raise StreamMismatch(self.stream, str(last.event_id))
            self._checkpoint = Checkpoint(here["transaction_id"], here["position"])
            self._last_id = str(last.event_id)
        await self._save_checkpoint(self._checkpoint)
        return self._checkpoint

    async def publish_batch(self) -> int:
        """Publish the next batch of committed events; returns how many.

        Raises :class:`NatsUnavailable` when not connected or when the connection
        drops before JetStream confirmed the batch, the refusal itself when JetStream
        refuses a message, and :class:`AcksTimedOut` when it stays silent.
        """
        if not self.nats.is_connected:
            # nats-py would buffer the batch until it reconnects, and flush it then
            # behind our back; the relay re-sends from the stream's end instead.
            raise NatsUnavailable("not connected")
        if self._checkpoint is None:
            await self.resync()
        assert self._checkpoint is not None
        # One event past the batch, to see whether the batch's last transaction
        # goes on in the next one: consumers that judge a transaction whole wait.
        events = await self.store.read_all_encoded(
            self._checkpoint, self.batch_size + 1
        )
        ahead = events[self.batch_size] if len(events) > self.batch_size else None
        events = events[: self.batch_size]
        if not events:
            return 0
        try:
            previous = await self._publish(events, ahead)
        except BaseException:
            # Some of the batch may be stored: ask JetStream where it stands.
            self._checkpoint = None
            raise
        last = events[-1]
        self._checkpoint = Checkpoint(last.transaction_id, last.position)
        self._last_id = previous
        await self._save_checkpoint(self._checkpoint)
        _published.add(len(events), {"service": self.service})
        return len(events)

    async def _publish(
        self, events: list[EncodedEvent], ahead: EncodedEvent | None
    ) -> str | None:
        """Publish ``events`` pipelined and wait for every ack; the last event id.

        An event whose transaction goes on (in this batch, or in ``ahead``, the
        first of the next) carries ``Shequ-Transaction-Continues``.

        The acks come to an inbox of our own rather than through nats-py 2.16's
        ``publish_async``, which never settles a publish JetStream refuses (its reply
        handler raises) nor one whose connection dropped, so the relay would sit out
        ``ack_timeout`` for either (test_a_publish_the_stream_refuses_fails_at_once,
        test_a_relay_whose_acks_died_with_nats_resumes_once_it_is_back).
        """
        epoch = _wire.connection_epoch(self.nats)
        acks = _Acks(len(events))
        inbox = self.nats.new_inbox()
        subscription = await self.nats.subscribe(f"{inbox}.*", cb=acks.settle)
        try:
            previous = self._last_id
            for index, event in enumerate(events):
                if _wire.dropped(self.nats, epoch):
                    raise NatsUnavailable("the connection dropped mid-batch")
                event_id = str(event.event_id)
                # Few headers on purpose: nats-py parses each one per delivered
                # message, and the body already carries the envelope (bench (d)).
                # The event id is the Nats-Msg-Id, so JetStream drops a re-sent one.
                headers = {
                    **event.trace_context,
                    _wire.MSG_ID: event_id,
                    _wire.EXPECTED_STREAM: self.stream,
                }
                if previous is not None:
                    headers[_wire.EXPECTED_LAST_MSG_ID] = previous
                following = events[index + 1] if index + 1 < len(events) else ahead
                if following and following.transaction_id == event.transaction_id:
                    headers[_wire.TRANSACTION_CONTINUES] = "1"
                await self.nats.publish(
                    f"shequ.{self.service}.{event.stream_type}.{event.event_type}",
                    event.body,
                    reply=f"{inbox}.{index}",
                    headers=headers,
                )
                previous = event_id
            await self._confirmed(acks, epoch)
            return previous
        finally:
            with contextlib.suppress(nats.errors.Error):
                await subscription.unsubscribe()

    async def _confirmed(self, acks: _Acks, epoch: int) -> None:
        """Wait until JetStream confirmed every publish, refused one, or cannot."""
        deadline = time.monotonic() + self.ack_timeout
        while not acks.settled.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(acks.settled.wait(), _wire.WATCH_EVERY)
            if acks.settled.is_set():
                break
            if _wire.dropped(self.nats, epoch):
                # The replies went with the connection; waiting cannot bring them.
                raise NatsUnavailable(
                    f"the connection dropped with {acks.missing} of "
                    f"{acks.expected} publishes unconfirmed"
                )
            if time.monotonic() >= deadline:
                raise AcksTimedOut(
                    f"JetStream confirmed {acks.expected - acks.missing} of "
                    f"{acks.expected} publishes in {self.ack_timeout:g} s"
                )
        if acks.refusal is not None:
            raise acks.refusal

    async def run(self, stop: asyncio.Event) -> None:
        """Publish until ``stop`` is set; an outage delays, never loses, events.

        Each outage is logged once as what it is: NATS unreachable (publishing
        resumes as soon as the client has reconnected), NATS refusing or not
        confirming a batch (re-synced from the stream's end; said again at DEBUG
        while it lasts, and when publishing resumes), or the store unavailable
        (test_a_relay_reports_a_store_outage_as_one).
        """
        backoff = 0.1
        refused_since: float | None = None  # NATS refusing, since when
        while not stop.is_set():
            try:
                if self._checkpoint is None:
                    await self.ensure_stream(self._resuming)
                published = await self.publish_batch()
                backoff = 0.1
                if refused_since is not None:
                    log.info(
                        "relay %s: NATS confirms again after %.1f s",
                        self.stream,
                        time.monotonic() - refused_since,
                    )
                    refused_since = None
            except _NATS_FAULTS as error:
                self._checkpoint = None  # resume after what the stream holds
                if isinstance(error, NatsUnavailable) or not self.nats.is_connected:
                    log.warning(
                        "relay %s: NATS connection lost (%s); resuming once "
                        "reconnected",
                        self.stream,
                        _describe(error),
                    )
                    began = time.monotonic()
                    await self._until_connected(stop)
                    log.info(
                        "relay %s: NATS back after %.1f s; re-syncing",
                        self.stream,
                        time.monotonic() - began,
                    )
                    backoff = 0.1
                else:
                    log.log(
                        logging.WARNING if refused_since is None else logging.DEBUG,
                        "relay %s: NATS refused or did not confirm a batch (%s); "
                        "re-syncing from the stream's end",
                        self.stream,
                        _describe(error),
                    )
                    refused_since = refused_since or time.monotonic()
                    await _sleep_or_stop(stop, backoff)
                    # A cluster electing a stream leader answers nothing, then at
                    # once: ask again every second at most, not every five.
                    backoff = min(backoff * 2, 1.0)
                continue
            except _STORE_FAULTS as error:
                log.warning(
                    "relay %s: store unavailable (%s); retrying",
                    self.stream,
                    _describe(error),
                )
                await _sleep_or_stop(stop, backoff)
                backoff = min(backoff * 2, 5.0)
                continue
            except Exception as error:  # e.g. StreamMismatch: keep trying, loudly
                log.warning("relay %s: cannot publish (%r)", self.stream, error)
                self._checkpoint = None
                await _sleep_or_stop(stop, backoff)
                backoff = min(backoff * 2, 5.0)
                continue
            if published < self.batch_size:
                await _sleep_or_stop(stop, self.idle_wait)

    async def _until_connected(self, stop: asyncio.Event) -> None:
        """Return as soon as nats-py has reconnected (or ``stop`` is set)."""
        while not stop.is_set() and not self.nats.is_connected:
            await _sleep_or_stop(stop, _wire.WATCH_EVERY)

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


class _Acks:
    """The replies to one batch's publishes, each under ``<inbox>.<index>``."""

    def __init__(self, expected: int) -> None:
        self.expected = expected
        self.missing = expected
        self.refusal: Exception | None = None
        self.settled = asyncio.Event()
        self._confirmed = [False] * expected

    async def settle(self, message: Msg) -> None:
        index = int(message.subject.rpartition(".")[2])
        if self._confirmed[index] or self.settled.is_set():
            return
        refusal = _refusal(message)
        if refusal is not None:
            # One refusal fails the batch: what follows it cannot be stored either
            # (each names its predecessor), and resync finds what was.
            self.refusal = refusal
            self.settled.set()
            return
        self._confirmed[index] = True
        self.missing -= 1
        if self.missing == 0:
            self.settled.set()


def _refusal(message: Msg) -> Exception | None:
    """The error in a JetStream publish reply, or None for an ack."""
    if (message.headers or {}).get("Status") == "503":
        return nats.js.errors.NoStreamResponseError()
    if b'"error"' not in message.data:  # an ack: spare the JSON parse
        return None
    error = json.loads(message.data).get("error")
    if error is None:
        return None
    try:
        nats.js.errors.APIError.from_error(error)  # raises the matching subclass
    except nats.js.errors.APIError as refused:
        return refused
    return None  # pragma: no cover - from_error always raises


def _describe(error: BaseException) -> str:
    """``Type: message``; many of these errors have an empty message."""
    text = str(error)
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


async def _sleep_or_stop(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), seconds)

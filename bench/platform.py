"""Platform benchmarks (issue: platform core): the store, the relay, projections.

(a) single-event appends vs raw single-row INSERT commits, 16 connections;
(b) 1,000-event batch appends vs COPY of the same rows into a copy of the events table;
(c) relay vs raw async JetStream publish; (d) projection rebuild from JetStream into
PostgreSQL; (e) as-of replay p99.
"""

from __future__ import annotations

import asyncio
import hashlib
import statistics
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime

import asyncpg
import nats

from bench._harness import Row, fresh_schema, p99, rate_for
from shequ.eventstore import EventStore, create_pool, migrate, store_migrations
from shequ.messaging import (
    PROJECTION_MIGRATIONS,
    RELAY_MIGRATIONS,
    ProjectionRunner,
    Relay,
    stream_name,
)
from shequ.messaging import connect as connect_nats
from shequ.testing.sample import (
    NOTES_MIGRATIONS,
    CaseOpened,
    NoteAdded,
    notes_projection,
    sample_catalog,
)

SECONDS = 4.0
WRITERS = 16
NOW = datetime(2026, 11, 23, tzinfo=UTC)


async def run(database_url: str, nats_url: str) -> list[Row]:
    """Every platform figure, measured on the given servers."""
    async with fresh_schema(database_url) as dsn:
        pool = await create_pool(dsn, min_size=WRITERS, max_size=WRITERS + 4)
        try:
            async with pool.acquire() as conn:
                await migrate(
                    conn,
                    [
                        *store_migrations(),
                        *RELAY_MIGRATIONS,
                        *PROJECTION_MIGRATIONS,
                        *NOTES_MIGRATIONS,
                    ],
                )
                await conn.execute(
                    "CREATE TABLE raw_insert (id bigserial PRIMARY KEY, data jsonb)"
                )
            return await _measure(pool, dsn, nats_url)
        finally:
            await pool.close()


async def _measure(pool: asyncpg.Pool, dsn: str, nats_url: str) -> list[Row]:
    service = f"bench{int(time.time())}"
    store = EventStore(pool, sample_catalog(service))
    rows = [await _single_appends(dsn, store), *await _batch_appends(dsn, store)]
    # What autovacuum does within a minute of a bulk load; without statistics the
    # tailing read plans a bitmap scan and sort of the whole table.
    await pool.execute("ANALYZE")
    client = await connect_nats(nats_url)
    try:
        rows.append(await _relay(store, client, service))
        rows.append(await _rebuild(pool, client, service))
        rows.append(await _as_of(store))
    finally:
        await client.jetstream().delete_stream(stream_name(service))
        await client.close()
    return rows


async def _single_appends(dsn: str, store: EventStore) -> Row:
    conns = [await asyncpg.connect(dsn) for _ in range(WRITERS)]

    async def raw(worker: int, _i: int) -> int:
        await conns[worker].execute(
            "INSERT INTO raw_insert (data) VALUES ($1)", '{"text":"x"}'
        )
        return 1

    async def append(worker: int, i: int) -> int:
        await store.append(
            "case",
            f"w{worker}-{i}",
            [CaseOpened(title="x")],
            expected_version=0,
            occurred_at=NOW,
        )
        return 1

    # This process's CPU per operation: where an append's time goes beside the
    # server's (the store's Python work: validation, chain hash, statement).
    cpu = time.process_time()
    raw_rate = await rate_for(SECONDS, WRITERS, raw)
    raw_cpu = (time.process_time() - cpu) / (raw_rate * SECONDS) * 1e6
    for conn in conns:
        await conn.close()
    cpu = time.process_time()
    rate = await rate_for(SECONDS, WRITERS, append)
    append_cpu = (time.process_time() - cpu) / (rate * SECONDS) * 1e6
    return Row(
        f"(a) appends/s, 1 event/command, 16 writers (client CPU {append_cpu:.0f}"
        f" µs/append, {raw_cpu:.0f} µs/INSERT)",
        rate,
        "/s",
        raw_rate,
        "INSERT/s",
        "ratio >= 0.6",
        rate / raw_rate >= 0.6,
    )


async def _batch_appends(dsn: str, store: EventStore) -> list[Row]:
    conn = await asyncpg.connect(dsn)
    # The raw limit is what COPY takes of the rows the store writes: the same columns,
    # constraints and indexes (a copy of the events table, without its triggers).
    await conn.execute("CREATE TABLE raw_events (LIKE events INCLUDING ALL)")
    event_copy_rate = await _copy_rate(conn, _event_rows, "raw_events", EVENT_COLUMNS)
    tiny: list[tuple[object, ...]] = [('{"text":"x"}',)] * 1000
    tiny_copy_rate = await _copy_rate(conn, lambda _i: tiny, "raw_insert", ["data"])
    await conn.close()

    notes = [NoteAdded(text=f"note {n}") for n in range(1000)]

    async def append(worker: int, i: int) -> int:
        await store.append(
            "case", f"bulk{worker}-{i}", notes, expected_version=0, occurred_at=NOW
        )
        return 1000

    rate = await rate_for(SECONDS, 1, append)
    return [
        Row(
            "(b) bulk append events/s, 1,000-event batches",
            rate,
            "/s",
            event_copy_rate,
            "COPY event rows/s",
            "ratio >= 0.4",
            rate / event_copy_rate >= 0.4,
        ),
        Row(
            "    for scale: COPY of one-column rows",
            tiny_copy_rate,
            "/s",
            None,
            "",
            "(information)",
        ),
    ]


EVENT_COLUMNS = [
    "transaction_id",
    "event_id",
    "stream_type",
    "stream_id",
    "version",
    "event_type",
    "schema_version",
    "data",
    "occurred_at",
    "recorded_at",
    "actor",
    "office",
    "correlation_id",
    "causation_id",
    "trace_context",
    "previous_hash",
    "hash",
]


def _event_rows(batch: int) -> list[tuple[object, ...]]:
    """1,000 rows shaped like the store's NoteAdded rows, for stream ``raw<batch>``."""
    digest = hashlib.sha256(b"x").digest()
    now = datetime.now(UTC)
    return [
        (
            1,
            uuid.uuid4(),
            "case",
            f"raw{batch}",
            v + 1,
            "NoteAdded",
            1,
            f'{{"text": "note {v}"}}',
            NOW,
            now,
            "staff-1",
            "310101",
            uuid.uuid4(),
            None,
            "{}",
            digest,
            digest,
        )
        for v in range(1000)
    ]


async def _copy_rate(
    conn: asyncpg.Connection,
    batch_rows: Callable[[int], list[tuple[object, ...]]],
    table: str,
    columns: list[str],
) -> float:
    """Rows/s of COPY alone: building each batch's rows is left out of the time."""
    copying = 0.0
    copied = 0
    while copying < SECONDS:
        records = batch_rows(copied)
        start = time.perf_counter()
        await conn.copy_records_to_table(table, records=records, columns=columns)
        copying += time.perf_counter() - start
        copied += len(records)
    return copied / copying


async def _relay(store: EventStore, client: nats.NATS, service: str) -> Row:
    js = client.jetstream()
    relay = Relay(store, client, batch_size=4000)
    await relay.ensure_stream()
    raw_stream = f"{stream_name(service)}_RAW"
    await js.add_stream(name=raw_stream, subjects=[f"raw.{service}.>"])
    body = b'{"text": "' + b"x" * 400 + b'"}'
    count = 40_000
    start = time.perf_counter()
    for offset in range(0, count, 4000):
        acks = [
            await js.publish_async(
                f"raw.{service}.case.NoteAdded",
                body,
                headers={"Nats-Msg-Id": f"m{offset + n}"},
            )
            for n in range(4000)
        ]
        await asyncio.gather(*acks)
    raw_rate = count / (time.perf_counter() - start)
    await js.delete_stream(raw_stream)

    pending = (await relay.status()).pending
    start = time.perf_counter()
    published = 0
    while published < pending:
        published += await relay.publish_batch()
    rate = published / (time.perf_counter() - start)
    return Row(
        f"(c) relay events/s into JetStream ({published:,} events)",
        rate,
        "/s",
        raw_rate,
        "raw publish/s",
        "ratio >= 0.6",
        rate / raw_rate >= 0.6,
    )


async def _rebuild(pool: asyncpg.Pool, client: nats.NATS, service: str) -> Row:
    runner = ProjectionRunner(pool, notes_projection(service), client)
    await runner.migrate()
    start = time.perf_counter()
    applied = await runner.rebuild()
    rate = applied / (time.perf_counter() - start)
    return Row(
        f"(d) projection rebuild events/s ({applied:,} events)",
        rate,
        "/s",
        None,
        "",
        ">= 25,000/s",
        rate >= 25_000,
    )


async def _as_of(store: EventStore) -> Row:
    notes = [NoteAdded(text=f"note {n}") for n in range(999)]
    await store.append(
        "case",
        "long",
        [CaseOpened(title="long"), *notes],
        expected_version=0,
        occurred_at=NOW,
    )
    cut = datetime.now(UTC)
    samples = []
    for _ in range(200):
        start = time.perf_counter()
        events, _head = await store.replay("long", as_of=cut)
        samples.append((time.perf_counter() - start) * 1000)
        assert len(events) == 1000
    latency = p99(samples)
    return Row(
        f"(e) as-of replay, 1,000 events, p99 (p50 {statistics.median(samples):.1f})",
        latency,
        "ms",
        None,
        "",
        "< 25 ms",
        latency < 25,
    )

"""What sealing personal data costs (issue #22): the same work, keyring off and on.

Each row's figure is with the keyring on (personal fields sealed under per-person
keys), its reference the same work with it off (the store as before the issue), on
registry's PersonRegistered (seven personal fields) and PersonMoved (one).

(a) single-event appends, 16 writers: a registration (a new person: their key is made
    and committed before the append, a second durable commit on its path, so the rate
    is held to what registering needs rather than to the ratio) and a known person's
    move (their key cached: only the cipher work is added);
(e) as-of replay of a 1,000-event person stream, p99;
    rebuild-style read of 20,000 registrations of 20,000 people (read_all + decode
    pages of 1,000), every key fetched cold, as a projection rebuild in a new process;
    held to platform (d)'s rebuild target.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime
from urllib.parse import parse_qs, urlsplit

from bench._harness import Row, fresh_schema, p99, rate_for
from shequ.contracts.personal import install_opener
from shequ.contracts.registry import CATALOG, PersonMoved, PersonRegistered
from shequ.eventstore import (
    EventStore,
    NewStream,
    create_pool,
    migrate,
    store_migrations,
)
from shequ.keyring import KeyRing, new_master_key
from shequ.keyring import master_key as parse_master_key

SECONDS = 4.0
WRITERS = 16
PEOPLE = 20_000
NOW = datetime(2026, 11, 23, tzinfo=UTC)
OFFICE = "441900101001"


def person(n: int) -> PersonRegistered:
    return PersonRegistered(
        person_id=f"p-{n}",
        office=OFFICE,
        name="张三丰",
        document_kind="resident_id",
        document_number=f"44190019800517{n % 10_000:04}",
        document_masked="4419**********1234",
        birth_date=date(1980, 5, 17),
        sex="male",
        phone="13800138000",
        address="广东省东莞市南城街道宏图路1号",
        residence="registered",
        tags=[],
    )


def moved() -> PersonMoved:
    return PersonMoved(
        from_office=OFFICE,
        to_office=OFFICE,
        kind="within_community",
        address="广东省东莞市南城街道鸿福路2号",
    )


async def run(database_url: str, _nats_url: str) -> list[Row]:
    """Every encryption-cost figure, off and on, measured on the given server."""
    async with (
        fresh_schema(database_url) as plain_dsn,
        fresh_schema(database_url) as sealed_dsn,
    ):
        master = parse_master_key(new_master_key())
        schema = parse_qs(urlsplit(sealed_dsn).query)["search_path"][0]

        def ring() -> KeyRing:
            return KeyRing(sealed_dsn, master, schema=schema)

        writer = ring()
        await writer.attach()
        plain = await _store(plain_dsn, None)
        sealed = await _store(sealed_dsn, writer)
        try:
            # First, while the stores hold only what it reads.
            rebuild = await _rebuild(plain, sealed, ring)
            install_opener(writer)
            rows = await _appends(plain, sealed)
            rows.append(await _as_of(plain, sealed))
            return [*rows, rebuild]
        finally:
            install_opener(None)
            await plain.pool.close()
            await sealed.pool.close()
            await writer.detach()


async def _store(dsn: str, keyring: KeyRing | None) -> EventStore:
    pool = await create_pool(dsn, min_size=WRITERS, max_size=WRITERS + 4)
    async with pool.acquire() as conn:
        await migrate(conn, store_migrations())
    return EventStore(pool, CATALOG, keyring=keyring)


async def _appends(plain: EventStore, sealed: EventStore) -> list[Row]:
    def registering(store: EventStore) -> Callable[[int, int], Awaitable[int]]:
        async def op(worker: int, i: int) -> int:
            n = worker * 1_000_000 + i
            await store.append(
                "person", f"p-{n}", [person(n)], expected_version=0, occurred_at=NOW
            )
            return 1

        return op

    def moving(store: EventStore) -> Callable[[int, int], Awaitable[int]]:
        async def op(worker: int, _i: int) -> int:
            # Each writer moves its own, already registered, person.
            await store.append(
                "person",
                f"p-{worker}",
                [moved()],
                expected_version=None,
                occurred_at=NOW,
            )
            return 1

        return op

    figures = []
    for make in (registering, moving):
        off = await rate_for(SECONDS, WRITERS, make(plain))
        on = await rate_for(SECONDS, WRITERS, make(sealed))
        figures.append((off, on))
    (reg_off, reg_on), (move_off, move_on) = figures
    return [
        Row(
            "(a) sealed registrations/s, key made (>= 1,000)",
            reg_on,
            "/s",
            reg_off,
            "keyring off/s",
            ">= 1,000/s",
            reg_on >= 1000,
        ),
        Row(
            "(a) sealed appends/s, known person (ratio >= 0.8)",
            move_on,
            "/s",
            move_off,
            "keyring off/s",
            "ratio >= 0.8",
            move_on / move_off >= 0.8,
        ),
    ]


async def _as_of(plain: EventStore, sealed: EventStore) -> Row:
    history = [person(9_999_999), *(moved() for _ in range(999))]
    samples: dict[bool, list[float]] = {}
    for store in (plain, sealed):
        await store.append(
            "person", "p-long", history, expected_version=0, occurred_at=NOW
        )
        cut = datetime.now(UTC)
        samples[store is sealed] = timings = []
        for _ in range(200):
            start = time.perf_counter()
            events, _head = await store.replay("p-long", as_of=cut)
            timings.append((time.perf_counter() - start) * 1000)
            assert events[0] == history[0]
    off, on = p99(samples[False]), p99(samples[True])
    return Row(
        f"(e) sealed as-of replay, 1,000 events, p99 (p50 "
        f"{statistics.median(samples[True]):.1f}; off p99 {off:.1f})",
        on,
        "ms",
        None,
        "",
        "< 25 ms",
        on < 25,
    )


async def _rebuild(
    plain: EventStore, sealed: EventStore, ring: Callable[[], KeyRing]
) -> Row:
    streams = [NewStream("person", f"r-{n}", [person(n)]) for n in range(PEOPLE)]
    rates: dict[bool, float] = {}
    for store in (plain, sealed):
        for start in range(0, PEOPLE, 1000):
            await store.start_streams(streams[start : start + 1000], occurred_at=NOW)
        await store.pool.execute("ANALYZE events")
        # A new process's ring: no key cached, as when a projection is rebuilt.
        cold = ring()
        await cold.attach()
        install_opener(cold)
        try:
            rates[store is sealed] = await _read_all(store)
        finally:
            install_opener(None)
            await cold.detach()
    off, on = rates[False], rates[True]
    return Row(
        f"(e) sealed rebuild read/s, {PEOPLE:,} people, cold keys (>= 25,000)",
        on,
        "/s",
        off,
        "keyring off/s",
        ">= 25,000/s",
        on >= 25_000,
    )


async def _read_all(store: EventStore) -> float:
    start = time.perf_counter()
    after, decoded = (0, 0), 0
    while page := await store.read_all(after, limit=1000):
        for envelope in page:
            store.decode(envelope)
        decoded += len(page)
        after = (page[-1].transaction_id, page[-1].position)
    return decoded / (time.perf_counter() - start)

"""Employment benchmarks (issue: employment).

(h) A status change reflected in its community's employment rate, p99, while 200
changes a second are applied by the service's own handler in its process: from the
append's commit to the moment the rate's read model holds the new status (event →
relay → NATS → projection). (h') The same with the changes sent over HTTP to the
service in its own process, as a desk would: this adds the web layer's cost, and
shows what one service process sustains on this machine.
(i) Recomputing every community's rate for a district of 200,000 people from the read
model (people and labour profiles loaded directly into its tables).
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime
from typing import Any

from nats.js.errors import NotFoundError

from bench._harness import Row, fresh_schema, p99
from bench._services import admin_headers, serving
from shequ.access import Acting, OfficeCode
from shequ.contracts.employment.working_age import reform_schedule
from shequ.employment.app import create_app
from shequ.employment.domain.figures import roll_up
from shequ.employment.handlers.profiles import record_status
from shequ.employment.readmodels import figures, ledgers_projection
from shequ.employment.settings import employment_rules
from shequ.eventstore import create_pool, migrate
from shequ.keyring import new_master_key
from shequ.messaging import connect as connect_nats
from shequ.service import ServiceSettings
from shequ.service.people import PEOPLE_MIGRATIONS
from shequ.testing.feeds import (
    COMMUNITY_A,
    COMMUNITY_A2,
    COMMUNITY_B,
    RegistryFeed,
    open_registry_feed,
)

PEOPLE = 2_000
RATE = 200  # changes a second
SECONDS = 10
DISTRICT_PEOPLE = 200_000
COMMUNITIES = 100


async def run(database_url: str, nats_url: str) -> list[Row]:
    return [
        await _in_process(database_url, nats_url, RATE),
        await _latency(database_url, nats_url, RATE),
        await _recompute(database_url),
    ]


STATUSES = ("employed", "unemployed", "flexible")
Change = Callable[[str, str], Awaitable[bool]]


async def _paced(
    pool: Any, people: list[str], rate: int, change: Change
) -> tuple[float, float]:
    """Apply ``rate`` changes a second for SECONDS: (rate achieved, p99 seconds).

    ``change(person, status)`` applies one and says whether it was accepted; a
    watcher polls the read model every 5 ms for the statuses awaited.
    """
    pending: dict[str, tuple[str, float]] = {}
    latencies: list[float] = []
    done = asyncio.Event()

    async def watch() -> None:
        while not done.is_set() or pending:
            await asyncio.sleep(0.005)
            rows = await pool.fetch(
                """SELECT person_id, status FROM labour_profiles
                   WHERE person_id = ANY($1::text[])""",
                list(pending),
            )
            now = time.perf_counter()
            for r in rows:
                wanted, started = pending.get(r["person_id"], ("", 0.0))
                if r["status"] == wanted:
                    latencies.append(now - started)
                    del pending[r["person_id"]]

    async def one(i: int) -> None:
        person, status = people[i % len(people)], STATUSES[i % 3]
        if person not in pending and await change(person, status):
            pending[person] = (status, time.perf_counter())

    print(f"  applying {rate}/s for {SECONDS} s", file=sys.stderr)
    watcher = asyncio.create_task(watch())
    start = time.perf_counter()
    tasks = []
    for i in range(rate * SECONDS):
        await asyncio.sleep(max(0.0, start + i / rate - time.perf_counter()))
        tasks.append(asyncio.create_task(one(i)))
    await asyncio.gather(*tasks)
    achieved = len(tasks) / (time.perf_counter() - start)
    done.set()
    print(f"  sent at {achieved:.0f}/s; {len(pending)} not yet seen", file=sys.stderr)
    await asyncio.wait_for(watcher, 120)
    return achieved, p99(latencies)


async def _latency(database_url: str, nats_url: str, rate: int) -> Row:
    async with serving(
        database_url, nats_url, "employment", "shequ.employment.app:create_app"
    ) as service:
        people = await _residents(service.registry)
        await service.caught_up("employment-people")
        headers = admin_headers()
        # Recording a status needs If-Match (the version the clerk read, #14 item 7):
        # each person's profile is read once (a new person's ETag is "0"), then the
        # ETag of each reply is the version the next change names.
        etags: dict[str, str] = {}

        async def change(person: str, status: str) -> bool:
            profile = f"/api/v1/employment/profiles/{person}"
            if person not in etags:
                read = await service.http.get(profile, headers=headers)
                etags[person] = read.headers.get("ETag", '"0"')
            answer = await service.http.post(
                f"{profile}/status",
                json={
                    "status": status,
                    "since": "2026-11-01",
                    "reason": "bench",
                    "source": "phone_survey",
                    "employer": "示范厂" if status == "employed" else None,
                },
                headers={**headers, "If-Match": etags[person]},
            )
            etags[person] = answer.headers.get("ETag", etags[person])
            return answer.status_code == 200

        achieved, seconds = await _paced(service.pool, people, rate, change)
    return Row(
        f"(h') same, commands over HTTP @{achieved:.0f}/s",
        seconds * 1000,
        "ms",
        target="(HTTP included)",
        passed=None,
    )


async def _in_process(database_url: str, nats_url: str, rate: int) -> Row:
    """(h) as the issue defines it: changes applied by the service's own handler."""
    async with contextlib.AsyncExitStack() as stack:
        client = await connect_nats(nats_url)
        stack.push_async_callback(client.close)
        dsn = await stack.enter_async_context(fresh_schema(database_url))
        feed_dsn = await stack.enter_async_context(fresh_schema(database_url))
        registry = await stack.enter_async_context(open_registry_feed(feed_dsn, client))
        with contextlib.suppress(NotFoundError):
            await client.jetstream().delete_stream("SHEQU_EMPLOYMENT")
        app = create_app(
            ServiceSettings(
                database_url=dsn, nats_url=nats_url, master_key=new_master_key()
            )
        )
        await stack.enter_async_context(app.router.lifespan_context(app))
        rt = app.state.runtime
        people = await _residents(registry)
        for runner in rt.runners.values():
            for status in await runner.status():
                await runner.wait_until(status.source, status.stream_last_seq, 120)
        rule = employment_rules().retirement
        by = Acting(staff_id="bench", office="441900000000", now=datetime.now(UTC))

        async def change(person: str, status: str) -> bool:
            employer = "示范厂" if status == "employed" else None
            await record_status(
                rt.store,
                rule,
                by=by,
                person_id=person,
                status=status,  # type: ignore[arg-type]
                employer=employer,
                since=date(2026, 11, 1),
                reason="bench",
                source="phone_survey",
            )
            return True

        achieved, seconds = await _paced(rt.pool, people, rate, change)
        with contextlib.suppress(NotFoundError):
            await client.jetstream().delete_stream("SHEQU_EMPLOYMENT")
    return Row(
        f"(h) status → community rate p99 @{achieved:.0f}/s",
        seconds * 1000,
        "ms",
        target="< 500 ms",
        passed=seconds < 0.5,
    )


async def _residents(registry: RegistryFeed) -> list[str]:
    offices = [COMMUNITY_A, COMMUNITY_A2, COMMUNITY_B]
    streams = [
        RegistryFeed.new_person(offices[i % 3], date(1970 + i % 30, 1 + i % 12, 1))
        for i in range(PEOPLE)
    ]
    await registry.start(streams)
    await registry.publish()
    return [s.stream_id for s in streams]


async def _recompute(database_url: str) -> Row:
    async with fresh_schema(database_url) as dsn:
        pool = await create_pool(dsn, max_size=4)
        try:
            async with pool.acquire() as conn:
                await migrate(
                    conn, [*PEOPLE_MIGRATIONS, *ledgers_projection().migrations]
                )
                await _fill(conn)
            rule, within = reform_schedule(), OfficeCode("441900000000")
            day = date(2026, 11, 23)
            timings = []
            for _ in range(5):
                started = time.perf_counter()
                communities = await figures.community_rates(pool, within, rule, day)
                roll_up(communities)
                timings.append(time.perf_counter() - started)
            assert len(communities) == COMMUNITIES
        finally:
            await pool.close()
    figure = statistics.median(timings)
    return Row(
        f"(i) all {COMMUNITIES} community rates, {DISTRICT_PEOPLE:,} people",
        figure,
        "s",
        target="< 1 s",
        passed=figure < 1,
    )


async def _fill(conn) -> None:  # type: ignore[no-untyped-def]
    randomness = random.Random(7)
    statuses = ["employed"] * 80 + ["unemployed"] * 4 + ["flexible"] * 8
    statuses += ["student", "retired", "unable", "unwilling"] * 2
    residents, profiles = [], []
    now = datetime.now(UTC)
    for n in range(DISTRICT_PEOPLE):
        community = n % COMMUNITIES
        office = f"441900{101 + community // 10:03d}{1 + community % 10:03d}"
        person = f"person-{n:07d}"
        born = date(1950 + randomness.randrange(60), 1 + n % 12, 1 + n % 28)
        sex = "male" if n % 2 else "female"
        residents.append(
            (person, office, f"居民{n}", None, born, sex, [], None, True, None)
        )
        profiles.append((person, office, randomness.choice(statuses), now, 1))
    await conn.copy_records_to_table(
        "people",
        records=residents,
        columns=[
            *("person_id", "office", "name", "document_masked", "birth_date", "sex"),
            *("tags", "household_id", "alive", "merged_into"),
        ],
    )
    await conn.copy_records_to_table(
        "labour_profiles",
        records=profiles,
        columns=["person_id", "office", "status", "changed_at", "version"],
    )
    await conn.execute("ANALYZE people; ANALYZE labour_profiles")

"""Events benchmarks (issue #18): 20,000 activities, in the service's own process.

(e1) Activity load: 20,000 activities planned through the handler (``plan``: kind,
day, place, lead, staff in roles, resources, planned participants) and their
attendance recorded (``act`` with ``RecordAttendance``: five registered persons,
each checked in the people copy and sealed, and a head count of the public): two
commands and two events an activity, by 8 concurrent workers, as desks would.
Commands/s and events/s; the load stops after ``LOAD_SECONDS`` seconds, so the suite
stays under three minutes on a shared machine (the rows say how many were loaded).
(e2) The events ledger rebuild: projection ``events-ledgers`` emptied and applied
again from JetStream (``ProjectionRunner.rebuild``): events/s, and the seconds for
all the activities loaded.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
import time
from datetime import UTC, date, datetime, timedelta

from nats.aio.client import Client as NatsClient
from nats.js.errors import NotFoundError

from bench._harness import Row, fresh_schema, in_process, load_rows, settle
from shequ.access import Acting
from shequ.contracts.events import ActivityKind, Resource, StaffMember
from shequ.events.app import create_app
from shequ.events.domain import activity
from shequ.events.handlers.activities import act, plan
from shequ.events.settings import EventsSettings
from shequ.messaging import connect as connect_nats
from shequ.service import Runtime
from shequ.testing.feeds import COMMUNITY_A, RegistryFeed, open_registry_feed

ACTIVITIES = int(os.environ.get("SHEQU_BENCH_ACTIVITIES", "20000"))
# On a loaded machine the load stops there, what was loaded counted.
LOAD_SECONDS = float(os.environ.get("SHEQU_BENCH_LOAD_SECONDS", "120"))
WORKERS = 8
PEOPLE = 200  # the residents who come, five to an activity
NOW = datetime(2026, 12, 31, 2, 0, tzinfo=UTC)
FIRST = date(2026, 1, 1)
KINDS: tuple[ActivityKind, ...] = (
    "publicity", "lecture", "hygiene_check", "party_class", "performance",
    "competition", "meeting", "training",
)  # fmt: skip
STAFF = (
    StaffMember(name="社工甲", role="lead"),
    StaffMember(name="社工乙", role="standby"),
)
RESOURCES = (
    Resource(item="宣传展板", quantity=4),
    Resource(item="宣传单", quantity=53),
)


async def run(database_url: str, nats_url: str) -> list[Row]:
    """The events figures, on one service process holding 20,000 activities."""
    async with contextlib.AsyncExitStack() as stack:
        client = await connect_nats(nats_url)
        stack.push_async_callback(client.close)
        stack.push_async_callback(_drop_stream, client)
        await _drop_stream(client)
        feed_dsn = await stack.enter_async_context(fresh_schema(database_url))
        registry = await stack.enter_async_context(
            open_registry_feed(feed_dsn, client, NOW)
        )
        people = await _people(registry)
        rt = await in_process(
            stack,
            lambda service: create_app(service, EventsSettings(), clock=lambda: NOW),
            database_url,
            nats_url,
        )
        await settle(rt, 300)
        loaded, load = await _load(rt, people)
        await settle(rt, 600)
        return [*load, await _rebuild(rt, loaded)]


async def _drop_stream(client: NatsClient) -> None:
    with contextlib.suppress(NotFoundError):
        await client.jetstream().delete_stream("SHEQU_EVENTS")


async def _people(registry: RegistryFeed) -> list[str]:
    streams = [
        RegistryFeed.new_person(COMMUNITY_A, date(1950 + i % 40, 1 + i % 12, 1))
        for i in range(PEOPLE)
    ]
    await registry.start(streams)
    await registry.publish(within=120)
    return [s.stream_id for s in streams]


async def _load(rt: Runtime, people: list[str]) -> tuple[int, list[Row]]:
    """Plan and attend up to :data:`ACTIVITIES`, for at most :data:`LOAD_SECONDS` s."""
    by = Acting(staff_id="bench-organiser", office=COMMUNITY_A, now=NOW)
    events, loaded, started = 0, 0, time.perf_counter()

    async def one(n: int) -> None:
        nonlocal events
        planned = await plan(
            rt.store,
            by=by,
            key=f"bench-{n}",
            office=COMMUNITY_A,
            kind=KINDS[n % len(KINDS)],
            title=f"社区活动{n + 1}",
            held_on=FIRST + timedelta(days=n % 360),
            place="社区活动室",
            capacity=100,
            lead="社工甲",
            staff=STAFF,
            resources=RESOURCES,
            planned_participants=40,
        )
        assert planned.state is not None
        came = tuple(people[(n + k) % PEOPLE] for k in range(5))
        command = activity.RecordAttendance(person_ids=came, head_count=30, by=by)
        attended = await act(rt.store, planned.state.activity_id, command)
        events += len(planned.events) + len(attended.events)  # after the awaits

    async def worker(w: int) -> None:
        nonlocal loaded
        for n in range(w, ACTIVITIES, WORKERS):
            if time.perf_counter() - started > LOAD_SECONDS:
                return
            await one(n)
            loaded += 1

    print(f"  loading {ACTIVITIES:,} activities, {WORKERS} workers", file=sys.stderr)
    started = time.perf_counter()
    await asyncio.gather(*(worker(w) for w in range(WORKERS)))
    seconds = time.perf_counter() - started
    rows = load_rows(
        "e1", "activity", loaded, commands=loaded * 2, events=events, seconds=seconds
    )
    return loaded, rows


async def _rebuild(rt: Runtime, loaded: int) -> Row:
    runner = next(
        r for r in rt.runners.values() if r.projection.name == "events-ledgers"
    )
    print("  rebuilding events-ledgers", file=sys.stderr)
    started = time.perf_counter()
    applied = await runner.rebuild()
    seconds = time.perf_counter() - started
    held = await rt.pool.fetchval("SELECT count(*) FROM events_activities")
    assert held == loaded, (held, loaded)
    return Row(
        f"(e2) events-ledgers rebuild events/s ({applied:,} events)",
        applied / seconds,
        "/s",
        target=f"{seconds:,.1f} s for {loaded:,} activities",
    )

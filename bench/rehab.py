"""Rehab benchmarks (issue #16): 20,000 cases, in the service's own process.

(r1) Case load: 20,000 decisions opened through the handler (``open_case``, the
person found in the people copy), each then reported, its agreement signed and two
urine tests recorded: five commands and five sealed events a case, by 8 concurrent
workers, as desks would. Commands/s and events/s.
(r2) The read-model rebuild: projection ``rehab-cases`` emptied and applied again
from JetStream (``ProjectionRunner.rebuild``): events/s, and the seconds for all
20,000 cases.
(r3) The hourly timer pass (``handlers/timers.check_timers``) over the 20,000 open
cases, on a day with nothing due (the usual hour: each case is loaded and decided,
nothing appended), and a month on, when the first test period has ended for every
case (each had its tests in it: nothing appended either, but every period looked at).
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
import time
from datetime import UTC, date, datetime, timedelta

from nats.aio.client import Client as NatsClient
from nats.js.errors import NotFoundError

from bench._harness import Row, fresh_schema, in_process, load_rows, settle
from shequ.access import Acting
from shequ.messaging import connect as connect_nats
from shequ.rehab.app import create_app
from shequ.rehab.domain import case
from shequ.rehab.handlers.cases import act, open_case
from shequ.rehab.handlers.timers import check_timers
from shequ.rehab.settings import RehabSettings
from shequ.service import Runtime
from shequ.testing.feeds import COMMUNITY_A, RegistryFeed, open_registry_feed

CASES = 20_000
WORKERS = 8
NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
DECIDED, REPORTED = date(2026, 11, 2), date(2026, 11, 5)
TESTED = (date(2026, 11, 10), date(2026, 11, 20))


async def run(database_url: str, nats_url: str) -> list[Row]:
    """The rehab figures, on one service process holding 20,000 cases."""
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
        settings = RehabSettings()
        rt = await in_process(
            stack,
            lambda service: create_app(service, settings, clock=lambda: NOW),
            database_url,
            nats_url,
        )
        await settle(rt, 600)
        load = await _load(rt, people, settings)
        await settle(rt, 600)
        return [*load, await _rebuild(rt), *await _timers(rt, settings)]


async def _drop_stream(client: NatsClient) -> None:
    with contextlib.suppress(NotFoundError):
        await client.jetstream().delete_stream("SHEQU_REHAB")


async def _people(registry: RegistryFeed) -> list[str]:
    """20,000 residents of community A, registered and published to the copy."""
    print(f"  registering {CASES:,} people", file=sys.stderr)
    streams = [
        RegistryFeed.new_person(COMMUNITY_A, date(1970 + i % 30, 1 + i % 12, 1))
        for i in range(CASES)
    ]
    for start in range(0, CASES, 1000):
        await registry.start(streams[start : start + 1000])
    await registry.publish(within=300)
    return [s.stream_id for s in streams]


async def _load(rt: Runtime, people: list[str], settings: RehabSettings) -> list[Row]:
    rules = settings.rules()
    by = Acting(staff_id="bench-worker", office=COMMUNITY_A, now=NOW)
    events = 0

    async def one(n: int) -> None:
        nonlocal events
        opened = await open_case(
            rt.store,
            by=by,
            key=f"bench-{n}",
            person_id=people[n],
            kind="community_detox",
            ground="first_time",
            decision_number=f"东公(禁)决字〔2026〕{n + 1}号",
            police_organ="东莞市公安局中堂分局",
            decided_on=DECIDED,
            term_months=36,
            rules=rules,
        )
        assert opened.state is not None
        steps: list[case.Command] = [
            case.RecordReport(reported_on=REPORTED, by=by),
            case.SignAgreement(
                agreement_number=f"中堂社戒协字〔2026〕{n + 1}号",
                signed_on=REPORTED,
                document_sha256=None,
                by=by,
            ),
            *(
                case.RecordTest(tested_on=d, result="negative", rules=rules, by=by)
                for d in TESTED
            ),
        ]
        recorded = len(opened.events)
        for command in steps:
            recorded += len((await act(rt.store, opened.state.case_id, command)).events)
        events += recorded  # after the awaits: no other task's count is lost

    async def worker(w: int) -> None:
        for n in range(w, CASES, WORKERS):
            await one(n)

    print(f"  loading {CASES:,} cases, {WORKERS} workers", file=sys.stderr)
    started = time.perf_counter()
    await asyncio.gather(*(worker(w) for w in range(WORKERS)))
    seconds = time.perf_counter() - started
    return load_rows(
        "r1", "rehab case", CASES, commands=CASES * 5, events=events, seconds=seconds
    )


async def _rebuild(rt: Runtime) -> Row:
    runner = next(r for r in rt.runners.values() if r.projection.name == "rehab-cases")
    print("  rebuilding rehab-cases", file=sys.stderr)
    started = time.perf_counter()
    applied = await runner.rebuild()
    seconds = time.perf_counter() - started
    cases = await rt.pool.fetchval("SELECT count(*) FROM rehab_cases")
    assert cases == CASES, cases
    return Row(
        f"(r2) rehab-cases rebuild events/s ({applied:,} events)",
        applied / seconds,
        "/s",
        target=f"{seconds:,.1f} s for {CASES:,} cases",
    )


async def _timers(rt: Runtime, settings: RehabSettings) -> list[Row]:
    rules = settings.rules()
    rows = []
    for label, now in (("nothing due", NOW), ("a month on", NOW + timedelta(days=30))):
        print(f"  timer pass, {label}", file=sys.stderr)
        started = time.perf_counter()
        appended = await check_timers(rt.store, rules, now)
        seconds = time.perf_counter() - started
        rows.append(
            Row(
                f"(r3) hourly timer pass, {CASES:,} open cases, {label}",
                seconds,
                "s",
                target=f"{appended:,} events appended",
            )
        )
    return rows

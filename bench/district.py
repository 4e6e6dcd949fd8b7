"""District scale (issue #20 part 4): a district's history, then reporting on it.

``python -m bench --scale district`` (``make bench SCALE=district``) writes the district
of :mod:`bench.district_world` into the five source services' stores through the
event store's own bulk append (hash chains, relay order), publishes it over
JetStream, starts reporting in its own process on it, and measures:

- the full reporting rebuild (both projections at once, blue/green), goal < 15 min
  for the district;
- a district-level ledger page and the district figures, p99, goal < 100 ms; the
  person file (一人一档), p99;
- ``shequ audit verify`` over every store, goal ≥ 100,000 events/s;
- bytes stored per event (PostgreSQL events table with its indexes, JetStream, the
  read models) and the memory peak of each process.

``--scale street`` (1/20) or a fraction (``--scale 1/50``) runs a part of the
district. Times that grow with the events are then measured on the part and
extrapolated to the district by the ratio of events; a row says so in its name and
is judged by the extrapolation, never shown as a district measurement.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import (
    AsyncIterator,
    Awaitable,
    Callable,
    Generator,
    Iterator,
    Sequence,
)
from contextlib import AsyncExitStack
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
from nats.aio.client import Client as NatsClient
from nats.js.errors import NotFoundError

from bench._harness import Row, fresh_schema, p99
from bench._services import PUBLIC, admin_headers, free_port
from bench.district_world import (
    DISTRICT,
    YEARS,
    Community,
    Scale,
    communities,
    community,
    community_code,
    offices,
)
from shequ.contracts.catalogs import all_catalogs
from shequ.eventstore import (
    EventStore,
    NewStream,
    create_pool,
    migrate,
    store_migrations,
)
from shequ.keyring import KeyRing, new_master_key
from shequ.keyring import master_key as parse_master_key
from shequ.messaging import connect as connect_nats
from shequ.messaging import stream_name
from shequ.reporting.readmodels.audit.verify import check_stores
from shequ.testing.feeds import Feed, open_feed

CHUNK = 4_000  # events a bulk append carries: one statement, bounded memory
WRITERS = 2  # communities generated and written at once (2 cores)
READS = 200  # requests per read figure
PROJECTIONS = ("reporting-archive", "reporting-ledgers")
SOURCES = ("registry", "employment", "rehab", "mediation", "events")
CATALOGS = {catalog.service: catalog for catalog in all_catalogs()}


@dataclass
class Loaded:
    """What the load wrote, and how fast."""

    feeds: dict[str, Feed]
    dsns: dict[str, str]
    events: int = 0
    seconds: float = 0.0
    publish_seconds: float = 0.0
    people: list[str] = field(default_factory=list)  # a sample, for person files


async def run(database_url: str, nats_url: str, scale: Scale) -> list[Row]:
    client = await connect_nats(nats_url)
    js = client.jetstream()
    with contextlib.suppress(NotFoundError):
        await js.delete_stream(stream_name("reporting"))
    try:
        async with AsyncExitStack() as stack:
            loaded = await _load(stack, database_url, client, scale)
            rows = [*_load_rows(loaded, scale)]
            async with _reporting(database_url, nats_url) as reporting:
                rows += await _measure(reporting, loaded, scale, client)
            return rows
    finally:
        with contextlib.suppress(NotFoundError):
            await js.delete_stream(stream_name("reporting"))
        await client.close()


# -- the load -----------------------------------------------------------------------


async def _load(
    stack: AsyncExitStack, database_url: str, client: NatsClient, scale: Scale
) -> Loaded:
    now = datetime.now(UTC)
    feeds: dict[str, Feed] = {}
    dsns: dict[str, str] = {}
    for service in SOURCES:
        dsns[service] = await stack.enter_async_context(fresh_schema(database_url))
        feeds[service] = await stack.enter_async_context(
            open_feed(CATALOGS[service], dsns[service], client, now)
        )
    loaded = Loaded(feeds, dsns)
    await feeds["registry"].start(offices(scale))
    expected = scale.events_expected()
    print(
        f"district: {scale.communities} communities, {scale.residents:,} residents,"
        f" {scale.years} years: {expected:,} events to write",
        file=sys.stderr,
    )
    first_year = date.today().year - scale.years
    todo: Iterator[Community] = communities(scale, first_year)
    sample = random.Random(7)
    started = time.perf_counter()

    async def writer() -> None:
        for place in todo:  # shared: each community is taken by one writer
            for service, streams in place.streams.items():
                for chunk in _chunks(streams):
                    await feeds[service].start(chunk)
            people = [s.stream_id for s in place.streams["registry"]]
            loaded.people += sample.sample(
                [p for p in people if p.startswith("person-")], 5
            )
            loaded.events += place.events
            _progress(loaded.events, expected, time.perf_counter() - started)

    await asyncio.gather(*(writer() for _ in range(WRITERS)))
    loaded.seconds = time.perf_counter() - started
    print(file=sys.stderr)
    started = time.perf_counter()
    async with _ticking(lambda: _published(client), "events published"):
        await asyncio.gather(*(f.publish(within=24 * 3600) for f in feeds.values()))
    loaded.publish_seconds = time.perf_counter() - started
    return loaded


@contextlib.asynccontextmanager
async def _ticking(
    count: Callable[[], Awaitable[int]], what: str
) -> AsyncIterator[None]:
    """Print ``count()`` every 5 s while the block runs (progress of a long phase)."""

    async def tick() -> None:
        started = time.perf_counter()
        while True:
            await asyncio.sleep(5)
            done = await count()
            rate = done / (time.perf_counter() - started)
            print(
                f"\r  {done:,} {what} ({rate:,.0f}/s)   ",
                end="",
                file=sys.stderr,
                flush=True,
            )

    ticker = asyncio.create_task(tick())
    try:
        yield
    finally:
        ticker.cancel()
        print(file=sys.stderr)


async def _published(client: NatsClient) -> int:
    js = client.jetstream()
    total = 0
    for service in SOURCES:
        total += (await js.stream_info(stream_name(service))).state.messages
    return total


def _chunks(streams: Sequence[NewStream]) -> Iterator[list[NewStream]]:
    chunk: list[NewStream] = []
    events = 0
    for stream in streams:
        chunk.append(stream)
        events += len(stream.events)
        if events >= CHUNK:
            yield chunk
            chunk, events = [], 0
    if chunk:
        yield chunk


def _progress(done: int, expected: int, seconds: float) -> None:
    rate = done / seconds
    left = (expected - done) / rate if rate else 0
    print(
        f"\r  {done:,} / {expected:,} events ({done / expected:.0%}),"
        f" {rate:,.0f}/s, {left / 60:.1f} min left   ",
        end="",
        file=sys.stderr,
        flush=True,
    )


def _load_rows(loaded: Loaded, scale: Scale) -> Iterator[Row]:
    part = _part(scale)
    yield Row(
        f"(d) generate + bulk-append {loaded.events:,} events{part}",
        loaded.events / loaded.seconds,
        "ev/s",
        target=f"{loaded.seconds:,.0f} s in all",
    )
    yield Row(
        f"(d) relay publishes them to JetStream{part}",
        loaded.events / loaded.publish_seconds,
        "ev/s",
        target=f"{loaded.publish_seconds:,.0f} s in all",
    )


def _part(scale: Scale) -> str:
    place = (
        "district"
        if scale.communities == 200
        else f"{scale.communities}/200 of the district"
    )
    if scale.years != YEARS:  # fewer events: times are judged by the whole history
        place += f", {scale.years} of {YEARS} years"
    return f", {place}"


def _factor(scale: Scale) -> float:
    """The district's events (its whole history) over this scale's."""
    return Scale(200).events_expected() / scale.events_expected()


# -- reporting in its own process ------------------------------------------------------


@dataclass
class Reporting:
    http: httpx.AsyncClient
    dsn: str
    pid: int
    started: float  # perf_counter when the process was started

    def memory_mb(self, field_name: str = "VmHWM") -> float:
        """The process's peak (VmHWM) or current (VmRSS) resident memory, in MB."""
        return _proc_kb(self.pid, field_name) / 1024


def _proc_kb(pid: int, field_name: str) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    return next(
        int(line.split()[1])
        for line in status.splitlines()
        if line.startswith(f"{field_name}:")
    )


async def _children_peak(pid: int, done: asyncio.Event) -> float:
    """The largest peak (VmHWM) of ``pid``'s child processes until ``done``, in MB.

    A rebuild loads in a process of its own (reporting's ``readmodels/apart.py``);
    its peak is read every half second (a peak in its last half second can be missed;
    0 when every rebuild loaded in the service's process).
    """
    peak = 0
    while not done.is_set():
        peak = max(peak, _children_kb(pid))
        await asyncio.sleep(0.5)
    return peak / 1024


def _children_kb(pid: int) -> int:
    """The largest VmHWM among ``pid``'s child processes now, in kB (0: none)."""
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:  # the process ended meanwhile
        return 0
    found = [0]
    for child in children:
        with contextlib.suppress(OSError, StopIteration):  # it ended meanwhile
            found.append(_proc_kb(int(child), "VmHWM"))
    return max(found)


class _FreshToken(httpx.Auth):
    """A new token for each request: a sign-in lasts 30 minutes, a run longer."""

    def auth_flow(
        self, request: httpx.Request
    ) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers.update(admin_headers())
        yield request


@contextlib.asynccontextmanager
async def _reporting(database_url: str, nats_url: str) -> AsyncIterator[Reporting]:
    port = free_port()
    async with fresh_schema(database_url) as dsn:
        env = {
            **os.environ,
            "SHEQU_DATABASE_URL": dsn,
            "SHEQU_NATS_URL": nats_url,
            "SHEQU_TOKEN_PUBLIC_KEY": PUBLIC,
            "SHEQU_MASTER_KEY": new_master_key(),
            "SHEQU_POOL_SIZE": "10",
        }
        started = time.perf_counter()
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "uvicorn",
            "--factory",
            "shequ.reporting.app:create_app",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "error",
            env=env,
            stdout=subprocess.DEVNULL,
        )
        try:
            async with httpx.AsyncClient(
                base_url=f"http://127.0.0.1:{port}", timeout=3600, auth=_FreshToken()
            ) as http:
                # It answers once its projections caught up: from zero, a while.
                async with _ticking(_seconds_since(started), "s: reporting starting"):
                    while not await _ready(http):
                        if process.returncode is not None:
                            raise RuntimeError("reporting exited while starting")
                        await asyncio.sleep(0.5)
                yield Reporting(http, dsn, process.pid, started)
        finally:
            process.terminate()
            try:
                await asyncio.wait_for(process.wait(), 30)
            except TimeoutError:
                process.kill()


async def _ready(http: httpx.AsyncClient) -> bool:
    with contextlib.suppress(httpx.TransportError):
        answer = await http.get("/api/v1/reporting/health/ready")
        return answer.status_code == 200
    return False


def _seconds_since(started: float) -> Callable[[], Awaitable[int]]:
    async def seconds() -> int:
        return round(time.perf_counter() - started)

    return seconds


# -- the figures -----------------------------------------------------------------


async def _measure(
    reporting: Reporting, loaded: Loaded, scale: Scale, client: NatsClient
) -> list[Row]:
    part, factor = _part(scale), _factor(scale)
    # A service's projections catch up before it answers: from the process's start,
    # this is reporting built from zero on a new install (both projections at once).
    for projection in PROJECTIONS:
        await _caught_up(reporting, projection, client)
    first = time.perf_counter() - reporting.started
    rows = [
        _extrapolated("(j-d) reporting built from zero at start", first, factor, part)
    ]
    # Both at once, as an operator rebuilds reporting: each waits on PostgreSQL
    # while the other is decoded and played.
    started, done = time.perf_counter(), asyncio.Event()
    watch = asyncio.create_task(_children_peak(reporting.pid, done))
    outcomes = await asyncio.gather(
        *(_rebuild(reporting, projection) for projection in PROJECTIONS)
    )
    rebuilt, complete = time.perf_counter() - started, True
    done.set()
    children_mb = await watch
    for projection, (seconds, applied, failures) in zip(
        PROJECTIONS, outcomes, strict=True
    ):
        if applied is None:
            complete = False
            rows.append(
                Row(
                    f"(j-d) rebuild {projection}: failed {failures[-1][:90]}",
                    0,
                    "ev/s",
                    passed=False,
                )
            )
            continue
        again = (
            f" (after {len(failures)} failed: {failures[0][:60]})" if failures else ""
        )
        rows.append(
            Row(
                f"(j-d) rebuild {projection} (both at once), {applied:,} events"
                f"{part}{again}",
                applied / seconds,
                "ev/s",
                target=f"{seconds:,.0f} s",
            )
        )
    if complete:
        rows.append(
            _extrapolated(
                "(j-d) full reporting rebuild (both at once)", rebuilt, factor, part
            )
        )
    for name, step in (
        ("reads", lambda: _reads(reporting, loaded, part)),
        ("audit verify", lambda: _verify(reporting, loaded, part)),
        ("bytes", lambda: _bytes(reporting, loaded, client, part)),
    ):
        try:  # one failed figure must not lose the others (a long run)
            found = await step()
            rows += found if isinstance(found, list) else [found]
        except Exception as error:  # shown in the table
            print(f"{name}: {error!r}", file=sys.stderr)
            rows.append(Row(f"({name}) failed: {error!r}"[:120], 0, "", passed=False))
    rows.append(
        Row("(m-d) memory peak: reporting service (VmHWM)", reporting.memory_mb(), "MB")
    )
    rows.append(
        Row(
            "(m-d) memory peak: a rebuild's own process (VmHWM, the larger)",
            children_mb,
            "MB",
        )
    )
    rows.append(
        Row(
            "(m-d) memory peak: bench (generator, relays, load)",
            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "MB",
        )
    )
    load = os.getloadavg()[1]
    rows.append(Row("(machine) load average, last 5 min (2 cores)", load, ""))
    return rows


def _extrapolated(name: str, seconds: float, factor: float, part: str) -> Row:
    """A time measured on a part, judged by the district's (× events ratio)."""
    if factor == 1:
        return Row(
            f"{name}{part}", seconds, "s", target="< 900 s", passed=seconds < 900
        )
    district = seconds * factor
    return Row(
        f"{name}{part}: measured; district extrapolated {district:,.0f} s",
        seconds,
        "s",
        target=f"district < 900 s (×{factor:.3g})",
        passed=district < 900,
    )


async def _caught_up(reporting: Reporting, projection: str, client: NatsClient) -> None:
    js = client.jetstream()
    conn = await _serving(reporting, projection)
    try:
        while True:
            rows = await conn.fetch(
                """SELECT source, stream_seq FROM projection_checkpoints
                   WHERE projection = $1""",
                projection,
            )
            behind = 0
            for r in rows:
                last = (await js.stream_info(stream_name(r["source"]))).state.last_seq
                behind += max(0, last - r["stream_seq"])
            if rows and not behind:
                return
            await asyncio.sleep(0.5)
    finally:
        await conn.close()


async def _serving(reporting: Reporting, projection: str) -> Any:
    pool = await create_pool(reporting.dsn, min_size=1, max_size=1)
    try:
        schema = await pool.fetchval(
            "SELECT schema_name FROM reporting_generations WHERE projection = $1",
            projection,
        )
    finally:
        await pool.close()
    return await create_pool(
        reporting.dsn, min_size=1, max_size=1, server_settings={"search_path": schema}
    )


async def _rebuild(
    reporting: Reporting, projection: str, attempts: int = 2
) -> tuple[float, int | None, list[str]]:
    """Seconds of the successful rebuild, events it applied, why earlier ones failed.

    A failed rebuild leaves the serving generation as it was, so it is tried again
    (and said so in the row): on this shared machine a catch-up has stalled
    (CatchUpStalled, see the report) where nothing was wrong with the events.
    """
    failures: list[str] = []
    for _ in range(attempts):
        started = time.perf_counter()
        answer = await reporting.http.post(
            f"/api/v1/reporting/projections/{projection}/rebuild",
            params={"lang": "en"},  # the closing line is read: "done: N events ..."
        )
        seconds = time.perf_counter() - started
        last = answer.text.strip().splitlines()[-1]
        if last.startswith("done:"):
            return seconds, int(last.split()[1]), failures
        print(f"rebuild of {projection}: {last[:300]}", file=sys.stderr)
        failures.append(last)
    return 0.0, None, failures


async def _times_of(call: Callable[[int], Awaitable[httpx.Response]]) -> list[float]:
    """Milliseconds of ``READS`` calls one after another."""
    await call(0)  # warm: the first read opens connections
    samples = []
    for i in range(READS):
        started = time.perf_counter()
        answer = await call(i)
        samples.append((time.perf_counter() - started) * 1000)
        answer.raise_for_status()
    return samples


async def _reads(reporting: Reporting, loaded: Loaded, part: str) -> list[Row]:
    http = reporting.http
    ledger = "/api/v1/reporting/ledgers/unemployed"
    first = await http.get(ledger, params={"within": DISTRICT, "size": 50})
    first.raise_for_status()
    pages = max(1, first.json()["total"] // 50)

    async def page(i: int) -> httpx.Response:
        return await http.get(
            ledger, params={"within": DISTRICT, "size": 50, "page": 1 + i * 7 % pages}
        )

    async def figures(i: int) -> httpx.Response:
        return await http.get("/api/v1/reporting/figures", params={"within": DISTRICT})

    async def person_file(i: int) -> httpx.Response:
        person = loaded.people[i % len(loaded.people)]
        return await http.get(f"/api/v1/reporting/persons/{person}/file")

    rows = []
    for name, call, goal in (
        (f"district unemployed ledger page (of {pages:,})", page, 100.0),
        ("district employment figures", figures, 100.0),
        ("person file (一人一档)", person_file, None),
    ):
        samples = await _times_of(call)
        figure = p99(samples)
        rows.append(
            Row(
                f"(r-d) {name} p99{part} (p50 {statistics.median(samples):.0f} ms)",
                figure,
                "ms",
                target=f"< {goal:.0f} ms" if goal else "",
                passed=figure < goal if goal else None,
            )
        )
    return rows


async def _verify(reporting: Reporting, loaded: Loaded, part: str) -> Row:
    """``shequ audit verify`` over every store, as an auditor runs it."""
    stores = {**loaded.dsns, "reporting": reporting.dsn}
    env = {
        **os.environ,
        "SHEQU_DATABASE_URL": reporting.dsn,
        "SHEQU_REPORTING_STORES": json.dumps(stores),
    }
    events = 0
    for dsn in stores.values():
        pool = await create_pool(dsn, min_size=1, max_size=1)
        try:
            events += await pool.fetchval("SELECT count(*) FROM events")
        finally:
            await pool.close()
    command = [str(Path(sys.executable).parent / "shequ"), "audit", "verify"]

    def verify() -> tuple[int, float]:
        started = time.perf_counter()
        done = subprocess.run(
            command,
            check=False,  # its exit status is a figure of the row
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        return done.returncode, time.perf_counter() - started

    # Its memory peak is not shown: a forked child's ru_maxrss counts the bench's
    # pages from before its exec.
    code, seconds = await asyncio.to_thread(verify)
    # The verification itself, as the command runs it, without the command's start
    # (about a second of imports, most of the time at a small fraction).
    started = time.perf_counter()
    checks = await check_stores(stores)
    checked = time.perf_counter() - started
    intact = all(c.status == "intact" for c in checks)
    rate = events / checked
    return Row(
        f"(v-d) audit verify, {events:,} events in 6 stores side by side{part}"
        f" (the command: {seconds:.1f} s with its start, exit {code})",
        rate,
        "ev/s",
        target="≥ 100,000/s",
        passed=code == 0 and intact and rate >= 100_000,
    )


async def _bytes(
    reporting: Reporting, loaded: Loaded, client: NatsClient, part: str
) -> list[Row]:
    stored = events = 0
    for dsn in loaded.dsns.values():
        pool = await create_pool(dsn, min_size=1, max_size=1)
        try:
            stored += await pool.fetchval("SELECT pg_total_relation_size('events')")
            events += await pool.fetchval("SELECT count(*) FROM events")
        finally:
            await pool.close()
    js = client.jetstream()
    stream_bytes = 0
    for service in SOURCES:
        stream_bytes += (await js.stream_info(stream_name(service))).state.bytes
    pool = await create_pool(reporting.dsn, min_size=1, max_size=1)
    try:
        read_models = await pool.fetchval(
            """SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)
               FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
               JOIN reporting_generations g ON g.schema_name = n.nspname
               WHERE c.relkind = 'r'"""
        )
    finally:
        await pool.close()
    plain, sealed = await _sealed_sample(reporting.dsn.split("?")[0])
    return [
        Row(
            "(b-d) one community as the services store it: bytes per event sealed"
            f" (personal data under its key) vs clear {plain:,.0f} B",
            sealed,
            "B",
            reference=plain,
            reference_name="B clear",
        ),
        Row(
            f"(b-d) PostgreSQL bytes per event (events + indexes, 5 stores){part}",
            stored / events,
            "B",
        ),
        Row(
            f"(b-d) JetStream bytes per message (R1){part}", stream_bytes / events, "B"
        ),
        Row(
            f"(b-d) reporting read models bytes per event (serving){part}",
            read_models / events,
            "B",
        ),
    ]


async def _sealed_sample(database_url: str) -> tuple[float, float]:
    """Bytes per event of one community written in clear and sealed, side by side.

    The load writes in clear (as bench reporting does: reporting then needs no key of
    the sources); a service seals each person's data under that person's key
    (shequ.keyring), which costs bytes a capacity plan must count.
    """
    sizes = []
    master = parse_master_key(new_master_key())
    first_year = date.today().year - YEARS
    sample = community(0, community_code(0, 0), YEARS, first_year)
    for seal in (False, True):
        stored = events = 0
        for service, streams in sample.streams.items():
            async with fresh_schema(database_url) as dsn:
                schema = parse_qs(urlsplit(dsn).query)["search_path"][0]
                ring = KeyRing(dsn, master, schema=schema) if seal else None
                if ring:
                    await ring.attach()
                pool = await create_pool(dsn, min_size=1, max_size=2)
                try:
                    async with pool.acquire() as conn:
                        await migrate(conn, store_migrations())
                    store = EventStore(pool, CATALOGS[service], keyring=ring)
                    for chunk in _chunks(streams):
                        await store.start_streams(chunk, occurred_at=datetime.now(UTC))
                    stored += await pool.fetchval(
                        "SELECT pg_total_relation_size('events')"
                    )
                    events += await pool.fetchval("SELECT count(*) FROM events")
                finally:
                    await pool.close()
                    if ring:
                        await ring.detach()
        sizes.append(stored / events)
    return sizes[0], sizes[1]

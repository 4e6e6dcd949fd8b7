"""Shared bench plumbing: servers, a fresh schema, timing helpers, the result table.

Benchmarks use ``SHEQU_DATABASE_URL`` / ``SHEQU_NATS_URL`` when set (so a figure can be
taken on a production-like server), otherwise throwaway embedded servers. Every load
stays on 127.0.0.1 and is bounded in time.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import asyncpg
from fastapi import FastAPI

from shequ.devinfra.servers import start_local_infra
from shequ.keyring import new_master_key
from shequ.service import Runtime, ServiceSettings


@dataclass
class Row:
    """One line of the table: a project figure against its raw limit or target."""

    name: str
    figure: float
    unit: str
    reference: float | None = None
    reference_name: str = ""
    target: str = ""
    passed: bool | None = None

    @property
    def ratio(self) -> float | None:
        return None if not self.reference else self.figure / self.reference


@asynccontextmanager
async def infra() -> AsyncIterator[tuple[str, str]]:
    """(database URL, NATS URL) for the run: given ones, or embedded servers."""
    local = start_local_infra(
        os.environ.get("SHEQU_DATABASE_URL"), os.environ.get("SHEQU_NATS_URL")
    )
    try:
        yield local.database_url, local.nats_url
    finally:
        local.close()


@asynccontextmanager
async def fresh_schema(database_url: str) -> AsyncIterator[str]:
    """A DSN whose search_path is a new schema, dropped afterwards."""
    schema = f"bench_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(database_url)
    await admin.execute(f"CREATE SCHEMA {schema}")
    sep = "&" if "?" in database_url else "?"
    try:
        yield f"{database_url}{sep}search_path={schema}"
    finally:
        # With the schemas reporting's generations made beside it (schema__name_gN).
        beside = await admin.fetch(
            "SELECT nspname FROM pg_namespace WHERE starts_with(nspname, $1)",
            f"{schema}__",
        )
        for name in [schema, *(r[0] for r in beside)]:
            await admin.execute(f"DROP SCHEMA {name} CASCADE")
        await admin.close()


async def rate_for(
    seconds: float, workers: int, op: Callable[[int, int], Awaitable[int]]
) -> float:
    """Operations per second when ``workers`` tasks repeat ``op(worker, i)``."""
    deadline = time.perf_counter() + seconds
    counts = [0] * workers

    async def work(worker: int) -> None:
        i = 0
        while time.perf_counter() < deadline:
            counts[worker] += await op(worker, i)
            i += 1

    start = time.perf_counter()
    await asyncio.gather(*(work(w) for w in range(workers)))
    return sum(counts) / (time.perf_counter() - start)


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time the process ``pid`` has used so far.

    A shared machine stretches wall-clock figures; the CPU a server spends on each
    request or event varies far less, so it is printed beside them.
    """
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def p99(samples: list[float]) -> float:
    """The 99th percentile of ``samples``."""
    return statistics.quantiles(samples, n=100)[98]


def print_table(rows: list[Row]) -> None:
    """The results as a plain table, one figure a line."""
    width = max([46, *(len(row.name) for row in rows)])
    head = (
        f"{'figure':<{width}} {'measured':>14} {'raw limit / target':>26} "
        f"{'ratio':>6}  ok"
    )
    print(head)
    print("-" * len(head))
    for row in rows:
        measured = f"{row.figure:,.1f} {row.unit}"
        reference = (
            f"{row.reference:,.0f} {row.reference_name}"
            if row.reference
            else row.target
        )
        ratio = f"{row.ratio:.2f}" if row.ratio is not None else ""
        ok = {True: "yes", False: "NO", None: ""}[row.passed]
        print(f"{row.name:<{width}} {measured:>14} {reference:>26} {ratio:>6}  {ok}")


async def settle(rt: Runtime, within: float) -> None:
    """Wait until the relay has published all and every projection caught up."""
    deadline = time.monotonic() + within
    while (await rt.relay.status()).pending:
        assert time.monotonic() < deadline, "the relay did not drain"
        await asyncio.sleep(0.05)
    for runner in rt.runners.values():
        for status in await runner.status():
            left = max(1.0, deadline - time.monotonic())
            reached = await runner.wait_until(
                status.source, status.stream_last_seq, left
            )
            assert reached, f"{runner.projection.name} lags {status}"


def load_rows(
    code: str, what: str, count: int, *, commands: int, events: int, seconds: float
) -> list[Row]:
    """A load's two rows: commands/s (``count`` records) and events/s, 8 desks."""
    return [
        Row(
            f"({code}) {what} load commands/s ({count:,} x {commands // count})",
            commands / seconds,
            "/s",
            target=f"{seconds:,.0f} s in all",
        ),
        Row(
            f"({code}) {what} load events/s ({events:,} events)",
            events / seconds,
            "/s",
            target="(sealed, 8 desks)",
        ),
    ]


async def in_process(
    stack: AsyncExitStack,
    build: Callable[[ServiceSettings], FastAPI],
    database_url: str,
    nats_url: str,
) -> Runtime:
    """A service built by ``build`` on a fresh schema with its own key, running."""
    dsn = await stack.enter_async_context(fresh_schema(database_url))
    settings = ServiceSettings(
        database_url=dsn, nats_url=nats_url, master_key=new_master_key()
    )
    app = build(settings)
    await stack.enter_async_context(app.router.lifespan_context(app))
    runtime: Runtime = app.state.runtime
    return runtime

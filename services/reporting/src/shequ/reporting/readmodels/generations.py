"""Blue/green generations of a projection's tables (蓝绿重建).

Each projection's tables, checkpoints and parked messages live in a schema of their
own, one per generation (``<base>__<projection>_g<n>``); ``reporting_generations`` in
the service's schema names the one that serves. A rebuild fills a new generation from
the start of every source stream while the old one keeps serving and keeps up; once
the new one has caught up, the live consumer is pointed at it (its checkpoint makes
already-applied messages no-ops), it catches up the last few, the pointer moves and
the old schema is dropped. Queries ask :meth:`Generations.pool` for the serving one.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import json
import logging
import os
import re
import time
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import asyncpg
from nats.aio.client import Client as NatsClient
from nats.js.errors import NotFoundError

from shequ.contracts import Conflict, NotFound
from shequ.contracts.messages import N_
from shequ.eventstore import Migration, create_pool, migrate
from shequ.messaging import Fence, Projection, ProjectionRunner, stream_name
from shequ.reporting.readmodels import apart
from shequ.service import ServiceSettings

log = logging.getLogger(__name__)
Progress = Callable[[str, int, int], None]
REBUILD_BATCH = 5000
# A child process costs about a second and a half to start; above this many messages
# it is paid back, and two projections rebuilt at once each have a core (README).
APART_ABOVE = 250_000
PROGRESS_EVERY = 30.0  # seconds between progress lines of a load at start
MIGRATIONS = [
    Migration(
        "reporting-generations",
        1,
        """CREATE TABLE IF NOT EXISTS reporting_generations (
               projection  text PRIMARY KEY,
               schema_name text NOT NULL,
               generation  integer NOT NULL,
               switched_at timestamptz NOT NULL DEFAULT now());""",
    )
]


@dataclass
class Rebuilding:
    """A rebuild under way: of which generation, since when, how far in each source."""

    generation: int
    started_at: datetime
    sources: dict[str, tuple[int, int]] = field(default_factory=dict)

    def noting(self, progress: Progress | None) -> Progress:
        """``progress``, also noting each source's sequence reached and last one."""

        def note(source: str, seq: int, end: int) -> None:
            self.sources[source] = (seq, end)
            if progress is not None:
                progress(source, seq, end)

        return note


@dataclass
class Generations:
    """The serving generation of each projection, and how to build the next."""

    base: asyncpg.Pool
    dsn: str
    nats: NatsClient
    pool_size: int = 4
    # The service's settings, for a load in a process of its own (``apart``): one
    # whose sources hold more than ``apart_above`` messages. None: always here.
    settings: ServiceSettings | None = None
    apart_above: int | None = APART_ABOVE
    # Server settings of every connection (the service's role), as the base pool's.
    connection_settings: dict[str, str] = field(default_factory=dict)
    rebuilding: dict[str, Rebuilding] = field(default_factory=dict)
    _pools: dict[str, Any] = field(default_factory=dict)
    _locks: dict[str, asyncio.Lock] = field(default_factory=dict)

    def busy(self, projection: str) -> bool:
        """Whether ``projection`` is being rebuilt (or loaded apart at start)."""
        return self._locks[projection].locked()

    def pool(self, projection: str) -> Any:
        """The pool whose search path is the serving generation's schema."""
        return self._pools[projection]

    async def open(self, runners: dict[str, ProjectionRunner]) -> None:
        """Point every runner at its serving generation (creating the first)."""
        async with self.base.acquire() as conn:
            await migrate(conn, MIGRATIONS)
        for name, runner in runners.items():
            row = await self.base.fetchrow(
                "SELECT schema_name FROM reporting_generations WHERE projection = $1",
                name,
            )
            schema = row["schema_name"] if row else await self._create(name, 1)
            if row is None:
                await self._point(name, schema, 1)
            self._pools[name] = await self._pool_for(schema)
            self._locks[name] = asyncio.Lock()
            runner.pool = self._pools[name]

    async def serving(self) -> dict[str, tuple[int, str]]:
        """Each projection's serving generation, with its schema."""
        rows = await self.base.fetch(
            "SELECT projection, generation, schema_name FROM reporting_generations"
        )
        return {r["projection"]: (r["generation"], r["schema_name"]) for r in rows}

    async def close(self) -> None:
        await asyncio.gather(*(p.close() for p in self._pools.values()))

    async def rebuild(
        self, live: ProjectionRunner, progress: Progress | None = None
    ) -> int:
        """Build the next generation beside the serving one, then switch to it.

        One rebuild of a projection at a time: a second is refused (:class:`Conflict`)
        rather than queued behind the first. A rebuild that fails drops what it built;
        the serving generation never stopped serving.
        """
        name = live.projection.name
        lock = self._locks[name]
        if lock.locked():
            raise Conflict(
                N_("{name} is being rebuilt already"), field="name", name=name
            )
        async with lock:
            current = await self.base.fetchrow(
                """SELECT schema_name, generation FROM reporting_generations
                   WHERE projection = $1""",
                name,
            )
            state = Rebuilding(current["generation"] + 1, datetime.now(UTC))
            self.rebuilding[name] = state
            try:
                return await self._build(
                    live,
                    current["schema_name"],
                    state.generation,
                    state.noting(progress),
                )
            finally:
                del self.rebuilding[name]

    async def catch_up_apart(self, runners: Sequence[ProjectionRunner]) -> None:
        """Load apart, all at once, each of ``runners`` far behind its sources (追赶).

        At start, one whose sources hold more than ``apart_above`` messages past its
        checkpoints (a first start, a new database, a long outage) is loaded in its
        serving schema by a process of its own, as a rebuild's new generation is;
        the catch-up that follows in this process has only the tail. Without it each
        projection would catch up here, one source after another, on one core. This
        only gives that catch-up a head start: whatever fails here is logged, and it
        goes on from the checkpoints reached.
        """
        if self.settings is None or self.apart_above is None:
            return
        behind = []
        try:
            for runner in runners:
                await runner.ensure_streams()  # the load reads each of them
                if await runner.backlog() > self.apart_above:
                    behind.append(runner)
        except Exception:
            log.exception("could not tell how far behind the projections are")
            return
        await asyncio.gather(*(self._catch_up_apart(r) for r in behind))

    async def _catch_up_apart(self, runner: ProjectionRunner) -> None:
        name = runner.projection.name
        lock = self._locks[name]
        if lock.locked():  # a rebuild under way loads a generation of its own
            log.info("%s: being rebuilt, so not loaded apart at start", name)
            return
        reached: dict[str, tuple[int, int]] = {}
        noted = [time.monotonic()]

        def progress(source: str, seq: int, end: int) -> None:
            # An operator watching a district's first start sees it move.
            reached[source] = (seq, end)
            if time.monotonic() - noted[0] >= PROGRESS_EVERY:
                noted[0] = time.monotonic()
                left = sum(end - seq for seq, end in reached.values())
                log.info("%s: loading apart, %d messages to go", name, left)

        async with lock:
            try:
                schema = (await self.serving())[name][1]
                log.info("%s: far behind; loading %s apart", name, schema)
                applied = await self._load_apart(
                    name, schema, progress, fence=runner.fence
                )
            except Exception:
                log.exception("%s: the load apart failed; catching up here", name)
                return
        log.info("%s: %d events loaded apart", name, applied)

    async def _build(
        self, live: ProjectionRunner, serving: str, generation: int, progress: Progress
    ) -> int:
        name = live.projection.name
        schema = await self._create(name, generation)
        # A connection for each source caught up at once.
        pool = await self._pool_for(schema, sources=len(live.projection.sources))
        try:
            if await self._apart(live.projection):
                applied = await self._load_apart(name, schema, progress)
            else:
                applied = await load_here(pool, live.projection, self.nats, progress)
        except BaseException:
            await pool.close()
            await self.base.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
            raise
        old_pool, live.pool, self._pools[name] = live.pool, pool, pool
        for source in live.projection.sources:
            applied += await live.catch_up(source, progress)
        await self._point(name, schema, generation)
        await old_pool.close()
        await self.base.execute(f"DROP SCHEMA IF EXISTS {serving} CASCADE")
        log.info("%s: generation %d serves (%s)", name, generation, schema)
        return applied

    async def _apart(self, projection: Projection) -> bool:
        """Whether to load in a process of its own: its sources hold enough."""
        if self.settings is None or self.apart_above is None:
            return False
        js = self.nats.jetstream()
        held = 0
        for source in projection.sources:
            with contextlib.suppress(NotFoundError):  # nothing published yet
                held += (await js.stream_info(stream_name(source))).state.messages
        return held > self.apart_above

    async def _load_apart(
        self, name: str, schema: str, progress: Progress, fence: Fence | None = None
    ) -> int:
        """Load ``schema`` in a child process (``apart``); the events it applied.

        With a ``fence``, the child applies no event once another replica holds the
        lease: it loads the serving schema, which that replica then writes.
        """
        assert self.settings is not None
        order = apart.Order(
            projection=name,
            schema_name=schema,
            settings=self.settings.model_dump(mode="json", include=apart.NEEDED),
            server_settings=self._server_settings(),
            fence=dataclasses.asdict(fence) if fence else None,
            parent=os.getpid(),
        )
        child = await apart.spawn()
        applied: int | None = None
        error = "no answer"
        try:
            assert child.stdin is not None
            assert child.stdout is not None
            child.stdin.write(order.model_dump_json().encode())
            await child.stdin.drain()
            child.stdin.close()
            async for raw in child.stdout:
                if (said := _answer(raw)) is None:
                    log.warning("%s: the load apart said %r", name, raw[:200])
                    continue
                if "source" in said:
                    progress(said["source"], said["seq"], said["end"])
                applied = said.get("applied", applied)
                error = said.get("error", error)
            code = await child.wait()
        finally:
            if child.returncode is None:  # cancelled: the load stops with the rebuild
                child.kill()
                await child.wait()
        if code != 0 or applied is None:
            raise RuntimeError(f"{name}: the load in its own process failed: {error}")
        return applied

    async def _create(self, projection: str, generation: int) -> str:
        base = await self.base.fetchval("SELECT current_schema()")
        slug = re.sub(r"[^a-z0-9]+", "_", projection.lower())
        schema = f"{base}__{slug}_g{generation}"
        await self.base.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        await self.base.execute(f"CREATE SCHEMA {schema}")
        return schema

    async def _point(self, projection: str, schema: str, generation: int) -> None:
        await self.base.execute(
            """INSERT INTO reporting_generations (projection, schema_name, generation)
               VALUES ($1, $2, $3)
               ON CONFLICT (projection) DO UPDATE
               SET schema_name = excluded.schema_name,
                   generation = excluded.generation, switched_at = now()""",
            projection,
            schema,
            generation,
        )

    async def _pool_for(self, schema: str, *, sources: int = 0) -> Any:
        return await create_pool(
            self.dsn,
            max_size=max(self.pool_size, sources),
            server_settings={**self._server_settings(), "search_path": schema},
        )

    def _server_settings(self) -> dict[str, str]:
        return {
            **self.connection_settings,
            # A temporal read's plan depends on its moment: which rows were
            # current then. After five runs PostgreSQL would plan a statement
            # once for any moment, and that plan read the district ledger
            # page in 98 ms against 56 (at 1/50 of the district).
            "plan_cache_mode": "force_custom_plan",
        }


def _answer(raw: bytes) -> dict[str, Any] | None:
    """A line from a load apart as the object it says; None if it says none."""
    try:
        said = json.loads(raw)
    except ValueError:
        return None
    return said if isinstance(said, dict) else None


async def load_here(
    pool: Any,
    projection: Projection,
    nats: NatsClient,
    progress: Progress,
    fence: Fence | None = None,
) -> int:
    """Migrate ``pool``'s schema (indexes after) and load it; the events applied.

    A rebuild's new generation from zero, or a serving schema far behind at start
    (from its checkpoints, ``fence`` guarding each batch).
    """
    # Batches bigger than the live runner's: a rebuild's cost per batch (the
    # transaction, the checkpoint, each table's look-up of current rows) is paid
    # over more events, with nothing waiting to read them sooner.
    builder = ProjectionRunner(pool, projection, nats, catch_up_batch=REBUILD_BATCH)
    builder.fence = fence
    await builder.migrate(indexes=False)
    # Every source at once, as the live consumers apply them: a source's batches
    # wait on PostgreSQL while another's are decoded and played (README, "Sources
    # and projections at once").
    applied = await _catch_up_at_once(builder, progress)
    await builder.create_indexes()
    await builder.analyze()
    return applied


async def _catch_up_at_once(builder: ProjectionRunner, progress: Progress) -> int:
    """Catch ``builder`` up with all its sources at once; the events applied.

    The first to fail stops the others, and its error is the load's.
    """
    try:
        async with asyncio.TaskGroup() as group:
            caught_up = [
                group.create_task(builder.catch_up(source, progress))
                for source in builder.projection.sources
            ]
    except ExceptionGroup as failed:
        for also in failed.exceptions[1:]:
            log.warning(
                "%s: a second source failed too: %r", builder.projection.name, also
            )
        raise failed.exceptions[0] from None
    return sum(task.result() for task in caught_up)


@contextlib.asynccontextmanager
async def serving(dsn: str, projection: str) -> AsyncIterator[Any]:
    """A pool on the schema of ``projection``'s serving generation."""
    conn = await asyncpg.connect(dsn)
    try:
        schema = await conn.fetchval(
            "SELECT schema_name FROM reporting_generations WHERE projection = $1",
            projection,
        )
    finally:
        await conn.close()
    if schema is None:
        raise NotFound(
            N_("reporting has no serving {projection}: has it run here?"),
            projection=projection,
        )
    pool = await create_pool(
        dsn, min_size=1, max_size=2, server_settings={"search_path": schema}
    )
    try:
        yield pool
    finally:
        await pool.close()

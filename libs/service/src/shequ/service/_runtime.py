"""The resources of one running service, opened and closed by its app's lifespan.

Order matters: the schema is migrated before anything reads it; the relay starts after
the stream exists; projections catch up before the live consumers start, so a query
right after start-up sees everything already in JetStream.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import asyncpg
from faststream.nats import NatsBroker
from nats.aio.client import Client as NatsClient

from shequ.access import TokenIssuer, TokenVerifier
from shequ.contracts.personal import install_opener
from shequ.eventstore import (
    EventStore,
    create_pool,
    ensure_service_role,
    grant_service_role,
    migrate,
    store_migrations,
)
from shequ.keyring import KeyRing
from shequ.keyring import shared as shared_keyring
from shequ.messaging import (
    LEASE_MIGRATIONS,
    RELAY_MIGRATIONS,
    Fence,
    Lease,
    Projection,
    ProjectionRunner,
    Relay,
)
from shequ.messaging import connect as connect_nats
from shequ.service._definition import Hook, ServiceDefinition
from shequ.service._gc import tune_gc
from shequ.service._idempotency import IDEMPOTENCY_MIGRATIONS
from shequ.service._logs import quiet_routine_restarts
from shequ.service._settings import ServiceSettings
from shequ.service._staff import (
    STAFF_TOKENS,
    StaffTokens,
    revocations,
    staff_tokens_projection,
)

log = logging.getLogger(__name__)


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Runtime:
    """Everything a service's handlers and routes need at run time."""

    definition: ServiceDefinition
    settings: ServiceSettings
    pool: asyncpg.Pool
    store: EventStore
    nats: NatsClient
    relay: Relay
    runners: dict[str, ProjectionRunner]
    keyring: KeyRing
    # Which replica runs the relay and projections.
    lease: Lease
    clock: Callable[[], datetime] = _now
    verifier: TokenVerifier | None = None
    issuer: TokenIssuer | None = None
    # Whose tokens no longer hold (deactivated, roles changed), when the runtime
    # follows a staff source; a service's own staff commands tell it at once.
    staff_tokens: StaffTokens | None = None
    # What a service keeps for its own routes (reporting: its generations of tables).
    state: dict[str, Any] = field(default_factory=dict)
    _stop: asyncio.Event = field(default_factory=asyncio.Event)
    _tasks: list[asyncio.Task[None]] = field(default_factory=list)


@contextlib.asynccontextmanager
async def open_runtime(
    definition: ServiceDefinition,
    settings: ServiceSettings,
    clock: Callable[[], datetime] = _now,
) -> AsyncIterator[Runtime]:
    """Open a service's resources, yield them, and close them in reverse order."""
    await _migrate(definition, settings)
    ring = _keyring(settings)
    await ring.attach()
    install_opener(ring)
    pool = await create_pool(
        settings.database_url,
        max_size=settings.pool_size,
        server_settings=settings.connection_settings(),
    )
    try:
        client = await connect_nats(
            settings.nats_servers, max_reconnect_attempts=-1, reconnect_time_wait=0.5
        )
        try:
            async with _running(
                definition, settings, pool, client, clock, ring
            ) as runtime:
                yield runtime
        finally:
            await client.close()
    finally:
        await pool.close()
        await ring.detach()


def _keyring(settings: ServiceSettings) -> KeyRing:
    """The process's key ring for these settings; refuses to run without a key."""
    if not settings.master_key:
        raise RuntimeError(
            "SHEQU_MASTER_KEY is not set: personal data is stored sealed under it"
            " (32 random bytes, base64; `make run` makes one in .run/keys)"
        )
    return shared_keyring(
        settings.keyring_url or settings.database_url,
        settings.master_key,
        role=settings.database_role,
    )


async def _migrate(definition: ServiceDefinition, settings: ServiceSettings) -> None:
    """Migrate as the URL's user, then let the service's role (if any) do its work."""
    conn = await asyncpg.connect(settings.database_url)
    try:
        applied = await migrate(
            conn,
            [
                *store_migrations(),
                *RELAY_MIGRATIONS,
                *LEASE_MIGRATIONS,
                *IDEMPOTENCY_MIGRATIONS,
                *definition.migrations,
            ],
        )
        if applied:
            log.info("%s: applied migrations %s", definition.name, applied)
        if settings.database_role:
            await ensure_service_role(conn, settings.database_role)
            await grant_service_role(conn, settings.database_role)
    finally:
        await conn.close()


async def _hourly(
    stop: asyncio.Event, runtime: Runtime, hook: Hook, every: float = 3600.0
) -> None:
    """Run ``hook`` now and then every ``every`` seconds until ``stop``."""
    while not stop.is_set():
        try:
            await hook(runtime)
        except Exception:  # the next hour tries again; the service goes on
            log.exception("%s: hourly task failed", runtime.definition.name)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), every)


@contextlib.asynccontextmanager
async def _running(  # noqa: PLR0917 - private: what open_runtime opened, in order
    definition: ServiceDefinition,
    settings: ServiceSettings,
    pool: asyncpg.Pool,
    client: NatsClient,
    clock: Callable[[], datetime],
    ring: KeyRing,
) -> AsyncIterator[Runtime]:
    store = EventStore(pool, definition.catalog, keyring=ring)
    relay = Relay(store, client, replicas=settings.nats_replicas)
    await relay.ensure_stream()
    quiet_routine_restarts()
    projections = [
        p if isinstance(p, Projection) else p(store) for p in definition.projections
    ]
    if definition.staff_source is not None:
        projections.append(staff_tokens_projection(definition.staff_source))
    runners = {
        p.name: ProjectionRunner(pool, p, client, replicas=settings.nats_replicas)
        for p in projections
    }
    # Read through the runner: a service may point it at another schema (reporting).
    staff_tokens = (
        StaffTokens(lambda: revocations(runners[STAFF_TOKENS].pool))
        if definition.staff_source is not None
        else None
    )
    runtime = Runtime(
        definition,
        settings,
        pool,
        store,
        client,
        relay,
        runners,
        ring,
        Lease(
            settings.database_url,
            definition.name,
            server_settings=settings.connection_settings(),
        ),
        clock,
        verifier=TokenVerifier(
            settings.token_public_key,
            refusal=staff_tokens.refusal if staff_tokens else None,
        )
        if settings.token_public_key
        else None,
        issuer=TokenIssuer(settings.token_private_key)
        if settings.token_private_key
        else None,
    )
    if definition.on_open is not None:
        await definition.on_open(runtime)
    background = Background(runtime)
    # Before the projections catch up, not after: at a first start on a district's
    # streams the catch-up is the process's biggest bulk work, and under the default
    # thresholds it took half as much CPU again per event (45-48 against 30-31 us);
    # reporting built from zero at the district: 775.4 -> 569.3 s (README). Again
    # once started, to freeze what start-up made.
    tune_gc()
    # The first replica up holds the lease before it serves: its projections have
    # caught up by then, as with one replica. Another waits for the lease in the
    # background and serves HTTP meanwhile.
    fence = await runtime.lease.acquire()
    background.deposed()
    if fence is not None:
        await background.start(fence)
    runtime._tasks.append(
        asyncio.create_task(
            runtime.lease.keep(runtime._stop, background.start, background.stop)
        )
    )
    if staff_tokens is not None:
        runtime.staff_tokens = staff_tokens
        await staff_tokens.refresh()
        runtime._tasks.append(asyncio.create_task(staff_tokens.follow(runtime._stop)))
    try:
        if definition.on_start is not None:
            await definition.on_start(runtime)
        tune_gc()
        yield runtime
    finally:
        runtime._stop.set()
        await asyncio.gather(*runtime._tasks, return_exceptions=True)
        await background.stop()
        await runtime.lease.release()
        if definition.on_close is not None:
            await definition.on_close(runtime)


@dataclass
class Background:
    """What runs only in the replica holding the lease (租约).

    The relay, each projection's live consumer and watcher, the hourly timers.
    """

    runtime: Runtime
    broker: NatsBroker | None = None
    _stop: asyncio.Event = field(default_factory=asyncio.Event)
    _tasks: list[asyncio.Task[None]] = field(default_factory=list)

    async def start(self, fence: Fence) -> None:
        """Catch up, then run live; a no-op while already running."""
        if self.broker is not None:
            return
        runtime = self.runtime
        for runner in runtime.runners.values():
            runner.fence = fence
        self._stop = asyncio.Event()
        # FastStream logs every message it handles; at INFO that was a tenth of a
        # busy projection's time. Its errors are still logged as errors.
        self.broker = NatsBroker(runtime.settings.nats_servers, log_level=logging.DEBUG)
        self._tasks = [asyncio.create_task(runtime.relay.run(self._stop))]
        if runtime.definition.before_catch_up is not None:
            await runtime.definition.before_catch_up(runtime)
        for runner in runtime.runners.values():
            await runner.prepare()
            runner.subscribe(self.broker)
            self._tasks.append(asyncio.create_task(runner.watch(self._stop)))
        await self.broker.start()
        if runtime.definition.hourly is not None:
            self._tasks.append(
                asyncio.create_task(
                    _hourly(self._stop, runtime, runtime.definition.hourly)
                )
            )
        log.info(
            "%s: this replica runs the relay and projections", runtime.definition.name
        )

    async def stop(self) -> None:
        """Stop everything ``start`` started; the runners write nothing more."""
        self.deposed()
        broker, self.broker = self.broker, None
        self._stop.set()
        if broker is not None:
            await broker.stop()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks = []

    def deposed(self) -> None:
        """Fence the runners off: a write from this replica now fails its check."""
        lease = self.runtime.lease
        for runner in self.runtime.runners.values():
            runner.fence = lease.standing()

"""A service running in the test's process on a clock the test moves.

The pieces every service's test fixture shares: the :class:`Clock` the app reads
(``clock.now`` moves time: timers, deadlines), tokens issued at the clock's time
(:func:`tokens`), waiting until the relay has published and every projection has
caught up (:func:`settle`), and the app itself (:func:`running`): its stream cleared
before and after, its lifespan entered, an ASGI client on it reading in English (tests
read rules in English; Chinese is tested apart).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import httpx
from fastapi import FastAPI
from nats.aio.client import Client as NatsClient
from nats.js.errors import NotFoundError

from shequ.access import Actor, Role
from shequ.messaging import stream_name
from shequ.service import Runtime
from shequ.testing.feeds import COMMUNITY_A
from shequ.testing.tokens import bearer

NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
Token = Callable[..., dict[str, str]]


@dataclass
class Clock:
    """The service's clock: set ``now`` to move time."""

    now: datetime = NOW

    def __call__(self) -> datetime:
        return self.now

    def on(self, day: str) -> None:
        """Move to 10:00 China time on ``day`` (YYYY-MM-DD)."""
        self.now = datetime.fromisoformat(f"{day}T02:00:00+00:00")


def tokens(clock: Clock, role: Role, staff_id: str) -> Token:
    """Headers carrying a token for a role at an office (community A by default).

    Issued at the clock's time: after moving the clock, ask for new headers.
    """

    def make(
        role: Role = role, office: str = COMMUNITY_A, staff_id: str = staff_id
    ) -> dict[str, str]:
        actor = Actor(staff_id=staff_id, office=office, roles=frozenset({role}))
        return bearer(actor, clock.now)

    return make


async def settle(runtime: Runtime, within: float = 10.0) -> None:
    """Wait until the relay has published everything and every projection caught up."""
    deadline = asyncio.get_running_loop().time() + within
    while (await runtime.relay.status()).pending:
        assert asyncio.get_running_loop().time() < deadline, "relay did not drain"
        await asyncio.sleep(0.01)
    for runner in runtime.runners.values():
        for status in await runner.status():
            reached = await runner.wait_until(
                status.source, status.stream_last_seq, within
            )
            assert reached, f"{runner.projection.name} lags {status}"


@contextlib.asynccontextmanager
async def running(
    app: FastAPI, service: str, nats_client: NatsClient
) -> AsyncIterator[tuple[httpx.AsyncClient, Runtime]]:
    """``app`` (service ``service``) started on a stream of its own, and a client."""
    js = nats_client.jetstream()
    with contextlib.suppress(NotFoundError):
        await js.delete_stream(stream_name(service))
    try:
        async with (
            app.router.lifespan_context(app),
            httpx.AsyncClient(
                transport=httpx.ASGITransport(app=app),
                base_url=f"http://{service}",
                headers={"Accept-Language": "en"},
            ) as http,
        ):
            yield http, app.state.runtime
    finally:
        with contextlib.suppress(NotFoundError):
            await js.delete_stream(stream_name(service))

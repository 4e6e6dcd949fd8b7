"""A projection put together from read-model modules, one per part of a domain.

Each module names its ``TABLES``, its ``MIGRATIONS`` and one applier per event type
(``APPLIERS``); the projection applies an event with the applier of its type (events
no module names are skipped) and a rebuild empties every module's tables.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from types import ModuleType

import asyncpg

from shequ.contracts import EventEnvelope
from shequ.messaging._projection import Projection

Applier = Callable[[asyncpg.Connection, EventEnvelope], Awaitable[None]]


def projection_of(
    name: str, sources: tuple[str, ...], modules: Sequence[ModuleType]
) -> Projection:
    """The projection ``name`` fed by ``sources``, made of ``modules``' parts.

    Each module has ``TABLES`` (names), ``MIGRATIONS`` and ``APPLIERS`` (event type →
    ``async (connection, envelope)``).
    """
    appliers: dict[str, Applier] = {
        t: a for module in modules for t, a in module.APPLIERS.items()
    }

    async def apply(conn: asyncpg.Connection, events: Sequence[EventEnvelope]) -> None:
        for envelope in events:
            applier = appliers.get(envelope.event_type)
            if applier is not None:
                await applier(conn, envelope)

    async def reset(conn: asyncpg.Connection) -> None:
        for module in modules:
            if module.TABLES:
                await conn.execute(f"TRUNCATE {', '.join(module.TABLES)}")

    return Projection(
        name=name, sources=sources, apply=apply, reset=reset,
        migrations=[step for module in modules for step in module.MIGRATIONS],
    )  # fmt: skip

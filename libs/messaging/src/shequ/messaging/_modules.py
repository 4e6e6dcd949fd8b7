"""A projection put together from read-model modules, one per part of a domain.

Each module names its ``TABLES``, its ``MIGRATIONS`` and its typed appliers
(``APPLY``, an :class:`Appliers`); the projection applies an event with the applier of
its type (events no module handles are skipped) and a rebuild empties every module's
tables.
"""

from __future__ import annotations

from collections.abc import Awaitable, Sequence
from types import ModuleType

import asyncpg

from shequ.contracts import EventEnvelope
from shequ.messaging._appliers import Appliers
from shequ.messaging._projection import Projection

ConnectionAppliers = Appliers[asyncpg.Connection, Awaitable[None]]


def projection_of(
    name: str, sources: tuple[str, ...], modules: Sequence[ModuleType]
) -> Projection:
    """The projection ``name`` fed by ``sources``, made of ``modules``' parts.

    Each module has ``TABLES`` (names), ``MIGRATIONS`` and ``APPLY`` (its
    :class:`Appliers` of ``async (connection, event, envelope)``).
    """
    empty: ConnectionAppliers = Appliers()
    appliers = empty.merged(*(module.APPLY for module in modules))

    async def apply(conn: asyncpg.Connection, events: Sequence[EventEnvelope]) -> None:
        for envelope in events:
            if appliers.handles(envelope):
                await appliers.apply(conn, envelope)

    async def reset(conn: asyncpg.Connection) -> None:
        for module in modules:
            if module.TABLES:
                await conn.execute(f"TRUNCATE {', '.join(module.TABLES)}")

    return Projection(
        name=name,
        sources=sources,
        apply=apply,
        reset=reset,
        migrations=[step for module in modules for step in module.MIGRATIONS],
    )

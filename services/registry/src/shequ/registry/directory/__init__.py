"""The registry's directory (名册): offices, persons, households and staff as tables.

One projection, ``registry-directory``, fed by the registry's own events; each
sub-domain module contributes its tables (``MIGRATIONS``) and one function per event
type (``APPLIERS``). Queries read these tables; commands never do (they replay streams
and use the guard tables), so the directory may lag by the relay and projection delay.
"""

from __future__ import annotations

from collections.abc import Sequence

import asyncpg

from shequ.contracts import EventEnvelope
from shequ.messaging import Projection
from shequ.registry.directory import households, offices, persons, rentals, staff
from shequ.registry.directory._apply import Applier

_MODULES = (offices, persons, staff, households, rentals)
APPLIERS: dict[str, Applier] = {
    event_type: applier
    for module in _MODULES
    for event_type, applier in module.APPLIERS.items()
}
MIGRATIONS = [step for module in _MODULES for step in module.MIGRATIONS]


async def apply(conn: asyncpg.Connection, events: Sequence[EventEnvelope]) -> None:
    """Apply registry events in order; events it does not show are skipped."""
    for envelope in events:
        applier = APPLIERS.get(envelope.event_type)
        if applier is not None:
            await applier(conn, envelope)


async def reset(conn: asyncpg.Connection) -> None:
    """Empty every directory table (for a rebuild)."""
    for module in _MODULES:
        await conn.execute(f"TRUNCATE {', '.join(module.TABLES)}")


def directory_projection() -> Projection:
    """The projection that keeps the directory."""
    return Projection(
        name="registry-directory",
        sources=("registry",),
        apply=apply,
        reset=reset,
        migrations=MIGRATIONS,
    )

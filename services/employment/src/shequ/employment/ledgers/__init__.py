"""Employment's ledgers (台帐) as tables, from its own events.

One projection, ``employment-ledgers``; each module contributes its tables
(``MIGRATIONS``, ``TABLES``) and one function per event type (``APPLIERS``). A ledger
query joins ``residents`` (the registry copy) for the person's name and current
office, so a person who moved shows under their new office. Commands never read these
tables; they replay streams.
"""

from __future__ import annotations

from collections.abc import Sequence

import asyncpg

from shequ.contracts import EventEnvelope
from shequ.employment.ledgers import (
    assistance,
    households,
    profiles,
    unemployment,
    vacancies,
)
from shequ.employment.ledgers._apply import Applier
from shequ.messaging import Projection

_MODULES = (profiles, unemployment, assistance, vacancies, households)
APPLIERS: dict[str, Applier] = {
    event_type: applier
    for module in _MODULES
    for event_type, applier in module.APPLIERS.items()
}
MIGRATIONS = [step for module in _MODULES for step in module.MIGRATIONS]


async def apply(conn: asyncpg.Connection, events: Sequence[EventEnvelope]) -> None:
    for envelope in events:
        applier = APPLIERS.get(envelope.event_type)
        if applier is not None:
            await applier(conn, envelope)


async def reset(conn: asyncpg.Connection) -> None:
    for module in _MODULES:
        if module.TABLES:
            await conn.execute(f"TRUNCATE {', '.join(module.TABLES)}")


def ledgers_projection() -> Projection:
    return Projection(
        name="employment-ledgers",
        sources=("employment",),
        apply=apply,
        reset=reset,
        migrations=MIGRATIONS,
    )

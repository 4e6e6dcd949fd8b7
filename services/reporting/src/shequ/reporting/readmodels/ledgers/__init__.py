"""The shared ledgers (共享台帐) as temporal tables, fed by every service it reports on.

Projection ``reporting-ledgers``. Each source service contributes one module naming
its ``SERVICE`` and giving ``TABLES``, ``MIGRATIONS`` and ``APPLY`` (typed appliers,
each given the upcast contract model); rehab's cases are in ``rehab``, mediation's
disputes in ``mediation``, the registry's staff in ``staff``; events joins by adding a
module to ``_MODULES``. ``now`` keeps the unemployed ledger and the figures' counts as
they stand, for the readings of now.
"""

from __future__ import annotations

from collections.abc import Sequence

import asyncpg

from shequ.contracts import EventEnvelope
from shequ.eventstore import Migration
from shequ.messaging import Projection
from shequ.reporting.readmodels.ledgers import (
    employment,
    events,
    events_community,
    mediation,
    now,
    people,
    rehab,
    rules,
    staff,
)
from shequ.reporting.readmodels.ledgers._temporal import Changes

_MODULES = (
    people,
    employment,
    rules,
    staff,
    rehab,
    mediation,
    events,
    events_community,
)
APPLY = people.APPLY.merged(
    employment.APPLY,
    rules.APPLY,
    staff.APPLY,
    rehab.APPLY,
    mediation.APPLY,
    events.APPLY,
    events_community.APPLY,
)


# The ledgers once kept an inbox of applied event ids; the projection runner now skips
# an event published twice for every projection (by its place in the store's order).
INBOX_DROPPED = Migration(
    "reporting-ledgers-inbox", 2, "DROP TABLE IF EXISTS ledger_inbox;"
)


async def _apply(conn: asyncpg.Connection, events: Sequence[EventEnvelope]) -> None:
    # Each event comes once: the runner skips redeliveries (by stream sequence) and
    # events published twice (by their place in the store's order); a temporal
    # change applied twice would split a version in two.
    changes = Changes()
    for envelope in events:
        if APPLY.handles(envelope):
            APPLY.apply(changes, envelope)
    persons = now.persons_changed(changes)
    before = await now.before_batch(conn, persons) if persons else None
    await changes.write(conn)
    if before is not None:
        until = max(envelope.recorded_at for envelope in events)
        await now.after_batch(conn, persons, before, until)


async def _reset(conn: asyncpg.Connection) -> None:
    for module in (*_MODULES, now):
        await conn.execute(f"TRUNCATE {', '.join(module.TABLES)}")


def ledgers_projection() -> Projection:
    return Projection(
        name="reporting-ledgers",
        sources=tuple(dict.fromkeys(m.SERVICE for m in _MODULES)),
        apply=_apply,
        reset=_reset,
        migrations=[
            INBOX_DROPPED,
            *(step for module in _MODULES for step in module.MIGRATIONS),
            *now.MIGRATIONS,
        ],
        indexes=[sql for module in _MODULES for sql in getattr(module, "INDEXES", ())],
        settle=now.settle,
    )

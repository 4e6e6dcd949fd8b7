"""The shared ledgers (共享台帐) as temporal tables, fed by every service it reports on.

Projection ``reporting-ledgers``. Each source service contributes one module naming
its ``SERVICE`` and giving ``TABLES``, ``MIGRATIONS`` and ``APPLIERS`` (event type →
function); rehab, mediation and events join by adding a module to ``_MODULES``.
"""

from __future__ import annotations

from collections.abc import Sequence

import asyncpg

from shequ.contracts import EventEnvelope
from shequ.eventstore import Migration
from shequ.messaging import Projection
from shequ.reporting.ledgers import employment, people
from shequ.reporting.ledgers._apply import Applier
from shequ.reporting.ledgers._temporal import Changes

_MODULES = (people, employment)
APPLIERS: dict[tuple[str, str], Applier] = {
    (module.SERVICE, event_type): applier
    for module in _MODULES
    for event_type, applier in module.APPLIERS.items()
}


INBOX = Migration(
    "reporting-ledgers-inbox",
    1,
    "CREATE TABLE IF NOT EXISTS ledger_inbox (event_id uuid PRIMARY KEY);",
)


async def _apply(conn: asyncpg.Connection, events: Sequence[EventEnvelope]) -> None:
    wanted = [e for e in events if (e.service, e.event_type) in APPLIERS]
    if not wanted:
        return
    # A temporal change applied twice would split a version in two: the inbox
    # makes an event that reaches the stream twice (re-published under another
    # message id) a no-op; redeliveries are already stopped by the checkpoint.
    fresh = {
        r[0]
        for r in await conn.fetch(
            """INSERT INTO ledger_inbox SELECT unnest($1::uuid[])
               ON CONFLICT DO NOTHING RETURNING event_id""",
            [e.event_id for e in wanted],
        )
    }
    changes = Changes()
    for envelope in wanted:
        if envelope.event_id in fresh:
            APPLIERS[(envelope.service, envelope.event_type)](changes, envelope)
    await changes.write(conn)


async def _reset(conn: asyncpg.Connection) -> None:
    for module in _MODULES:
        await conn.execute(f"TRUNCATE {', '.join(module.TABLES)}")
    await conn.execute("TRUNCATE ledger_inbox")


def ledgers_projection() -> Projection:
    return Projection(
        name="reporting-ledgers",
        sources=tuple(dict.fromkeys(m.SERVICE for m in _MODULES)),
        apply=_apply,
        reset=_reset,
        migrations=[
            INBOX,
            *(step for module in _MODULES for step in module.MIGRATIONS),
        ],
    )

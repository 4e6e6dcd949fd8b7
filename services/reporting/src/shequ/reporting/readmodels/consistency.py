"""Read-your-writes: wait until a projection has applied a command's position.

A command's response carries ``Shequ-Position: <service>:<txid>.<position>`` (see
shequ.service). A query given it as ``after`` waits, at most the configured limit,
until the projection's checkpoint for that service has passed it, or answers 503
saying how far it has got.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

from shequ.contracts import DomainError, NotYet
from shequ.contracts.messages import N_
from shequ.service import parse_position


class NotCaughtUp(NotYet):
    code = "not-caught-up"
    title = N_("Not caught up yet")


class BadPosition(DomainError):
    code = "bad-position"
    title = N_("Not a position")


async def wait_for(
    db: Any, projection: str, sources: tuple[str, ...], after: str, limit: float
) -> None:
    """Return once ``projection`` has applied ``after``; :class:`NotCaughtUp` if not."""
    try:
        service, place = parse_position(after)
    except ValueError:
        raise BadPosition(
            N_("{after} is not a Shequ-Position a command answered"),
            field="after",
            after=after,
        ) from None
    if service not in sources:
        raise BadPosition(
            N_("{projection} is not fed by {service}"),
            field="after",
            projection=projection,
            service=service,
        )
    deadline = time.monotonic() + limit
    while True:
        row = await db.fetchrow(
            """SELECT transaction_id, position FROM projection_checkpoints
               WHERE projection = $1 AND source = $2""",
            projection,
            service,
        )
        reached = (int(row[0]), int(row[1])) if row and row[0] is not None else (0, 0)
        if reached >= place:
            return
        if time.monotonic() >= deadline:
            raise NotCaughtUp(
                N_(
                    "{projection} has reached {reached}, not yet {after}; try again"
                    " shortly"
                ),
                field="after",
                projection=projection,
                reached=f"{service}:{reached[0]}.{reached[1]}",
                after=after,
            )
        await asyncio.sleep(0.01)

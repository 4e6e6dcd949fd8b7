"""Read-your-writes: wait until a projection has applied a command's position.

A command's response carries ``Shequ-Position: <service>:<txid>.<position>`` (see
shequ.service). A query given it as ``after`` waits, at most the configured limit,
until the projection's checkpoint for that service has passed it, or answers 503
saying how far it has got.
"""

from __future__ import annotations

from shequ.contracts import DomainError, NotYet
from shequ.contracts.messages import N_
from shequ.messaging import ProjectionRunner
from shequ.service import parse_position


class NotCaughtUp(NotYet):
    code = "not-caught-up"
    title = N_("Not caught up yet")


class BadPosition(DomainError):
    code = "bad-position"
    title = N_("Not a position")


async def wait_for(runner: ProjectionRunner, after: str, limit: float) -> None:
    """Return once ``runner``'s projection has applied ``after``; else NotCaughtUp."""
    try:
        service, place = parse_position(after)
    except ValueError:
        raise BadPosition(
            N_("{after} is not a Shequ-Position a command answered"),
            field="after",
            after=after,
        ) from None
    projection = runner.projection.name
    if service not in runner.projection.sources:
        raise BadPosition(
            N_("{projection} is not fed by {service}"),
            field="after",
            projection=projection,
            service=service,
        )
    if await runner.wait_past(service, place, limit):
        return
    reached = await runner.applied_place(service) or (0, 0)
    raise NotCaughtUp(
        N_("{projection} has reached {reached}, not yet {after}; try again shortly"),
        field="after",
        projection=projection,
        reached=f"{service}:{reached[0]}.{reached[1]}",
        after=after,
    )

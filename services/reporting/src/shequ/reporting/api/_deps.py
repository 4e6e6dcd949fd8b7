"""What reporting routes share: the serving generation's pool, and waiting for it."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Query

from shequ.reporting.consistency import wait_for
from shequ.reporting.generations import Generations
from shequ.reporting.settings import reporting_settings
from shequ.service import Runtime

After = Annotated[
    str | None,
    Query(description="a Shequ-Position from a command: wait until it is reflected"),
]


def generations(rt: Runtime) -> Generations:
    found: Generations = rt.state["generations"]
    return found


async def serving_pool(rt: Runtime, projection: str, after: str | None) -> Any:
    """The serving pool of ``projection``, once it has reached ``after`` (if given)."""
    pool = generations(rt).pool(projection)
    if after is not None:
        sources = rt.runners[projection].projection.sources
        await wait_for(pool, projection, sources, after,
                       reporting_settings().wait_limit)  # fmt: skip
    return pool

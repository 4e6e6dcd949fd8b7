"""What reporting routes share: the serving pool, waiting for it, query parameters."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import Query
from pydantic import BeforeValidator

from shequ.access import OfficeCode
from shequ.reporting.domain.moments import moment
from shequ.reporting.readmodels.consistency import wait_for
from shequ.reporting.readmodels.generations import Generations
from shequ.reporting.settings import reporting_settings
from shequ.service import Runtime


def _read_as(*, day_end: bool) -> BeforeValidator:
    # A date alone, or a time without a zone, reads as the terminal reads it.
    def read(value: object) -> object:
        return moment(value, day_end=day_end) if isinstance(value, str) else value

    return BeforeValidator(read)


AsOf = Annotated[
    datetime | None,
    _read_as(day_end=True),
    Query(
        description="the moment to read as of: an ISO date (that day's end, China "
        "time) or date-time (China time if no zone); now if absent"
    ),
]
Start = Annotated[
    datetime | None,
    _read_as(day_end=False),
    Query(
        alias="from",
        description="recorded at or after: an ISO date (from its "
        "start, China time) or date-time",
    ),
]
End = Annotated[
    datetime | None,
    _read_as(day_end=True),
    Query(
        alias="to",
        description="recorded at or before: an ISO date (to its end, "
        "China time) or date-time",
    ),
]
Within = Annotated[OfficeCode | None, Query(description="your office if absent")]
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
        await wait_for(
            pool, projection, sources, after, reporting_settings().wait_limit
        )
    return pool

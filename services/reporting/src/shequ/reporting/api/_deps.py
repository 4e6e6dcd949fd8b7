"""What reporting routes share: the serving pool, waiting for it, query parameters.

Every parameter is bounded: text the way a request body's is (no control characters,
no lone surrogates, a length limit), so a NUL in ``?actor=`` is a 422 naming
``query.actor`` instead of a failure of the database; whole numbers by a range.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Annotated, Any, TypeVar

from fastapi import Path, Query
from pydantic import AfterValidator, BeforeValidator

from shequ.access import Actor, OfficeCode
from shequ.reporting.domain.access import ACCESS, OfficeNotKnown
from shequ.reporting.readmodels.archive import Placed
from shequ.reporting.readmodels.consistency import wait_for
from shequ.reporting.readmodels.generations import Generations
from shequ.reporting.readmodels.ledgers.people import names_of, office_known
from shequ.reporting.settings import reporting_settings
from shequ.service import AsOf as SharedAsOf
from shequ.service import Runtime, moment
from shequ.webapi import answers_not_found, refuse_unsafe


def _read_as(*, day_end: bool) -> BeforeValidator:
    # A date alone, or a time without a zone, reads as the terminal reads it.
    def read(value: object) -> object:
        return moment(value, day_end=day_end) if isinstance(value, str) else value

    return BeforeValidator(read)


AsOf = SharedAsOf  # as every service reads it (shequ.service.AsOf)
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


SAFE = AfterValidator(refuse_unsafe)  # the rule a request body's fields have
ID_LENGTH = 200
"""The most characters of an id a route takes (a person's, a stream's, a staff's)."""
Filter = Annotated[str | None, SAFE, Query(max_length=ID_LENGTH)]
"""A text a listing is filtered by, exactly."""
PathId = Annotated[str, SAFE, Path(min_length=1, max_length=ID_LENGTH)]
"""An id in a route's path."""
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
        await wait_for(rt.runners[projection], after, reporting_settings().wait_limit)
    return pool


LEDGERS = "reporting-ledgers"
ARCHIVE = "reporting-archive"
# A listing naming an office answers 404 too, though no path parameter says so.
NAMES_AN_OFFICE = answers_not_found(
    "No such office, or one outside the reader's subtree"
)


async def office_in_view(
    rt: Runtime, actor: Actor, office: OfficeCode | None, *, field: str
) -> OfficeCode:
    """The office a reading names (the reader's own if ``None``), once it may be read.

    An office outside the reader's subtree is answered exactly as an unknown one (404
    ``office-not-known`` naming ``field``), and that is decided before any other rule,
    so no answer tells an outsider what another office holds or that it exists.
    """
    if office is None:
        return ACCESS.reading_root(actor, None)
    ACCESS.within(actor, office, OfficeNotKnown(office, field=field))
    if not await office_known(generations(rt).pool(LEDGERS), office):
        raise OfficeNotKnown(office, field=field)
    return office


async def office_names(rt: Runtime, codes: Iterable[str | None]) -> dict[str, str]:
    """The current names of the offices ``codes`` (None and unknown codes skipped)."""
    wanted = sorted({code for code in codes if code})
    if not wanted:
        return {}
    return await names_of(generations(rt).pool(LEDGERS), wanted)


Record = TypeVar("Record", bound=Placed)


async def named(rt: Runtime, items: Sequence[Record]) -> list[Record]:
    """``items`` with their offices' names beside the codes."""
    codes = [code for i in items for code in (i.office, i.acting_office)]
    names = await office_names(rt, codes)
    return [
        item.model_copy(
            update={
                "office_name": names.get(item.office or ""),
                "acting_office_name": names.get(item.acting_office or ""),
            }
        )
        for item in items
    ]

"""``as_of`` means one thing on every route of every service (#13 item 9).

A date-time with its zone is that moment; one without a zone is China time; a bare
date is the end of that day in China (the ledger as the office closed it that day).
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Annotated

from fastapi import Query
from pydantic import BeforeValidator

from shequ.access import CHINA


def moment(text: str, *, day_end: bool = True) -> datetime:
    """An ISO date (its last, or first, moment in China) or date-time (China if naive).

    Raises ``ValueError`` for anything else.
    """
    try:
        if len(text) == 10:
            day = date.fromisoformat(text)
            return datetime.combine(day, time.max if day_end else time.min, CHINA)
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"not an ISO date or time: {text}") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=CHINA)


def _as_of(value: object) -> object:
    return moment(value) if isinstance(value, str) else value


AsOf = Annotated[
    datetime | None,
    BeforeValidator(_as_of),
    Query(
        description="the moment to read as of: an ISO date (that day's end, China "
        "time) or date-time (China time if no zone); now if absent"
    ),
]
"""An optional ``?as_of=`` query parameter, read the same way everywhere."""

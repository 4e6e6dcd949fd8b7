"""What every employment decider shares: stream ids, who acts, dates not in the future.

Deciders never read the clock or the database: a handler fills ``Acting`` and looks up
the person in this service's copy of the registry (``people``) before it builds the
command, so a command about a person the registry does not know never reaches one.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from shequ.access import CHINA, Acting
from shequ.contracts import DomainError, require_text
from shequ.contracts.messages import N_

__all__ = [
    "Acting",
    "DateInFuture",
    "DateTooEarly",
    "end_of_day",
    "not_after_today",
    "require_text",
    "stream_of",
]


def stream_of(kind: str, key: str) -> str:
    """The stream id of ``kind`` (labour, unemployment, assistance …) for ``key``."""
    return f"{kind}/{key}"


class DateInFuture(DomainError):
    code = "date-in-future"
    title = N_("Date in the future")

    def __init__(self, field: str, day: date, today: date) -> None:
        super().__init__(
            N_("{day} is after today ({today})"), field=field, day=day, today=today
        )


EARLIEST = date(1950, 1, 1)
"""No record of the service is dated before this day."""


class DateTooEarly(DomainError):
    code = "date-too-early"
    title = N_("Date too early")

    def __init__(self, field: str, day: date) -> None:
        super().__init__(
            N_("{day} is before {earliest}"), field=field, day=day, earliest=EARLIEST
        )


def not_after_today(day: date, by: Acting, field: str) -> date:
    """``day`` if it is from :data:`EARLIEST` to the acting day.

    Else :class:`DateTooEarly` or :class:`DateInFuture`.
    """
    if day < EARLIEST:
        raise DateTooEarly(field, day)
    if day > by.today:
        raise DateInFuture(field, day, by.today)
    return day


def end_of_day(day: date) -> datetime:
    """The first instant after ``day`` in China: the end of ``day``, for as-of reads."""
    return datetime.combine(day + timedelta(days=1), time(), CHINA)

"""Who acts and when, as deciders see it: the staff member, their office, the moment.

A handler fills :class:`Acting` from the verified token and its clock; deciders never
read a clock. Date rules (due dates, ages, "since") use :attr:`Acting.today`, the local
date in China.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from shequ.access._actor import Actor

# China Standard Time has no daylight saving, so a fixed offset is exact.
CHINA = timezone(timedelta(hours=8), "CST")


def china_date(moment: datetime) -> date:
    """The local date in China at ``moment`` (aware)."""
    return moment.astimezone(CHINA).date()


@dataclass(frozen=True)
class Acting:
    """The staff member acting, their office and the moment they act (aware)."""

    staff_id: str
    office: str
    now: datetime

    @property
    def today(self) -> date:
        """The local date in China when the command is given; date rules use it."""
        return china_date(self.now)

    @classmethod
    def of(cls, actor: Actor, now: datetime) -> Acting:
        """The domain's view of who acts, from a verified token and the clock."""
        return cls(staff_id=actor.staff_id, office=actor.office, now=now)

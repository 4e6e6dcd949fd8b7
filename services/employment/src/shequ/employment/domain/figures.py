"""The employment rate (就业率) and the full-employment standard (充分就业社区标准).

As DOMAIN.md and seed 000 篇二 define it: among people of working age on the day who
are able and willing to work (labour status employed, flexible, self-employed or
unemployed), students excluded, the share not unemployed:
``(counted − unemployed) / counted``; 2,475 counted with 73 unemployed is 97.05%.
Counted per community from the read model, then summed up to streets and district.
A community meets the standard when its rate reaches the threshold and it has no more
open zero-employment households than allowed; the points it fails are named.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from typing import Protocol

from pydantic import BaseModel, Field, PrivateAttr

from shequ.access import OfficeCode
from shequ.contracts import DomainError
from shequ.contracts.messages import N_, Msg, Params, english


class Rate(BaseModel):
    """One office's figures on a day."""

    office: str
    office_name: str | None = Field(default=None, description="the office's name")
    level: str
    working_age: int = Field(description="residents of working age on the day")
    counted: int = Field(description="of those, able and willing, not students")
    unemployed: int
    rate: float | None = Field(description="(counted − unemployed) / counted")

    @classmethod
    def of(cls, office: str, working_age: int, counted: int, unemployed: int) -> Rate:
        rate = None if counted == 0 else round((counted - unemployed) / counted, 6)
        return cls(
            office=office,
            level=str(OfficeCode(office).level),
            working_age=working_age,
            counted=counted,
            unemployed=unemployed,
            rate=rate,
        )


def roll_up(communities: Iterable[Rate]) -> list[Rate]:
    """Street and district totals from community figures, district first."""
    sums: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for c in communities:
        code = OfficeCode(c.office)
        for office in (code.parent, code.parent.parent if code.parent else None):
            if office is None:
                continue
            total = sums[str(office)]
            total[0] += c.working_age
            total[1] += c.counted
            total[2] += c.unemployed
    return [Rate.of(o, *sums[o]) for o in sorted(sums)]


class Standing(BaseModel):
    """Whether a community meets the full-employment standard, and why not."""

    office: str
    office_name: str | None = Field(default=None, description="the office's name")
    rate: float | None
    open_zero_employment_households: int
    overdue_zero_employment_households: int
    meets_standard: bool
    failing: list[str] = Field(description="the points it fails, in words")
    # The same points as marked texts with their values, so a reply shows them in
    # the reader's language; ``failing`` is their English.
    _reasons: list[tuple[Msg, Params]] = PrivateAttr(default_factory=list)

    @property
    def reasons(self) -> list[tuple[Msg, Params]]:
        """The points it fails as marked texts and their values."""
        return list(self._reasons)


class Standard(Protocol):
    """The full-employment standard an office tunes (``EmploymentRules`` is one)."""

    rate_threshold: float
    max_zero_employment_households: int
    zero_household_limit_days: int


def standing(
    rate: Rate | None, office: str, open_: int, overdue: int, rules: Standard
) -> Standing:
    """A community measured against ``rules``, with the points it fails."""
    value = None if rate is None else rate.rate
    reasons: list[tuple[Msg, Params]] = []
    if value is None:
        reasons.append((N_("no one able and willing to work is on record"), {}))
    elif value < rules.rate_threshold:
        reasons.append(
            (
                N_("employment rate {rate} is below {threshold}"),
                {"rate": f"{value:.2%}", "threshold": f"{rules.rate_threshold:.0%}"},
            )
        )
    if open_ > rules.max_zero_employment_households:
        reasons.append(
            (
                N_(
                    "{open} zero-employment household(s) open, at most {allowed}"
                    " allowed"
                ),
                {"open": open_, "allowed": rules.max_zero_employment_households},
            )
        )
    if overdue:
        reasons.append(
            (
                N_(
                    "{overdue} zero-employment household(s) open longer than {days}"
                    " days"
                ),
                {"overdue": overdue, "days": rules.zero_household_limit_days},
            )
        )
    found = Standing(
        office=office,
        rate=value,
        open_zero_employment_households=open_,
        overdue_zero_employment_households=overdue,
        meets_standard=not reasons,
        failing=[english(text, params) for text, params in reasons],
    )
    found._reasons = reasons
    return found


class PastDay(DomainError):
    code = "past-day"
    title = N_("A past day")


def figures_day(on: date | None, today: date) -> date:
    """The day asked for: statuses are today's, so a past day would mix two times."""
    if on is not None and on < today:
        raise PastDay(
            N_(
                "{on} is past: these figures count today's statuses; for the figures"
                " as they stood then ask /api/v1/reporting/figures?as_of="
            ),
            field="on",
            on=on,
        )
    return on or today

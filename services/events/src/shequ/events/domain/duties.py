"""Recurring duties with a rhythm (定期工作) and the calendar's campaign days. Pure.

A duty is held as activities of its kind: anti-drug work meetings at least 4 a year
(篇五), hygiene self-checks twice a month (篇六), party classes twice a month (seed
002 (2)). A period (a year, a month) is split into as many slots as times wanted —
a quarter each for 4 a year, the 15th and the month's end for twice a month — and by
the end of slot ``k`` at least ``k`` must have been held in the period. A slot ended
short is a miss, recorded once on ``duties/<office>`` by the hourly timer.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal, assert_never

from shequ.access import Acting
from shequ.contracts.events import DutiesEvent, DutyKind, DutyMissed
from shequ.contracts.messages import N_, Msg
from shequ.eventstore import Decider

Per = Literal["year", "month"]


@dataclass(frozen=True)
class Rhythm:
    duty: DutyKind
    per: Per
    times: int


DEFAULT_RHYTHMS = (
    Rhythm("anti_drug_meeting", "year", 4),
    Rhythm("hygiene_check", "month", 2),
    Rhythm("party_class", "month", 2),
)

CAMPAIGN_DAYS: tuple[tuple[int, int, Msg], ...] = (
    (6, 26, N_("International Day against Drug Abuse")),  # 国际禁毒日
    (12, 4, N_("National Legal Publicity Day")),  # 全国法制宣传日
)


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def period_start(rhythm: Rhythm, day: date) -> date:
    """The first day of the period holding ``day``."""
    return date(day.year, 1, 1) if rhythm.per == "year" else day.replace(day=1)


def slot_ends(rhythm: Rhythm, day: date) -> list[date]:
    """The last day of each slot of the period holding ``day``, in order."""
    if rhythm.per == "year":
        months = max(1, 12 // rhythm.times)
        ends = [min(12, months * k) for k in range(1, rhythm.times + 1)]
        return [_month_end(day.year, m) for m in ends[:-1]] + [date(day.year, 12, 31)]
    last = calendar.monthrange(day.year, day.month)[1]
    days = [max(1, last * k // rhythm.times) for k in range(1, rhythm.times + 1)]
    return [day.replace(day=d) for d in days[:-1]] + [day.replace(day=last)]


def _held_by(held: Iterable[date], start: date, end: date) -> int:
    return sum(1 for d in held if start <= d <= end)


def next_due(rhythm: Rhythm, held: Iterable[date], today: date) -> date:
    """By when the next one is due: the end of the slot the count so far reaches."""
    done = _held_by(held, period_start(rhythm, today), today)
    ends = slot_ends(rhythm, today)
    if done < len(ends):
        return ends[done]
    return slot_ends(rhythm, ends[-1] + timedelta(days=1))[0]


@dataclass(frozen=True)
class Miss:
    due_by: date
    held: int
    wanted: int


def misses(rhythm: Rhythm, held: Iterable[date], today: date) -> list[Miss]:
    """Every slot of ``today``'s period ended short, and the last one before it.

    The period before counts only by its last slot: the hour that slot ended in may
    have passed with no timer running (a restart at midnight on New Year's Eve).
    """
    dates = list(held)
    previous = period_start(rhythm, today) - timedelta(days=1)
    slots = [
        (period_start(rhythm, previous), len(slot_ends(rhythm, previous)), previous)
    ]
    start = period_start(rhythm, today)
    slots += [(start, k, end) for k, end in enumerate(slot_ends(rhythm, today), 1)]
    found = []
    for begin, wanted, end in slots:
        count = _held_by(dates, begin, end)
        if end < today and count < wanted:
            found.append(Miss(end, count, wanted))
    return found


@dataclass(frozen=True, kw_only=True)
class RecordMisses:
    office: str
    duty: DutyKind
    misses: tuple[Miss, ...]
    by: Acting


Command = RecordMisses
State = frozenset[tuple[str, date]]  # (duty, due_by) already recorded


def decide(command: Command, state: State) -> list[DutiesEvent]:
    match command:
        case RecordMisses():
            return [
                DutyMissed(
                    office=command.office,
                    duty=command.duty,
                    due_by=m.due_by,
                    held=m.held,
                    wanted=m.wanted,
                )
                for m in command.misses
                if (command.duty, m.due_by) not in state
            ]
        case _:
            assert_never(command)


def evolve(state: State, event: DutiesEvent) -> State:
    return state | {(event.duty, event.due_by)}


DECIDER: Decider[Command, State, DutiesEvent] = Decider(
    "duties", frozenset(), decide, evolve
)

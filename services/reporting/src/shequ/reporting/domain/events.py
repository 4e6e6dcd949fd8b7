"""Events' figures (活动统计) and the work-plan metrics they feed. Pure.

Counted per community from the activities held in a year up to a day, then summed up
the office tree, as events' own figures count them (the kind groupings are published
in ``shequ.contracts.events``): large performances (文艺演出, 晚会), competitions
(比赛, 运动会) and their participants, anti-drug meetings, hygiene self-checks, party
classes, every activity held, and the volunteer hours served. Publicity corners are a
per-community target (at least one in each): an office's figure is the corners of its
community that has fewest, 0 when one has none.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from pydantic import BaseModel

from shequ.access import OfficeCode, OfficeLevel
from shequ.contracts.events import COMPETITION_KINDS, PERFORMANCE_KINDS, ActivityKind
from shequ.contracts.reporting import EventsMetric

KIND_METRICS: dict[str, tuple[ActivityKind, ...]] = {
    "large_performances": PERFORMANCE_KINDS,
    "competitions": COMPETITION_KINDS,
    "anti_drug_meetings": ("anti_drug_meeting",),
    "hygiene_checks": ("hygiene_check",),
    "party_classes": ("party_class",),
}
"""Each metric that counts activities of some kinds, and those kinds."""
PARTICIPANT_KINDS = {"competition_participants": COMPETITION_KINDS}
"""Each metric that sums the attendance of activities of some kinds."""
EVENTS_METRICS: tuple[str, ...] = (
    *KIND_METRICS,
    "competition_participants",
    "publicity_corners",
    "activities_held",
    "volunteer_hours",
)
DUTIES_A_YEAR: dict[ActivityKind, int] = {
    "anti_drug_meeting": 4,  # 篇五: at least 4 a year, one a quarter
    "hygiene_check": 24,  # 篇六: twice a month
    "party_class": 24,  # seed 002 (2): twice a month
}
"""The recurring duties and how many a year the seeds ask (events' default rhythms)."""


@dataclass
class Held:
    """What one community held: activities by kind, participants, hours, corners."""

    by_kind: dict[str, int] = field(default_factory=dict)
    participants: dict[str, int] = field(default_factory=dict)  # attendance by kind
    volunteer_hours: float = 0.0
    corners: int = 0


class EventsFigures(BaseModel):
    """One office's events figures at a moment: every events metric by name."""

    office: str
    level: str
    name: str | None
    by_kind: dict[str, int]
    large_performances: int
    competitions: int
    competition_participants: int
    anti_drug_meetings: int
    hygiene_checks: int
    party_classes: int
    publicity_corners: int
    activities_held: int
    volunteer_hours: float


def _figures(
    office: str, name: str | None, held: Iterable[Held], fewest_corners: int
) -> EventsFigures:
    by_kind: dict[str, int] = defaultdict(int)
    participants: dict[str, int] = defaultdict(int)
    hours = 0.0
    for one in held:
        for kind, n in one.by_kind.items():
            by_kind[kind] += n
        for kind, n in one.participants.items():
            participants[kind] += n
        hours += one.volunteer_hours
    counts = {m: sum(by_kind[k] for k in kinds) for m, kinds in KIND_METRICS.items()}
    people = {
        m: sum(participants[k] for k in kinds) for m, kinds in PARTICIPANT_KINDS.items()
    }
    return EventsFigures(
        office=office,
        level=str(OfficeCode(office).level),
        name=name,
        by_kind=dict(sorted(by_kind.items())),
        **counts,
        **people,
        publicity_corners=fewest_corners,
        activities_held=sum(by_kind.values()),
        volunteer_hours=round(hours, 2),
    )


def roll_up(
    held: Mapping[str, Held],
    offices: Iterable[str],
    within: OfficeCode,
    names: dict[str, str],
) -> list[EventsFigures]:
    """Figures of every office in ``within`` (district first), from its communities'.

    ``offices``: every office on record, so a community that held nothing still counts
    (its corners are 0 and the fewest of its street and district).
    """
    below: dict[str, list[str]] = defaultdict(list)
    for code in {*offices, *held}:
        community = OfficeCode(code[:12])
        if community.level is not OfficeLevel.COMMUNITY:
            continue
        node: OfficeCode | None = community
        while node is not None:
            below[str(node)].append(str(community))
            node = node.parent
    return [
        _figures(
            office,
            names.get(office),
            (held[c] for c in set(communities) if c in held),
            min((held[c].corners if c in held else 0) for c in set(communities)),
        )
        for office, communities in sorted(
            below.items(), key=lambda o: (len(o[0].rstrip("0")), o[0])
        )
        if within.covers(office)
    ]


def events_actuals(row: EventsFigures) -> dict[str, float | None]:
    """The office's actual for each events metric of a work plan."""
    return {metric: float(getattr(row, metric)) for metric in EVENTS_METRICS}


def duties_due(month: int) -> dict[str, int]:
    """How many of each duty are due in the year by the end of ``month`` (1–12).

    The period is split into as many slots as times wanted: 4 a year is one a quarter,
    24 a year two a month.
    """
    return {kind: times * month // 12 for kind, times in DUTIES_A_YEAR.items()}


def traced_kinds(metric: EventsMetric) -> tuple[ActivityKind, ...] | None:
    """The kinds of activity behind ``metric``; None when every activity counts."""
    return KIND_METRICS.get(metric) or PARTICIPANT_KINDS.get(metric)

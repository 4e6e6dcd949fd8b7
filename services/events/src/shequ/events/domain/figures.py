"""Yearly targets of events and progress against them (工作计划目标). Pure.

Seed 002 (2): at least 6 large performances (文艺演出, 晚会) and 10 competitions
(比赛, 运动会) with at least 1,000 participants in all; 篇五: at least 4 anti-drug
meetings; 篇六: 24 hygiene self-checks a year; at least one publicity corner per
community. Each figure is the count of the activities behind it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from shequ.contracts.events import COMPETITION_KINDS, PERFORMANCE_KINDS, ActivityKind
from shequ.contracts.messages import N_, Msg

# The groupings are published (contracts), so reporting counts as events does.
PERFORMANCES, COMPETITIONS = PERFORMANCE_KINDS, COMPETITION_KINDS


@dataclass(frozen=True)
class Target:
    metric: str
    label: Msg
    wanted: int
    kinds: tuple[ActivityKind, ...] = ()  # counted activities, or a special count


TARGETS = (
    Target("performances", N_("large performances"), 6, PERFORMANCES),
    Target("competitions", N_("competitions"), 10, COMPETITIONS),
    Target("competition_participants", N_("competition participants"), 1000),
    Target(
        "anti_drug_meetings", N_("anti-drug work meetings"), 4, ("anti_drug_meeting",)
    ),
    Target("hygiene_checks", N_("hygiene self-checks"), 24, ("hygiene_check",)),
    Target("party_classes", N_("party classes"), 24, ("party_class",)),
    Target("publicity_corners", N_("publicity corners per community"), 1),
)


@dataclass(frozen=True)
class Progress:
    metric: str
    label: Msg
    wanted: int
    reached: int

    @property
    def met(self) -> bool:
        return self.reached >= self.wanted


def progress(
    held: Mapping[str, int], competition_participants: int, fewest_corners: int
) -> list[Progress]:
    """Each target against what was held (``held``: activities by kind).

    ``fewest_corners``: the corners of the community that has fewest (0 if one has
    none), so the per-community target is met only when every community meets it.
    """
    special = {
        "competition_participants": competition_participants,
        "publicity_corners": fewest_corners,
    }
    return [
        Progress(
            t.metric,
            t.label,
            t.wanted,
            special.get(t.metric, sum(held.get(k, 0) for k in t.kinds)),
        )
        for t in TARGETS
    ]

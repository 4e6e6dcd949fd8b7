"""Mediation's figures (人民调解统计): disputes by kind, source and result; rates. Pure.

Counted per community from the disputes registered in the calendar year up to the
moment, then summed up the office tree; rates are worked out again at each level,
never averaged, and a rate of nothing is null, not 0.

- **调解成功率** (success): agreements among disputes concluded (agreed or failed).
- **按期办结率** (on time): disputes concluded by the period the district sets, among
  those concluded (mediation marks each conclusion ``late`` or not).
- **履行率** (fulfilment): agreements found fulfilled among agreements with a
  follow-up verdict. An agreement has one once it is closed (fulfilled or not), or
  once every obligation has had a 回访: fulfilled if each obligation's latest 回访
  found it fulfilled. An agreement with no obligations has one only when closed.
- **满意率** (satisfaction): 回访 where the parties said they were satisfied, among
  all 回访 (every 回访 records whether they were).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from pydantic import BaseModel

from shequ.access import OfficeCode
from shequ.contracts.mediation import DISPUTE_KIND_LABELS, DISPUTE_SOURCE_LABELS
from shequ.contracts.messages import N_, Labels

RESULT_LABELS: Labels = {
    "success": N_("mediation succeeded"),
    "failed": N_("mediation failed"),
    "declined": N_("declined"),
    "pending": N_("being mediated"),
}
"""调解结果: agreed (成功), failed (不成), declined, or not concluded yet."""
FULFILMENT_LABELS: Labels = {
    "fulfilled": N_("fulfilled"),
    "not_fulfilled": N_("not fulfilled"),
    "awaiting": N_("awaiting follow-up"),
}
CONFIRMATION_LABELS: Labels = {
    "applied": N_("applied for"),
    "confirmed": N_("confirmed by the court"),
    "refused": N_("not confirmed by the court"),
}
MEDIATION_METRICS: dict[str, str] = {
    "disputes_registered": "disputes",
    "mediation_success_rate": "success_rate",
    "mediation_on_time_rate": "on_time_rate",
    "mediation_fulfilment_rate": "fulfilment_rate",
    "mediation_satisfaction_rate": "satisfaction_rate",
}
"""Each work-plan metric of mediation, and the figure that is its actual."""
COUNTS = (
    "disputes",
    "declined",
    "pending",
    "agreed",
    "failed",
    "concluded",
    "on_time",
    "overdue",
    "with_verdict",
    "fulfilled",
    "follow_ups",
    "satisfied",
    "closed",
)
KINDS = tuple(DISPUTE_KIND_LABELS)
SOURCES = tuple(DISPUTE_SOURCE_LABELS)
RESULTS = tuple(RESULT_LABELS)


@dataclass(frozen=True, kw_only=True)
class DisputeFacts:
    """What the figures need of one dispute as it stood at a moment."""

    office: str
    kind: str
    source: str
    status: str
    conclude_by: date
    late: bool | None
    obligations: int
    followed: int
    unfulfilled: int
    follow_ups: int
    satisfied: int
    outcome: str | None

    @property
    def result(self) -> str:
        """调解结果: success, failed, declined, or pending (not concluded)."""
        if self.status == "declined":
            return "declined"
        if self.status in ("registered", "accepted"):
            return "pending"
        if self.status == "failed" or self.outcome == "failed":
            return "failed"
        return "success"

    @property
    def fulfilment(self) -> str | None:
        """The agreement's follow-up verdict; None without an agreement or a verdict."""
        if self.result != "success":
            return None
        if self.outcome in ("fulfilled", "not_fulfilled"):
            return self.outcome
        if self.obligations and self.followed >= self.obligations:
            return "not_fulfilled" if self.unfulfilled else "fulfilled"
        return "awaiting"

    def overdue(self, today: date) -> bool:
        """是否超期: concluded late, or still undecided past its deadline."""
        return bool(self.late) or (
            self.result == "pending" and self.conclude_by < today
        )


class MediationFigures(BaseModel):
    """One office's mediation figures at a moment (disputes of the year)."""

    office: str
    level: str
    name: str | None
    disputes: int
    declined: int
    pending: int
    agreed: int
    failed: int
    concluded: int
    on_time: int
    overdue: int
    with_verdict: int
    fulfilled: int
    follow_ups: int
    satisfied: int
    closed: int
    by_kind: dict[str, int]
    by_source: dict[str, int]
    by_result: dict[str, int]
    success_rate: float | None
    on_time_rate: float | None
    fulfilment_rate: float | None
    satisfaction_rate: float | None


def rate(part: int, whole: int) -> float | None:
    """``part`` of ``whole`` rounded to 6 places; None (not 0) of nothing."""
    return None if whole == 0 else round(part / whole, 6)


_KEYS = (
    *COUNTS,
    *(f"kind:{k}" for k in KINDS),
    *(f"source:{s}" for s in SOURCES),
    *(f"result:{r}" for r in RESULTS),
)


def _blank() -> dict[str, int]:
    return dict.fromkeys(_KEYS, 0)


def dispute_counts(
    disputes: Iterable[DisputeFacts], today: date
) -> defaultdict[str, dict[str, int]]:
    """Per community: every count of :data:`COUNTS`, by kind, source and result."""
    counts: defaultdict[str, dict[str, int]] = defaultdict(_blank)
    for d in disputes:
        found = counts[d.office[:12]]
        result, verdict = d.result, d.fulfilment
        concluded = result in ("success", "failed")
        found["disputes"] += 1
        found[f"kind:{d.kind}"] += 1
        found[f"source:{d.source}"] += 1
        found[f"result:{result}"] += 1
        found["declined"] += result == "declined"
        found["pending"] += result == "pending"
        found["agreed"] += result == "success"
        found["failed"] += result == "failed"
        found["concluded"] += concluded
        found["on_time"] += concluded and d.late is False
        found["overdue"] += d.overdue(today)
        found["with_verdict"] += verdict in ("fulfilled", "not_fulfilled")
        found["fulfilled"] += verdict == "fulfilled"
        found["follow_ups"] += d.follow_ups
        found["satisfied"] += d.satisfied
        found["closed"] += d.status == "closed"
    return counts


def roll_up(
    communities: dict[str, dict[str, int]], within: OfficeCode, names: dict[str, str]
) -> list[MediationFigures]:
    """Every office of ``within`` (district, streets, communities), district first."""
    totals: defaultdict[str, dict[str, int]] = defaultdict(_blank)
    for community, counts in communities.items():
        office: OfficeCode | None = OfficeCode(community)
        while office is not None:
            for key, value in counts.items():
                totals[str(office)][key] += value
            office = office.parent
    return [
        figures_of(office, totals[office], names.get(office))
        for office in sorted(totals, key=lambda o: (len(o.rstrip("0")), o))
        if within.covers(office)
    ]


def figures_of(
    office: str, counts: dict[str, int], name: str | None
) -> MediationFigures:
    """One office's figures from its counts: the breakdowns and the four rates."""
    return MediationFigures(
        office=office,
        level=str(OfficeCode(office).level),
        name=name,
        by_kind={k: counts[f"kind:{k}"] for k in KINDS},
        by_source={s: counts[f"source:{s}"] for s in SOURCES},
        by_result={r: counts[f"result:{r}"] for r in RESULTS},
        success_rate=rate(counts["agreed"], counts["concluded"]),
        on_time_rate=rate(counts["on_time"], counts["concluded"]),
        fulfilment_rate=rate(counts["fulfilled"], counts["with_verdict"]),
        satisfaction_rate=rate(counts["satisfied"], counts["follow_ups"]),
        **{key: counts[key] for key in COUNTS},
    )


def mediation_actuals(row: MediationFigures) -> dict[str, float | int | None]:
    """The office's actual for each mediation metric of a work plan."""
    return {metric: getattr(row, key) for metric, key in MEDIATION_METRICS.items()}

"""Rehab's figures (社区戒毒康复统计): staffing, tests, overdue, drug-free inputs. Pure.

Counted per community from the facts of its open cases, then summed up the office
tree; rates are worked out again at each level, never averaged.

- **Staffing** (seed 000 篇三): one full-time worker per ``clients_per_worker`` clients
  (20 by default, a setting; other provinces use 30), so ``ceil(clients / 20)``
  full-time workers; a community with fewer clients needs at least one worker,
  part-time will do; every client has a responsible worker (全覆盖).
- **Test compliance** (尿检): in the calendar year up to the moment, tests due are
  those taken (negative or positive), refused or evaded, and the periods rehab's timer
  found with no test (``UrineTestMissed``); compliance is taken over due.
- **Overdue**: a report past ``report_by``; a missed period with no test taken since;
  an evaluation (every six months from the report, as rehab lists it) not recorded.
- **Drug-free community** (无毒社区) inputs: registered users (open cases), relapses
  in the year (serious violations for taking drugs again) and ledger completeness,
  the share of open cases whose record has every step due by then.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from pydantic import BaseModel

from shequ.access import OfficeCode
from shequ.contracts.messages import N_, Labels

EVALUATION_EVERY_MONTHS = 6
"""Half-yearly summaries and yearly evaluations, as rehab's to-do list has them."""
SHORTFALL_LABELS: Labels = {
    "full_time_workers": N_("fewer full-time rehab workers than the ratio asks"),
    "no_worker": N_("clients but no rehab worker"),
    "uncovered_clients": N_("clients without a responsible worker"),
}
REHAB_METRICS: dict[str, str] = {
    "rehab_test_compliance": "test_compliance",
    "rehab_relapses": "relapses",
    "rehab_staffing_shortfall": "staffing_shortfall",
    "rehab_ledger_completeness": "ledger_completeness",
}
"""Each work-plan metric of rehab, and the figure that is its actual."""
COUNTS = (
    "clients",
    "awaiting_report",
    "workers",
    "full_time_workers",
    "required_full_time",
    "staffing_shortfall",
    "uncovered_clients",
    "tests_due",
    "tests_taken",
    "tests_missed",
    "tests_refused",
    "tests_positive",
    "reports_overdue",
    "tests_overdue",
    "evaluations_overdue",
    "relapses",
    "complete_cases",
)


@dataclass(frozen=True, kw_only=True)
class CaseFacts:
    """What the figures need of one open case as it stood at a moment."""

    office: str
    reported_on: date | None
    agreement_signed: bool
    responsible_worker: str | None
    report_overdue: bool
    test_overdue: bool
    evaluation_overdue: bool

    @property
    def complete(self) -> bool:
        """Every step due by then is on record: reported, signed, a worker, on time."""
        if self.reported_on is None:
            return not self.report_overdue
        overdue = self.test_overdue or self.evaluation_overdue
        return (
            self.agreement_signed
            and self.responsible_worker is not None
            and (not overdue)
        )


class RehabFigures(BaseModel):
    """One office's rehab figures at a moment."""

    office: str
    level: str
    name: str | None
    clients: int
    awaiting_report: int
    workers: int
    full_time_workers: int
    required_full_time: int
    staffing_shortfall: int
    uncovered_clients: int
    clients_per_worker: float | None
    shortfalls: list[str]
    tests_due: int
    tests_taken: int
    tests_missed: int
    tests_refused: int
    tests_positive: int
    test_compliance: float | None
    reports_overdue: int
    tests_overdue: int
    evaluations_overdue: int
    relapses: int
    complete_cases: int
    ledger_completeness: float | None


def case_counts(cases: Iterable[CaseFacts]) -> defaultdict[str, dict[str, int]]:
    """Per community: clients, those awaiting report, uncovered, overdue, complete.

    Every other count is 0, for a community first named by its tests or workers.
    """
    counts: defaultdict[str, dict[str, int]] = defaultdict(
        lambda: dict.fromkeys(COUNTS, 0)
    )
    for case in cases:
        found = counts[case.office[:12]]
        found["clients"] += 1
        found["awaiting_report"] += case.reported_on is None
        found["uncovered_clients"] += case.responsible_worker is None
        found["reports_overdue"] += case.report_overdue
        found["tests_overdue"] += case.test_overdue
        found["evaluations_overdue"] += case.evaluation_overdue
        found["complete_cases"] += case.complete
    return counts


def staffing(counts: dict[str, int], per_worker: int) -> dict[str, int]:
    """The full-time workers ``counts["clients"]`` need, and how many are short.

    From ``per_worker`` clients on, one full-time worker per ``per_worker`` (rounded
    up); below that, one worker of either kind, so the shortfall is one when there is
    none.
    """
    clients, workers = counts["clients"], counts["workers"]
    if clients >= per_worker:
        required = math.ceil(clients / per_worker)
        short = max(0, required - counts["full_time_workers"])
    else:
        required, short = 0, int(clients > 0 and workers == 0)
    return {"required_full_time": required, "staffing_shortfall": short}


def shortfalls_of(counts: dict[str, int]) -> list[str]:
    """What a community lacks, as codes of :data:`SHORTFALL_LABELS`."""
    found: list[str] = []
    if counts["staffing_shortfall"] and counts["required_full_time"]:
        found.append("full_time_workers")
    elif counts["staffing_shortfall"]:
        found.append("no_worker")
    if counts["uncovered_clients"]:
        found.append("uncovered_clients")
    return found


def _share(part: int, whole: int) -> float | None:
    return None if whole == 0 else round(part / whole, 6)


def roll_up(
    communities: dict[str, dict[str, int]], within: OfficeCode, names: dict[str, str]
) -> list[RehabFigures]:
    """Figures for the district, streets and communities in ``within``, district first.

    Shortfalls are listed where they are: at each community.
    """
    totals: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(COUNTS, 0))
    for community, counts in communities.items():
        office: OfficeCode | None = OfficeCode(community)
        while office is not None:
            for key in COUNTS:
                totals[str(office)][key] += counts[key]
            office = office.parent
    return [
        _figures(office, totals[office], names.get(office), communities.get(office))
        for office in sorted(totals, key=lambda o: (len(o.rstrip("0")), o))
        if within.covers(office)
    ]


def _figures(
    office: str, counts: dict[str, int], name: str | None, own: dict[str, int] | None
) -> RehabFigures:
    return RehabFigures(
        office=office,
        level=str(OfficeCode(office).level),
        name=name,
        clients_per_worker=(
            None
            if counts["workers"] == 0
            else round(counts["clients"] / counts["workers"], 2)
        ),
        shortfalls=shortfalls_of(own) if own is not None else [],
        test_compliance=_share(counts["tests_taken"], counts["tests_due"]),
        ledger_completeness=_share(counts["complete_cases"], counts["clients"]),
        **counts,
    )


def rehab_actuals(row: RehabFigures) -> dict[str, float | None]:
    """The office's actual for each rehab metric of a work plan."""
    return {metric: getattr(row, key) for metric, key in REHAB_METRICS.items()}

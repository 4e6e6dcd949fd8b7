"""Scorecards (考评): a campaign's criteria against an office's figures. Pure.

Each criterion is judged on the office's actual value of its metric (the figure the
work-plan dashboard reads), and names where the records behind that number are read
(``SOURCES``: the ledger, as of the same moment). A street's pass rate is the share of
its communities meeting every criterion (篇五: ≥ 95%); a community with a figure
missing does not pass, since nothing shows that it meets the criterion.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from shequ.access import china_date
from shequ.contracts.reporting import CampaignDefined, Criterion
from shequ.reporting.domain.events import EVENTS_METRICS
from shequ.reporting.domain.mediation import MEDIATION_METRICS

LEDGERS = "/api/v1/reporting/ledgers"
SOURCES: dict[str, str] = {
    "employment_rate": f"{LEDGERS}/unemployed",
    "registered_unemployed": f"{LEDGERS}/unemployed",
    "new_jobs": "/api/v1/reporting/figures",
    "zero_employment_households": f"{LEDGERS}/zero-employment-households",
    "rehab_test_compliance": f"{LEDGERS}/rehab/figures",
    "rehab_relapses": f"{LEDGERS}/rehab/figures",
    "rehab_staffing_shortfall": f"{LEDGERS}/rehab/figures",
    "rehab_ledger_completeness": f"{LEDGERS}/rehab/cases",
    **dict.fromkeys(MEDIATION_METRICS, f"{LEDGERS}/mediation/disputes"),
}
"""Where the records behind each metric are read (``within`` and ``as_of`` added).

An events metric is read from the activities it counts (the work plan's route)."""


@dataclass(frozen=True)
class Judged:
    criterion: Criterion
    actual: float | None
    met: bool | None  # None: no figure to judge
    source: str | None  # the ledger behind the number, for this office and moment


def source_of(metric: str, office: str, at: datetime) -> str | None:
    if metric in EVENTS_METRICS:
        plans = f"/api/v1/reporting/work-plans/{office}/{china_date(at).year}"
        return f"{plans}/metrics/{metric}/activities"
    path = SOURCES.get(metric)
    if path is None:
        return None
    return f"{path}?within={office}&as_of={at.isoformat().replace('+', '%2B')}"


def judge(
    campaign: CampaignDefined,
    actuals: Mapping[str, int | float | None] | None,
    office: str,
    at: datetime,
) -> list[Judged]:
    """Each criterion of ``campaign`` judged on the office's ``actuals`` at ``at``."""
    judged = []
    for criterion in campaign.criteria:
        value = None if actuals is None else actuals.get(criterion.metric)
        actual = None if value is None else float(value)
        judged.append(
            Judged(
                criterion=criterion,
                actual=actual,
                met=None if actual is None else _meets(criterion, actual),
                source=source_of(criterion.metric, office, at),
            )
        )
    return judged


def _meets(criterion: Criterion, actual: float) -> bool:
    if criterion.comparison == "at_least":
        return actual >= criterion.threshold
    return actual <= criterion.threshold


def passes(judged: Sequence[Judged]) -> bool:
    """Every criterion met (a campaign with none passes on its inspection alone)."""
    return all(j.met is True for j in judged)


def pass_rate(communities: Sequence[Sequence[Judged]]) -> float | None:
    """The share of ``communities`` that pass; None with no community to count."""
    if not communities:
        return None
    return sum(passes(j) for j in communities) / len(communities)

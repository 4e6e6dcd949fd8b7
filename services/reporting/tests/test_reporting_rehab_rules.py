"""The staffing rule and a complete case record, as the district sets them. Pure."""

from __future__ import annotations

from datetime import date

import pytest

from shequ.reporting.domain.rehab import CaseFacts, shortfalls_of, staffing
from shequ.reporting.domain.workplan import TargetOutOfRange, _valid_target


def _counts(clients: int, workers: int, full_time: int) -> dict[str, int]:
    return {"clients": clients, "workers": workers, "full_time_workers": full_time}


@pytest.mark.parametrize(
    ("clients", "workers", "full_time", "per_worker", "required", "short"),
    [
        (45, 2, 2, 20, 3, 1),  # one full-time worker per 20, rounded up
        (40, 2, 2, 20, 2, 0),
        (45, 2, 2, 30, 2, 0),  # other provinces: one per 30
        (20, 1, 0, 20, 1, 1),  # from 20 on, a part-time worker is not enough
        (19, 1, 0, 20, 0, 0),  # under 20, one part-time worker will do
        (5, 0, 0, 20, 0, 1),  # clients with no worker at all
        (0, 0, 0, 20, 0, 0),
    ],
)
def test_given_clients_and_workers_the_staffing_rule_names_what_is_short(
    clients: int,
    workers: int,
    full_time: int,
    per_worker: int,
    required: int,
    short: int,
) -> None:
    found = staffing(_counts(clients, workers, full_time), per_worker)

    assert found == {"required_full_time": required, "staffing_shortfall": short}


def test_a_community_lists_each_of_its_shortfalls() -> None:
    counts = {**_counts(45, 2, 2), "uncovered_clients": 3}
    counts |= staffing(counts, 20)

    assert shortfalls_of(counts) == ["full_time_workers", "uncovered_clients"]
    assert shortfalls_of(
        {**_counts(5, 0, 0), **staffing(_counts(5, 0, 0), 20)}
        | {"uncovered_clients": 0}
    ) == ["no_worker"]


def _case(**changed: object) -> CaseFacts:
    facts: dict[str, object] = {
        "office": "441900101001",
        "reported_on": date(2026, 3, 1),
        "agreement_signed": True,
        "responsible_worker": "staff-1",
        "report_overdue": False,
        "test_overdue": False,
        "evaluation_overdue": False,
    }
    return CaseFacts(**{**facts, **changed})  # type: ignore[arg-type]


def test_a_case_record_is_complete_only_with_every_step_due_on_record() -> None:
    assert _case().complete
    assert _case(reported_on=None).complete  # still within the days to report
    assert not _case(reported_on=None, report_overdue=True).complete
    assert not _case(agreement_signed=False).complete
    assert not _case(responsible_worker=None).complete
    assert not _case(test_overdue=True).complete
    assert not _case(evaluation_overdue=True).complete


def test_a_rehab_share_target_is_above_0_and_at_most_1() -> None:
    assert _valid_target("rehab_test_compliance", 0.95) == 0.95
    with pytest.raises(TargetOutOfRange):
        _valid_target("rehab_ledger_completeness", 95)
    with pytest.raises(TargetOutOfRange):
        _valid_target("rehab_relapses", 0.5)

"""Work-plan rules (工作计划) and the dashboard's moments, as pure functions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from shequ.access import CHINA, Acting, china_date
from shequ.contracts import BlankField, DomainError
from shequ.contracts.reporting import WorkPlanTargetSet, WorkPlanTargetWithdrawn
from shequ.reporting.domain.progress import end_of_month, month_ends, reading_moment
from shequ.reporting.domain.workplan import (
    DECIDER,
    Plan,
    SetTarget,
    Target,
    TargetNotSet,
    TargetOutOfRange,
    WithdrawTarget,
    decide,
)

COMMUNITY = "441900101001"
NOW = datetime(2026, 3, 15, 2, 0, tzinfo=UTC)
BY = Acting("staff-1", COMMUNITY, NOW)


def set_target(
    metric="employment_rate",
    comparison="at_least",
    target=0.96,
    note="区下达指标",
    year=2026,
    office=COMMUNITY,
) -> SetTarget:
    return SetTarget(
        office=office,
        year=year,
        metric=metric,
        comparison=comparison,
        target=target,
        note=note,
        by=BY,
    )


def withdraw_target(metric="new_jobs", reason="指标调整") -> WithdrawTarget:
    return WithdrawTarget(
        office=COMMUNITY, year=2026, metric=metric, reason=reason, by=BY
    )


def target_set(
    metric="employment_rate", comparison="at_least", target=0.96, note="区下达指标"
) -> WorkPlanTargetSet:
    return WorkPlanTargetSet(
        office=COMMUNITY,
        year=2026,
        metric=metric,
        comparison=comparison,
        target=target,
        note=note,
    )


class TestSetTarget:
    def test_setting_a_target_records_it(self) -> None:
        events = decide(set_target(note="  区下达指标 "), DECIDER.initial)

        assert events == [target_set()]

    def test_setting_a_metric_again_replaces_its_target(self) -> None:
        given = DECIDER.fold([target_set(), target_set("new_jobs", target=100)])

        events = decide(set_target(target=0.97, note="提高"), given)

        assert events == [target_set(target=0.97, note="提高")]
        assert DECIDER.fold([target_set(), *events]) == Plan(
            {"employment_rate": Target("employment_rate", "at_least", 0.97, "提高")}
        )

    def test_setting_a_target_exactly_as_it_stands_records_nothing(self) -> None:
        assert decide(set_target(), DECIDER.fold([target_set()])) == []

    @pytest.mark.parametrize("value", [0, -0.1, 1.01, 96, float("nan")])
    def test_an_employment_rate_target_is_a_share_above_0_up_to_1(self, value) -> None:
        with pytest.raises(TargetOutOfRange) as refused:
            decide(set_target(target=value), DECIDER.initial)

        assert refused.value.field == "target"

    @pytest.mark.parametrize("value", [-1, 2.5, float("inf")])
    def test_a_count_target_is_a_whole_number_not_below_0(self, value) -> None:
        with pytest.raises(TargetOutOfRange) as refused:
            decide(set_target("new_jobs", target=value), DECIDER.initial)

        assert refused.value.field == "target"

    def test_a_count_target_of_0_is_allowed(self) -> None:
        events = decide(
            set_target("zero_employment_households", "at_most", 0), DECIDER.initial
        )

        assert events == [target_set("zero_employment_households", "at_most", 0)]

    @pytest.mark.parametrize("year", [1999, 2101])
    def test_the_year_must_be_sensible(self, year) -> None:
        with pytest.raises(DomainError) as refused:
            decide(set_target(year=year), DECIDER.initial)

        assert refused.value.code == "year-out-of-range"
        assert refused.value.field == "year"

    def test_a_grid_keeps_no_work_plan(self) -> None:
        with pytest.raises(DomainError) as refused:
            decide(set_target(office=COMMUNITY + "001"), DECIDER.initial)

        assert refused.value.field == "office"


class TestWithdrawTarget:
    def test_withdrawing_a_target_removes_it_with_the_reason(self) -> None:
        given = [target_set(), target_set("new_jobs", target=100)]

        events = decide(withdraw_target(reason=" 指标调整 "), DECIDER.fold(given))

        assert events == [
            WorkPlanTargetWithdrawn(
                office=COMMUNITY, year=2026, metric="new_jobs", reason="指标调整"
            )
        ]
        assert DECIDER.fold([*given, *events]) == DECIDER.fold([target_set()])

    def test_a_target_not_set_cannot_be_withdrawn(self) -> None:
        with pytest.raises(TargetNotSet) as refused:
            decide(withdraw_target(), DECIDER.fold([target_set()]))

        assert refused.value.field == "metric"

    def test_withdrawing_needs_a_reason(self) -> None:
        with pytest.raises(BlankField) as refused:
            decide(
                withdraw_target(metric="employment_rate", reason="  "),
                DECIDER.fold([target_set()]),
            )

        assert refused.value.field == "reason"


class TestMoments:
    def test_the_end_of_december_is_still_in_the_year_in_china(self) -> None:
        end = end_of_month(2026, 12)

        assert end == datetime(2027, 1, 1, tzinfo=CHINA) - timedelta(microseconds=1)
        assert china_date(end).isoformat() == "2026-12-31"

    def test_the_trend_runs_to_now_with_the_current_month_read_now(self) -> None:
        assert month_ends(2026, NOW) == [
            (1, end_of_month(2026, 1)),
            (2, end_of_month(2026, 2)),
            (3, NOW),
        ]
        assert reading_moment(2026, NOW) == NOW

    def test_a_past_year_is_read_at_its_end_month_by_month(self) -> None:
        months = month_ends(2025, NOW)

        assert [m for m, _ in months] == list(range(1, 13))
        assert months[-1] == (12, end_of_month(2025, 12))
        assert reading_moment(2025, NOW) == end_of_month(2025, 12)

    def test_a_year_not_begun_has_no_trend_and_is_read_now(self) -> None:
        assert month_ends(2027, NOW) == []
        assert reading_moment(2027, NOW) == NOW

    def test_a_month_begins_in_china_time(self) -> None:
        # 2026-03-31 16:30 UTC is already 1 April in China: April has begun.
        now = datetime(2026, 3, 31, 16, 30, tzinfo=UTC)

        assert [m for m, _ in month_ends(2026, now)] == [1, 2, 3, 4]

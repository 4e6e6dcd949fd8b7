"""A rehab case (社区戒毒/社区康复): every rule of ``decide``, given / when / then."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise
from typing import Any, cast

import pytest

from shequ.access import Acting
from shequ.contracts import BlankField, Event
from shequ.contracts.rehab import (
    GROUNDS_OF_KIND,
    EvaluationKind,
    Helper,
    LeaveApproved,
    LeaveRefused,
    RehabAgreementSigned,
    RehabCaseClosed,
    RehabCaseEvent,
    RehabCaseHandedOver,
    RehabDecisionReceived,
    RehabDocumentIssued,
    RehabEvaluationDue,
    RehabEvaluationRecorded,
    RehabGround,
    RehabKind,
    RehabReported,
    RehabReportMissed,
    RehabTeamAssigned,
    RehabTermEnded,
    RehabWarningIssued,
    SeriousViolationFound,
    SeriousViolationReason,
    SeriousViolationReported,
    TestResult,
    UnapprovedAbsenceRecorded,
    UrineTestMissed,
    UrineTestRecorded,
)
from shequ.rehab.domain import rules as district
from shequ.rehab.domain.case import (
    AlreadyDone,
    AssignTeam,
    CaseClosed,
    CaseExists,
    CaseNotFound,
    CheckClock,
    CloseCase,
    Command,
    DateOutOfOrder,
    DecideLeave,
    GroundOfAnotherKind,
    HandOver,
    IssueDocument,
    IssueWarning,
    NoSuchViolation,
    NotYetReported,
    OfficeClosed,
    ReceiveDecision,
    RecordAbsence,
    RecordEvaluation,
    RecordReport,
    RecordTest,
    ReportViolation,
    SameOffice,
    SignAgreement,
    State,
    TermNotEnded,
    TermTooLong,
    decide,
    evolve,
)
from shequ.rehab.domain.rules import RehabRules, term_ends_on

OFFICE = "441900101001"
OTHER_OFFICE = "441900101002"
DECIDED = date(2026, 1, 1)
REPORTED = date(2026, 1, 10)
ENDS = date(2029, 1, 9)  # 36 months counted from the report day
RULES = RehabRules()
P = {"person_id": "person-1", "office": OFFICE}


def acting(today: date) -> Acting:
    """The worker acting at 10:00 in China on ``today`` (02:00 UTC)."""
    return Acting("staff-1", OFFICE, datetime.combine(today, datetime.min.time(), UTC))


BY = acting(date(2026, 6, 1))


def fold(events: Iterable[Event]) -> State:
    state: State = None
    for event in events:
        state = evolve(state, cast(RehabCaseEvent, event))
    return state


def receive(**changes: Any) -> ReceiveDecision:
    fields: dict[str, Any] = {
        "case_id": "case-1",
        "person_id": "person-1",
        "office": OFFICE,
        "kind": "community_detox",
        "ground": "first_time",
        "decision_number": "东公（石）决字〔2026〕1号",
        "police_organ": "东莞市公安局石龙分局",
        "decided_on": DECIDED,
        "term_months": 36,
        "received_from": "police",
        "rules": RULES,
        "by": acting(date(2026, 1, 2)),
    }
    return ReceiveDecision(**{**fields, **changes})


def received(**changes: Any) -> RehabDecisionReceived:
    fields: dict[str, Any] = {
        "case_id": "case-1",
        **P,
        "kind": "community_detox",
        "ground": "first_time",
        "decision_number": "东公（石）决字〔2026〕1号",
        "police_organ": "东莞市公安局石龙分局",
        "decided_on": DECIDED,
        "term_months": 36,
        "report_by": DECIDED + timedelta(days=15),
        "received_from": "police",
    }
    return RehabDecisionReceived(**{**fields, **changes})


def reported(on: date = REPORTED, months: int = 36) -> RehabReported:
    return RehabReported(
        **P, reported_on=on, term_ends_on=term_ends_on(on, months), late=False
    )


def a_test(on: date, result: TestResult = "negative") -> UrineTestRecorded:
    return UrineTestRecorded(**P, tested_on=on, result=result)


def serious(reason: SeriousViolationReason, on: date) -> SeriousViolationFound:
    return SeriousViolationFound(**P, reason=reason, found_on=on)


def absence(first: date, last: date) -> UnapprovedAbsenceRecorded:
    days = (last - first).days + 1
    return UnapprovedAbsenceRecorded(**P, absent_from=first, absent_to=last, days=days)


def record_test(on: date, result: TestResult = "negative") -> RecordTest:
    return RecordTest(tested_on=on, result=result, rules=RULES, by=BY)


def record_absence(first: date, last: date) -> RecordAbsence:
    return RecordAbsence(absent_from=first, absent_to=last, rules=RULES, by=BY)


def check_clock(today: date) -> CheckClock:
    return CheckClock(today=today, rules=RULES, by=BY)


def closed() -> RehabCaseClosed:
    return RehabCaseClosed(**P, outcome="died", closed_on=date(2026, 5, 1))


OPEN = [received(), reported()]


KINDS_AND_GROUNDS = [
    (kind, ground) for kind, grounds in GROUNDS_OF_KIND.items() for ground in grounds
]


class TestReceivingTheDecision:
    @pytest.mark.parametrize(("kind", "ground"), KINDS_AND_GROUNDS)
    def test_a_decision_opens_a_case_on_any_ground_of_its_kind(
        self, kind: RehabKind, ground: RehabGround
    ) -> None:
        events = decide(receive(kind=kind, ground=ground), None)

        assert events == [received(kind=kind, ground=ground)]

    @pytest.mark.parametrize(
        ("kind", "ground"),
        [
            (kind, ground)
            for kind in GROUNDS_OF_KIND
            for other, grounds in GROUNDS_OF_KIND.items()
            if other != kind
            for ground in grounds
        ],
    )
    def test_a_ground_of_another_kind_is_refused(
        self, kind: RehabKind, ground: RehabGround
    ) -> None:
        with pytest.raises(GroundOfAnotherKind) as refused:
            decide(receive(kind=kind, ground=ground), None)

        assert refused.value.field == "ground"

    @pytest.mark.parametrize("months", [1, 36])
    def test_a_term_of_one_to_thirty_six_months_is_accepted(self, months: int) -> None:
        events = decide(receive(term_months=months), None)

        assert events == [received(term_months=months)]

    @pytest.mark.parametrize("months", [0, -1, 37, 48])
    def test_a_term_outside_one_to_thirty_six_months_is_refused(
        self, months: int
    ) -> None:
        with pytest.raises(TermTooLong) as refused:
            decide(receive(term_months=months), None)

        assert refused.value.field == "term_months"

    def test_the_person_reports_by_fifteen_days_after_the_decision(self) -> None:
        command = receive(decided_on=date(2026, 1, 20), by=acting(date(2026, 1, 21)))

        events = decide(command, None)

        assert events == [
            received(decided_on=date(2026, 1, 20), report_by=date(2026, 2, 4))
        ]

    def test_a_district_may_set_a_shorter_deadline_to_report(self) -> None:
        rules = RehabRules(report_within_days=10)

        events = decide(receive(rules=rules), None)

        assert events == [received(report_by=date(2026, 1, 11))]

    def test_a_decision_typed_in_by_the_office_says_so(self) -> None:
        events = decide(receive(received_from="office"), None)

        assert events == [received(received_from="office")]

    def test_the_same_decision_twice_is_refused(self) -> None:
        with pytest.raises(CaseExists) as refused:
            decide(receive(), fold([received()]))

        assert refused.value.field == "decision_number"

    def test_a_decision_dated_after_today_is_refused(self) -> None:
        with pytest.raises(DateOutOfOrder) as refused:
            decide(receive(decided_on=date(2026, 1, 3)), None)

        assert refused.value.field == "decided_on"

    @pytest.mark.parametrize("field", ["decision_number", "police_organ"])
    def test_a_blank_number_or_organ_is_refused(self, field: str) -> None:
        with pytest.raises(BlankField) as refused:
            decide(receive(**{field: "  "}), None)

        assert refused.value.field == field

    def test_nothing_is_recorded_on_a_case_that_does_not_exist(self) -> None:
        with pytest.raises(CaseNotFound):
            decide(RecordReport(reported_on=REPORTED, by=BY), None)


class TestReporting:
    def test_the_term_counts_from_the_report_day(self) -> None:
        events = decide(RecordReport(reported_on=REPORTED, by=BY), fold([received()]))

        assert events == [
            RehabReported(
                **P, reported_on=REPORTED, term_ends_on=date(2029, 1, 9), late=False
            )
        ]

    def test_a_report_on_the_last_day_is_in_time(self) -> None:
        day = date(2026, 1, 16)

        events = decide(RecordReport(reported_on=day, by=BY), fold([received()]))

        assert events == [
            RehabReported(
                **P, reported_on=day, term_ends_on=date(2029, 1, 15), late=False
            )
        ]

    def test_a_report_after_the_deadline_is_flagged_late(self) -> None:
        day = date(2026, 1, 17)
        given = [received(), RehabReportMissed(**P, report_by=date(2026, 1, 16))]

        events = decide(RecordReport(reported_on=day, by=BY), fold(given))

        assert events == [
            RehabReported(
                **P, reported_on=day, term_ends_on=date(2029, 1, 16), late=True
            )
        ]

    def test_a_report_before_the_decision_is_refused(self) -> None:
        with pytest.raises(DateOutOfOrder) as refused:
            decide(
                RecordReport(reported_on=date(2025, 12, 31), by=BY), fold([received()])
            )

        assert refused.value.field == "reported_on"

    def test_a_report_dated_after_today_is_refused(self) -> None:
        with pytest.raises(DateOutOfOrder) as refused:
            decide(
                RecordReport(reported_on=date(2026, 6, 2), by=BY), fold([received()])
            )

        assert refused.value.field == "reported_on"

    def test_a_second_report_is_refused(self) -> None:
        with pytest.raises(AlreadyDone) as refused:
            decide(RecordReport(reported_on=REPORTED, by=BY), fold(OPEN))

        assert refused.value.field == "reported_on"

    def test_the_timer_records_a_missed_report_the_day_after_the_deadline(self) -> None:
        events = decide(
            CheckClock(today=date(2026, 1, 17), rules=RULES, by=BY), fold([received()])
        )

        assert events == [RehabReportMissed(**P, report_by=date(2026, 1, 16))]

    def test_the_timer_records_nothing_on_the_deadline_itself(self) -> None:
        events = decide(
            CheckClock(today=date(2026, 1, 16), rules=RULES, by=BY), fold([received()])
        )

        assert events == []

    def test_the_timer_records_a_missed_report_once(self) -> None:
        given = [received(), RehabReportMissed(**P, report_by=date(2026, 1, 16))]

        events = decide(
            CheckClock(today=date(2026, 2, 1), rules=RULES, by=BY), fold(given)
        )

        assert events == []

    def test_the_timer_records_nothing_once_the_person_reported(self) -> None:
        events = decide(
            CheckClock(today=date(2026, 2, 1), rules=RULES, by=BY), fold(OPEN)
        )

        assert events == []


class TestTheTerm:
    @pytest.mark.parametrize(
        ("reported_on", "months", "last_day"),
        [
            (date(2026, 1, 10), 36, date(2029, 1, 9)),
            (date(2026, 3, 1), 1, date(2026, 3, 31)),
            (date(2024, 2, 1), 1, date(2024, 2, 29)),
            # No 31 February: the month's last day ends the term, never a day early.
            (date(2024, 1, 31), 1, date(2024, 2, 29)),
            (date(2023, 1, 31), 1, date(2023, 2, 28)),
            (date(2024, 1, 30), 1, date(2024, 2, 29)),
            (date(2024, 1, 29), 1, date(2024, 2, 28)),
            (date(2024, 2, 29), 12, date(2025, 2, 28)),
            (date(2023, 12, 31), 2, date(2024, 2, 29)),
        ],
    )
    def test_the_term_ends_the_day_before_the_same_day_months_later(
        self, reported_on: date, months: int, last_day: date
    ) -> None:
        assert term_ends_on(reported_on, months) == last_day

    def test_a_later_report_never_ends_the_term_earlier(self) -> None:
        days = [date(2024, 1, 1) + timedelta(days=n) for n in range(800)]

        assert all(
            term_ends_on(a, m) <= term_ends_on(b, m)
            for m in (1, 7, 36)
            for a, b in pairwise(days)
        )


class TestTheTestSchedule:
    def test_the_default_schedule_has_twenty_two_periods_over_three_years(self) -> None:
        periods = district.test_periods(REPORTED, ENDS, RULES)

        assert len(periods) == 12 + 6 + 4
        assert periods[:2] == [
            (date(2026, 1, 10), date(2026, 2, 9)),
            (date(2026, 2, 10), date(2026, 3, 9)),
        ]
        assert periods[12:14] == [
            (date(2027, 1, 10), date(2027, 3, 9)),
            (date(2027, 3, 10), date(2027, 5, 9)),
        ]
        assert periods[18:] == [
            (date(2028, 1, 10), date(2028, 4, 9)),
            (date(2028, 4, 10), date(2028, 7, 9)),
            (date(2028, 7, 10), date(2028, 10, 9)),
            (date(2028, 10, 10), date(2029, 1, 9)),
        ]

    def test_the_periods_follow_each_other_without_gap_to_the_terms_end(self) -> None:
        for reported_on in (REPORTED, date(2024, 1, 31), date(2023, 8, 31)):
            ends = term_ends_on(reported_on, 36)

            periods = district.test_periods(reported_on, ends, RULES)

            assert periods[0][0] == reported_on
            assert periods[-1][1] == ends
            assert all(b[0] == a[1] + timedelta(days=1) for a, b in pairwise(periods))

    def test_a_short_term_stops_the_schedule_at_its_end(self) -> None:
        periods = district.test_periods(
            date(2024, 1, 31), term_ends_on(date(2024, 1, 31), 2), RULES
        )

        assert periods == [
            (date(2024, 1, 31), date(2024, 2, 29)),
            (date(2024, 3, 1), date(2024, 3, 30)),
        ]

    def test_a_district_sets_its_own_schedule(self) -> None:
        rules = RehabRules(
            test_phases=(district.TestPhase(6, 1), district.TestPhase(30, 6))
        )

        periods = district.test_periods(REPORTED, ENDS, rules)

        assert len(periods) == 6 + 5
        assert periods[5:7] == [
            (date(2026, 6, 10), date(2026, 7, 9)),
            (date(2026, 7, 10), date(2027, 1, 9)),
        ]
        assert periods[-1] == (date(2028, 7, 10), date(2029, 1, 9))

    def test_a_term_longer_than_the_phases_is_tested_at_the_last_phase_pace(
        self,
    ) -> None:
        rules = RehabRules(test_phases=(district.TestPhase(1, 1),))

        periods = district.test_periods(REPORTED, term_ends_on(REPORTED, 3), rules)

        assert periods == [
            (date(2026, 1, 10), date(2026, 2, 9)),
            (date(2026, 2, 10), date(2026, 3, 9)),
            (date(2026, 3, 10), date(2026, 4, 9)),
        ]


class TestMissedTests:
    def mark(self, today: date, rules: RehabRules = RULES) -> CheckClock:
        return CheckClock(today=today, rules=rules, by=BY)

    def missed(self, first: date, last: date) -> UrineTestMissed:
        return UrineTestMissed(**P, period_start=first, period_end=last)

    def test_each_ended_period_without_a_test_is_missed(self) -> None:
        given = [*OPEN, a_test(date(2026, 2, 20))]

        events = decide(self.mark(date(2026, 4, 10)), fold(given))

        assert events == [
            self.missed(date(2026, 1, 10), date(2026, 2, 9)),
            self.missed(date(2026, 3, 10), date(2026, 4, 9)),
        ]

    def test_a_period_not_yet_ended_is_not_missed(self) -> None:
        events = decide(self.mark(date(2026, 2, 9)), fold(OPEN))

        assert events == []

    def test_the_timer_marks_each_period_once(self) -> None:
        given = [*OPEN, self.missed(date(2026, 1, 10), date(2026, 2, 9))]

        events = decide(self.mark(date(2026, 2, 11)), fold(given))

        assert events == []

    def test_running_the_timer_again_adds_nothing(self) -> None:
        state = fold(OPEN)
        first = decide(self.mark(date(2026, 5, 1)), state)

        again = decide(self.mark(date(2026, 5, 1)), fold([*OPEN, *first]))

        assert (len(first), again) == (3, [])

    def test_a_refused_test_is_not_also_a_missed_one(self) -> None:
        given = [*OPEN, a_test(date(2026, 1, 20), "refused")]

        events = decide(self.mark(date(2026, 2, 10)), fold(given))

        assert events == []

    def test_nothing_is_missed_before_the_person_reports(self) -> None:
        given = [received(), RehabReportMissed(**P, report_by=date(2026, 1, 16))]

        events = decide(self.mark(date(2026, 6, 1)), fold(given))

        assert events == []

    def test_the_district_schedule_decides_what_is_due(self) -> None:
        rules = RehabRules(test_phases=(district.TestPhase(36, 3),))

        events = decide(self.mark(date(2026, 6, 1), rules), fold(OPEN))

        assert events == [self.missed(date(2026, 1, 10), date(2026, 4, 9))]

    def test_the_timer_records_nothing_on_a_closed_case(self) -> None:
        events = decide(self.mark(date(2026, 6, 1)), fold([*OPEN, closed()]))

        assert events == []


class TestUrineTests:
    def test_a_negative_test_is_recorded(self) -> None:
        events = decide(record_test(date(2026, 2, 1)), fold(OPEN))

        assert events == [a_test(date(2026, 2, 1))]

    def test_every_positive_test_is_a_serious_violation(self) -> None:
        given = [
            *OPEN,
            a_test(date(2026, 2, 1), "positive"),
            serious("relapse", date(2026, 2, 1)),
        ]

        events = decide(record_test(date(2026, 3, 1), "positive"), fold(given))

        assert events == [
            a_test(date(2026, 3, 1), "positive"),
            serious("relapse", date(2026, 3, 1)),
        ]

    def test_two_refusals_or_evasions_are_not_yet_serious(self) -> None:
        given = [*OPEN, a_test(date(2026, 2, 1), "refused")]

        events = decide(record_test(date(2026, 3, 1), "evaded"), fold(given))

        assert events == [a_test(date(2026, 3, 1), "evaded")]

    def test_the_third_refusal_or_evasion_is_a_serious_violation(self) -> None:
        given = [
            *OPEN,
            a_test(date(2026, 2, 1), "refused"),
            a_test(date(2026, 2, 15)),
            a_test(date(2026, 3, 1), "evaded"),
        ]

        events = decide(record_test(date(2026, 4, 1), "refused"), fold(given))

        assert events == [
            a_test(date(2026, 4, 1), "refused"),
            serious("tests_refused_or_evaded", date(2026, 4, 1)),
        ]

    def test_a_fourth_refusal_raises_no_second_serious_violation(self) -> None:
        given = [
            *OPEN,
            *(a_test(date(2026, m, 1), "refused") for m in (2, 3, 4)),
            serious("tests_refused_or_evaded", date(2026, 4, 1)),
        ]

        events = decide(record_test(date(2026, 5, 1), "refused"), fold(given))

        assert events == [a_test(date(2026, 5, 1), "refused")]

    def test_a_negative_test_raises_nothing_even_past_a_lowered_threshold(self) -> None:
        given = [*OPEN, *(a_test(date(2026, m, 1), "refused") for m in (2, 3))]
        lowered = replace(RULES, serious_refusals=2)

        events = decide(
            RecordTest(
                tested_on=date(2026, 4, 1), result="negative", rules=lowered, by=BY
            ),
            fold(given),
        )

        assert events == [a_test(date(2026, 4, 1))]

    def test_a_test_before_the_report_is_refused(self) -> None:
        with pytest.raises(DateOutOfOrder) as refused:
            decide(record_test(date(2026, 1, 9)), fold(OPEN))

        assert refused.value.field == "tested_on"

    def test_a_test_dated_after_today_is_refused(self) -> None:
        with pytest.raises(DateOutOfOrder) as refused:
            decide(record_test(date(2026, 6, 2)), fold(OPEN))

        assert refused.value.field == "tested_on"

    def test_no_test_is_recorded_before_the_person_reports(self) -> None:
        with pytest.raises(NotYetReported):
            decide(record_test(date(2026, 1, 5)), fold([received()]))


class TestAbsences:
    def test_an_unapproved_absence_counts_its_days(self) -> None:
        events = decide(record_absence(date(2026, 2, 1), date(2026, 2, 3)), fold(OPEN))

        assert events == [absence(date(2026, 2, 1), date(2026, 2, 3))]

    def test_the_third_absence_is_a_serious_violation(self) -> None:
        given = [
            *OPEN,
            absence(date(2026, 2, 1), date(2026, 2, 1)),
            absence(date(2026, 3, 1), date(2026, 3, 2)),
        ]

        events = decide(record_absence(date(2026, 4, 1), date(2026, 4, 1)), fold(given))

        assert events == [
            absence(date(2026, 4, 1), date(2026, 4, 1)),
            serious("unapproved_absences", date(2026, 4, 1)),
        ]

    def test_a_fourth_absence_raises_no_second_serious_violation(self) -> None:
        given = [
            *OPEN,
            *(absence(date(2026, m, 1), date(2026, m, 1)) for m in (2, 3, 4)),
            serious("unapproved_absences", date(2026, 4, 1)),
        ]

        events = decide(record_absence(date(2026, 5, 1), date(2026, 5, 1)), fold(given))

        assert events == [absence(date(2026, 5, 1), date(2026, 5, 1))]

    def test_thirty_days_away_in_all_are_not_yet_serious(self) -> None:
        given = [*OPEN, absence(date(2026, 2, 1), date(2026, 2, 20))]

        events = decide(
            record_absence(date(2026, 3, 1), date(2026, 3, 10)), fold(given)
        )

        assert events == [absence(date(2026, 3, 1), date(2026, 3, 10))]

    def test_more_than_thirty_days_away_in_all_is_a_serious_violation(self) -> None:
        given = [*OPEN, absence(date(2026, 2, 1), date(2026, 2, 20))]

        events = decide(
            record_absence(date(2026, 3, 1), date(2026, 3, 11)), fold(given)
        )

        assert events == [
            absence(date(2026, 3, 1), date(2026, 3, 11)),
            serious("absent_over_thirty_days", date(2026, 3, 11)),
        ]

    def test_one_long_absence_may_be_serious_twice_over(self) -> None:
        given = [
            *OPEN,
            absence(date(2026, 2, 1), date(2026, 2, 1)),
            absence(date(2026, 2, 10), date(2026, 2, 10)),
        ]

        events = decide(record_absence(date(2026, 3, 1), date(2026, 4, 1)), fold(given))

        assert events == [
            absence(date(2026, 3, 1), date(2026, 4, 1)),
            serious("unapproved_absences", date(2026, 4, 1)),
            serious("absent_over_thirty_days", date(2026, 4, 1)),
        ]

    def test_an_absence_ending_before_it_begins_is_refused(self) -> None:
        with pytest.raises(DateOutOfOrder) as refused:
            decide(record_absence(date(2026, 3, 2), date(2026, 3, 1)), fold(OPEN))

        assert refused.value.field == "absent_to"

    def test_an_absence_ending_after_today_is_refused(self) -> None:
        with pytest.raises(DateOutOfOrder) as refused:
            decide(record_absence(date(2026, 5, 30), date(2026, 6, 2)), fold(OPEN))

        assert refused.value.field == "absent_to"

    def test_an_absence_before_the_report_is_refused(self) -> None:
        with pytest.raises(DateOutOfOrder) as refused:
            decide(record_absence(date(2026, 1, 5), date(2026, 1, 12)), fold(OPEN))

        assert refused.value.field == "absent_from"


class TestLeaveWarningsAgreementTeamEvaluations:
    def test_leave_is_approved_with_its_destination(self) -> None:
        command = DecideLeave(
            approve=True,
            leave_from=date(2026, 6, 5),
            leave_to=date(2026, 6, 8),
            destination="广州市",
            reason="",
            by=BY,
        )

        events = decide(command, fold(OPEN))

        assert events == [
            LeaveApproved(
                **P,
                leave_from=date(2026, 6, 5),
                leave_to=date(2026, 6, 8),
                destination="广州市",
            )
        ]

    def test_leave_is_refused_with_a_reason(self) -> None:
        command = DecideLeave(
            approve=False,
            leave_from=date(2026, 6, 5),
            leave_to=date(2026, 6, 8),
            destination="广州市",
            reason="尿检未满三个月",
            by=BY,
        )

        events = decide(command, fold(OPEN))

        assert events == [
            LeaveRefused(
                **P,
                requested_from=date(2026, 6, 5),
                requested_to=date(2026, 6, 8),
                reason="尿检未满三个月",
            )
        ]

    def test_leave_ending_before_it_begins_is_refused(self) -> None:
        command = DecideLeave(
            approve=True,
            leave_from=date(2026, 6, 8),
            leave_to=date(2026, 6, 5),
            destination="广州市",
            reason="",
            by=BY,
        )

        with pytest.raises(DateOutOfOrder) as refused:
            decide(command, fold(OPEN))

        assert refused.value.field == "leave_to"

    def test_leave_before_the_report_is_refused(self) -> None:
        command = DecideLeave(
            approve=True,
            leave_from=date(2026, 1, 5),
            leave_to=date(2026, 1, 12),
            destination="广州市",
            reason="",
            by=BY,
        )

        with pytest.raises(DateOutOfOrder) as refused:
            decide(command, fold(OPEN))

        assert refused.value.field == "leave_from"

    def test_a_warning_records_the_violation(self) -> None:
        command = IssueWarning(
            violation="refused_test",
            issued_on=date(2026, 5, 1),
            details="拒绝尿检",
            by=BY,
        )

        events = decide(command, fold(OPEN))

        assert events == [
            RehabWarningIssued(
                **P,
                violation="refused_test",
                issued_on=date(2026, 5, 1),
                details="拒绝尿检",
            )
        ]

    @pytest.mark.parametrize("day", [date(2026, 1, 9), date(2026, 6, 2)])
    def test_a_warning_dated_outside_the_report_and_today_is_refused(
        self, day: date
    ) -> None:
        command = IssueWarning(
            violation="other", issued_on=day, details="未按时参加", by=BY
        )

        with pytest.raises(DateOutOfOrder) as refused:
            decide(command, fold(OPEN))

        assert refused.value.field == "issued_on"

    def test_the_agreement_is_signed_once(self) -> None:
        command = SignAgreement(
            agreement_number="石龙社戒协〔2026〕1号",
            signed_on=REPORTED,
            document_sha256="ab" * 32,
            by=BY,
        )
        signed = RehabAgreementSigned(
            **P,
            agreement_number="石龙社戒协〔2026〕1号",
            signed_on=REPORTED,
            document_sha256="ab" * 32,
        )

        events = decide(command, fold(OPEN))
        with pytest.raises(AlreadyDone):
            decide(command, fold([*OPEN, signed]))

        assert events == [signed]

    @pytest.mark.parametrize("day", [date(2026, 1, 9), date(2026, 6, 2)])
    def test_an_agreement_dated_outside_the_report_and_today_is_refused(
        self, day: date
    ) -> None:
        command = SignAgreement(
            agreement_number="1", signed_on=day, document_sha256=None, by=BY
        )

        with pytest.raises(DateOutOfOrder) as refused:
            decide(command, fold(OPEN))

        assert refused.value.field == "signed_on"

    def test_the_team_is_assigned(self) -> None:
        helper = Helper(role="family", name="陈大明", phone="13800000000")
        command = AssignTeam(
            responsible_worker="staff-1",
            police_officer="staff-9",
            helpers=(helper,),
            by=BY,
        )

        events = decide(command, fold(OPEN))

        assert events == [
            RehabTeamAssigned(
                **P,
                responsible_worker="staff-1",
                police_officer="staff-9",
                helpers=[helper],
            )
        ]

    def test_an_evaluation_is_recorded(self) -> None:
        command = RecordEvaluation(
            kind="half_yearly",
            evaluated_on=date(2026, 5, 30),
            summary="尿检均为阴性",
            by=BY,
        )

        events = decide(command, fold(OPEN))

        assert events == [
            RehabEvaluationRecorded(
                **P,
                kind="half_yearly",
                evaluated_on=date(2026, 5, 30),
                summary="尿检均为阴性",
            )
        ]

    @pytest.mark.parametrize("day", [date(2026, 1, 9), date(2026, 6, 2)])
    def test_an_evaluation_dated_outside_the_report_and_today_is_refused(
        self, day: date
    ) -> None:
        command = RecordEvaluation(
            kind="yearly", evaluated_on=day, summary="良好", by=BY
        )

        with pytest.raises(DateOutOfOrder) as refused:
            decide(command, fold(OPEN))

        assert refused.value.field == "evaluated_on"


class TestHandOver:
    def test_the_case_goes_with_the_person_to_another_office(self) -> None:
        command = HandOver(to_office=OTHER_OFFICE, to_office_open=True, by=BY)

        events = decide(command, fold(OPEN))

        assert events == [
            RehabCaseHandedOver(
                **P, to_office=OTHER_OFFICE, handed_over_on=date(2026, 6, 1)
            )
        ]

    def test_the_receiving_office_continues_the_case_with_its_history(self) -> None:
        given = [
            *OPEN,
            *(a_test(date(2026, m, 1), "refused") for m in (2, 3)),
            RehabCaseHandedOver(
                **P, to_office=OTHER_OFFICE, handed_over_on=date(2026, 3, 5)
            ),
        ]

        events = decide(record_test(date(2026, 4, 1), "evaded"), fold(given))

        there = {"person_id": "person-1", "office": OTHER_OFFICE}
        assert events == [
            UrineTestRecorded(**there, tested_on=date(2026, 4, 1), result="evaded"),
            SeriousViolationFound(
                **there, reason="tests_refused_or_evaded", found_on=date(2026, 4, 1)
            ),
        ]

    def test_a_hand_over_to_the_office_holding_it_is_refused(self) -> None:
        with pytest.raises(SameOffice) as refused:
            decide(HandOver(to_office=OFFICE, to_office_open=True, by=BY), fold(OPEN))

        assert refused.value.field == "to_office"

    def test_a_hand_over_to_a_closed_office_is_refused(self) -> None:
        with pytest.raises(OfficeClosed) as refused:
            decide(
                HandOver(to_office=OTHER_OFFICE, to_office_open=False, by=BY),
                fold(OPEN),
            )

        assert refused.value.field == "to_office"


class TestClosing:
    def close(
        self, outcome: Any, on: date, notice: str | None, today: date
    ) -> CloseCase:
        return CloseCase(
            outcome=outcome, closed_on=on, notice_number=notice, by=acting(today)
        )

    def test_the_term_is_completed_the_day_after_its_last(self) -> None:
        command = self.close(
            "term_completed", date(2029, 1, 10), "解除〔2029〕3号", date(2029, 1, 12)
        )

        events = decide(command, fold(OPEN))

        assert events == [
            RehabCaseClosed(
                **P,
                outcome="term_completed",
                closed_on=date(2029, 1, 10),
                notice_number="解除〔2029〕3号",
            )
        ]

    def test_the_term_is_not_completed_before_it_ran(self) -> None:
        command = self.close(
            "term_completed", ENDS, "解除〔2029〕3号", date(2029, 1, 12)
        )

        with pytest.raises(TermNotEnded) as refused:
            decide(command, fold(OPEN))

        assert refused.value.field == "outcome"

    def test_a_term_never_begun_is_not_completed(self) -> None:
        command = self.close(
            "term_completed", date(2026, 5, 1), "解除1号", date(2026, 6, 1)
        )

        with pytest.raises(TermNotEnded):
            decide(command, fold([received()]))

    @pytest.mark.parametrize("notice", [None, " "])
    def test_a_completed_term_needs_the_notice_number(self, notice: str | None) -> None:
        command = self.close(
            "term_completed", date(2029, 1, 10), notice, date(2029, 1, 12)
        )

        with pytest.raises(BlankField) as refused:
            decide(command, fold(OPEN))

        assert refused.value.field == "notice_number"

    def test_a_case_closes_on_compulsory_isolation_at_any_time(self) -> None:
        command = self.close(
            "compulsory_isolation", date(2026, 5, 1), None, date(2026, 6, 1)
        )

        events = decide(command, fold(OPEN))

        assert events == [
            RehabCaseClosed(
                **P, outcome="compulsory_isolation", closed_on=date(2026, 5, 1)
            )
        ]

    @pytest.mark.parametrize("day", [date(2025, 12, 31), date(2026, 6, 2)])
    def test_a_closing_date_outside_the_decision_and_today_is_refused(
        self, day: date
    ) -> None:
        with pytest.raises(DateOutOfOrder) as refused:
            decide(self.close("died", day, None, date(2026, 6, 1)), fold(OPEN))

        assert refused.value.field == "closed_on"


NOT_ON_A_CLOSED_CASE: list[Command] = [
    RecordReport(reported_on=REPORTED, by=BY),
    SignAgreement(
        agreement_number="1", signed_on=REPORTED, document_sha256=None, by=BY
    ),
    AssignTeam(responsible_worker="staff-1", police_officer=None, helpers=(), by=BY),
    record_test(date(2026, 4, 1)),
    IssueWarning(violation="other", issued_on=date(2026, 4, 1), details="x", by=BY),
    DecideLeave(
        approve=True,
        leave_from=date(2026, 6, 5),
        leave_to=date(2026, 6, 6),
        destination="广州",
        reason="",
        by=BY,
    ),
    record_absence(date(2026, 4, 1), date(2026, 4, 2)),
    RecordEvaluation(kind="yearly", evaluated_on=date(2026, 4, 1), summary="x", by=BY),
    HandOver(to_office=OTHER_OFFICE, to_office_open=True, by=BY),
    CloseCase(outcome="died", closed_on=date(2026, 5, 2), notice_number=None, by=BY),
    ReportViolation(
        reason="relapse",
        reported_on=date(2026, 4, 1),
        police_organ="东莞市公安局石龙分局",
        reference=None,
        by=BY,
    ),
]


@pytest.mark.parametrize(
    "command", NOT_ON_A_CLOSED_CASE, ids=lambda c: type(c).__name__
)
def test_nothing_is_recorded_on_a_closed_case(command: Command) -> None:
    with pytest.raises(CaseClosed):
        decide(command, fold([*OPEN, closed()]))


def test_the_timer_records_no_missed_report_on_a_closed_case() -> None:
    given = [received(), closed()]

    events = decide(CheckClock(today=date(2026, 6, 1), rules=RULES, by=BY), fold(given))

    assert events == []


EVALUATIONS = district.evaluation_days(REPORTED, ENDS, ENDS)


class TestTheClock:
    """The hourly timer records evaluations due and the term's end, once each."""

    def check(self, today: date) -> CheckClock:
        return CheckClock(today=today, rules=RULES, by=acting(today))

    def due(self, kind: EvaluationKind, on: date) -> RehabEvaluationDue:
        return RehabEvaluationDue(**P, kind=kind, due_on=on)

    def monthly_tests(self, until: date) -> list[Event]:
        """A test in every period up to ``until``: only what else is due remains."""
        periods = district.test_periods(REPORTED, ENDS, RULES)
        return [a_test(first) for first, _ in periods if first <= until]

    def test_an_evaluation_falls_due_six_months_after_the_report(self) -> None:
        given = [*OPEN, *self.monthly_tests(date(2026, 7, 10))]

        events = decide(self.check(date(2026, 7, 10)), fold(given))

        assert events == [self.due("half_yearly", date(2026, 7, 10))]

    def test_every_second_evaluation_is_the_yearly_one(self) -> None:
        given = [*OPEN, *self.monthly_tests(date(2027, 1, 10))]

        events = decide(self.check(date(2027, 1, 10)), fold(given))

        assert events == [
            self.due("half_yearly", date(2026, 7, 10)),
            self.due("yearly", date(2027, 1, 10)),
        ]

    def test_an_evaluation_due_is_recorded_once(self) -> None:
        given = [
            *OPEN,
            *self.monthly_tests(date(2026, 8, 1)),
            self.due("half_yearly", date(2026, 7, 10)),
        ]

        events = decide(self.check(date(2026, 8, 1)), fold(given))

        assert events == []

    def test_the_term_ends_the_day_after_its_last_day(self) -> None:
        given = [
            *OPEN,
            *self.monthly_tests(ENDS),
            *(
                self.due(k, d)
                for d, k in district.evaluation_days(REPORTED, ENDS, ENDS)
            ),
        ]

        on_last_day = decide(self.check(ENDS), fold(given))
        after = decide(self.check(ENDS + timedelta(days=1)), fold(given))

        assert on_last_day == []
        assert after == [RehabTermEnded(**P, term_ends_on=ENDS)]

    def test_the_terms_end_is_recorded_once(self) -> None:
        given = [
            *OPEN,
            *self.monthly_tests(ENDS),
            *(
                self.due(k, d)
                for d, k in district.evaluation_days(REPORTED, ENDS, ENDS)
            ),
            RehabTermEnded(**P, term_ends_on=ENDS),
        ]

        events = decide(self.check(date(2029, 3, 1)), fold(given))

        assert events == []

    def test_a_term_of_three_years_holds_six_the_last_on_its_last_day(self) -> None:
        days = district.evaluation_days(REPORTED, ENDS, ENDS)

        assert [k for _, k in days] == ["half_yearly", "yearly"] * 3
        assert days[-1][0] == ENDS


class TestReportingAViolation:
    """A serious violation found is reported to the police (报告公安机关), once."""

    def report(self, reason: SeriousViolationReason = "relapse") -> ReportViolation:
        return ReportViolation(
            reason=reason,
            reported_on=date(2026, 3, 2),
            police_organ="东莞市公安局石龙分局",
            reference="石龙接报〔2026〕9号",
            by=BY,
        )

    def test_a_violation_found_is_reported(self) -> None:
        given = [*OPEN, serious("relapse", date(2026, 3, 1))]

        events = decide(self.report(), fold(given))

        assert events == [
            SeriousViolationReported(
                **P,
                reason="relapse",
                reported_on=date(2026, 3, 2),
                police_organ="东莞市公安局石龙分局",
                reference="石龙接报〔2026〕9号",
            )
        ]

    def test_a_violation_not_found_cannot_be_reported(self) -> None:
        with pytest.raises(NoSuchViolation) as refused:
            decide(self.report("unapproved_absences"), fold(OPEN))

        assert refused.value.field == "reason"

    def test_a_violation_is_reported_once(self) -> None:
        given = [*OPEN, serious("relapse", date(2026, 3, 1))]
        reported_once = decide(self.report(), fold(given))

        with pytest.raises(AlreadyDone):
            decide(self.report(), fold([*given, *reported_once]))

    def test_a_report_is_not_dated_after_today(self) -> None:
        given = [*OPEN, serious("relapse", date(2026, 3, 1))]
        late = ReportViolation(
            reason="relapse",
            reported_on=date(2026, 6, 2),
            police_organ="东莞市公安局石龙分局",
            reference=None,
            by=BY,
        )

        with pytest.raises(DateOutOfOrder) as refused:
            decide(late, fold(given))

        assert refused.value.field == "reported_on"


def issue(kind: str = "agreement", fmt: str = "pdf", sha: str = "cd") -> IssueDocument:
    return IssueDocument(
        kind=cast(Any, kind),
        document_number="石龙社戒协〔2026〕1号",
        format=cast(Any, fmt),
        sha256=sha * 32,
        issued_on=REPORTED,
        by=BY,
    )


def issued(kind: str = "agreement", fmt: str = "pdf", sha: str = "cd") -> Any:
    return RehabDocumentIssued(
        **P,
        kind=cast(Any, kind),
        document_number="石龙社戒协〔2026〕1号",
        format=cast(Any, fmt),
        sha256=sha * 32,
        issued_on=REPORTED,
    )


def sign_unprinted(number: str = "石龙社戒协〔2026〕1号") -> SignAgreement:
    return SignAgreement(
        agreement_number=number, signed_on=REPORTED, document_sha256=None, by=BY
    )


class TestIssuingADocument:
    def test_printing_records_the_documents_kind_number_format_digest_and_date(
        self,
    ) -> None:
        events = decide(issue(), fold(OPEN))

        assert events == [issued()]

    def test_nothing_is_printed_before_the_report(self) -> None:
        with pytest.raises(NotYetReported):
            decide(issue(), fold([received()]))

    def test_signing_takes_the_digest_of_the_agreement_last_printed_as_pdf(
        self,
    ) -> None:
        given = [*OPEN, issued(sha="01"), issued(sha="02"), issued(fmt="docx")]

        events = decide(sign_unprinted(), fold(given))

        assert events == [
            RehabAgreementSigned(
                **P,
                agreement_number="石龙社戒协〔2026〕1号",
                signed_on=REPORTED,
                document_sha256="02" * 32,
            )
        ]

    def test_an_agreement_printed_under_another_number_gives_no_digest(self) -> None:
        given = [*OPEN, issued(), issued(kind="warning", sha="03")]

        events = decide(sign_unprinted("石龙社戒协〔2026〕2号"), fold(given))

        assert [e.document_sha256 for e in events] == [None]  # type: ignore[union-attr]

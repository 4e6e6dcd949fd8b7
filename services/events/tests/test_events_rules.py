"""The rules of events, given / when / then on the pure deciders (no I/O).

Issue #18's "done when": an activity cannot be evaluated before it took place;
attendance cannot exceed a venue's capacity if one is set; points cannot be redeemed
beyond the balance; a recurring duty's next due date.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from shequ.access import Acting
from shequ.contracts import BlankField
from shequ.contracts.events import (
    ActivityCancelled,
    ActivityEvaluated,
    ActivityPlanned,
    AttendanceRecorded,
    DutyMissed,
    MoralPointsRedeemed,
    Score,
    VolunteerHoursRecorded,
    VolunteerRegistered,
)
from shequ.events.domain import activity, duties, volunteer
from shequ.events.domain.figures import progress

OFFICE = "441900101001"
NOW = datetime(2026, 5, 20, 2, 0, tzinfo=UTC)  # 2026-05-20 in China
BY = Acting(staff_id="organiser", office=OFFICE, now=NOW)


def planned(held_on: date = date(2026, 5, 20), **more: Any) -> ActivityPlanned:
    return ActivityPlanned(
        activity_id="activity-1",
        office=OFFICE,
        kind="home_visit",
        title="家庭和谐走访",
        held_on=held_on,
        place="村委会",
        lead="李社工",
        staff=[],
        resources=[],
        planned_participants=60,
        risks=[],
        **more,
    )


def given(*events: Any) -> activity.State:
    return activity.DECIDER.fold(list(events))


SCORES = (Score(criterion="满意度", score=5), Score(criterion="组织", score=4))


class TestEvaluating:
    def test_an_activity_held_today_is_evaluated_with_its_average(self) -> None:
        command = activity.Evaluate(
            stage="summary", evaluator="residents", scores=SCORES, by=BY
        )

        events = activity.decide(command, given(planned()))

        assert events == [
            ActivityEvaluated(
                activity_id="activity-1",
                office=OFFICE,
                stage="summary",
                evaluator="residents",
                evaluated_on=date(2026, 5, 20),
                scores=list(SCORES),
                average=4.5,
            )
        ]

    def test_an_activity_cannot_be_evaluated_before_it_took_place(self) -> None:
        state = given(planned(held_on=date(2026, 6, 26)))
        command = activity.Evaluate(
            stage="stage", evaluator="organisers", scores=SCORES, by=BY
        )

        with pytest.raises(activity.NotYetHeld) as refused:
            activity.decide(command, state)

        assert refused.value.field == "stage"


class TestCancelling:
    def test_an_activity_not_yet_held_is_cancelled_with_the_day_and_reason(
        self,
    ) -> None:
        command = activity.CancelActivity(reason="  暴雨预警，改期  ", by=BY)

        events = activity.decide(command, given(planned(held_on=date(2026, 6, 26))))

        assert events == [
            ActivityCancelled(
                activity_id="activity-1",
                office=OFFICE,
                cancelled_on=date(2026, 5, 20),
                reason="暴雨预警，改期",
            )
        ]

    def test_an_activity_with_attendance_took_place_and_is_not_cancelled(self) -> None:
        held = AttendanceRecorded(
            activity_id="activity-1",
            office=OFFICE,
            person_ids=[],
            head_count=30,
            attendance=30,
        )
        command = activity.CancelActivity(reason="改期", by=BY)

        with pytest.raises(activity.AlreadyTookPlace) as refused:
            activity.decide(command, given(planned(), held))

        assert refused.value.field == "reason"

    def test_a_blank_reason_is_refused_naming_the_field(self) -> None:
        with pytest.raises(BlankField) as refused:
            activity.decide(
                activity.CancelActivity(reason="  ", by=BY), given(planned())
            )

        assert refused.value.field == "reason"

    def test_nothing_more_is_recorded_on_a_cancelled_activity(self) -> None:
        cancelled = ActivityCancelled(
            activity_id="activity-1",
            office=OFFICE,
            cancelled_on=date(2026, 5, 19),
            reason="改期",
        )
        state = given(planned(), cancelled)

        for command in (
            activity.RecordAttendance(head_count=10, by=BY),
            activity.CancelActivity(reason="again", by=BY),
        ):
            with pytest.raises(activity.WasCancelled):
                activity.decide(command, state)


class TestAttendance:
    def test_attendance_within_the_capacity_counts_persons_and_the_public(self) -> None:
        state = given(planned(capacity=60))
        command = activity.RecordAttendance(
            person_ids=("p-1", "p-2", "p-1"), head_count=58, by=BY
        )

        events = activity.decide(command, state)

        assert events == [
            AttendanceRecorded(
                activity_id="activity-1",
                office=OFFICE,
                person_ids=["p-1", "p-2"],
                head_count=58,
                attendance=60,
            )
        ]

    def test_attendance_cannot_exceed_the_venues_capacity(self) -> None:
        state = given(planned(capacity=60))
        command = activity.RecordAttendance(head_count=61, by=BY)

        with pytest.raises(activity.OverCapacity) as refused:
            activity.decide(command, state)

        assert refused.value.field == "head_count"

    def test_without_a_capacity_any_number_may_come(self) -> None:
        command = activity.RecordAttendance(head_count=1000, by=BY)

        [event] = activity.decide(command, given(planned()))

        assert isinstance(event, AttendanceRecorded)
        assert event.attendance == 1000

    def test_attendance_is_not_recorded_before_the_day(self) -> None:
        state = given(planned(held_on=date(2026, 5, 21)))

        with pytest.raises(activity.NotYetHeld):
            activity.decide(activity.RecordAttendance(head_count=1, by=BY), state)


class TestFamilyVisits:
    def test_a_family_is_visited_once_per_activity(self) -> None:
        visit = activity.VisitFamily(
            household_id="h-1",
            people=4,
            visited_on=date(2026, 5, 20),
            notes="好",
            by=BY,
        )
        state = given(planned(), *activity.decide(visit, given(planned())))

        with pytest.raises(activity.FamilyAlreadyVisited):
            activity.decide(visit, state)


class TestEndTimes:
    def test_a_plan_whose_end_is_before_its_start_is_refused(self) -> None:
        from datetime import time

        command = activity.PlanActivity(
            activity_id="a",
            office=OFFICE,
            kind="evening_party",
            title="晚会",
            held_on=date(2026, 6, 1),
            starts_at=time(19, 0),
            ends_at=time(18, 0),
            place="广场",
            lead="李",
            by=BY,
        )

        with pytest.raises(activity.BadTimes):
            activity.decide(command, None)


def registered() -> VolunteerRegistered:
    return VolunteerRegistered(
        person_id="p-1", office=OFFICE, registered_on=date(2026, 1, 1), skills=[]
    )


def served(points: int, balance: int) -> VolunteerHoursRecorded:
    return VolunteerHoursRecorded(
        person_id="p-1",
        office=OFFICE,
        activity_id="activity-1",
        served_on=date(2026, 5, 1),
        hours=points,
        points=points,
        balance=balance,
    )


class TestMoralBank:
    def test_hours_earn_points_at_the_rate(self) -> None:
        state = volunteer.DECIDER.fold([registered()])
        command = volunteer.RecordHours(
            activity_id="activity-1",
            served_on=date(2026, 5, 1),
            hours=2.5,
            points_per_hour=2,
            by=BY,
        )

        events = volunteer.decide(command, state)

        assert events == [
            VolunteerHoursRecorded(
                person_id="p-1",
                office=OFFICE,
                activity_id="activity-1",
                served_on=date(2026, 5, 1),
                hours=2.5,
                points=5,
                balance=5,
            )
        ]

    def test_points_are_redeemed_down_to_zero(self) -> None:
        state = volunteer.DECIDER.fold([registered(), served(4, 4)])

        events = volunteer.decide(
            volunteer.Redeem(points=4, redeemed_for="大米", by=BY), state
        )

        assert events == [
            MoralPointsRedeemed(
                person_id="p-1",
                office=OFFICE,
                redeemed_on=date(2026, 5, 20),
                points=4,
                redeemed_for="大米",
                balance=0,
            )
        ]

    def test_points_cannot_be_redeemed_beyond_the_balance(self) -> None:
        state = volunteer.DECIDER.fold([registered(), served(4, 4)])

        with pytest.raises(volunteer.NotEnoughPoints) as refused:
            volunteer.decide(
                volunteer.Redeem(points=5, redeemed_for="油", by=BY), state
            )

        assert refused.value.field == "points"

    def test_hours_for_one_activity_are_recorded_once(self) -> None:
        state = volunteer.DECIDER.fold([registered(), served(4, 4)])
        again = volunteer.RecordHours(
            activity_id="activity-1",
            served_on=date(2026, 5, 1),
            hours=1,
            points_per_hour=1,
            by=BY,
        )

        with pytest.raises(volunteer.HoursAlreadyRecorded):
            volunteer.decide(again, state)


MEETINGS = duties.Rhythm("anti_drug_meeting", "year", 4)
HYGIENE = duties.Rhythm("hygiene_check", "month", 2)


class TestRhythm:
    def test_four_meetings_a_year_are_due_one_a_quarter(self) -> None:
        assert duties.slot_ends(MEETINGS, date(2026, 5, 1)) == [
            date(2026, 3, 31),
            date(2026, 6, 30),
            date(2026, 9, 30),
            date(2026, 12, 31),
        ]

    def test_the_next_meeting_is_due_by_the_end_of_the_slot_the_count_reaches(
        self,
    ) -> None:
        held = [date(2026, 2, 10)]

        assert duties.next_due(MEETINGS, held, date(2026, 5, 1)) == date(2026, 6, 30)

    def test_a_duty_done_for_the_period_is_next_due_in_the_next_period(self) -> None:
        held = [date(2026, 11, 3), date(2026, 11, 10)]

        assert duties.next_due(HYGIENE, held, date(2026, 11, 20)) == date(2026, 12, 15)

    def test_twice_a_month_is_due_by_the_15th_and_the_months_end(self) -> None:
        assert duties.slot_ends(HYGIENE, date(2026, 2, 3)) == [
            date(2026, 2, 14),
            date(2026, 2, 28),
        ]

    def test_a_slot_ended_short_is_a_miss(self) -> None:
        held = [date(2026, 11, 3)]

        misses = duties.misses(HYGIENE, held, date(2026, 12, 1))

        assert misses == [duties.Miss(date(2026, 11, 30), 1, 2)]

    def test_a_miss_is_recorded_once(self) -> None:
        by = Acting(staff_id="timer", office=OFFICE, now=NOW)
        command = duties.RecordMisses(
            office=OFFICE,
            duty="hygiene_check",
            misses=(duties.Miss(date(2026, 11, 30), 1, 2),),
            by=by,
        )
        first = duties.decide(command, frozenset())

        assert first == [
            DutyMissed(
                office=OFFICE,
                duty="hygiene_check",
                due_by=date(2026, 11, 30),
                held=1,
                wanted=2,
            )
        ]
        assert duties.decide(command, duties.DECIDER.fold(first)) == []


class TestTargets:
    def test_three_anti_drug_meetings_do_not_meet_the_target_of_four(self) -> None:
        [meetings] = [
            p
            for p in progress({"anti_drug_meeting": 3}, 0, 1)
            if p.metric == "anti_drug_meetings"
        ]

        assert (meetings.reached, meetings.wanted, meetings.met) == (3, 4, False)


class TestMissesAcrossPeriods:
    def test_of_the_period_before_only_its_last_slot_is_looked_at(self) -> None:
        misses = duties.misses(MEETINGS, [], date(2026, 2, 1))

        assert misses == [duties.Miss(date(2025, 12, 31), 0, 4)]

"""The rules of assistance (就业援助), given / when / then on the pure decider."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import TypeVar

import pytest

from shequ.contracts import BlankField, Event
from shequ.contracts.employment import (
    ContactRecorded,
    DifficultyCategory,
    EmploymentDifficultyIdentified,
    EmploymentDifficultyResolved,
    FollowUpCancelled,
    FollowUpScheduled,
    FollowUpsHandedOver,
    GuidanceGiven,
    TrainingOutcome,
    TrainingOutcomeRecorded,
    TrainingReferred,
)
from shequ.employment.domain.assistance import (
    DECIDER,
    CancelFollowUp,
    DateOutOfOrder,
    DifficultyAlreadyIdentified,
    DueInThePast,
    FollowUp,
    FollowUpClosed,
    FollowUpNotFound,
    GiveGuidance,
    HandOverFollowUps,
    Identify,
    NoCertificate,
    NoOpenDifficulty,
    OutcomeAlreadyRecorded,
    RecordContact,
    RecordOutcome,
    ReferralNotFound,
    ReferTraining,
    Resolve,
    ScheduleFollowUp,
    State,
    decide,
)
from shequ.employment.domain.common import Acting, DateInFuture
from shequ.testing.feeds import COMMUNITY_A, COMMUNITY_B

NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
TODAY = date(2026, 11, 23)
BY = Acting(staff_id="staff-1", office=COMMUNITY_A, now=NOW)
P = "person-1"
T = TypeVar("T")


def p_command(make: Callable[..., T], /, **fields: object) -> T:
    """A command to person P's stream at community A, as BY."""
    return make(person_id=P, office=COMMUNITY_A, by=BY, **fields)


def p_event(make: Callable[..., T], /, **fields: object) -> T:
    """An event of person P's stream at community A."""
    return make(person_id=P, office=COMMUNITY_A, **fields)


def fold(*events: Event) -> State:
    return DECIDER.fold(list(events))


def identified(
    category: DifficultyCategory = "older_worker", on: date = date(2026, 11, 1)
) -> Event:
    return p_event(
        EmploymentDifficultyIdentified, category=category, identified_on=on, notes=""
    )


def resolved(on: date = date(2026, 11, 20)) -> Event:
    return p_event(EmploymentDifficultyResolved, resolved_on=on, reason="已就业")


def scheduled(follow_up_id: str = "fu-1", due_on: date = TODAY) -> Event:
    return p_event(
        FollowUpScheduled,
        follow_up_id=follow_up_id,
        kind="home_visit",
        due_on=due_on,
        assigned_to="staff-1",
        purpose="走访",
    )


def contacted(follow_up_id: str | None = "fu-1") -> Event:
    return p_event(
        ContactRecorded,
        follow_up_id=follow_up_id,
        kind="home_visit",
        contacted_on=TODAY,
        contacted_by="staff-1",
        findings="在家, 有求职意愿",
    )


def cancelled(follow_up_id: str = "fu-1") -> Event:
    return p_event(FollowUpCancelled, follow_up_id=follow_up_id, reason="已就业")


def referred(referral_id: str = "tr-1", on: date = date(2026, 11, 10)) -> Event:
    return p_event(
        TrainingReferred,
        referral_id=referral_id,
        kind="skills",
        course="育婴师",
        provider="区职训中心",
        referred_on=on,
    )


def schedule(due_on: date = TODAY, assigned_to: str | None = None) -> ScheduleFollowUp:
    return p_command(
        ScheduleFollowUp,
        follow_up_id="fu-1",
        kind="phone_call",
        due_on=due_on,
        assigned_to=assigned_to,
        purpose="电话回访",
    )


def contact(
    follow_up_id: str | None = "fu-1", on: date = TODAY, findings: str = "已联系"
) -> RecordContact:
    return p_command(
        RecordContact,
        kind="phone_call",
        contacted_on=on,
        findings=findings,
        follow_up_id=follow_up_id,
    )


def outcome(
    outcome: TrainingOutcome = "certified",
    on: date = TODAY,
    certificate: str | None = "育婴师证",
) -> RecordOutcome:
    return p_command(
        RecordOutcome,
        referral_id="tr-1",
        outcome=outcome,
        recorded_on=on,
        certificate=certificate,
    )


class TestIdentify:
    def test_identifying_records_the_category_and_day(self) -> None:
        events = decide(
            p_command(
                Identify,
                category="disabled",
                identified_on=date(2026, 11, 1),
                notes=" 二级 ",
            ),
            fold(),
        )

        assert events == [
            p_event(
                EmploymentDifficultyIdentified,
                category="disabled",
                identified_on=date(2026, 11, 1),
                notes="二级",
            )
        ]

    def test_identifying_again_in_the_same_category_records_nothing(self) -> None:
        command = p_command(
            Identify, category="older_worker", identified_on=TODAY, notes=""
        )

        assert decide(command, fold(identified())) == []

    def test_another_category_while_a_case_is_open_is_refused(self) -> None:
        command = p_command(
            Identify, category="disabled", identified_on=TODAY, notes=""
        )

        with pytest.raises(DifficultyAlreadyIdentified) as refused:
            decide(command, fold(identified()))

        assert refused.value.field == "category"

    def test_a_resolved_case_may_be_followed_by_another(self) -> None:
        command = p_command(
            Identify, category="disabled", identified_on=TODAY, notes=""
        )

        events = decide(command, fold(identified(), resolved()))

        assert [type(e) for e in events] == [EmploymentDifficultyIdentified]

    def test_a_new_case_cannot_begin_before_the_last_one_ended(self) -> None:
        command = p_command(
            Identify, category="disabled", identified_on=date(2026, 11, 5), notes=""
        )

        with pytest.raises(DateOutOfOrder) as refused:
            decide(command, fold(identified(), resolved(date(2026, 11, 20))))

        assert refused.value.field == "identified_on"

    def test_a_day_in_the_future_is_refused(self) -> None:
        command = p_command(
            Identify, category="disabled", identified_on=date(2026, 11, 24), notes=""
        )

        with pytest.raises(DateInFuture) as refused:
            decide(command, fold())

        assert refused.value.field == "identified_on"


class TestResolve:
    def test_resolving_closes_the_open_case(self) -> None:
        events = decide(
            p_command(Resolve, resolved_on=date(2026, 11, 20), reason="已就业"),
            fold(identified()),
        )

        assert events == [resolved(date(2026, 11, 20))]
        state = fold(identified(), *events)
        assert state is not None
        assert state.open_case is None

    def test_without_an_open_case_it_is_refused(self) -> None:
        with pytest.raises(NoOpenDifficulty):
            decide(
                p_command(Resolve, resolved_on=TODAY, reason="已就业"),
                fold(scheduled()),
            )

    def test_resolving_before_the_identification_is_refused(self) -> None:
        command = p_command(Resolve, resolved_on=date(2026, 10, 1), reason="已就业")

        with pytest.raises(DateOutOfOrder) as refused:
            decide(command, fold(identified(on=date(2026, 11, 1))))

        assert refused.value.field == "resolved_on"

    def test_a_blank_reason_is_refused(self) -> None:
        with pytest.raises(BlankField) as refused:
            decide(
                p_command(Resolve, resolved_on=TODAY, reason="  "), fold(identified())
            )

        assert refused.value.field == "reason"


class TestScheduleFollowUp:
    def test_a_follow_up_goes_to_the_planner_unless_another_is_named(self) -> None:
        mine = decide(schedule(), fold())
        theirs = decide(schedule(assigned_to="staff-2"), fold())

        assert mine == [
            p_event(
                FollowUpScheduled,
                follow_up_id="fu-1",
                kind="phone_call",
                due_on=TODAY,
                assigned_to="staff-1",
                purpose="电话回访",
            )
        ]
        assert theirs == [mine[0].model_copy(update={"assigned_to": "staff-2"})]

    def test_a_due_day_already_past_is_refused(self) -> None:
        with pytest.raises(DueInThePast) as refused:
            decide(schedule(due_on=date(2026, 11, 22)), fold())

        assert refused.value.field == "due_on"

    def test_a_follow_up_needs_a_purpose(self) -> None:
        command = p_command(
            ScheduleFollowUp,
            follow_up_id="fu-1",
            kind="home_visit",
            due_on=TODAY,
            assigned_to=None,
            purpose="",
        )

        with pytest.raises(BlankField) as refused:
            decide(command, fold())

        assert refused.value.field == "purpose"


class TestRecordContact:
    def test_a_contact_naming_an_open_follow_up_completes_it(self) -> None:
        given = [scheduled()]

        events = decide(contact(), fold(*given))

        assert events == [
            p_event(
                ContactRecorded,
                follow_up_id="fu-1",
                kind="phone_call",
                contacted_on=TODAY,
                contacted_by="staff-1",
                findings="已联系",
            )
        ]
        state = fold(*given, *events)
        assert state is not None
        assert state.follow_ups == (
            FollowUp("fu-1", "home_visit", TODAY, "staff-1", "走访", "done", TODAY),
        )

    def test_a_contact_may_stand_alone(self) -> None:
        events = decide(contact(follow_up_id=None), fold())

        assert events == [
            contacted(None).model_copy(
                update={"kind": "phone_call", "findings": "已联系"}
            )
        ]

    def test_naming_an_unknown_follow_up_is_refused(self) -> None:
        with pytest.raises(FollowUpNotFound) as refused:
            decide(contact(follow_up_id="fu-9"), fold(scheduled()))

        assert refused.value.field == "follow_up_id"

    @pytest.mark.parametrize("closing", [contacted(), cancelled()])
    def test_naming_a_closed_follow_up_is_refused(self, closing: Event) -> None:
        with pytest.raises(FollowUpClosed) as refused:
            decide(contact(), fold(scheduled(), closing))

        assert refused.value.field == "follow_up_id"

    def test_a_contact_in_the_future_is_refused(self) -> None:
        with pytest.raises(DateInFuture) as refused:
            decide(contact(on=date(2026, 11, 24)), fold(scheduled()))

        assert refused.value.field == "contacted_on"

    def test_a_contact_needs_its_findings(self) -> None:
        with pytest.raises(BlankField) as refused:
            decide(contact(findings=" "), fold(scheduled()))

        assert refused.value.field == "findings"


class TestCancelFollowUp:
    def test_an_open_follow_up_is_cancelled_with_the_reason(self) -> None:
        events = decide(
            p_command(CancelFollowUp, follow_up_id="fu-1", reason="已就业"),
            fold(scheduled()),
        )

        assert events == [cancelled()]

    def test_a_follow_up_done_cannot_be_cancelled(self) -> None:
        with pytest.raises(FollowUpClosed):
            decide(
                p_command(CancelFollowUp, follow_up_id="fu-1", reason="已就业"),
                fold(scheduled(), contacted()),
            )


class TestTraining:
    def test_a_referral_names_the_course_and_provider(self) -> None:
        command = p_command(
            ReferTraining,
            referral_id="tr-1",
            kind="skills",
            course="育婴师",
            provider="区职训中心",
            referred_on=date(2026, 11, 10),
        )

        assert decide(command, fold()) == [referred()]

    def test_an_outcome_is_recorded_once(self) -> None:
        events = decide(outcome(), fold(referred()))

        assert events == [
            p_event(
                TrainingOutcomeRecorded,
                referral_id="tr-1",
                outcome="certified",
                recorded_on=TODAY,
                certificate="育婴师证",
            )
        ]
        with pytest.raises(OutcomeAlreadyRecorded):
            decide(outcome("completed"), fold(referred(), *events))

    def test_an_outcome_before_the_referral_is_refused(self) -> None:
        with pytest.raises(DateOutOfOrder) as refused:
            decide(outcome(on=date(2026, 11, 1)), fold(referred()))

        assert refused.value.field == "recorded_on"

    def test_a_course_dropped_yields_no_certificate(self) -> None:
        with pytest.raises(NoCertificate) as refused:
            decide(outcome("dropped_out"), fold(referred()))

        assert refused.value.field == "certificate"

    def test_an_outcome_for_an_unknown_referral_is_refused(self) -> None:
        with pytest.raises(ReferralNotFound) as refused:
            decide(outcome(), fold())

        assert refused.value.field == "referral_id"


class TestGuidance:
    def test_guidance_is_recorded(self) -> None:
        command = p_command(
            GiveGuidance,
            kind="policy_consultation",
            given_on=TODAY,
            notes="讲解社保补贴",
        )

        assert decide(command, fold()) == [
            p_event(
                GuidanceGiven,
                kind="policy_consultation",
                given_on=TODAY,
                notes="讲解社保补贴",
            )
        ]

    def test_guidance_needs_notes(self) -> None:
        command = p_command(
            GiveGuidance, kind="career_guidance", given_on=TODAY, notes=""
        )

        with pytest.raises(BlankField):
            decide(command, fold())


class TestHandOver:
    def test_the_open_follow_ups_go_to_the_new_office(self) -> None:
        given = [
            scheduled("fu-1"),
            scheduled("fu-2"),
            cancelled("fu-2"),
            scheduled("fu-3"),
        ]

        events = decide(HandOverFollowUps(to_office=COMMUNITY_B, by=BY), fold(*given))

        assert events == [
            FollowUpsHandedOver(
                person_id=P,
                from_office=COMMUNITY_A,
                to_office=COMMUNITY_B,
                follow_up_ids=["fu-1", "fu-3"],
            )
        ]
        state = fold(*given, *events)
        assert state is not None
        assert state.office == COMMUNITY_B

    def test_without_open_follow_ups_nothing_is_handed_over(self) -> None:
        given = fold(identified(), scheduled(), contacted())

        assert decide(HandOverFollowUps(to_office=COMMUNITY_B, by=BY), given) == []

    def test_to_the_same_office_or_without_a_record_nothing_happens(self) -> None:
        assert (
            decide(HandOverFollowUps(to_office=COMMUNITY_A, by=BY), fold(scheduled()))
            == []
        )
        assert decide(HandOverFollowUps(to_office=COMMUNITY_B, by=BY), fold()) == []

"""Anti-drug social work (seed 002 (3)): the rules of a case and of an office."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from typing import Any, cast

import pytest

from shequ.access import Acting
from shequ.contracts import BlankField
from shequ.contracts.rehab import (
    CaseWorkNoteRecorded,
    ClientReferredForWork,
    FamilyLectureHeld,
    PeerCounsellorAssigned,
    ProblemStudentReferred,
    RehabCaseClosed,
    RehabCaseEvent,
    RehabCaseHandedOver,
    RehabDecisionReceived,
    RehabReported,
    RelapsePreventionGroupHeld,
)
from shequ.rehab.domain.case import (
    AlreadyDone,
    AssignPeerCounsellor,
    CaseClosed,
    DateOutOfOrder,
    OwnCounsellor,
    RecordCaseNote,
    ReferForWork,
    State,
    decide,
    evolve,
)
from shequ.rehab.domain.social_work import (
    NoAttendees,
    NotAClient,
    NotAMinor,
    RecordFamilyLecture,
    RecordGroupSession,
    ReferProblemStudent,
    SocialWork,
)
from shequ.rehab.domain.social_work import decide as decide_office
from shequ.rehab.domain.social_work import evolve as evolve_office
from shequ.service import fold_stream, owns_decider

OFFICE = "441900101001"
DECIDED = date(2026, 1, 1)
P = {"person_id": "person-1", "office": OFFICE}
BY = Acting("staff-1", OFFICE, datetime(2026, 6, 1, 2, tzinfo=UTC))  # 10:00 in China


def fold(events: Iterable[object]) -> State:
    state: State = None
    for event in events:
        state = evolve(state, cast(RehabCaseEvent, event))
    return state


def received() -> RehabDecisionReceived:
    return RehabDecisionReceived(
        case_id="case-1",
        **P,
        kind="community_detox",
        ground="first_time",
        decision_number="东公（石）决字〔2026〕1号",
        police_organ="东莞市公安局石龙分局",
        decided_on=DECIDED,
        term_months=36,
        report_by=DECIDED + timedelta(days=15),
        received_from="police",
    )


def closed() -> RehabCaseClosed:
    return RehabCaseClosed(**P, outcome="died", closed_on=date(2026, 5, 1))


OPEN = [
    received(),
    RehabReported(
        **P, reported_on=date(2026, 1, 10), term_ends_on=date(2029, 1, 9), late=False
    ),
]


def note(**changes: Any) -> RecordCaseNote:
    fields: dict[str, Any] = {
        "kind": "home_visit",
        "noted_on": date(2026, 5, 20),
        "content": "家访：与母亲谈话，情绪稳定",
        "by": BY,
    }
    return RecordCaseNote(**{**fields, **changes})


def peer(counsellor_id: str = "person-9", on: date = date(2026, 5, 1)) -> Any:
    return AssignPeerCounsellor(counsellor_id=counsellor_id, assigned_on=on, by=BY)


def refer(on: date = date(2026, 5, 25), text: str = "想找保洁或物业工作") -> Any:
    return ReferForWork(referred_on=on, note=text, by=BY)


def referred(on: date = date(2026, 5, 25)) -> ClientReferredForWork:
    return ClientReferredForWork(**P, referred_on=on, note="想找保洁或物业工作")


class TestCaseWorkNotes:
    def test_a_home_visit_is_noted_on_the_case(self) -> None:
        events = decide(note(), fold(OPEN))

        assert events == [
            CaseWorkNoteRecorded(
                **P,
                kind="home_visit",
                noted_on=date(2026, 5, 20),
                content="家访：与母亲谈话，情绪稳定",
            )
        ]

    def test_a_note_may_come_before_the_person_reports(self) -> None:
        events = decide(note(kind="phone_call"), fold([received()]))

        assert [e.type for e in events] == ["CaseWorkNoteRecorded"]

    @pytest.mark.parametrize("day", [date(2025, 12, 31), date(2026, 6, 2)])
    def test_a_note_dated_before_the_decision_or_after_today_is_refused(
        self, day: date
    ) -> None:
        with pytest.raises(DateOutOfOrder) as refused:
            decide(note(noted_on=day), fold(OPEN))

        assert refused.value.field == "noted_on"

    def test_a_blank_note_is_refused(self) -> None:
        with pytest.raises(BlankField) as refused:
            decide(note(content="  "), fold(OPEN))

        assert refused.value.field == "content"

    def test_nothing_is_noted_on_a_closed_case(self) -> None:
        with pytest.raises(CaseClosed):
            decide(note(), fold([*OPEN, closed()]))


class TestPeerCounsellor:
    def test_a_registered_person_is_assigned_as_peer_counsellor(self) -> None:
        events = decide(peer(), fold(OPEN))

        assert events == [
            PeerCounsellorAssigned(
                **P, counsellor_id="person-9", assigned_on=date(2026, 5, 1)
            )
        ]

    def test_the_client_is_not_their_own_peer_counsellor(self) -> None:
        with pytest.raises(OwnCounsellor) as refused:
            decide(peer("person-1"), fold(OPEN))

        assert refused.value.field == "counsellor_id"

    def test_the_same_counsellor_is_not_assigned_twice(self) -> None:
        given = [*OPEN, PeerCounsellorAssigned(**P, counsellor_id="person-9",
                                              assigned_on=DECIDED)]  # fmt: skip

        with pytest.raises(AlreadyDone):
            decide(peer(), fold(given))

    def test_another_counsellor_replaces_the_first(self) -> None:
        given = [*OPEN, PeerCounsellorAssigned(**P, counsellor_id="person-8",
                                              assigned_on=DECIDED)]  # fmt: skip

        state = fold([*given, *decide(peer(), fold(given))])

        assert state is not None
        assert state.peer_counsellor == "person-9"


class TestReferralForWork:
    def test_a_client_who_needs_work_is_referred_with_a_neutral_note(self) -> None:
        events = decide(refer(), fold(OPEN))

        assert events == [referred()]

    def test_a_second_referral_on_the_same_day_is_refused(self) -> None:
        with pytest.raises(AlreadyDone) as refused:
            decide(refer(), fold([*OPEN, referred()]))

        assert refused.value.field == "referred_on"

    def test_a_referral_on_another_day_is_recorded(self) -> None:
        events = decide(refer(date(2026, 6, 1)), fold([*OPEN, referred()]))

        assert events == [referred(date(2026, 6, 1))]

    def test_a_referral_without_a_note_is_refused(self) -> None:
        with pytest.raises(BlankField) as refused:
            decide(refer(text=" "), fold(OPEN))

        assert refused.value.field == "note"

    def test_a_hand_over_carries_notes_counsellor_and_referrals(self) -> None:
        moved = RehabCaseHandedOver(
            **P, to_office="441900101002", handed_over_on=date(2026, 5, 30)
        )
        given = [
            *OPEN,
            *decide(note(), fold(OPEN)),
            PeerCounsellorAssigned(**P, counsellor_id="person-9", assigned_on=DECIDED),
            referred(),
            moved,
        ]

        state = fold(given)

        assert state is not None
        assert (state.office, state.notes, state.peer_counsellor) == (
            "441900101002",
            1,
            "person-9",
        )
        assert state.work_referrals == (date(2026, 5, 25),)


CLIENTS = frozenset({"person-1", "person-2"})


def group(**changes: Any) -> RecordGroupSession:
    fields: dict[str, Any] = {
        "office": OFFICE,
        "held_on": date(2026, 5, 28),
        "topic": "识别高危情境",
        "attendee_ids": ("person-1", "person-2", "person-1"),
        "clients": CLIENTS,
        "by": BY,
    }
    return RecordGroupSession(**{**fields, **changes})


def student(**changes: Any) -> ReferProblemStudent:
    fields: dict[str, Any] = {
        "office": OFFICE,
        "person_id": "person-7",
        "birth_date": date(2010, 6, 2),  # 15 on the day
        "school": "石龙中学",
        "reason": "班主任推荐：多次逃课",
        "referred_to": "禁毒家长学校",
        "referred_on": date(2026, 5, 10),
        "by": BY,
    }
    return ReferProblemStudent(**{**fields, **changes})


class TestOfficeSocialWork:
    def test_a_group_session_records_each_attending_client_once(self) -> None:
        events = decide_office(group(), None)

        assert events == [
            RelapsePreventionGroupHeld(
                office=OFFICE,
                held_on=date(2026, 5, 28),
                topic="识别高危情境",
                attendee_ids=["person-1", "person-2"],
                attendance=2,
            )
        ]

    def test_an_attendee_without_an_open_case_here_is_refused(self) -> None:
        with pytest.raises(NotAClient) as refused:
            decide_office(group(attendee_ids=("person-1", "person-5")), None)

        assert refused.value.field == "attendee_ids.1"

    def test_a_group_nobody_attended_is_refused(self) -> None:
        with pytest.raises(NoAttendees):
            decide_office(group(attendee_ids=()), None)

    def test_a_group_held_after_today_is_refused(self) -> None:
        with pytest.raises(DateOutOfOrder) as refused:
            decide_office(group(held_on=date(2026, 6, 2)), None)

        assert refused.value.field == "held_on"

    def test_a_family_lecture_records_its_head_count(self) -> None:
        lecture = RecordFamilyLecture(
            office=OFFICE,
            held_on=date(2026, 5, 5),
            topic="爱心家长·幸福家园：新型毒品的危害",
            head_count=42,
            by=BY,
        )

        events = decide_office(lecture, None)

        assert events == [
            FamilyLectureHeld(
                office=OFFICE,
                held_on=date(2026, 5, 5),
                topic="爱心家长·幸福家园：新型毒品的危害",
                head_count=42,
            )
        ]

    def test_a_minor_named_by_the_school_is_referred(self) -> None:
        events = decide_office(student(), None)

        assert events == [
            ProblemStudentReferred(
                person_id="person-7",
                office=OFFICE,
                referred_on=date(2026, 5, 10),
                school="石龙中学",
                reason="班主任推荐：多次逃课",
                referred_to="禁毒家长学校",
            )
        ]

    def test_a_student_of_eighteen_on_the_day_is_not_a_minor(self) -> None:
        with pytest.raises(NotAMinor) as refused:
            decide_office(student(birth_date=date(2008, 5, 10)), None)

        assert refused.value.field == "person_id"

    def test_the_record_counts_what_was_held_and_referred(self) -> None:
        state = None
        for command in (group(), student()):
            for event in decide_office(command, state):
                state = evolve_office(state, event)

        assert state == SocialWork(OFFICE, groups=1, lectures=0, students=1)


def test_an_office_record_replays_by_rehab_s_declared_rules() -> None:
    lecture = {
        "office": OFFICE,
        "held_on": "2026-05-05",
        "topic": "讲座",
        "head_count": 3,
    }

    state = fold_stream("rehab", "social_work", [("FamilyLectureHeld", 1, lecture)])

    assert owns_decider("rehab", "social_work")
    assert state == {"office": OFFICE, "groups": 0, "lectures": 1, "students": 0}

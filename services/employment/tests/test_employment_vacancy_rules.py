"""The rules of a vacancy and its referrals, given / when / then. Pure: no I/O."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from shequ.contracts import DomainError, Event
from shequ.contracts.employment import (
    CandidateHired,
    CandidateNotHired,
    CandidateReferred,
    InterviewHeld,
    VacancyClosed,
    VacancyPosted,
)
from shequ.employment.domain import vacancy
from shequ.employment.domain.common import Acting
from shequ.employment.domain.matching import Seeker
from shequ.employment.domain.profile import NotSeekingWork
from shequ.testing.feeds import COMMUNITY_A, DISTRICT, STREET_A

NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)  # 2026-11-23 in China
TODAY = date(2026, 11, 23)
BY = Acting("staff-1", STREET_A, NOW)


def later(days: int) -> Acting:
    return Acting("staff-1", STREET_A, NOW + timedelta(days=days))


def posted(openings: int = 2, valid_until: date = date(2026, 12, 31)) -> VacancyPosted:
    return VacancyPosted(
        vacancy_id="v-1",
        office=COMMUNITY_A,
        employer="绿城物业",
        position="保洁员",
        openings=openings,
        requirements=["保洁"],
        wage_min=2200,
        wage_max=2800,
        valid_until=valid_until,
        posted_on=TODAY,
    )


def referred(referral_id: str = "r-1", person_id: str = "p-1") -> CandidateReferred:
    return CandidateReferred(
        vacancy_id="v-1",
        office=COMMUNITY_A,
        referral_id=referral_id,
        person_id=person_id,
        referred_on=TODAY,
        reasons=["意向对口：保洁"],
    )


def hired(referral_id: str = "r-1", person_id: str = "p-1") -> CandidateHired:
    return CandidateHired(
        vacancy_id="v-1",
        office=COMMUNITY_A,
        referral_id=referral_id,
        person_id=person_id,
        hired_on=TODAY,
    )


def not_hired(referral_id: str = "r-1", person_id: str = "p-1") -> CandidateNotHired:
    return CandidateNotHired(
        vacancy_id="v-1",
        office=COMMUNITY_A,
        referral_id=referral_id,
        person_id=person_id,
        decided_on=TODAY,
        reason="经验不足",
    )


def fold(events: Sequence[Event]) -> vacancy.State:
    return vacancy.DECIDER.fold(events)


def post(**more: object) -> vacancy.Post:
    fields: dict[str, object] = {
        "vacancy_id": "v-1",
        "office": COMMUNITY_A,
        "employer": " 绿城物业 ",
        "position": "保洁员",
        "openings": 2,
        "requirements": ["保洁", " ", "保洁"],
        "wage_min": 2200,
        "wage_max": 2800,
        "valid_until": date(2026, 12, 31),
        "by": BY,
        **more,
    }
    return vacancy.Post(**fields)  # type: ignore[arg-type]


SEEKER = Seeker("p-1", COMMUNITY_A, ("保洁",), ("保洁",), date(2026, 11, 1), 2000)


def refer(person_id: str = "p-1", by: Acting = BY) -> vacancy.Refer:
    return vacancy.Refer(
        referral_id="r-2",
        person_id=person_id,
        seeker=replace(SEEKER, person_id=person_id),
        by=by,
    )


class TestPost:
    def test_a_vacancy_is_posted_today_with_its_skills_tidied(self) -> None:
        assert vacancy.decide(post(), None) == [posted()]

    @pytest.mark.parametrize(
        ("change", "field"),
        [
            ({"openings": 0}, "openings"),
            ({"wage_min": 3000}, "wage_max"),
            ({"wage_min": -1}, "wage_min"),
            ({"valid_until": date(2026, 11, 22)}, "valid_until"),
            ({"office": DISTRICT}, "office"),
            ({"office": "12"}, "office"),
            ({"employer": " "}, "employer"),
        ],
    )
    def test_a_bad_vacancy_is_refused_naming_the_field(
        self, change: dict[str, object], field: str
    ) -> None:
        with pytest.raises(DomainError) as refused:
            vacancy.decide(post(**change), None)

        assert refused.value.field == field

    def test_a_vacancy_may_end_today(self) -> None:
        assert vacancy.decide(post(valid_until=TODAY), None) == [
            posted(valid_until=TODAY)
        ]


class TestRefer:
    def test_a_job_seeker_is_referred_with_the_reasons_they_match(self) -> None:
        events = vacancy.decide(refer(), fold([posted()]))

        assert events == [
            CandidateReferred(
                vacancy_id="v-1",
                office=COMMUNITY_A,
                referral_id="r-2",
                person_id="p-1",
                referred_on=TODAY,
                reasons=[
                    "意向对口：保洁",
                    "技能匹配：保洁",
                    "工资可接受",
                    "可按期到岗",
                    "同社区",
                ],
            )
        ]

    def test_someone_not_in_the_job_seeker_bank_is_refused(self) -> None:
        with pytest.raises(NotSeekingWork) as refused:
            vacancy.decide(
                vacancy.Refer(referral_id="r-2", person_id="p-1", seeker=None, by=BY),
                fold([posted()]),
            )

        assert refused.value.field == "person_id"

    def test_the_same_person_is_not_referred_twice_while_undecided(self) -> None:
        with pytest.raises(vacancy.AlreadyReferred) as refused:
            vacancy.decide(refer(), fold([posted(), referred()]))

        assert refused.value.field == "person_id"

    def test_someone_not_hired_may_be_referred_again(self) -> None:
        events = vacancy.decide(refer(), fold([posted(), referred(), not_hired()]))

        assert [type(e) for e in events] == [CandidateReferred]

    def test_an_expired_vacancy_takes_no_referral(self) -> None:
        with pytest.raises(vacancy.VacancyNotOpen) as refused:
            vacancy.decide(refer(by=later(39)), fold([posted()]))

        assert refused.value.field == "valid_until"

    def test_a_closed_vacancy_takes_no_referral(self) -> None:
        closed = VacancyClosed(
            vacancy_id="v-1", office=COMMUNITY_A, closed_on=TODAY, reason="用人单位撤回"
        )
        with pytest.raises(vacancy.VacancyNotOpen) as refused:
            vacancy.decide(refer(), fold([posted(), closed]))

        assert refused.value.field == "vacancy_id"

    def test_an_unknown_vacancy_is_not_found(self) -> None:
        with pytest.raises(vacancy.VacancyNotFound):
            vacancy.decide(refer(), None)


class TestInterview:
    def test_an_interview_is_recorded_for_an_undecided_referral(self) -> None:
        command = vacancy.HoldInterview(
            referral_id="r-1", held_on=TODAY, notes=" 表现良好 ", by=BY
        )

        events = vacancy.decide(command, fold([posted(), referred()]))

        assert events == [
            InterviewHeld(
                vacancy_id="v-1",
                office=COMMUNITY_A,
                referral_id="r-1",
                person_id="p-1",
                held_on=TODAY,
                notes="表现良好",
            )
        ]

    def test_an_interview_before_the_referral_is_refused(self) -> None:
        command = vacancy.HoldInterview(
            referral_id="r-1", held_on=date(2026, 11, 1), notes="", by=BY
        )

        with pytest.raises(DomainError) as refused:
            vacancy.decide(command, fold([posted(), referred()]))

        assert refused.value.field == "held_on"

    def test_a_decided_referral_takes_no_interview(self) -> None:
        command = vacancy.HoldInterview(
            referral_id="r-1", held_on=TODAY, notes="", by=BY
        )

        with pytest.raises(vacancy.ReferralDecided) as refused:
            vacancy.decide(command, fold([posted(), referred(), hired()]))

        assert refused.value.field == "referral_id"


class TestHire:
    def test_a_referred_candidate_is_hired(self) -> None:
        events = vacancy.decide(
            vacancy.Hire(referral_id="r-1", hired_on=TODAY, by=BY),
            fold([posted(), referred()]),
        )

        assert events == [hired()]

    def test_filling_the_last_opening_makes_it_full_and_records_only_the_hire(
        self,
    ) -> None:
        given = [posted(openings=1), referred()]

        events = vacancy.decide(
            vacancy.Hire(referral_id="r-1", hired_on=TODAY, by=BY), fold(given)
        )

        assert events == [hired()]
        full = fold([*given, *events])
        assert full is not None
        assert (full.filled, full.state_on(TODAY)) == (1, "full")

    def test_a_hire_into_a_full_vacancy_is_refused_naming_openings(self) -> None:
        given = [posted(openings=1), referred(), referred("r-2", "p-2"), hired()]

        with pytest.raises(vacancy.VacancyNotOpen) as refused:
            vacancy.decide(
                vacancy.Hire(referral_id="r-2", hired_on=TODAY, by=BY), fold(given)
            )

        assert refused.value.field == "openings"

    def test_a_hire_into_an_expired_vacancy_is_refused_naming_valid_until(self) -> None:
        given = [posted(valid_until=TODAY), referred()]
        tomorrow = later(1)

        with pytest.raises(vacancy.VacancyNotOpen) as refused:
            vacancy.decide(
                vacancy.Hire(referral_id="r-1", hired_on=tomorrow.today, by=tomorrow),
                fold(given),
            )

        assert refused.value.field == "valid_until"

    def test_a_referral_already_decided_is_not_hired_again(self) -> None:
        given = [posted(), referred(), not_hired()]

        with pytest.raises(vacancy.ReferralDecided) as refused:
            vacancy.decide(
                vacancy.Hire(referral_id="r-1", hired_on=TODAY, by=BY), fold(given)
            )

        assert refused.value.field == "referral_id"

    def test_an_unknown_referral_is_not_found(self) -> None:
        with pytest.raises(vacancy.ReferralNotFound) as refused:
            vacancy.decide(
                vacancy.Hire(referral_id="r-9", hired_on=TODAY, by=BY), fold([posted()])
            )

        assert refused.value.field == "referral_id"

    def test_a_hire_dated_in_the_future_is_refused(self) -> None:
        with pytest.raises(DomainError) as refused:
            vacancy.decide(
                vacancy.Hire(referral_id="r-1", hired_on=date(2026, 11, 24), by=BY),
                fold([posted(), referred()]),
            )

        assert refused.value.field == "hired_on"


class TestRejectAndClose:
    def test_a_pending_referral_is_answered_even_after_the_vacancy_closed(self) -> None:
        closed = VacancyClosed(
            vacancy_id="v-1", office=COMMUNITY_A, closed_on=TODAY, reason="用人单位撤回"
        )

        events = vacancy.decide(
            vacancy.Reject(referral_id="r-1", reason="经验不足", by=BY),
            fold([posted(), referred(), closed]),
        )

        assert events == [not_hired()]

    def test_a_vacancy_is_closed_once(self) -> None:
        given = [posted()]
        [closed] = vacancy.decide(
            vacancy.Close(reason="用人单位撤回", by=BY), fold(given)
        )

        with pytest.raises(vacancy.VacancyNotOpen):
            vacancy.decide(vacancy.Close(reason="again", by=BY), fold([*given, closed]))

    def test_the_state_follows_the_days_and_the_hires(self) -> None:
        open_one = fold([posted(valid_until=TODAY)])

        assert open_one is not None
        assert open_one.state_on(TODAY) == "open"
        assert open_one.state_on(date(2026, 11, 24)) == "expired"

"""Designation rules (创建, seed 000 篇一), given / when / then on the pure decider."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from shequ.access import Acting
from shequ.contracts import BlankField
from shequ.contracts.reporting import (
    CampaignDefined,
    Criterion,
    DesignationEvent,
    DesignationRecheckDue,
    DesignationRevoked,
    Stage,
)
from shequ.reporting.domain.designations import (
    Accept,
    AlreadyRecorded,
    Apply,
    CheckClock,
    CheckRectification,
    DateOutOfOrder,
    Decline,
    Evaluate,
    GradeNotInCampaign,
    Inspect,
    InspectionMethodsNeeded,
    Name,
    NotEligible,
    Recheck,
    RecordObjection,
    RecordStage,
    RectificationDeadlineNeeded,
    Review,
    SetGrade,
    StageNotInCampaign,
    StagesMissing,
    State,
    WrongStage,
    decide,
    evolve,
    years_after,
)
from shequ.reporting.domain.designations.campaign import CampaignInvalid, DefineCampaign
from shequ.reporting.domain.designations.campaign import decide as define
from shequ.reporting.domain.designations.standard import GREEN

COMMUNITY, DISTRICT = "441900101002", "441900000000"
NOW = datetime(2030, 6, 1, 2, 0, tzinfo=UTC)
BY = Acting("staff-1", COMMUNITY, NOW)
CAMPAIGN = CampaignDefined(
    campaign="green_community",
    office=DISTRICT,
    **{
        **GREEN,
        "stages": [Stage(**s) for s in GREEN["stages"]],
        "criteria": [Criterion(**c) for c in GREEN["criteria"]],
    },
)
STAGES = [s.code for s in CAMPAIGN.stages]


def when(state: State, command: object) -> tuple[list[DesignationEvent], State]:
    events = decide(command, state, COMMUNITY, "green_community")  # type: ignore[arg-type]
    for event in events:
        state = evolve(state, event)
    return events, state


def given(*commands: object) -> State:
    state: State = None
    for command in commands:
        _, state = when(state, command)
    return state


def stages(until: int = 4, start: date = date(2026, 3, 1)) -> list[RecordStage]:
    return [
        RecordStage(
            campaign=CAMPAIGN,
            stage=code,
            on=start + timedelta(days=30 * i),
            note="",
            by=BY,
        )
        for i, code in enumerate(STAGES[:until])
    ]


def applied(households: int = 620, residents: int = 1800) -> list[object]:
    return [
        *stages(),
        Apply(
            campaign=CAMPAIGN,
            on=date(2026, 7, 1),
            households=households,
            residents=residents,
            note="",
            by=BY,
        ),
    ]


def accepted() -> list[object]:
    return [
        *applied(),
        Review(
            on=date(2026, 7, 10), approved=True, note="镇创建领导小组审核通过", by=BY
        ),
        Accept(on=date(2026, 7, 20), notice_until=date(2026, 7, 30), by=BY),
    ]


def named() -> list[object]:
    return [
        *accepted(),
        Inspect(
            on=date(2026, 8, 5),
            methods=("site_visit", "archive_check"),
            score=91.5,
            passed=True,
            note="",
            by=BY,
        ),
        Name(campaign=CAMPAIGN, on=date(2026, 9, 1), by=BY),
    ]


class TestPreparation:
    def test_stages_are_recorded_in_the_campaigns_order(self) -> None:
        state = given(*stages(2))

        assert state is not None
        assert list(state.stages) == ["organisation", "publicity"]

    def test_a_stage_cannot_come_before_the_ones_ahead_of_it(self) -> None:
        with pytest.raises(StagesMissing) as refused:
            given(stages(3)[2])
        assert refused.value.field == "stage"

    def test_a_stage_is_recorded_once(self) -> None:
        with pytest.raises(AlreadyRecorded):
            given(*stages(1), stages(1)[0])

    def test_a_stage_the_campaign_does_not_have_is_refused(self) -> None:
        with pytest.raises(StageNotInCampaign):
            given(replace(stages(1)[0], stage="fireworks"))

    def test_no_step_is_dated_before_the_last_or_in_the_future(self) -> None:
        first, second = stages(2)
        with pytest.raises(DateOutOfOrder):
            given(first, replace(second, on=first.on - timedelta(days=1)))
        with pytest.raises(DateOutOfOrder):
            given(replace(first, on=date(2030, 6, 2)))


class TestApplication:
    def test_the_office_applies_once_every_stage_is_done(self) -> None:
        state = given(*applied())

        assert state is not None
        assert (state.status, state.households, state.residents) == (
            "applied",
            620,
            1800,
        )

    def test_an_application_before_the_self_check_is_refused(self) -> None:
        with pytest.raises(StagesMissing):
            given(*stages(3), applied()[-1])

    @pytest.mark.parametrize(
        ("households", "residents", "eligible"),
        [(500, 0, True), (0, 1500, True), (499, 1499, False)],
    )
    def test_households_or_residents_make_an_office_eligible(
        self, households: int, residents: int, eligible: bool
    ) -> None:
        if eligible:
            assert given(*applied(households, residents)) is not None
        else:
            with pytest.raises(NotEligible) as refused:
                given(*applied(households, residents))
            assert "499" in str(refused.value.args) or refused.value.field == "office"

    def test_a_street_that_sends_it_back_says_why_and_the_office_prepares_again(
        self,
    ) -> None:
        with pytest.raises(BlankField):
            given(
                *applied(),
                Review(on=date(2026, 7, 10), approved=False, note=" ", by=BY),
            )
        state = given(
            *applied(),
            Review(on=date(2026, 7, 10), approved=False, note="材料不全", by=BY),
        )
        assert state is not None
        assert state.status == "preparing"


class TestNoticeAndInspection:
    def test_objections_are_taken_only_during_the_public_notice(self) -> None:
        during = RecordObjection(
            on=date(2026, 7, 25), objection="垃圾分类未落实", by=BY
        )
        state = given(*accepted(), during)
        assert state is not None
        assert state.objections == 1
        with pytest.raises(DateOutOfOrder):
            given(*accepted(), replace(during, on=date(2026, 7, 31)))

    def test_the_inspection_comes_after_the_notice_and_names_its_method(self) -> None:
        inspect = named()[-2]
        assert isinstance(inspect, Inspect)
        with pytest.raises(DateOutOfOrder):
            given(*accepted(), replace(inspect, on=date(2026, 7, 30)))
        with pytest.raises(InspectionMethodsNeeded):
            given(*accepted(), replace(inspect, methods=()))

    def test_a_failed_inspection_is_not_named(self) -> None:
        inspect = named()[-2]
        assert isinstance(inspect, Inspect)
        state = given(*accepted(), replace(inspect, passed=False, score=58))
        assert state is not None
        assert state.status == "preparing"
        with pytest.raises(WrongStage):
            given(*accepted(), replace(inspect, passed=False), named()[-1])

    def test_the_district_may_decline_with_a_reason(self) -> None:
        state = given(
            *applied(),
            Review(on=date(2026, 7, 10), approved=True, note="", by=BY),
            Decline(on=date(2026, 7, 20), reason="未达到申报条件", by=BY),
        )
        assert state is not None
        assert state.status == "preparing"

    def test_naming_sets_the_recheck_three_years_on(self) -> None:
        state = given(*named())
        assert state is not None
        assert (state.status, state.recheck_due) == ("named", date(2029, 9, 1))


class TestLongTerm:
    def test_the_clock_marks_a_recheck_due_once(self) -> None:
        state = given(*named())
        events, state = when(state, CheckClock(today=date(2029, 9, 1), by=BY))
        again, _ = when(state, CheckClock(today=date(2029, 9, 2), by=BY))

        assert [e for e in events if isinstance(e, DesignationRecheckDue)] == [
            DesignationRecheckDue(
                office=COMMUNITY, campaign="green_community", due_on=date(2029, 9, 1)
            )
        ]
        assert [e for e in again if isinstance(e, DesignationRecheckDue)] == []

    def test_a_years_evaluation_comes_due_on_the_namings_anniversary(self) -> None:
        state = given(*named())
        before, _ = when(state, CheckClock(today=date(2027, 8, 31), by=BY))
        due, state = when(state, CheckClock(today=date(2027, 9, 1), by=BY))
        assert before == []
        assert [e.type for e in due] == ["DesignationEvaluationDue"]
        evaluate = Evaluate(
            year=2027, on=date(2027, 9, 10), passed=True, score=88, note="", by=BY
        )
        _, state = when(state, evaluate)
        with pytest.raises(AlreadyRecorded):
            when(state, evaluate)

    def test_a_failed_recheck_needs_a_deadline_and_opens_a_rectification(self) -> None:
        failed = Recheck(
            campaign=CAMPAIGN,
            on=date(2029, 9, 15),
            passed=False,
            score=62,
            note="",
            rectify_by=None,
            by=BY,
        )
        with pytest.raises(RectificationDeadlineNeeded):
            given(*named(), failed)
        state = given(*named(), replace(failed, rectify_by=date(2029, 12, 15)))
        assert state is not None
        assert (state.status, state.rectify_by) == ("rectifying", date(2029, 12, 15))

    def test_the_deadline_passing_unmet_revokes_the_title(self) -> None:
        state = given(
            *named(),
            Recheck(
                campaign=CAMPAIGN,
                on=date(2029, 9, 15),
                passed=False,
                score=62,
                note="",
                rectify_by=date(2029, 12, 15),
                by=BY,
            ),
        )
        on_the_day, _ = when(state, CheckClock(today=date(2029, 12, 15), by=BY))
        after, state = when(state, CheckClock(today=date(2029, 12, 16), by=BY))

        assert on_the_day == []
        assert after == [
            DesignationRevoked(
                office=COMMUNITY,
                campaign="green_community",
                on=date(2029, 12, 16),
                reason="deadline_passed",
            )
        ]
        assert state is not None
        assert state.status == "revoked"

    def test_a_failed_rectification_revokes_and_a_passed_one_restores(self) -> None:
        rectifying = [
            *named(),
            Recheck(
                campaign=CAMPAIGN,
                on=date(2029, 9, 15),
                passed=False,
                score=62,
                note="",
                rectify_by=date(2029, 12, 15),
                by=BY,
            ),
        ]
        check = CheckRectification(
            campaign=CAMPAIGN, on=date(2029, 12, 1), passed=False, note="", by=BY
        )
        events, _state = when(given(*rectifying), check)
        assert [e.type for e in events] == [
            "DesignationRectificationChecked",
            "DesignationRevoked",
        ]
        restored = given(*rectifying, replace(check, passed=True))
        assert restored is not None
        assert (restored.status, restored.recheck_due) == ("named", date(2032, 12, 1))


def test_a_grade_is_one_the_campaign_gives() -> None:
    graded = CAMPAIGN.model_copy(update={"grades": ["保无毒", "创无毒", "创达标"]})
    events, state = when(
        None, SetGrade(campaign=graded, year=2026, grade="创无毒", by=BY)
    )
    assert state is not None
    assert state.grades == {2026: "创无毒"}
    again, _ = when(state, SetGrade(campaign=graded, year=2026, grade="创无毒", by=BY))
    assert (len(events), again) == (1, [])
    with pytest.raises(GradeNotInCampaign):
        when(None, SetGrade(campaign=graded, year=2026, grade="优秀", by=BY))


def test_years_after_keeps_the_day_or_takes_28_february() -> None:
    assert years_after(date(2028, 2, 29), 3) == date(2031, 2, 28)
    assert years_after(date(2026, 9, 1), 3) == date(2029, 9, 1)


class TestCampaign:
    def define(self, **changes: object) -> DefineCampaign:
        fields: dict[str, object] = {
            "campaign": "drug_free_community",
            "office": DISTRICT,
            "name": "无毒社区",
            "stages": (),
            "min_households": None,
            "min_residents": None,
            "criteria": (
                Criterion(metric="rehab_relapses", comparison="at_most", threshold=0),
            ),
            "pass_rate": 0.95,
            "grades": ("保无毒", "创无毒", "创达标"),
            "recheck_years": 1,
            "by": BY,
        }
        return DefineCampaign(**{**fields, **changes})  # type: ignore[arg-type]

    def test_a_campaign_is_data_and_defining_it_again_unchanged_records_nothing(
        self,
    ) -> None:
        [event] = define(self.define(), None)
        assert define(self.define(), event) == []

    @pytest.mark.parametrize(
        ("changes", "field"),
        [
            ({"campaign": "Drug Free"}, "campaign"),
            ({"office": COMMUNITY}, "office"),
            (
                {
                    "criteria": (
                        Criterion(metric="x", comparison="at_least", threshold=1),
                    )
                },
                "criteria.0.metric",
            ),
            (
                {
                    "criteria": (
                        Criterion(
                            metric="employment_rate",
                            comparison="at_least",
                            threshold=96,
                        ),
                    )
                },
                "criteria.0.threshold",
            ),
            ({"pass_rate": 95.0}, "pass_rate"),
            ({"grades": ("保无毒", "保无毒")}, "grades"),
            ({"recheck_years": 0}, "recheck_years"),
            (
                {"stages": (Stage(code="a1", name="x"), Stage(code="a1", name="y"))},
                "stages.1.code",
            ),
        ],
    )
    def test_what_cannot_be_a_campaign_is_refused_naming_the_field(
        self, changes: dict[str, object], field: str
    ) -> None:
        with pytest.raises(CampaignInvalid) as refused:
            define(self.define(**changes), None)
        assert refused.value.field == field

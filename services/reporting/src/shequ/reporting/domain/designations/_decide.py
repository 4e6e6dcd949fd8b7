"""The rules of a designation (创建), from seed 000 篇一. Pure.

Preparation stages in the campaign's order, each dated, none twice; the application
once every stage is done and the office is large enough (households *or* residents,
as 篇一 reads); the street's review, the district's acceptance with a public notice,
objections only during the notice, the inspection only after it, the naming after a
passed inspection. A named office is evaluated once a year and re-checked every
``recheck_years``; a failed re-check opens a rectification with a deadline, and a
failed rectification — or its deadline passing unmet — revokes the title. No step
is dated in the future or before the step it follows.
"""

from __future__ import annotations

from datetime import date
from typing import assert_never

from shequ.access import china_date
from shequ.contracts import require_text
from shequ.contracts.messages import N_
from shequ.contracts.reporting import (
    DESIGNATION_STATUS_LABELS,
    CampaignDefined,
    DesignationAccepted,
    DesignationApplied,
    DesignationEvaluated,
    DesignationEvaluationDue,
    DesignationEvent,
    DesignationGradeSet,
    DesignationInspected,
    DesignationNamed,
    DesignationNotAccepted,
    DesignationObjectionRecorded,
    DesignationRecheckDue,
    DesignationRechecked,
    DesignationRectificationChecked,
    DesignationReviewed,
    DesignationRevoked,
    DesignationStageRecorded,
    DesignationStatus,
)
from shequ.reporting.domain.designations._commands import (
    Accept,
    AlreadyRecorded,
    Apply,
    CheckClock,
    CheckRectification,
    Command,
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
    WrongStage,
)
from shequ.reporting.domain.designations._state import Designation, State
from shequ.reporting.domain.workplan import check_year


def years_after(day: date, years: int) -> date:
    """The same day ``years`` later (28 February for a 29th in a common year)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def decide(  # noqa: PLR0911, PLR0912 - one line per command
    command: Command, state: State, office: str, campaign: str
) -> list[DesignationEvent]:
    """``state`` of the designation of ``office`` in ``campaign`` (None before any)."""
    current = state or Designation(office=office, campaign=campaign)
    match command:
        case RecordStage():
            return [_stage(command, current)]
        case Apply():
            return [_apply(command, current)]
        case Review():
            return [_review(command, current)]
        case Accept():
            return [_accept(command, current)]
        case Decline():
            return [_decline(command, current)]
        case RecordObjection():
            return [_objection(command, current)]
        case Inspect():
            return [_inspect(command, current)]
        case Name():
            return [_name(command, current)]
        case SetGrade():
            return _grade(command, current)
        case Evaluate():
            return [_evaluate(command, current)]
        case Recheck():
            return [_recheck(command, current)]
        case CheckRectification():
            return _rectification(command, current)
        case CheckClock():
            return _clock(command, current)
        case _:
            assert_never(command)


def _in(state: Designation, *statuses: DesignationStatus) -> None:
    if state.status not in statuses:
        raise WrongStage(
            N_("the designation is {status}"),
            field="campaign",
            status=DESIGNATION_STATUS_LABELS[state.status],
        )


def _dated(state: Designation, on: date, today: date, field: str = "on") -> None:
    """Refuse a day in the future, or before the last step recorded."""
    if on > today:
        raise DateOutOfOrder(
            N_("{day} is in the future (today is {today})"),
            field=field,
            day=on,
            today=today,
        )
    if state.last_on is not None and on < state.last_on:
        raise DateOutOfOrder(
            N_("{day} is before the last step, on {earliest}"),
            field=field,
            day=on,
            earliest=state.last_on,
        )


def _stage(command: RecordStage, state: Designation) -> DesignationEvent:
    _in(state, "preparing")
    codes = [s.code for s in command.campaign.stages]
    if command.stage not in codes:
        raise StageNotInCampaign(
            N_("{campaign} has no stage {stage}"),
            field="stage",
            campaign=command.campaign.name,
            stage=command.stage,
        )
    if command.stage in state.stages:
        raise AlreadyRecorded(
            N_("this stage was recorded on {day}"),
            field="stage",
            day=state.stages[command.stage],
        )
    _check_done(command.campaign, state, codes[: codes.index(command.stage)])
    _dated(state, command.on, china_date(command.by.now))
    return DesignationStageRecorded(
        office=state.office,
        campaign=state.campaign,
        stage=command.stage,
        on=command.on,
        note=command.note.strip(),
    )


def _check_done(
    campaign: CampaignDefined, state: Designation, codes: list[str]
) -> None:
    missing = [
        s.name
        for s in campaign.stages
        if s.code in codes and s.code not in state.stages
    ]
    if missing:
        raise StagesMissing(
            N_("first record: {stages}"), field="stage", stages="、".join(missing)
        )


def _apply(command: Apply, state: Designation) -> DesignationEvent:
    _in(state, "preparing")
    campaign = command.campaign
    _check_done(campaign, state, [s.code for s in campaign.stages])
    _dated(state, command.on, china_date(command.by.now))
    if not eligible(campaign, command.households, command.residents):
        raise NotEligible(
            N_(
                "{campaign} asks for at least {households} households or {residents}"
                " residents; the office has {has_households} and {has_residents}"
            ),
            field="office",
            campaign=campaign.name,
            households=campaign.min_households
            if campaign.min_households is not None
            else "-",
            residents=campaign.min_residents
            if campaign.min_residents is not None
            else "-",
            has_households=command.households,
            has_residents=command.residents,
        )
    return DesignationApplied(
        office=state.office,
        campaign=state.campaign,
        on=command.on,
        households=command.households,
        residents=command.residents,
        note=command.note.strip(),
    )


def eligible(campaign: CampaignDefined, households: int, residents: int) -> bool:
    """At least the floor of households or of residents (either is enough)."""
    floors = [
        (campaign.min_households, households),
        (campaign.min_residents, residents),
    ]
    set_floors = [(floor, has) for floor, has in floors if floor is not None]
    return not set_floors or any(has >= floor for floor, has in set_floors)


def _review(command: Review, state: Designation) -> DesignationEvent:
    _in(state, "applied")
    _dated(state, command.on, china_date(command.by.now))
    note = command.note.strip()
    if not command.approved:
        note = require_text(note, "note", N_("why the application goes back"))
    return DesignationReviewed(
        office=state.office,
        campaign=state.campaign,
        on=command.on,
        approved=command.approved,
        note=note,
    )


def _accept(command: Accept, state: Designation) -> DesignationEvent:
    _in(state, "reviewed")
    _dated(state, command.on, china_date(command.by.now))
    if command.notice_until < command.on:
        raise DateOutOfOrder(
            N_("the public notice ends on or after {day}"),
            field="notice_until",
            day=command.on,
        )
    return DesignationAccepted(
        office=state.office,
        campaign=state.campaign,
        on=command.on,
        notice_until=command.notice_until,
    )


def _decline(command: Decline, state: Designation) -> DesignationEvent:
    _in(state, "reviewed")
    _dated(state, command.on, china_date(command.by.now))
    return DesignationNotAccepted(
        office=state.office,
        campaign=state.campaign,
        on=command.on,
        reason=require_text(command.reason, "reason", N_("the reason")),
    )


def _objection(command: RecordObjection, state: Designation) -> DesignationEvent:
    _in(state, "accepted")
    _dated(state, command.on, china_date(command.by.now))
    assert state.notice_until is not None  # accepted: the notice's end is set
    if command.on > state.notice_until:
        raise DateOutOfOrder(
            N_("the public notice ended on {day}"), field="on", day=state.notice_until
        )
    return DesignationObjectionRecorded(
        office=state.office,
        campaign=state.campaign,
        on=command.on,
        objection=require_text(command.objection, "objection", N_("the objection")),
    )


def _inspect(command: Inspect, state: Designation) -> DesignationEvent:
    _in(state, "accepted")
    _dated(state, command.on, china_date(command.by.now))
    assert state.notice_until is not None
    if command.on <= state.notice_until:
        raise DateOutOfOrder(
            N_("the inspection comes after the public notice, which ends on {day}"),
            field="on",
            day=state.notice_until,
        )
    if not command.methods:
        raise InspectionMethodsNeeded(
            N_(
                "name how it was inspected: site visit, archive check, questionnaire"
                " or forum"
            ),
            field="methods",
        )
    return DesignationInspected(
        office=state.office,
        campaign=state.campaign,
        on=command.on,
        methods=sorted(set(command.methods)),
        score=command.score,
        passed=command.passed,
        note=command.note.strip(),
    )


def _name(command: Name, state: Designation) -> DesignationEvent:
    _in(state, "inspected")
    _dated(state, command.on, china_date(command.by.now))
    return DesignationNamed(
        office=state.office,
        campaign=state.campaign,
        on=command.on,
        recheck_due=years_after(command.on, command.campaign.recheck_years),
    )


def _grade(command: SetGrade, state: Designation) -> list[DesignationEvent]:
    check_year(command.year)
    grade = command.grade.strip()
    if grade not in command.campaign.grades:
        raise GradeNotInCampaign(
            N_("{campaign} grades a year as one of: {grades}"),
            field="grade",
            campaign=command.campaign.name,
            grades="、".join(command.campaign.grades) or "-",
        )
    if state.grades.get(command.year) == grade:
        return []
    return [
        DesignationGradeSet(
            office=state.office, campaign=state.campaign, year=command.year, grade=grade
        )
    ]


def _evaluate(command: Evaluate, state: Designation) -> DesignationEvent:
    _in(state, "named")
    check_year(command.year)
    _dated(state, command.on, china_date(command.by.now))
    if command.year in state.evaluated:
        raise AlreadyRecorded(
            N_("the evaluation of {year} is recorded"), field="year", year=command.year
        )
    return DesignationEvaluated(
        office=state.office,
        campaign=state.campaign,
        year=command.year,
        on=command.on,
        passed=command.passed,
        score=command.score,
        note=command.note.strip(),
    )


def _recheck(command: Recheck, state: Designation) -> DesignationEvent:
    _in(state, "named")
    _dated(state, command.on, china_date(command.by.now))
    rectify_by = None
    if not command.passed:
        if command.rectify_by is None or command.rectify_by <= command.on:
            raise RectificationDeadlineNeeded(
                N_("a failed re-check sets a rectification deadline after {day}"),
                field="rectify_by",
                day=command.on,
            )
        rectify_by = command.rectify_by
    years = command.campaign.recheck_years
    return DesignationRechecked(
        office=state.office,
        campaign=state.campaign,
        on=command.on,
        passed=command.passed,
        score=command.score,
        note=command.note.strip(),
        recheck_due=years_after(command.on, years) if command.passed else None,
        rectify_by=rectify_by,
    )


def _rectification(
    command: CheckRectification, state: Designation
) -> list[DesignationEvent]:
    _in(state, "rectifying")
    _dated(state, command.on, china_date(command.by.now))
    assert state.rectify_by is not None
    if command.on > state.rectify_by:
        raise DateOutOfOrder(
            N_("the rectification was due by {day}"), field="on", day=state.rectify_by
        )
    years = command.campaign.recheck_years
    checked = DesignationRectificationChecked(
        office=state.office,
        campaign=state.campaign,
        on=command.on,
        passed=command.passed,
        note=command.note.strip(),
        recheck_due=years_after(command.on, years) if command.passed else None,
    )
    if command.passed:
        return [checked]
    revoked = DesignationRevoked(
        office=state.office,
        campaign=state.campaign,
        on=command.on,
        reason="rectification_failed",
    )
    return [checked, revoked]


def _clock(command: CheckClock, state: Designation) -> list[DesignationEvent]:
    """A re-check due, a year's evaluation due, a rectification's deadline passed."""
    today = command.today
    if state.status == "rectifying":
        assert state.rectify_by is not None
        if today > state.rectify_by:
            return [
                DesignationRevoked(
                    office=state.office,
                    campaign=state.campaign,
                    on=today,
                    reason="deadline_passed",
                )
            ]
        return []
    if state.status != "named":
        return []
    due: list[DesignationEvent] = []
    if (
        state.recheck_due is not None
        and today >= state.recheck_due
        and state.recheck_marked != state.recheck_due
    ):
        due.append(
            DesignationRecheckDue(
                office=state.office, campaign=state.campaign, due_on=state.recheck_due
            )
        )
    year = _evaluation_year(state, today)
    if year is not None:
        due.append(
            DesignationEvaluationDue(
                office=state.office, campaign=state.campaign, year=year
            )
        )
    return due


def _evaluation_year(state: Designation, today: date) -> int | None:
    """The year whose evaluation came due (on the naming's anniversary), if unmarked.

    Only the last year begun is looked at: an earlier one not evaluated was marked
    when it came due, or the title was not held then.
    """
    assert state.named_on is not None
    anniversary = years_after(state.named_on, today.year - state.named_on.year)
    year = today.year if anniversary <= today else today.year - 1
    if year <= state.named_on.year:
        return None
    if year in state.evaluated or year in state.evaluation_marked:
        return None
    return year

"""Employment difficulty (就业困难人员认定): one open case, in one category, at a time.

Identifying an open case again in its own category records nothing (a repeated form
changes nothing); in another category it is refused, so a case's category and date
always describe one identification: resolve the case, then identify anew.
"""

from __future__ import annotations

from shequ.contracts import Conflict, DomainError
from shequ.contracts.employment import (
    DIFFICULTY_CATEGORY_LABELS,
    AssistanceEvent,
    EmploymentDifficultyIdentified,
    EmploymentDifficultyResolved,
)
from shequ.contracts.messages import N_
from shequ.employment.domain.assistance._commands import Identify, Resolve
from shequ.employment.domain.assistance._state import Assistance
from shequ.employment.domain.common import not_after_today, require_text


class DifficultyAlreadyIdentified(Conflict):
    code = "difficulty-already-identified"
    title = N_("Already identified")


class NoOpenDifficulty(DomainError):
    code = "no-open-difficulty"
    title = N_("No open employment-difficulty case")


class DateOutOfOrder(DomainError):
    code = "date-out-of-order"
    title = N_("Dates out of order")


def identify(command: Identify, record: Assistance) -> list[AssistanceEvent]:
    on = not_after_today(command.identified_on, command.by, "identified_on")
    if (case := record.open_case) is not None:
        if case.category == command.category:
            return []
        raise DifficultyAlreadyIdentified(
            N_(
                "already identified as {category} since {identified_on}: resolve"
                " that case before identifying another category"
            ),
            field="category",
            category=DIFFICULTY_CATEGORY_LABELS[case.category],
            identified_on=case.identified_on,
        )
    last = record.cases[-1] if record.cases else None
    if last is not None and last.resolved_on is not None and on < last.resolved_on:
        raise DateOutOfOrder(
            N_("the last case was resolved on {resolved_on}"),
            field="identified_on",
            resolved_on=last.resolved_on,
        )
    return [
        EmploymentDifficultyIdentified(
            person_id=command.person_id,
            office=command.office,
            category=command.category,
            identified_on=on,
            notes=command.notes.strip(),
        )
    ]


def resolve(command: Resolve, record: Assistance) -> EmploymentDifficultyResolved:
    case = record.open_case
    if case is None:
        raise NoOpenDifficulty(N_("the person has no open employment-difficulty case"))
    on = not_after_today(command.resolved_on, command.by, "resolved_on")
    if on < case.identified_on:
        raise DateOutOfOrder(
            N_("the case was identified on {identified_on}"),
            field="resolved_on",
            identified_on=case.identified_on,
        )
    return EmploymentDifficultyResolved(
        person_id=command.person_id,
        office=command.office,
        resolved_on=on,
        reason=require_text(command.reason, "reason", N_("the reason")),
    )

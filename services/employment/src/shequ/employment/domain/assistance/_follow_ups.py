"""Follow-ups (跟踪服务): visits and calls planned, made, cancelled, handed on.

A follow-up is due today or later when planned, and assigned to a staff member (the
one planning it unless another is named); the person's office may reassign it (after
a hand-over it arrives assigned to the old office's staff). A contact (走访, 电话排查)
may name an open follow-up, which it completes; naming one that is unknown or closed
is refused.
"""

from __future__ import annotations

from shequ.contracts import Conflict, DomainError, NotFound
from shequ.contracts.employment import (
    AssistanceEvent,
    ContactRecorded,
    FollowUpCancelled,
    FollowUpReassigned,
    FollowUpScheduled,
    FollowUpsHandedOver,
)
from shequ.contracts.messages import N_
from shequ.employment.domain.assistance._commands import (
    CancelFollowUp,
    HandOverFollowUps,
    ReassignFollowUp,
    RecordContact,
    ScheduleFollowUp,
)
from shequ.employment.domain.assistance._state import (
    FOLLOW_UP_STATE_LABELS,
    Assistance,
    FollowUp,
    State,
)
from shequ.employment.domain.common import not_after_today, require_text


class DueInThePast(DomainError):
    code = "due-in-the-past"
    title = N_("Due date in the past")


class DuplicateId(Conflict):
    code = "duplicate-id"
    title = N_("Id already used")


class FollowUpNotFound(NotFound):
    code = "follow-up-not-found"
    title = N_("Follow-up not found")

    def __init__(self, follow_up_id: str) -> None:
        super().__init__(
            N_("no follow-up {follow_up_id}"),
            field="follow_up_id",
            follow_up_id=follow_up_id,
        )


class FollowUpClosed(DomainError):
    code = "follow-up-closed"
    title = N_("Follow-up closed")


def schedule(command: ScheduleFollowUp, record: Assistance) -> FollowUpScheduled:
    if command.due_on < command.by.today:
        raise DueInThePast(
            N_("a follow-up is due today ({today}) or later"),
            field="due_on",
            today=command.by.today,
        )
    if record.follow_up(command.follow_up_id) is not None:
        raise DuplicateId(
            N_("{id} exists"), field="follow_up_id", id=command.follow_up_id
        )
    assigned = (command.assigned_to or "").strip() or command.by.staff_id
    return FollowUpScheduled(
        person_id=command.person_id,
        office=command.office,
        follow_up_id=command.follow_up_id,
        kind=command.kind,
        due_on=command.due_on,
        assigned_to=assigned,
        purpose=require_text(command.purpose, "purpose", N_("the purpose")),
        source=command.source,
    )


def contact(command: RecordContact, record: Assistance) -> ContactRecorded:
    on = not_after_today(command.contacted_on, command.by, "contacted_on")
    findings = require_text(command.findings, "findings", N_("what was found"))
    follow_up_id = (command.follow_up_id or "").strip() or None
    if follow_up_id is not None:
        _open(record, follow_up_id)
    return ContactRecorded(
        person_id=command.person_id,
        office=command.office,
        follow_up_id=follow_up_id,
        kind=command.kind,
        contacted_on=on,
        contacted_by=command.by.staff_id,
        findings=findings,
    )


def cancel(command: CancelFollowUp, record: Assistance) -> FollowUpCancelled:
    _open(record, command.follow_up_id)
    return FollowUpCancelled(
        person_id=command.person_id,
        office=command.office,
        follow_up_id=command.follow_up_id,
        reason=require_text(command.reason, "reason", N_("the reason")),
    )


def reassign(command: ReassignFollowUp, record: Assistance) -> list[AssistanceEvent]:
    """The follow-up is now for ``assigned_to``: the office's own staff decide who."""
    follow_up = _open(record, command.follow_up_id)
    assigned = (command.assigned_to or "").strip() or command.by.staff_id
    if assigned == follow_up.assigned_to:
        return []
    return [
        FollowUpReassigned(
            person_id=command.person_id,
            office=command.office,
            follow_up_id=command.follow_up_id,
            assigned_to=assigned,
            previously=follow_up.assigned_to,
        )
    ]


def hand_over(command: HandOverFollowUps, state: State) -> list[AssistanceEvent]:
    """The open follow-ups go to the person's new office; nothing else moves."""
    if state is None or state.office == command.to_office:
        return []
    open_ids = [f.follow_up_id for f in state.open_follow_ups]
    if not open_ids:
        return []
    return [
        FollowUpsHandedOver(
            person_id=state.person_id,
            from_office=state.office,
            to_office=command.to_office,
            follow_up_ids=open_ids,
        )
    ]


def _open(record: Assistance, follow_up_id: str) -> FollowUp:
    found = record.follow_up(follow_up_id)
    if found is None:
        raise FollowUpNotFound(follow_up_id)
    if found.state != "open":
        raise FollowUpClosed(
            N_("follow-up {follow_up_id} is {state} already"),
            field="follow_up_id",
            follow_up_id=follow_up_id,
            state=FOLLOW_UP_STATE_LABELS[found.state],
        )
    return found

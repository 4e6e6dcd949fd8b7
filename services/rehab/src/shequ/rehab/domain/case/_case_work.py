"""The rules of social work on a case (seed 002 (3)). Pure.

A note, a peer counsellor and a referral to employment are recorded on an open case,
dated between the decision and today. A client is never their own peer counsellor,
nor is the same counsellor assigned twice in a row; one referral a day is enough.
The referral's note is for employment's staff: it must be there, and say nothing of
rehab (the worker writes it; the form says so).
"""

from __future__ import annotations

from datetime import date

from shequ.access import Acting
from shequ.contracts import DomainError, require_text
from shequ.contracts.messages import N_
from shequ.contracts.rehab import (
    CaseWorkNoteRecorded,
    ClientReferredForWork,
    PeerCounsellorAssigned,
    RehabCaseEvent,
)
from shequ.rehab.domain.case._case_work_commands import (
    AssignPeerCounsellor,
    RecordCaseNote,
    ReferForWork,
)
from shequ.rehab.domain.case._commands import AlreadyDone, DateOutOfOrder
from shequ.rehab.domain.case._state import Case


class OwnCounsellor(DomainError):
    code = "rehab-own-counsellor"
    title = N_("A client is not their own peer counsellor")


def _since_decision(case: Case, day: date, by: Acting, field: str) -> date:
    if not case.decided_on <= day <= by.today:
        raise DateOutOfOrder(
            N_("the date falls between the decision ({decided_on}) and today"),
            field=field,
            decided_on=case.decided_on,
        )
    return day


def note(command: RecordCaseNote, case: Case) -> list[RehabCaseEvent]:
    """A case-work note (个案记录)."""
    day = _since_decision(case, command.noted_on, command.by, "noted_on")
    content = require_text(command.content, "content", N_("what the case work found"))
    return [
        CaseWorkNoteRecorded(
            person_id=case.person_id,
            office=case.office,
            kind=command.kind,
            noted_on=day,
            content=content,
        )
    ]


def peer_counsellor(command: AssignPeerCounsellor, case: Case) -> list[RehabCaseEvent]:
    """A peer counsellor (朋辈辅导员) for the client: another person, not the same."""
    counsellor = require_text(
        command.counsellor_id, "counsellor_id", N_("the peer counsellor")
    )
    if counsellor == case.person_id:
        raise OwnCounsellor(
            N_("the client cannot be their own peer counsellor"), field="counsellor_id"
        )
    if counsellor == case.peer_counsellor:
        raise AlreadyDone(
            N_("this peer counsellor is already assigned"), field="counsellor_id"
        )
    day = _since_decision(case, command.assigned_on, command.by, "assigned_on")
    return [
        PeerCounsellorAssigned(
            person_id=case.person_id,
            office=case.office,
            counsellor_id=counsellor,
            assigned_on=day,
        )
    ]


def refer_for_work(command: ReferForWork, case: Case) -> list[RehabCaseEvent]:
    """The client is referred to the employment service, with a neutral note."""
    day = _since_decision(case, command.referred_on, command.by, "referred_on")
    if day in case.work_referrals:
        raise AlreadyDone(
            N_("the client was already referred for work on {referred_on}"),
            field="referred_on",
            referred_on=day,
        )
    note_text = require_text(
        command.note, "note", N_("a note for the employment staff")
    )
    return [
        ClientReferredForWork(
            person_id=case.person_id,
            office=case.office,
            referred_on=day,
            note=note_text,
        )
    ]

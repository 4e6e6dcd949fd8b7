"""A case as a reader sees it: the state its rules fold, and each event's facts."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from fastapi import Response
from pydantic import BaseModel, Field

from shequ.rehab.api._access import Loaded
from shequ.service import Runtime
from shequ.service.people import find_person, office_names
from shequ.webapi import set_etag


class Fact(BaseModel):
    """One event of the case, as recorded (personal details opened)."""

    version: int
    type: str
    recorded_at: datetime
    actor: str | None
    office: str | None
    facts: dict[str, Any]


class CaseView(BaseModel):
    case_id: str
    person_id: str
    name: str | None = Field(description="the person's name, from the registry")
    office: str
    office_name: str | None
    kind: str
    decided_on: date
    report_by: date
    term_months: int
    reported_on: date | None
    term_ends_on: date | None
    report_missed: bool
    agreement_signed: bool
    responsible_worker: str | None
    police_officer: str | None
    tested_on: list[date]
    missed_periods: list[date]
    refusals: int
    absences: int
    absent_days: int
    serious: list[str]
    serious_reported: list[str] = Field(
        description="serious violations reported to the police (已报告公安机关)"
    )
    evaluations_due: int = Field(description="evaluation days the timer recorded")
    term_ended: bool = Field(description="the timer recorded the term's end")
    warnings: int
    evaluations: int
    outcome: str | None
    closed_on: date | None
    notes: int = Field(description="case-work notes (个案记录) recorded")
    peer_counsellor: str | None = Field(description="person id (朋辈辅导员)")
    peer_counsellor_name: str | None
    work_referrals: list[date] = Field(description="days referred to employment")
    history: list[Fact]
    version: int


CASE_FIELDS = sorted(CaseView.model_fields)
"""What a read of a whole case shows: recorded in its ``RehabCaseRead``."""


async def case_view(rt: Runtime, found: Loaded, response: Response) -> CaseView:
    """The case ``found`` as a reader sees it, its version as the ``ETag``."""
    s = found.state
    set_etag(response, found.head.version)
    person = await find_person(rt.pool, s.person_id)
    names = await office_names(rt.pool, [s.office])
    peer = (
        None
        if s.peer_counsellor is None
        else await find_person(rt.pool, s.peer_counsellor)
    )
    history = [
        Fact(
            version=env.version,
            type=env.event_type,
            recorded_at=env.recorded_at,
            actor=env.actor,
            office=env.office,
            facts=event.model_dump(mode="json", exclude={"type", "person_id"}),
        )
        for env, event in zip(found.envelopes, found.events, strict=True)
    ]
    return CaseView(
        case_id=found.case_id,
        person_id=s.person_id,
        name=None if person is None else person.name,
        office=s.office,
        office_name=names.get(s.office),
        kind=s.kind,
        decided_on=s.decided_on,
        report_by=s.report_by,
        term_months=s.term_months,
        reported_on=s.reported_on,
        term_ends_on=s.term_ends_on,
        report_missed=s.report_missed,
        agreement_signed=s.agreement_signed,
        responsible_worker=s.responsible_worker,
        police_officer=s.police_officer,
        tested_on=sorted(s.tested_on),
        missed_periods=sorted(s.missed_periods),
        refusals=s.refusals,
        absences=s.absences,
        absent_days=s.absent_days,
        serious=sorted(s.serious),
        serious_reported=sorted(s.reported_serious),
        evaluations_due=s.evaluations_due,
        term_ended=s.term_ended,
        warnings=s.warnings,
        evaluations=s.evaluations,
        outcome=s.outcome,
        closed_on=s.closed_on,
        notes=s.notes,
        peer_counsellor=s.peer_counsellor,
        peer_counsellor_name=None if peer is None else peer.name,
        work_referrals=list(s.work_referrals),
        history=history,
        version=found.head.version,
    )

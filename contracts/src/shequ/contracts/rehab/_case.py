"""Events of a rehab case (社区戒毒/社区康复案件), stream ``rehab_case/<case id>``.

Every detail of a case is the person's (``person_id``) and sealed under their key:
the ground, the decision's number, notes, names of helpers, places. What stays plain
is what figures and timers need: kinds, offices, dates, results, counts.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from shequ.contracts._event import Event
from shequ.contracts.personal import PERSONAL, Personal
from shequ.contracts.registry._types import OfficeCodeText
from shequ.contracts.rehab._social_work import (
    CaseWorkNoteRecorded,
    ClientReferredForWork,
    PeerCounsellorAssigned,
)
from shequ.contracts.rehab._types import (
    DocumentFormat,
    DocumentKind,
    EvaluationKind,
    RehabGround,
    RehabKind,
    RehabOutcome,
    SeriousViolationReason,
    TeamRole,
    TestResult,
    Violation,
)

_ERASED_LIST = Personal(erased=[])


class RehabDecisionReceived(Event):
    """The police's decision (决定书) reached the office: the case opens.

    The person must report by ``report_by``; the term of ``term_months`` (at most
    36) counts from the day they report.
    """

    type: Literal["RehabDecisionReceived"] = "RehabDecisionReceived"
    stream_type = "rehab_case"
    case_id: str
    person_id: str
    office: OfficeCodeText
    kind: RehabKind
    ground: Annotated[RehabGround | None, PERSONAL]
    decision_number: Annotated[str, PERSONAL]
    police_organ: str
    decided_on: date
    term_months: int = Field(ge=1, le=36)
    report_by: date
    received_from: Literal["police", "office"]


class RehabReported(Event):
    """The person reported (报到); the term runs from today to ``term_ends_on``."""

    type: Literal["RehabReported"] = "RehabReported"
    stream_type = "rehab_case"
    person_id: str
    office: OfficeCodeText
    reported_on: date
    term_ends_on: date
    late: bool


class RehabReportMissed(Event):
    """The person did not report by ``report_by``: treated as refusing; police told."""

    type: Literal["RehabReportMissed"] = "RehabReportMissed"
    stream_type = "rehab_case"
    person_id: str
    office: OfficeCodeText
    report_by: date


class RehabAgreementSigned(Event):
    """社区戒毒(康复)协议书 signed; ``document_sha256`` checks a printed copy."""

    type: Literal["RehabAgreementSigned"] = "RehabAgreementSigned"
    stream_type = "rehab_case"
    person_id: str
    office: OfficeCodeText
    agreement_number: Annotated[str, PERSONAL]
    signed_on: date
    document_sha256: str | None = None


class Helper(BaseModel):
    """One of the "多帮一" team who is not staff: family, doctor, volunteer."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    role: TeamRole
    name: str
    phone: str | None = None


class RehabTeamAssigned(Event):
    """The "多帮一" team: a responsible worker (staff), the police officer, helpers."""

    type: Literal["RehabTeamAssigned"] = "RehabTeamAssigned"
    stream_type = "rehab_case"
    person_id: str
    office: OfficeCodeText
    responsible_worker: str  # staff id: whose to-do list the case is on
    police_officer: str | None  # staff id of the community police liaison
    helpers: Annotated[list[Helper], _ERASED_LIST]


class UrineTestRecorded(Event):
    """A urine test (尿检): taken (negative or positive), refused or evaded."""

    type: Literal["UrineTestRecorded"] = "UrineTestRecorded"
    stream_type = "rehab_case"
    person_id: str
    office: OfficeCodeText
    tested_on: date
    result: TestResult


class UrineTestMissed(Event):
    """No test was recorded in a period of the schedule (a timer's event)."""

    type: Literal["UrineTestMissed"] = "UrineTestMissed"
    stream_type = "rehab_case"
    person_id: str
    office: OfficeCodeText
    period_start: date
    period_end: date  # the last day of the period


class RehabWarningIssued(Event):
    """A warning (告诫书) for a violation."""

    type: Literal["RehabWarningIssued"] = "RehabWarningIssued"
    stream_type = "rehab_case"
    person_id: str
    office: OfficeCodeText
    violation: Violation
    issued_on: date
    details: Annotated[str, PERSONAL]


class LeaveApproved(Event):
    """Leave to go outside the county, approved from ``leave_from`` to ``leave_to``."""

    type: Literal["LeaveApproved"] = "LeaveApproved"
    stream_type = "rehab_case"
    person_id: str
    office: OfficeCodeText
    leave_from: date
    leave_to: date
    destination: Annotated[str, PERSONAL]


class LeaveRefused(Event):
    type: Literal["LeaveRefused"] = "LeaveRefused"
    stream_type = "rehab_case"
    person_id: str
    office: OfficeCodeText
    requested_from: date
    requested_to: date
    reason: Annotated[str, PERSONAL]


class UnapprovedAbsenceRecorded(Event):
    """The person was away from the county without approval, ``days`` days."""

    type: Literal["UnapprovedAbsenceRecorded"] = "UnapprovedAbsenceRecorded"
    stream_type = "rehab_case"
    person_id: str
    office: OfficeCodeText
    absent_from: date
    absent_to: date
    days: int = Field(ge=1)


class SeriousViolationFound(Event):
    """A serious violation (严重违反协议), to be reported to the police at once."""

    type: Literal["SeriousViolationFound"] = "SeriousViolationFound"
    stream_type = "rehab_case"
    person_id: str
    office: OfficeCodeText
    reason: SeriousViolationReason
    found_on: date


class SeriousViolationReported(Event):
    """A serious violation reported to the police (已报告公安机关), as the law asks.

    ``reference`` is the police's receipt or case number, where they gave one.
    """

    type: Literal["SeriousViolationReported"] = "SeriousViolationReported"
    stream_type = "rehab_case"
    person_id: str
    office: OfficeCodeText
    reason: SeriousViolationReason
    reported_on: date
    police_organ: str
    reference: Annotated[str | None, PERSONAL] = None


class RehabEvaluationDue(Event):
    """The timer: an evaluation fell due (评估到期) — every six months from the report.

    The second, fourth and sixth are yearly evaluations, the others half-yearly
    summaries. Recorded once per due day; the worker records the evaluation itself.
    """

    type: Literal["RehabEvaluationDue"] = "RehabEvaluationDue"
    stream_type = "rehab_case"
    person_id: str
    office: OfficeCodeText
    kind: EvaluationKind
    due_on: date


class RehabTermEnded(Event):
    """The timer: the term ran out (期限届满); the case closes with the notice."""

    type: Literal["RehabTermEnded"] = "RehabTermEnded"
    stream_type = "rehab_case"
    person_id: str
    office: OfficeCodeText
    term_ends_on: date


class RehabEvaluationRecorded(Event):
    """A periodic evaluation (戒毒康复情况评估): half-yearly summary or yearly."""

    type: Literal["RehabEvaluationRecorded"] = "RehabEvaluationRecorded"
    stream_type = "rehab_case"
    person_id: str
    office: OfficeCodeText
    kind: EvaluationKind
    evaluated_on: date
    summary: Annotated[str, PERSONAL]


class RehabCaseHandedOver(Event):
    """The person moved: the case and its whole history go to ``to_office``."""

    type: Literal["RehabCaseHandedOver"] = "RehabCaseHandedOver"
    stream_type = "rehab_case"
    person_id: str
    office: OfficeCodeText  # the office handing it over
    to_office: OfficeCodeText
    handed_over_on: date


class RehabCaseClosed(Event):
    """The case ended: term completed (期满解除, with the notice), or otherwise."""

    type: Literal["RehabCaseClosed"] = "RehabCaseClosed"
    stream_type = "rehab_case"
    person_id: str
    office: OfficeCodeText
    outcome: RehabOutcome
    closed_on: date
    notice_number: Annotated[str | None, PERSONAL] = None


class RehabDocumentIssued(Event):
    """A document of the case printed (协议书, 尿检委托协议书, 告诫书).

    ``sha256`` is the digest of the file's bytes: the same issue renders the same
    bytes, so a printed or re-printed copy is checked against this record.
    """

    type: Literal["RehabDocumentIssued"] = "RehabDocumentIssued"
    stream_type = "rehab_case"
    person_id: str
    office: OfficeCodeText
    kind: DocumentKind
    document_number: Annotated[str, PERSONAL]
    format: DocumentFormat
    sha256: str = Field(pattern="^[0-9a-f]{64}$")
    issued_on: date


RehabCaseEvent = (
    RehabDecisionReceived
    | RehabReported
    | RehabReportMissed
    | RehabAgreementSigned
    | RehabTeamAssigned
    | UrineTestRecorded
    | UrineTestMissed
    | RehabWarningIssued
    | LeaveApproved
    | LeaveRefused
    | UnapprovedAbsenceRecorded
    | SeriousViolationFound
    | SeriousViolationReported
    | RehabEvaluationDue
    | RehabTermEnded
    | RehabEvaluationRecorded
    | RehabCaseHandedOver
    | RehabCaseClosed
    | CaseWorkNoteRecorded
    | PeerCounsellorAssigned
    | ClientReferredForWork
    | RehabDocumentIssued
)

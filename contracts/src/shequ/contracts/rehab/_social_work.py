"""Anti-drug social work (禁毒社会工作, seed 002 (3)): case work and the office's work.

On a case's stream (``rehab_case/<case id>``, so a hand-over carries them): case-work
notes (个案记录), the peer counsellor (朋辈辅导员) assigned, and the referral of a
client who needs work to the employment service. On the office's stream
(``social_work/<office>``): relapse-prevention group sessions (小组), family lectures
(家庭讲座) and referrals of problem students (问题学生). Who attended a group, a
student's school and reason, and every note are personal and sealed.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import Field

from shequ.contracts._event import Event
from shequ.contracts.messages import N_, Labels
from shequ.contracts.personal import PERSONAL, Personal
from shequ.contracts.registry._types import OfficeCodeText

CaseWorkKind = Literal["home_visit", "talk", "phone_call", "other"]
CASE_WORK_KIND_LABELS: Labels = {
    "home_visit": N_("home visit"),  # 家访
    "talk": N_("talk"),  # 个别谈话
    "phone_call": N_("phone call"),  # 电话联系
    "other": N_("other case work"),
}


class CaseWorkNoteRecorded(Event):
    """A case-work note (个案记录): a home visit, a talk or a call, and its content."""

    type: Literal["CaseWorkNoteRecorded"] = "CaseWorkNoteRecorded"
    stream_type = "rehab_case"
    person_id: str
    office: OfficeCodeText
    kind: CaseWorkKind
    noted_on: date
    content: Annotated[str, PERSONAL]


class PeerCounsellorAssigned(Event):
    """A peer counsellor (朋辈辅导员: a registered person who recovered) is assigned.

    Who the counsellor is tells of their own past: sealed, under the client's key.
    """

    type: Literal["PeerCounsellorAssigned"] = "PeerCounsellorAssigned"
    stream_type = "rehab_case"
    person_id: str
    office: OfficeCodeText
    counsellor_id: Annotated[str, PERSONAL]  # the counsellor's person id
    assigned_on: date


class ClientReferredForWork(Event):
    """A person who needs work is referred to the employment service (转介就业).

    Published for employment, which opens assistance with a follow-up. It names only
    what employment needs: the person, the office, the day and a neutral note. The
    note is written for employment's staff, who must not learn that the person is a
    rehab client: no case, kind, ground or drug is named, and employment shows the
    follow-up's source as a partner referral, never as rehab.
    """

    type: Literal["ClientReferredForWork"] = "ClientReferredForWork"
    stream_type = "rehab_case"
    person_id: str
    office: OfficeCodeText
    referred_on: date
    note: Annotated[str, PERSONAL]


class RelapsePreventionGroupHeld(Event):
    """A relapse-prevention group session (防复吸小组) and the clients who attended.

    Who attended is as restricted as their cases: sealed, under the office stream's
    key; the count stays plain for figures.
    """

    type: Literal["RelapsePreventionGroupHeld"] = "RelapsePreventionGroupHeld"
    stream_type = "social_work"
    office: OfficeCodeText
    held_on: date
    topic: str
    attendee_ids: Annotated[list[str], Personal(erased=[])]  # person ids
    attendance: int = Field(ge=1)


class FamilyLectureHeld(Event):
    """A lecture for families (家长学校/家庭讲座: drug knowledge, parenting ...)."""

    type: Literal["FamilyLectureHeld"] = "FamilyLectureHeld"
    stream_type = "social_work"
    office: OfficeCodeText
    held_on: date
    topic: str
    head_count: int = Field(ge=1)


class ProblemStudentReferred(Event):
    """A problem student (问题学生, a registered minor) referred by the school, to whom.

    Sealed under the student's key: the school, the reason and whom it went to.
    """

    type: Literal["ProblemStudentReferred"] = "ProblemStudentReferred"
    stream_type = "social_work"
    person_id: str  # the student
    office: OfficeCodeText
    referred_on: date
    school: Annotated[str, PERSONAL]
    reason: Annotated[str, PERSONAL]
    referred_to: Annotated[str, PERSONAL]


SocialWorkEvent = (
    RelapsePreventionGroupHeld | FamilyLectureHeld | ProblemStudentReferred
)

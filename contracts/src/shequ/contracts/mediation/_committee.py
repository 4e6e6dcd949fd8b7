"""Events of a mediation committee (人民调解委员会), stream ``committee/<office>``.

One committee per community or village. Its members' names and phones are published
for the legal hotline (法律热线, "随呼随应"), so they are not sealed.
"""

from __future__ import annotations

from typing import Literal

from shequ.contracts._event import Event
from shequ.contracts.mediation._types import CommitteeRole
from shequ.contracts.registry._types import OfficeCodeText


class CommitteeMemberAppointed(Event):
    """A director, member or mediator joins; staff (``staff_id``) or a resident."""

    type: Literal["CommitteeMemberAppointed"] = "CommitteeMemberAppointed"
    stream_type = "committee"
    office: OfficeCodeText
    member_id: str
    role: CommitteeRole
    name: str
    phone: str
    staff_id: str | None = None
    person_id: str | None = None


class CommitteeMemberLeft(Event):
    type: Literal["CommitteeMemberLeft"] = "CommitteeMemberLeft"
    stream_type = "committee"
    office: OfficeCodeText
    member_id: str


class CommitteeOnCallSet(Event):
    """Who answers the hotline now (值班)."""

    type: Literal["CommitteeOnCallSet"] = "CommitteeOnCallSet"
    stream_type = "committee"
    office: OfficeCodeText
    member_id: str


CommitteeEvent = CommitteeMemberAppointed | CommitteeMemberLeft | CommitteeOnCallSet

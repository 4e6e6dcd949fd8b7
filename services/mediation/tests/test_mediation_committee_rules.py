"""The rules of a committee, given/when/then on its decider (no server)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from shequ.access import Acting
from shequ.contracts.mediation import (
    CommitteeMemberAppointed,
    CommitteeOnCallSet,
    CommitteeRole,
)
from shequ.mediation.domain import committee

OFFICE = "441900101001"
BY = Acting(staff_id="mediator-a", office=OFFICE, now=datetime(2026, 11, 2, tzinfo=UTC))


def appointed(
    member_id: str, role: CommitteeRole = "mediator"
) -> CommitteeMemberAppointed:
    return CommitteeMemberAppointed(
        office=OFFICE,
        member_id=member_id,
        role=role,
        name="梁志明",
        phone="0769-88110001",
    )


def appoint(member_id: str, role: CommitteeRole) -> committee.AppointMember:
    return committee.AppointMember(
        office=OFFICE,
        member_id=member_id,
        role=role,
        name="陈丽华",
        phone="13800138001",
        staff_id=None,
        person_id=None,
        by=BY,
    )


def test_a_committee_has_one_director() -> None:
    state = committee.DECIDER.fold([appointed("m-1", "director")])

    with pytest.raises(committee.OneDirector):
        committee.decide(appoint("m-2", "director"), state)
    assert len(committee.decide(appoint("m-2", "mediator"), state)) == 1


def test_the_member_on_call_leaves_only_once_another_is_on_call() -> None:
    state = committee.DECIDER.fold(
        [
            appointed("m-1"),
            appointed("m-2"),
            CommitteeOnCallSet(office=OFFICE, member_id="m-1"),
        ]
    )

    with pytest.raises(committee.OnCallLeaving):
        committee.decide(committee.RemoveMember(member_id="m-1", by=BY), state)
    assert committee.decide(committee.RemoveMember(member_id="m-2", by=BY), state)


def test_only_a_serving_member_is_put_on_call() -> None:
    state = committee.DECIDER.fold([appointed("m-1")])

    with pytest.raises(committee.MemberNotFound):
        committee.decide(committee.SetOnCall(member_id="m-9", by=BY), state)

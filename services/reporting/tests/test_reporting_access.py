"""Who may do what in reporting (domain.access); how restricted reads are recorded."""

from __future__ import annotations

import pytest

from shequ.access import STAFF_ROLES, AccessDenied, Actor, OfficeCode, Role
from shequ.contracts.reporting import RestrictedRecordsRead
from shequ.reporting.domain.access import ACCESS, OfficeNotKnown, clearance, may_plan
from shequ.reporting.domain.access_log import (
    DECIDER,
    RecordRestrictedReads,
    RestrictedRead,
    decide,
)
from shequ.reporting.domain.privacy import Clearance

DISTRICT, STREET, COMMUNITY = "441900000000", "441900101000", "441900101001"
OTHER_COMMUNITY, GRID = "441900102001", "441900101001001"


def actor(role: Role, office: str) -> Actor:
    return Actor(staff_id="staff-1", office=OfficeCode(office), roles=frozenset({role}))


def test_every_role_reads_its_own_subtree() -> None:
    assert ACCESS.readers == frozenset(STAFF_ROLES)


@pytest.mark.parametrize(
    ("role", "office", "plan_of"),
    [
        (Role.COMMUNITY_WORKER, COMMUNITY, COMMUNITY),
        (Role.STREET_ADMIN, STREET, STREET),
        (Role.STREET_ADMIN, STREET, COMMUNITY),
        (Role.DISTRICT_ADMIN, DISTRICT, COMMUNITY),
    ],
)
def test_own_staff_and_admins_above_write_an_offices_plan(
    role: Role, office: str, plan_of: str
) -> None:
    may_plan(actor(role, office), plan_of)


@pytest.mark.parametrize(
    ("role", "office"),
    [(Role.COMMUNITY_WORKER, COMMUNITY), (Role.STREET_ADMIN, STREET)],
)
def test_an_office_outside_the_subtree_is_not_known_to_a_planner(
    role: Role, office: str
) -> None:
    with pytest.raises(OfficeNotKnown):
        may_plan(actor(role, office), OTHER_COMMUNITY)


@pytest.mark.parametrize(
    ("role", "office", "plan_of"),
    [
        (Role.COMMUNITY_WORKER, COMMUNITY, GRID),
        (Role.AUDITOR, DISTRICT, COMMUNITY),
        (Role.EMPLOYMENT_OFFICER, COMMUNITY, COMMUNITY),
    ],
)
def test_no_one_else_writes_an_offices_plan(
    role: Role, office: str, plan_of: str
) -> None:
    with pytest.raises(AccessDenied):
        may_plan(actor(role, office), plan_of)


def test_clearance_follows_the_readers_roles() -> None:
    assert [
        clearance(actor(role, DISTRICT))
        for role in (Role.AUDITOR, Role.COMMUNITY_WORKER, Role.POLICE_LIAISON)
    ] == [
        Clearance(),
        Clearance(names=True, identity=True),
        Clearance(restricted=True, identity=True),
    ]


def test_each_person_read_is_one_restricted_records_read() -> None:
    command = RecordRestrictedReads(
        staff_id="staff-1",
        office=DISTRICT,
        purpose="audit log",
        reads=(
            RestrictedRead(
                person_id="person-1", services=("rehab", "rehab"), event_ids=("e1",)
            ),
            RestrictedRead(person_id="person-2", services=("rehab",), event_ids=()),
        ),
    )

    events = decide(command, DECIDER.initial)

    assert events == [
        RestrictedRecordsRead(
            staff_id="staff-1",
            office=DISTRICT,
            person_id="person-1",
            services=["rehab"],
            event_ids=["e1"],
            purpose="audit log",
        ),
        RestrictedRecordsRead(
            staff_id="staff-1",
            office=DISTRICT,
            person_id="person-2",
            services=["rehab"],
            event_ids=[],
            purpose="audit log",
        ),
    ]

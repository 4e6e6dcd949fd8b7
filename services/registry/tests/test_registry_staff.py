"""Staff (工作人员): who may lose which role, given / when / then on ``decide``.

A district keeps an active district administrator and an active auditor; an
administrator never changes their own roles nor deactivates themself; a deactivation
says why (#14 item 2).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from shequ.access import Role
from shequ.contracts import BlankField
from shequ.contracts.registry import (
    RoleName,
    StaffDeactivated,
    StaffEnrolled,
    StaffRolesChanged,
)
from shequ.registry.domain import staff
from shequ.registry.domain.rules import Acting

T0 = datetime(2026, 3, 31, 9, 0, tzinfo=UTC)
DISTRICT = "441900000000"
ADMIN = Acting("staff-9", DISTRICT, T0)
NO_ONE_ELSE = staff.Others(district_admins=0, auditors=0)
ANOTHER_OF_EACH = staff.Others(district_admins=1, auditors=1)


def enrolled(*roles: RoleName, staff_id: str = "staff-2") -> staff.State:
    return staff.DECIDER.fold(
        [
            StaffEnrolled(
                staff_id=staff_id,
                login="liwei",
                name="李伟",
                office=DISTRICT,
                roles=list(roles),
                employment="full_time",
            )
        ]
    )


def change(
    *roles: Role, others: staff.Others = ANOTHER_OF_EACH, by: Acting = ADMIN
) -> staff.ChangeStaffRoles:
    return staff.ChangeStaffRoles(roles=frozenset(roles), others=others, by=by)


def deactivate(
    reason: str = "调离", others: staff.Others = ANOTHER_OF_EACH, by: Acting = ADMIN
) -> staff.DeactivateStaff:
    return staff.DeactivateStaff(reason=reason, others=others, by=by)


class TestChangeRoles:
    def test_a_district_administrator_is_demoted_while_another_remains(self) -> None:
        events = staff.decide(change(Role.AUDITOR), enrolled("district_admin"))

        assert events == [StaffRolesChanged(office=DISTRICT, roles=["auditor"])]

    def test_the_last_district_administrator_keeps_the_role(self) -> None:
        with pytest.raises(staff.LastDistrictAdmin) as refused:
            staff.decide(
                change(Role.AUDITOR, others=NO_ONE_ELSE), enrolled("district_admin")
            )

        assert (refused.value.field, refused.value.message) == (
            "roles",
            "staff staff-2 (李伟) is the last active district administrator of"
            " 441900000000: enrol or appoint another first",
        )

    def test_the_last_auditor_keeps_the_role(self) -> None:
        with pytest.raises(staff.LastAuditor) as refused:
            staff.decide(change(Role.MEDIATOR, others=NO_ONE_ELSE), enrolled("auditor"))

        assert refused.value.field == "roles"

    def test_the_last_district_administrator_may_gain_a_role(self) -> None:
        events = staff.decide(
            change(Role.DISTRICT_ADMIN, Role.AUDITOR, others=NO_ONE_ELSE),
            enrolled("district_admin"),
        )

        assert events == [
            StaffRolesChanged(office=DISTRICT, roles=["auditor", "district_admin"])
        ]

    def test_an_administrator_never_changes_their_own_roles(self) -> None:
        with pytest.raises(staff.CannotChangeOwnRoles) as refused:
            staff.decide(
                change(Role.AUDITOR), enrolled("district_admin", staff_id="staff-9")
            )

        assert refused.value.field == "staff_id"


class TestDeactivate:
    def test_staff_are_deactivated_with_the_reason(self) -> None:
        events = staff.decide(deactivate(" 调离 "), enrolled("district_admin"))

        assert events == [StaffDeactivated(office=DISTRICT, reason="调离")]

    def test_a_blank_reason_is_refused(self) -> None:
        with pytest.raises(BlankField) as refused:
            staff.decide(deactivate("  "), enrolled("community_worker"))

        assert (refused.value.field, refused.value.message) == (
            "reason",
            "the reason must not be blank",
        )

    def test_the_last_district_administrator_is_not_deactivated(self) -> None:
        with pytest.raises(staff.LastDistrictAdmin) as refused:
            staff.decide(deactivate(others=NO_ONE_ELSE), enrolled("district_admin"))

        assert refused.value.field == "staff_id"

    def test_the_last_auditor_is_not_deactivated(self) -> None:
        with pytest.raises(staff.LastAuditor):
            staff.decide(
                deactivate(others=staff.Others(district_admins=1, auditors=0)),
                enrolled("auditor"),
            )

    def test_staff_without_a_guarded_role_are_deactivated_when_no_one_else_is_left(
        self,
    ) -> None:
        events = staff.decide(deactivate(others=NO_ONE_ELSE), enrolled("mediator"))

        assert events == [StaffDeactivated(office=DISTRICT, reason="调离")]

    def test_an_administrator_never_deactivates_themself(self) -> None:
        with pytest.raises(staff.CannotDeactivateSelf):
            staff.decide(deactivate(), enrolled("district_admin", staff_id="staff-9"))

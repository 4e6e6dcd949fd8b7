"""Households (户), rented housing (出租屋) and staff: the smaller deciders."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, get_args

import pytest

from shequ.access import Role
from shequ.contracts import DomainError
from shequ.contracts.registry import (
    HeadOfHouseholdChanged,
    HouseholdMemberAdded,
    HouseholdMemberRemoved,
    HouseholdRegistered,
    RentalHousingRegistered,
    RentalTenantsChanged,
    RoleName,
    StaffDeactivated,
    StaffEnrolled,
)
from shequ.registry.domain import household, rental, staff
from shequ.registry.domain.household import (
    AddMember,
    ChangeHead,
    RegisterHousehold,
    RemoveMember,
)
from shequ.registry.domain.household_errors import (
    AlreadyMember,
    HeadCannotBeRemoved,
    MemberOfAnotherHousehold,
    NotAMember,
    RelationshipsIncomplete,
)
from shequ.registry.domain.rules import Acting

T0 = datetime(2026, 3, 31, 9, 0, tzinfo=UTC)
BY = Acting("staff-1", "441900101001", T0)
COMMUNITY = "441900101001"


def household_registered() -> HouseholdRegistered:
    return HouseholdRegistered(
        household_id="household-1",
        head_person_id="person-1",
        address="石龙社区中山路1号",
        office=COMMUNITY,
    )


def added(
    person_id: str = "person-2", relationship: Any = "spouse"
) -> HouseholdMemberAdded:
    return HouseholdMemberAdded(
        office=COMMUNITY, person_id=person_id, relationship=relationship
    )


def refusal(error: pytest.ExceptionInfo[DomainError]) -> tuple[type, str, str | None]:
    return type(error.value), error.value.message, error.value.field


class TestHousehold:
    def test_a_household_is_registered_with_its_head(self) -> None:
        command = RegisterHousehold(
            household_id="household-1",
            head_person_id="person-1",
            head_member_of=None,
            address=" 石龙社区中山路1号 ",
            office=COMMUNITY,
            office_open=True,
            by=BY,
        )

        assert household.decide(command, None) == [household_registered()]

    def test_a_member_is_added_with_their_relationship_to_the_head(self) -> None:
        command = AddMember(
            person_id="person-2", relationship="spouse", member_of=None, by=BY
        )

        assert household.decide(
            command, household.DECIDER.fold([household_registered()])
        ) == [added()]

    def test_a_person_in_another_household_cannot_be_added(self) -> None:
        command = AddMember(
            person_id="person-2", relationship="child", member_of="household-7", by=BY
        )

        with pytest.raises(DomainError) as error:
            household.decide(command, household.DECIDER.fold([household_registered()]))

        assert refusal(error) == (
            MemberOfAnotherHousehold,
            "person-2 already belongs to household household-7: remove them there"
            " first",
            "person_id",
        )

    def test_a_head_in_another_household_cannot_register_a_new_one(self) -> None:
        command = RegisterHousehold(
            household_id="household-1",
            head_person_id="person-1",
            head_member_of="household-7",
            address="石龙社区中山路1号",
            office=COMMUNITY,
            office_open=True,
            by=BY,
        )

        with pytest.raises(MemberOfAnotherHousehold):
            household.decide(command, None)

    def test_a_member_cannot_be_added_twice(self) -> None:
        state = household.DECIDER.fold([household_registered(), added()])

        with pytest.raises(AlreadyMember):
            household.decide(
                AddMember(
                    person_id="person-2",
                    relationship="spouse",
                    member_of="household-1",
                    by=BY,
                ),
                state,
            )

    def test_the_head_cannot_be_removed(self) -> None:
        state = household.DECIDER.fold([household_registered(), added()])

        with pytest.raises(DomainError) as error:
            household.decide(
                RemoveMember(person_id="person-1", reason="迁出", by=BY), state
            )

        assert refusal(error) == (
            HeadCannotBeRemoved,
            "person-1 is the head: make another member head first",
            "person_id",
        )

    def test_a_removed_member_leaves_with_a_reason(self) -> None:
        state = household.DECIDER.fold([household_registered(), added()])

        assert household.decide(
            RemoveMember(person_id="person-2", reason="迁出", by=BY), state
        ) == [
            HouseholdMemberRemoved(
                office=COMMUNITY, person_id="person-2", reason="迁出"
            )
        ]

    def test_a_non_member_cannot_become_head(self) -> None:
        state = household.DECIDER.fold([household_registered(), added()])

        with pytest.raises(DomainError) as error:
            household.decide(
                ChangeHead(
                    new_head_person_id="person-9",
                    relationships={"person-1": "other"},
                    by=BY,
                ),
                state,
            )

        assert refusal(error) == (
            NotAMember,
            "person-9 is not a member, so cannot become head",
            "new_head_person_id",
        )

    def test_a_new_head_gets_every_other_members_relationship(self) -> None:
        given = [household_registered(), added(), added("person-3", "child")]
        command = ChangeHead(
            new_head_person_id="person-2",
            relationships={"person-3": "child", "person-1": "spouse"},
            by=BY,
        )

        events = household.decide(command, household.DECIDER.fold(given))

        assert (events, household.DECIDER.fold([*given, *events])) == (
            [
                HeadOfHouseholdChanged(
                    office=COMMUNITY,
                    previous_head_person_id="person-1",
                    head_person_id="person-2",
                    relationships={"person-1": "spouse", "person-3": "child"},
                )
            ],
            household.Household(
                household_id="household-1",
                office=COMMUNITY,
                address="石龙社区中山路1号",
                head="person-2",
                members={"person-1": "spouse", "person-3": "child"},
            ),
        )

    def test_a_new_head_without_every_relationship_is_refused(self) -> None:
        given = [household_registered(), added(), added("person-3", "child")]

        with pytest.raises(DomainError) as error:
            household.decide(
                ChangeHead(
                    new_head_person_id="person-2",
                    relationships={"person-1": "spouse", "person-8": "other"},
                    by=BY,
                ),
                household.DECIDER.fold(given),
            )

        assert refusal(error) == (
            RelationshipsIncomplete,
            "give the relationship to the new head of each other member, and only"
            " theirs: check person-3, person-8",
            "relationships",
        )


class TestRental:
    def registered(self) -> RentalHousingRegistered:
        return RentalHousingRegistered(
            rental_id="rental-1",
            landlord_person_id="person-1",
            tenant_person_ids=["person-5", "person-6"],
            address="石龙社区出租屋3号",
            office=COMMUNITY,
        )

    def test_rented_housing_is_registered_with_landlord_and_tenants(self) -> None:
        command = rental.RegisterRentalHousing(
            rental_id="rental-1",
            landlord_person_id="person-1",
            tenant_person_ids=("person-5", "person-6", "person-5"),
            address="石龙社区出租屋3号",
            office=COMMUNITY,
            office_open=True,
            by=BY,
        )

        assert rental.decide(command, None) == [self.registered()]

    def test_the_landlord_is_not_a_tenant(self) -> None:
        command = rental.ChangeTenants(moved_in=("person-1",), moved_out=(), by=BY)

        with pytest.raises(rental.LandlordAsTenant):
            rental.decide(command, rental.DECIDER.fold([self.registered()]))

    def test_tenants_move_in_and_out(self) -> None:
        command = rental.ChangeTenants(
            moved_in=("person-7",), moved_out=("person-5",), by=BY
        )

        assert rental.decide(command, rental.DECIDER.fold([self.registered()])) == [
            RentalTenantsChanged(
                office=COMMUNITY, moved_in=["person-7"], moved_out=["person-5"]
            )
        ]


class TestStaff:
    def enrolled(self) -> StaffEnrolled:
        return StaffEnrolled(
            staff_id="staff-2",
            login="liwei",
            name="李伟",
            office=COMMUNITY,
            roles=["community_worker", "mediator"],
            employment="part_time",
        )

    def test_the_published_role_names_are_the_access_roles(self) -> None:
        assert set(get_args(RoleName)) == {role.value for role in Role}

    def test_staff_are_enrolled_with_their_roles(self) -> None:
        command = staff.EnrolStaff(
            staff_id="staff-2",
            login="liwei",
            name="李伟",
            office=COMMUNITY,
            roles=frozenset({Role.MEDIATOR, Role.COMMUNITY_WORKER}),
            employment="part_time",
            office_open=True,
            by=BY,
        )

        assert staff.decide(command, None) == [self.enrolled()]

    def test_staff_cannot_deactivate_themselves(self) -> None:
        command = staff.DeactivateStaff(
            reason="离职",
            others=staff.Others(district_admins=1, auditors=1),
            by=Acting("staff-2", COMMUNITY, T0),
        )

        with pytest.raises(staff.CannotDeactivateSelf):
            staff.decide(command, staff.DECIDER.fold([self.enrolled()]))

    def test_deactivated_staff_keep_no_roles_to_change(self) -> None:
        state = staff.DECIDER.fold(
            [self.enrolled(), StaffDeactivated(office=COMMUNITY, reason="离职")]
        )

        with pytest.raises(staff.StaffInactive):
            staff.decide(
                staff.ChangeStaffRoles(
                    roles=frozenset({Role.AUDITOR}),
                    others=staff.Others(district_admins=1, auditors=1),
                    by=BY,
                ),
                state,
            )

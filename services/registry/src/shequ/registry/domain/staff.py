"""A staff member (工作人员): enrolment, roles, deactivation. Pure.

Stream type ``staff``, stream id ``staff-<id>`` given by the handler (``new_id``).
Full-time (专职) or part-time (兼职). Passwords are not events: the handler keeps
argon2 hashes in its own table, so a published event never carries a credential.
That a login name is unique is enforced by the handler with a unique index, as for
ID numbers.

A district is never left without an active district administrator nor without an
active auditor: no one could administer it again, or audit it. An administrator never
changes their own roles nor deactivates themself: another administrator does. The
handler counts the others (:class:`Others`) before it builds the command.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal, assert_never

from shequ.access import Role
from shequ.contracts import Conflict, DomainError, NotFound
from shequ.contracts.messages import N_
from shequ.contracts.registry import (
    Employment,
    RoleName,
    StaffDeactivated,
    StaffEnrolled,
    StaffEvent,
    StaffRolesChanged,
)
from shequ.eventstore import Decider
from shequ.registry.domain.rules import Acting, office_code, require_text


@dataclass(frozen=True, kw_only=True)
class EnrolStaff:
    staff_id: str
    login: str
    name: str
    office: str
    roles: frozenset[Role]
    employment: Employment
    office_open: bool  # looked up by the handler
    by: Acting


@dataclass(frozen=True, kw_only=True)
class Others:
    """Active staff of the member's district, the member left out (looked up)."""

    district_admins: int
    auditors: int


@dataclass(frozen=True, kw_only=True)
class ChangeStaffRoles:
    roles: frozenset[Role]
    others: Others
    by: Acting


@dataclass(frozen=True, kw_only=True)
class DeactivateStaff:
    reason: str
    others: Others
    by: Acting


Command = EnrolStaff | ChangeStaffRoles | DeactivateStaff


@dataclass(frozen=True)
class Staff:
    staff_id: str
    name: str
    office: str
    roles: frozenset[Role]
    employment: Employment
    status: Literal["active", "inactive"] = "active"


State = Staff | None


class StaffAlreadyEnrolled(Conflict):
    title = N_("Staff member already enrolled")

    def __init__(self, staff: Staff) -> None:
        super().__init__(
            N_("staff {staff_id} is already enrolled"),
            field="staff_id",
            staff_id=staff.staff_id,
        )


class StaffNotFound(NotFound):
    title = N_("Staff member not found")

    def __init__(self) -> None:
        super().__init__(
            N_("no staff member is enrolled under this id"), field="staff_id"
        )


class StaffInactive(DomainError):
    title = N_("Staff member deactivated")

    def __init__(self, staff: Staff) -> None:
        super().__init__(
            N_("staff {staff_id} ({name}) is deactivated"),
            field="staff_id",
            staff_id=staff.staff_id,
            name=staff.name,
        )


class NoRoles(DomainError):
    title = N_("No role given")

    def __init__(self) -> None:
        super().__init__(N_("a staff member needs at least one role"), field="roles")


class StaffOfficeNotOpen(DomainError):
    title = N_("Office not open")

    def __init__(self, office: str) -> None:
        super().__init__(
            N_("office {office} is not open"), field="office", office=office
        )


class CannotDeactivateSelf(DomainError):
    code = "cannot-deactivate-self"
    title = N_("Cannot deactivate oneself")

    def __init__(self) -> None:
        super().__init__(
            N_("staff cannot deactivate themselves: ask another administrator"),
            field="staff_id",
        )


class CannotChangeOwnRoles(DomainError):
    code = "cannot-change-own-roles"
    title = N_("Cannot change one's own roles")

    def __init__(self) -> None:
        super().__init__(
            N_("staff cannot change their own roles: ask another administrator"),
            field="staff_id",
        )


class LastDistrictAdmin(DomainError):
    code = "last-district-admin"
    title = N_("The last district administrator")

    def __init__(self, staff: Staff, field: str) -> None:
        super().__init__(
            N_(
                "staff {staff_id} ({name}) is the last active district administrator"
                " of {district_office}: enrol or appoint another first"
            ),
            field=field,
            staff_id=staff.staff_id,
            name=staff.name,
            district_office=f"{staff.office[:6]}000000",
        )


class LastAuditor(DomainError):
    code = "last-auditor"
    title = N_("The last auditor")

    def __init__(self, staff: Staff, field: str) -> None:
        super().__init__(
            N_(
                "staff {staff_id} ({name}) is the last active auditor of"
                " {district_office}: enrol or appoint another first"
            ),
            field=field,
            staff_id=staff.staff_id,
            name=staff.name,
            district_office=f"{staff.office[:6]}000000",
        )


def decide(command: Command, state: State) -> list[StaffEvent]:
    match command:
        case EnrolStaff():
            return [_enrol(command, state)]
        case ChangeStaffRoles():
            staff = _active(state)
            if command.by.staff_id == staff.staff_id:
                raise CannotChangeOwnRoles
            if command.roles == staff.roles:
                return []
            roles = _roles(command.roles)
            _not_the_last(staff, staff.roles - command.roles, command.others, "roles")
            return [StaffRolesChanged(office=staff.office, roles=roles)]
        case DeactivateStaff():
            staff = _active(state)
            if command.by.staff_id == staff.staff_id:
                raise CannotDeactivateSelf
            reason = require_text(command.reason, "reason", N_("the reason"))
            _not_the_last(staff, staff.roles, command.others, "staff_id")
            return [StaffDeactivated(office=staff.office, reason=reason)]
        case _:
            assert_never(command)


def _enrol(command: EnrolStaff, state: State) -> StaffEnrolled:
    if state is not None:
        raise StaffAlreadyEnrolled(state)
    office = office_code(command.office, "office")
    if not command.office_open:
        raise StaffOfficeNotOpen(office)
    return StaffEnrolled(
        staff_id=command.staff_id,
        login=require_text(command.login, "login", N_("the login name")),
        name=require_text(command.name, "name", N_("the name")),
        office=office,
        roles=_roles(command.roles),
        employment=command.employment,
    )


def _not_the_last(
    staff: Staff, losing: frozenset[Role], others: Others, field: str
) -> None:
    """Refuse taking ``losing`` from ``staff`` if no one else holds one of them."""
    if Role.DISTRICT_ADMIN in losing and others.district_admins == 0:
        raise LastDistrictAdmin(staff, field)
    if Role.AUDITOR in losing and others.auditors == 0:
        raise LastAuditor(staff, field)


def _active(state: State) -> Staff:
    if state is None:
        raise StaffNotFound
    if state.status == "inactive":
        raise StaffInactive(state)
    return state


def _roles(roles: frozenset[Role]) -> list[RoleName]:
    if not roles:
        raise NoRoles
    # mypy checks that every Role value is a RoleName (contracts import pydantic only).
    return [role.value for role in sorted(roles)]


def evolve(state: State, event: StaffEvent) -> State:
    match event:
        case StaffEnrolled():
            return Staff(
                staff_id=event.staff_id,
                name=event.name,
                office=event.office,
                roles=frozenset(Role(role) for role in event.roles),
                employment=event.employment,
            )
        case _ if state is None:
            return state
        case StaffRolesChanged():
            return replace(state, roles=frozenset(Role(role) for role in event.roles))
        case StaffDeactivated():
            return replace(state, status="inactive")
        case _:
            assert_never(event)


DECIDER: Decider[Command, State, StaffEvent] = Decider("staff", None, decide, evolve)

"""The rules a household (户) command can break, one error each, in domain words."""

from __future__ import annotations

from shequ.contracts import Conflict, DomainError, NotFound
from shequ.contracts.messages import N_


class HouseholdAlreadyRegistered(Conflict):
    title = N_("Household already registered")


class HouseholdNotFound(NotFound):
    title = N_("Household not found")


class MemberOfAnotherHousehold(DomainError):
    """A person belongs to one household at most (一人一户)."""

    code = "member-of-another-household"
    title = N_("Member of another household")


class AlreadyMember(Conflict):
    title = N_("Already a member")


class NotAMember(DomainError):
    title = N_("Not a member of the household")


class HeadCannotBeRemoved(DomainError):
    title = N_("The head cannot be removed")


class RelationshipsIncomplete(DomainError):
    """A new head needs every other member's relationship to them, and no others."""

    title = N_("Relationships to the new head incomplete")


class LivesOutsideOffice(DomainError):
    """A household's people are residents of its office (or of a grid within it)."""

    code = "lives-outside-office"
    title = N_("Lives outside the office")

"""The rules a household (户) command can break, one error each, in domain words."""

from __future__ import annotations

from shequ.contracts import Conflict, DomainError, NotFound


class HouseholdAlreadyRegistered(Conflict):
    pass


class HouseholdNotFound(NotFound):
    pass


class MemberOfAnotherHousehold(DomainError):
    """A person belongs to one household at most (一人一户)."""

    code = "member-of-another-household"


class AlreadyMember(Conflict):
    pass


class NotAMember(DomainError):
    pass


class HeadCannotBeRemoved(DomainError):
    pass


class RelationshipsIncomplete(DomainError):
    """A new head needs every other member's relationship to them, and no others."""


class LivesOutsideOffice(DomainError):
    """A household's people are residents of its office (or of a grid within it)."""

    code = "lives-outside-office"

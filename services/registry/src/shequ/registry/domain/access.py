"""Who may do what in the registry (权限): writers, readers, who sees full IDs, admins.

Writers are the offices' own staff; every role reads the files of its office subtree
(an auditor reads everything there and writes nothing); full ID and phone numbers are
shown only to roles that register or protect people; staff and leadership groups are
managed by street and district administrators, and only a district administrator
grants that role or a partner department's account (the police's system).
"""

from __future__ import annotations

from shequ.access import (
    PARTNER_ROLES,
    STAFF_ROLES,
    AccessRules,
    Actor,
    Role,
    require_role,
)

ACCESS = AccessRules(
    writers=(Role.COMMUNITY_WORKER, Role.STREET_ADMIN, Role.DISTRICT_ADMIN),
    # Any staff member reads the registry's files within their own subtree; a
    # partner department's system reads none.
    readers=STAFF_ROLES,
)
SEES_FULL_IDENTITY = frozenset(
    {Role.COMMUNITY_WORKER, Role.STREET_ADMIN, Role.DISTRICT_ADMIN, Role.POLICE_LIAISON}
)
ADMINS = (Role.STREET_ADMIN, Role.DISTRICT_ADMIN)


def unmasked(actor: Actor) -> bool:
    """Whether the actor sees full ID and phone numbers."""
    return bool(actor.roles & SEES_FULL_IDENTITY)


def may_manage(
    actor: Actor,
    office: str,
    roles: frozenset[Role] = frozenset(),
    *,
    unknown: Exception | None = None,
) -> None:
    """Refuse unless ``actor`` administers ``office`` and may grant ``roles``.

    With ``unknown``, a record of an office outside the subtree is answered as an
    unknown one (see ``AccessRules.within``).
    """
    require_role(actor, *ADMINS)
    ACCESS.within(actor, office, unknown)
    if Role.DISTRICT_ADMIN in roles or roles & PARTNER_ROLES:
        # A partner department's system speaks for the whole district.
        require_role(actor, Role.DISTRICT_ADMIN)

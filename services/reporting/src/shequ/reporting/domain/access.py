"""Who sees what in reporting (权限): subtrees, personal data by role, rehab records.

Every reader sees its own office subtree: a community its own ledgers, a street the
sum and the detail of its communities, the district everything. Names are shown to
the offices' own staff; other readers (auditors, partner departments) see them masked.
Full ID and phone numbers are shown to the roles the registry shows them to.
Rehab records are for the responsible rehab workers, the police liaison and the
anti-drug office only (DOMAIN.md), and every read of them is recorded.
"""

from __future__ import annotations

from shequ.access import AccessDenied, Actor, OfficeCode, Role
from shequ.reporting.domain.privacy import Clearance

SEES_NAMES = frozenset(
    {
        Role.COMMUNITY_WORKER,
        Role.STREET_ADMIN,
        Role.DISTRICT_ADMIN,
        Role.EMPLOYMENT_OFFICER,
    }
)
SEES_REHAB = frozenset({Role.REHAB_WORKER, Role.POLICE_LIAISON, Role.ANTI_DRUG_OFFICE})
SEES_FULL_IDENTITY = frozenset(
    {Role.COMMUNITY_WORKER, Role.STREET_ADMIN, Role.DISTRICT_ADMIN, Role.POLICE_LIAISON}
)


def reading_root(actor: Actor, within: OfficeCode | None) -> OfficeCode:
    """The subtree to read: ``within`` if the actor covers it, else its own office."""
    root = within or actor.office
    if not actor.can_see(root):
        raise AccessDenied(f"office {root} is outside your jurisdiction")
    return root


def shows_names(actor: Actor) -> bool:
    return not actor.roles.isdisjoint(SEES_NAMES)


def sees_rehab(actor: Actor) -> bool:
    return not actor.roles.isdisjoint(SEES_REHAB)


def clearance(actor: Actor) -> Clearance:
    """What ``actor`` may see unmasked of archived records."""
    return Clearance(
        restricted=sees_rehab(actor),
        names=shows_names(actor),
        identity=not actor.roles.isdisjoint(SEES_FULL_IDENTITY),
    )

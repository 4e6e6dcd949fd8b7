"""Who sees what in reporting (权限): subtrees, personal data by role, rehab records.

Every reader sees its own office subtree: a community its own ledgers, a street the
sum and the detail of its communities, the district everything. Names are shown to
the offices' own staff; other readers (auditors, partner departments) see them masked.
Rehab records are for the responsible rehab workers, the police liaison and the
anti-drug office only (DOMAIN.md), and every read of them is recorded.
"""

from __future__ import annotations

from shequ.access import AccessDenied, Actor, OfficeCode, Role

SEES_NAMES = frozenset({Role.COMMUNITY_WORKER, Role.STREET_ADMIN,
                        Role.DISTRICT_ADMIN, Role.EMPLOYMENT_OFFICER})  # fmt: skip
SEES_REHAB = frozenset({Role.REHAB_WORKER, Role.POLICE_LIAISON,
                        Role.ANTI_DRUG_OFFICE})  # fmt: skip


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


def mask_name(name: str) -> str:
    """张三丰 → 张**: the family name stays so a worker can still tell rows apart."""
    return name[:1] + "*" * max(len(name) - 1, 1)

"""Who may do what in the registry (权限): the office subtree, writers, who sees IDs.

Every route calls one of these before touching a record. Writers are the offices'
own staff; an auditor reads everything in its subtree and writes nothing; full ID and
phone numbers are shown only to roles that register or protect people.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from shequ.access import AccessDenied, Actor, Role, require_office, require_role
from shequ.webapi import CurrentActor

WRITERS = (Role.COMMUNITY_WORKER, Role.STREET_ADMIN, Role.DISTRICT_ADMIN)
SEES_FULL_IDENTITY = frozenset(
    {Role.COMMUNITY_WORKER, Role.STREET_ADMIN, Role.DISTRICT_ADMIN, Role.POLICE_LIAISON}
)


async def _writer(actor: CurrentActor) -> Actor:
    require_role(actor, *WRITERS)
    return actor


Writer = Annotated[Actor, Depends(_writer)]


def may_write(actor: Actor, office: str) -> None:
    """Refuse unless ``actor`` writes and ``office`` lies in its subtree."""
    require_role(actor, *WRITERS)
    require_office(actor, office)


def may_read(actor: Actor, office: str) -> None:
    """Refuse unless ``office`` lies in the actor's subtree."""
    if not actor.can_see(office):
        raise AccessDenied(f"office {office} is outside your jurisdiction")


def unmasked(actor: Actor) -> bool:
    """Whether the actor sees full ID and phone numbers."""
    return bool(actor.roles & SEES_FULL_IDENTITY)

"""Who may do what in employment (权限): the office subtree, writers and readers.

Employment officers (劳动保障协理员) and the offices' own staff write; an auditor reads
everything in its subtree and writes nothing. Other roles (rehab, mediation …) see no
one's employment file.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from shequ.access import Acting, Actor, Role, require_office, require_role
from shequ.service import Runtime
from shequ.service.people import (
    Person,
    PersonNotKnown,
    find_person,
    living_person,
)
from shequ.webapi import CurrentActor

WRITERS = (
    Role.EMPLOYMENT_OFFICER,
    Role.COMMUNITY_WORKER,
    Role.STREET_ADMIN,
    Role.DISTRICT_ADMIN,
)
READERS = (*WRITERS, Role.AUDITOR)


async def _writer(actor: CurrentActor) -> Actor:
    require_role(actor, *WRITERS)
    return actor


async def _reader(actor: CurrentActor) -> Actor:
    require_role(actor, *READERS)
    return actor


Writer = Annotated[Actor, Depends(_writer)]
Reader = Annotated[Actor, Depends(_reader)]


def may_write(actor: Actor, office: str) -> None:
    """Refuse unless ``actor`` writes and ``office`` lies in its subtree."""
    require_role(actor, *WRITERS)
    require_office(actor, office)


def may_read(actor: Actor, office: str) -> None:
    """Refuse unless ``actor`` reads employment and ``office`` is in its subtree."""
    require_role(actor, *READERS)
    require_office(actor, office)


async def acting_on(rt: Runtime, actor: Actor, person_id: str) -> Acting:
    """Who acts on ``person_id``'s file, if the person lives in the writer's subtree.

    The registry copy not knowing them is a 404.
    """
    person = await living_person(rt.pool, person_id)
    may_write(actor, person.office)
    return Acting.of(actor, rt.clock())


async def readable(rt: Runtime, actor: Actor, person_id: str) -> Person:
    """The person, if they live (or last lived) in the reader's subtree.

    The file of someone who died stays readable: its history is the record.
    """
    person = await find_person(rt.pool, person_id)
    if person is None:
        raise PersonNotKnown(person_id, "person_id")
    may_read(actor, person.office)
    return person

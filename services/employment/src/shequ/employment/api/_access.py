"""Whose file a request may touch: the person's office, in the actor's subtree.

The roles are checked by the ``Writer`` and ``Reader`` dependencies (the service's
:data:`~shequ.employment.domain.access.ACCESS`); these two helpers add the office of
the person named, from the people copy.
"""

from __future__ import annotations

from shequ.access import Acting, Actor
from shequ.employment.domain.access import ACCESS
from shequ.service import Runtime
from shequ.service.people import Person, PersonNotKnown, find_person, living_person


async def acting_on(rt: Runtime, actor: Actor, person_id: str) -> Acting:
    """Who acts on ``person_id``'s file, if the person lives in the writer's subtree.

    The registry copy not knowing them is a 404.
    """
    person = await living_person(rt.pool, person_id)
    ACCESS.may_write(actor, person.office)
    return Acting.of(actor, rt.clock())


async def readable(rt: Runtime, actor: Actor, person_id: str) -> Person:
    """The person, if they live (or last lived) in the reader's subtree.

    The file of someone who died stays readable: its history is the record.
    """
    person = await find_person(rt.pool, person_id)
    if person is None:
        raise PersonNotKnown(person_id, "person_id")
    ACCESS.may_read(actor, person.office)
    return person

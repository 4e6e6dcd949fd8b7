"""Whose file a request may touch: the person's office, in the actor's subtree.

The roles are checked by the ``Writer`` and ``Reader`` dependencies (the service's
:data:`~shequ.employment.domain.access.ACCESS`); these two helpers add the office of
the person named, from the people copy.
"""

# Evaluated annotations (no ``from __future__ import annotations``): FastAPI reads the
# fields of :class:`Writing` from the ``__init__`` of subclasses in other modules too.
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Response

from shequ.access import Acting, Actor, require_role
from shequ.employment.domain.access import ACCESS
from shequ.service import Runtime, RuntimeDep, Writer
from shequ.service.people import Person, PersonNotKnown, find_person, living_person
from shequ.webapi import ExpectedVersion, RequiredVersion


async def acting_on(rt: Runtime, actor: Actor, person_id: str) -> Acting:
    """Who acts on ``person_id``'s file, if the person lives in the writer's subtree.

    The registry copy not knowing them is a 404, and so is a person outside the
    writer's subtree, in the same words: the subtree is checked before any rule (a
    death, a merge) could tell an outsider the person exists.
    """
    person = await find_person(rt.pool, person_id)
    if person is None:
        raise PersonNotKnown(person_id)
    ACCESS.may_write(actor, person.office, unknown=PersonNotKnown(person_id))
    await living_person(rt.pool, person_id)  # then: not dead, not merged
    return Acting.of(actor, rt.clock())


async def readable(rt: Runtime, actor: Actor, person_id: str) -> Person:
    """The person, if they live (or last lived) in the reader's subtree.

    The file of someone who died stays readable: its history is the record. Someone
    outside the reader's subtree is answered as an unknown id (404). A role that never
    reads employment is refused first, for every id alike (unknown ones too), so the
    answer cannot tell that a person exists.
    """
    require_role(actor, *ACCESS.readers)
    person = await find_person(rt.pool, person_id)
    if person is None:
        raise PersonNotKnown(person_id)
    ACCESS.may_read(actor, person.office, unknown=PersonNotKnown(person_id))
    return person


@dataclass
class Writing:
    """A writer's request, as every command route takes it.

    The runtime, who writes, the version ``If-Match`` names and the response (for the
    ``ETag``). ``If-Match`` is optional here: for a blind write, safe where the
    decider checks everything the outcome depends on (a lost race is decided again).
    """

    rt: RuntimeDep
    actor: Writer
    response: Response
    expected: ExpectedVersion


@dataclass
class Changing(Writing):
    """A writer's request whose outcome depends on what they last read.

    It replaces or withdraws a value the client saw (a status, a preference, an open
    registration), so ``If-Match`` is required: 428 without it, 412 when stale (#14
    item 7), and a second writer's change is never silently overwritten.
    """

    expected: RequiredVersion


@dataclass
class WriteRequest(Writing):
    """A writer's request on ``person_id``'s file."""

    person_id: str

    async def by(self) -> Acting:
        """Who acts, if the person lives in the writer's subtree: :func:`acting_on`."""
        return await acting_on(self.rt, self.actor, self.person_id)


@dataclass
class ChangeRequest(WriteRequest):
    """A writer's request on ``person_id``'s file that requires ``If-Match``."""

    expected: RequiredVersion


PersonWrite = Annotated[WriteRequest, Depends()]
"""A blind write on a person's file: ``If-Match`` optional."""
PersonChange = Annotated[ChangeRequest, Depends()]
"""A change to a person's file that depends on what was read: ``If-Match`` required."""

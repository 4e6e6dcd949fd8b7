"""Look-ups in the people copy, for handlers (before a command) and read models."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from pydantic import BaseModel

from shequ.contracts import DomainError, NotFound
from shequ.contracts.messages import N_
from shequ.contracts.registry import Sex
from shequ.keyring import KeyRing
from shequ.service._paging import Db
from shequ.service.people._tables import document_digest

if TYPE_CHECKING:
    from shequ.service._runtime import Runtime


class PersonNotKnown(NotFound):
    code = "person-not-known"
    title = N_("Person not known")

    def __init__(
        self, person_id: str, field: str = "person_id", *, merged_into: str = ""
    ) -> None:
        if merged_into:
            super().__init__(
                N_("{person_id} was merged into {merged_into}: use that person"),
                field=field,
                person_id=person_id,
                merged_into=merged_into,
            )
            return
        super().__init__(
            N_(
                "the registry has no person {person_id} (or it has not reached this"
                " service yet): register them there first"
            ),
            field=field,
            person_id=person_id,
        )


class PersonDeceased(DomainError):
    code = "person-deceased"
    title = N_("The person has died")

    def __init__(self, person_id: str, field: str = "person_id") -> None:
        super().__init__(N_("{person_id} has died"), field=field, person_id=person_id)


class PersonWasErased(DomainError):
    """The person's personal data was erased: no new record may name them."""

    code = "person-erased"
    title = N_("The person's personal data was erased")

    def __init__(self, person_id: str, field: str = "person_id") -> None:
        super().__init__(
            N_(
                "the personal data of {person_id} was erased: nothing new can be"
                " recorded for them"
            ),
            field=field,
            person_id=person_id,
        )


class Person(BaseModel):
    """A person as the registry last said (一人一档 in brief).

    ``erased``: their personal data was erased; ``name`` then reads
    ``ERASED_NAME`` and ``birth_date`` ``ERASED_DATE`` (no one's birthday).
    """

    person_id: str
    office: str
    name: str
    document_masked: str | None
    birth_date: date
    sex: Sex
    tags: list[str]
    household_id: str | None
    alive: bool
    merged_into: str | None
    erased: bool = False

    @property
    def student(self) -> bool:
        return "student" in self.tags


async def find_person(db: Db, person_id: str) -> Person | None:
    """The person, living or not; None if the registry never named them."""
    row = await db.fetchrow("SELECT * FROM people WHERE person_id = $1", person_id)
    return None if row is None else Person.model_validate(dict(row))


async def find_person_by_document(
    db: Db, keyring: KeyRing, number: str
) -> Person | None:
    """The person whose document (ID number, passport …) is ``number``, if any.

    Matched by the keyed digest, never the number (see ``_tables.document_digest``);
    a file merged into another gives way to the surviving one.
    """
    row = await db.fetchrow(
        """SELECT * FROM people WHERE document_digest = $1
           ORDER BY merged_into IS NOT NULL, person_id LIMIT 1""",
        document_digest(keyring, number),
    )
    return None if row is None else Person.model_validate(dict(row))


async def living_person(db: Db, person_id: str, field: str = "person_id") -> Person:
    """The person as the registry last said, or why no command may name them."""
    found = await find_person(db, person_id)
    if found is None:
        raise PersonNotKnown(person_id, field)
    if found.merged_into is not None:
        raise PersonNotKnown(person_id, field, merged_into=found.merged_into)
    if found.erased:
        raise PersonWasErased(person_id, field)
    if not found.alive:
        raise PersonDeceased(person_id, field)
    return found


async def household_members(db: Db, household_id: str) -> list[Person]:
    """The living members of a household, by person id (erased ones too)."""
    rows = await db.fetch(
        """SELECT * FROM people WHERE household_id = $1 AND alive
           ORDER BY person_id""",
        household_id,
    )
    return [Person.model_validate(dict(r)) for r in rows]


async def household_office(db: Db, household_id: str) -> str | None:
    """The office a household belongs to, if the registry registered it."""
    office: str | None = await db.fetchval(
        "SELECT office FROM people_households WHERE household_id = $1", household_id
    )
    return office


async def copied_office_names(rt: Runtime, codes: list[str]) -> dict[str, str]:
    """Names of ``codes`` in the people copy: a ``ServiceDefinition.office_names``."""
    return await office_names(rt.pool, codes)


async def office_names(db: Db, codes: list[str]) -> dict[str, str]:
    """The names of the offices ``codes`` (those the registry opened)."""
    rows = await db.fetch(
        "SELECT code, name FROM people_offices WHERE code = ANY($1::text[])", codes
    )
    return {r["code"]: r["name"] for r in rows}

"""Look-ups in the registry copy, for handlers (before a command) and read models."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel

from shequ.contracts.registry import Sex
from shequ.employment.domain.common import PersonDeceased, PersonNotKnown

Db = Any  # an asyncpg Pool or Connection: both fetch alike


class Resident(BaseModel):
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

    @property
    def student(self) -> bool:
        return "student" in self.tags


async def find_resident(db: Db, person_id: str) -> Resident | None:
    row = await db.fetchrow("SELECT * FROM residents WHERE person_id = $1", person_id)
    return None if row is None else Resident(**dict(row))


async def living_resident(db: Db, person_id: str, field: str = "person_id") -> Resident:
    """The person as the registry last said, or why no command may name them."""
    found = await find_resident(db, person_id)
    if found is None:
        raise PersonNotKnown(person_id, field)
    if found.merged_into is not None:
        raise PersonNotKnown(f"{person_id} (merged into {found.merged_into})", field)
    if not found.alive:
        raise PersonDeceased(person_id, field)
    return found


async def household_residents(db: Db, household_id: str) -> list[Resident]:
    """The living members of a household, by person id."""
    rows = await db.fetch(
        """SELECT * FROM residents WHERE household_id = $1 AND alive
           ORDER BY person_id""",
        household_id,
    )
    return [Resident(**dict(r)) for r in rows]


async def office_names(db: Db, codes: list[str]) -> dict[str, str]:
    rows = await db.fetch(
        "SELECT code, name FROM resident_offices WHERE code = ANY($1::text[])", codes
    )
    return {r["code"]: r["name"] for r in rows}


async def household_office(db: Db, household_id: str) -> str | None:
    office: str | None = await db.fetchval(
        "SELECT office FROM resident_households WHERE household_id = $1", household_id
    )
    return office

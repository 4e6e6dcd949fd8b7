"""The demo's questions (``make run``): was it loaded, and whom it surveys.

Asked of the store and the people copy; only the demo loader uses them.
"""

from __future__ import annotations

from shequ.service import Db
from shequ.service.people import Person


async def demo_loaded(db: Db) -> bool:
    """Whether the demo wrote anything (asked of the store, which never lags)."""
    found: bool = await db.fetchval(
        "SELECT EXISTS (SELECT 1 FROM events WHERE actor = 'demo')"
    )
    return found


async def living_people(db: Db) -> list[Person]:
    """Everyone alive in the people copy, by person id."""
    rows = await db.fetch("SELECT * FROM people WHERE alive ORDER BY person_id")
    return [Person.model_validate(dict(r)) for r in rows]


async def a_small_household(db: Db) -> str | None:
    """The first household of two to four living members, if any."""
    household: str | None = await db.fetchval(
        """SELECT household_id FROM people WHERE alive AND household_id IS NOT NULL
           GROUP BY household_id HAVING count(*) BETWEEN 2 AND 4
           ORDER BY household_id LIMIT 1"""
    )
    return household


async def people_count(db: Db) -> int:
    """How many people the copy holds so far."""
    count: int = await db.fetchval("SELECT count(*) FROM people")
    return count

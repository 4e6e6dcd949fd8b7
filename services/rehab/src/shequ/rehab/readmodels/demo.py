"""The demo's questions (``make run``): was it loaded, and whom its cases name.

Asked of the store and the people copy; only the demo loader uses them.
"""

from __future__ import annotations

from datetime import date

from shequ.service import Db


async def demo_loaded(db: Db) -> bool:
    """Whether any case exists (asked of the store, which never lags)."""
    found: bool = await db.fetchval(
        "SELECT EXISTS (SELECT 1 FROM events WHERE stream_type = 'rehab_case')"
    )
    return found


async def adults_of(db: Db, office: str, born_before: date, count: int) -> list[str]:
    """Up to ``count`` living people of ``office`` born before ``born_before``."""
    rows = await db.fetch(
        """SELECT person_id FROM people
           WHERE office = $1 AND alive AND birth_date < $2
           ORDER BY person_id LIMIT $3""",
        office,
        born_before,
        count,
    )
    return [r["person_id"] for r in rows]

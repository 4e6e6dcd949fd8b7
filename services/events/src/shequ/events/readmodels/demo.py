"""The demo's questions (``make run``): was it loaded, and whom it names.

Asked of the store and the people copy; only the demo loader uses them.
"""

from __future__ import annotations

from shequ.service import Db


async def demo_loaded(db: Db) -> bool:
    """Whether any activity exists (asked of the store, which never lags)."""
    found: bool = await db.fetchval(
        "SELECT EXISTS (SELECT 1 FROM events WHERE stream_type = 'activity')"
    )
    return found


async def residents_of(db: Db, office: str, count: int) -> list[str]:
    """Up to ``count`` living people of ``office``."""
    rows = await db.fetch(
        """SELECT person_id FROM people WHERE office = $1 AND alive
           ORDER BY person_id LIMIT $2""",
        office,
        count,
    )
    return [r["person_id"] for r in rows]

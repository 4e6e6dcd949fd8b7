"""Work plans as read (工作计划): one office's plan, and every plan of a subtree.

Read from reporting's own store, not a projection: the plans are its own streams, so
a plan is never stale (its version is what ``If-Match`` expects) and a target just
set is listed at once (no position to wait for).
"""

from __future__ import annotations

from shequ.access import OfficeCode, OfficeLevel
from shequ.eventstore import EventStore, load
from shequ.reporting.domain.workplan import DECIDER, Plan, check_plan, stream_of


async def plan_of(store: EventStore, office: str, year: int) -> tuple[Plan, int]:
    """The office's plan for the year and its version (0 before the first target)."""
    check_plan(office, year)
    plan, head = await load(store, DECIDER, stream_of(office, year))
    return plan, head.version


async def plans_within(
    store: EventStore, within: OfficeCode, year: int
) -> list[tuple[str, Plan]]:
    """The offices in ``within`` whose plan for ``year`` has targets, with the plans."""
    rows = await store.pool.fetch(
        """SELECT DISTINCT stream_id FROM events
           WHERE stream_type = $1 AND stream_id LIKE $2""",
        DECIDER.stream_type,
        stream_of(f"{within.subtree_prefix}%", year),
    )
    found = []
    for row in rows:
        plan, _ = await load(store, DECIDER, row["stream_id"])
        if plan.targets:
            found.append((row["stream_id"].split("/")[1], plan))
    levels = list(OfficeLevel)
    return sorted(found, key=lambda p: (levels.index(OfficeCode(p[0]).level), p[0]))

"""Ledger views (台帐), read from the temporal tables as of any moment.

The unemployed persons ledger (失业人员台帐) lists everyone in the subtree who, at the
moment asked, had an open unemployment registration or was recorded unemployed; the
zero-employment household ledger lists the households open then.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel

from shequ.access import OfficeCode
from shequ.reporting.readmodels.ledgers._temporal import as_of


class UnemployedRow(BaseModel):
    person_id: str
    name: str
    document_masked: str | None
    sex: str
    birth_date: date
    office: str
    office_name: str | None
    status: str | None
    unemployed_since: date | None
    registered_on: date | None
    certificates: list[str]
    tags: list[str]


class ZeroHouseholdRow(BaseModel):
    household_id: str
    office: str
    office_name: str | None
    identified_on: date


# Registrations and certificates are aggregated once and joined, not looked up per
# row: a 100,000-row ledger is read in one pass of each table.
_UNEMPLOYED = f"""
WITH registered AS (
    SELECT r.person_id, min(r.registered_on) AS registered_on
    FROM registrations r WHERE {as_of("r")} GROUP BY r.person_id),
certified AS (
    SELECT c.person_id, array_agg(c.number ORDER BY c.number) AS certificates
    FROM certificates c WHERE {as_of("c")} GROUP BY c.person_id)
SELECT p.person_id, p.name, p.document_masked, p.sex, p.birth_date, p.office,
       o.name AS office_name, l.status,
       CASE WHEN l.status = 'unemployed' THEN l.since END AS unemployed_since,
       g.registered_on, coalesce(c.certificates, '{{}}') AS certificates,
       p.tags, count(*) OVER () AS total
FROM people p
LEFT JOIN labour l ON l.person_id = p.person_id AND {as_of("l")}
LEFT JOIN offices o ON o.code = p.office
LEFT JOIN registered g ON g.person_id = p.person_id
LEFT JOIN certified c ON c.person_id = p.person_id
WHERE {as_of("p")} AND p.alive AND p.office LIKE $2 || '%'
  AND (l.status = 'unemployed' OR g.person_id IS NOT NULL)
ORDER BY p.office, p.name, p.person_id
LIMIT $3 OFFSET $4
"""


async def unemployed_ledger(
    db: Any, within: OfficeCode, at: datetime, page: int, size: int
) -> tuple[list[UnemployedRow], int]:
    """One page of the unemployed persons ledger as it stood at ``at``."""
    rows = await db.fetch(
        _UNEMPLOYED, at, within.subtree_prefix, size, (page - 1) * size
    )
    total = rows[0]["total"] if rows else 0
    return [
        UnemployedRow(**{k: v for k, v in r.items() if k != "total"}) for r in rows
    ], total


async def zero_household_ledger(
    db: Any, within: OfficeCode, at: datetime, page: int = 1, size: int | None = None
) -> tuple[list[ZeroHouseholdRow], int]:
    """The zero-employment households (零就业家庭) open at ``at``: a page, or all."""
    rows = await db.fetch(
        f"""SELECT z.household_id, z.office, o.name AS office_name, z.identified_on,
                   count(*) OVER () AS total
            FROM zero_households z LEFT JOIN offices o ON o.code = z.office
            WHERE {as_of("z")} AND z.office LIKE $2 || '%'
            ORDER BY z.office, z.identified_on, z.household_id
            LIMIT $3 OFFSET $4""",
        at,
        within.subtree_prefix,
        size,
        (page - 1) * (size or 0),
    )
    total = rows[0]["total"] if rows else 0
    return [
        ZeroHouseholdRow(**{k: v for k, v in r.items() if k != "total"}) for r in rows
    ], total

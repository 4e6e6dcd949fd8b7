"""Ledger views (台帐), read from the temporal tables as of any moment.

The unemployed persons ledger (失业人员台帐) lists everyone in the subtree who, at the
moment asked, had an open unemployment registration or was recorded unemployed; the
zero-employment household ledger lists the households open then, with their head
(户主), address and members by name as they stood at the same moment. The unemployed
ledger of now is read from its rows kept as they stand (``ledgers.now``).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, Field

from shequ.access import OfficeCode
from shequ.reporting.domain.privacy import masked_name
from shequ.reporting.readmodels.ledgers import now
from shequ.reporting.readmodels.ledgers._temporal import as_of
from shequ.service import TOTAL, Db, Page, fetch_page


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
    head_person_id: str | None
    head_name: str | None = Field(description="户主")
    address: str | None
    member_person_ids: list[str]
    member_names: list[str]
    unemployed_person_ids: list[str]
    unemployed_names: list[str]
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
       p.tags, {TOTAL}
FROM people p
LEFT JOIN labour l ON l.person_id = p.person_id AND {as_of("l")}
LEFT JOIN offices o ON o.code = p.office
LEFT JOIN registered g ON g.person_id = p.person_id
LEFT JOIN certified c ON c.person_id = p.person_id
WHERE {as_of("p")} AND p.alive AND p.office LIKE $2 || '%'
  AND (l.status = 'unemployed' OR g.person_id IS NOT NULL)
ORDER BY p.office COLLATE "C", p.name, p.person_id
"""
# The same rows as kept now (``ledgers.now``), between two office codes in order.
_NOW_RANGE = """u.office COLLATE "C" >= $1 AND u.office COLLATE "C" < $2"""
_NOW_ORDER = """u.office COLLATE "C", u.name, u.person_id"""
_NOW = f"""
SELECT u.*, o.name AS office_name FROM unemployed_now u
LEFT JOIN offices o ON o.code = u.office
WHERE {_NOW_RANGE} ORDER BY {_NOW_ORDER}
"""
# A page is cut from the index alone (office, name, person), then its rows read.
_NOW_PAGE = f"""
SELECT u.*, o.name AS office_name
FROM (SELECT u.person_id FROM unemployed_now u WHERE {_NOW_RANGE}
      ORDER BY {_NOW_ORDER} LIMIT $3 OFFSET $4) AS k
JOIN unemployed_now u USING (person_id) LEFT JOIN offices o ON o.code = u.office
ORDER BY {_NOW_ORDER}
"""
_NOW_TOTAL = f"SELECT count(*) FROM unemployed_now u WHERE {_NOW_RANGE}"
# Head, address and members as they stood at the same moment as the household.
_NAMES = f"""ARRAY(SELECT coalesce(r.name, m.p) FROM unnest(z.{{ids}})
                 WITH ORDINALITY AS m(p, n)
                 LEFT JOIN people r ON r.person_id = m.p AND {as_of("r")}
                 ORDER BY m.n)"""
_ZERO = f"""
SELECT z.household_id, z.office, o.name AS office_name, z.identified_on,
       h.head_person_id, head.name AS head_name, h.address,
       z.member_person_ids, {_NAMES.format(ids="member_person_ids")} AS member_names,
       z.unemployed_person_ids,
       {_NAMES.format(ids="unemployed_person_ids")} AS unemployed_names, {TOTAL}
FROM zero_households z LEFT JOIN offices o ON o.code = z.office
LEFT JOIN households h ON h.household_id = z.household_id AND {as_of("h")}
LEFT JOIN people head ON head.person_id = h.head_person_id AND {as_of("head")}
WHERE {as_of("z")} AND z.office LIKE $2 || '%'
ORDER BY z.office, z.identified_on, z.household_id
"""


def _masked(rows: list[UnemployedRow], names: bool) -> list[UnemployedRow]:
    if names:
        return rows
    return [r.model_copy(update={"name": masked_name(r.name)}) for r in rows]


def _masked_households(
    rows: list[ZeroHouseholdRow], names: bool
) -> list[ZeroHouseholdRow]:
    if names:
        return rows
    return [
        r.model_copy(
            update={
                "head_name": r.head_name and masked_name(r.head_name),
                "member_names": [masked_name(n) for n in r.member_names],
                "unemployed_names": [masked_name(n) for n in r.unemployed_names],
            }
        )
        for r in rows
    ]


async def unemployed_ledger(
    db: Db, within: OfficeCode, at: datetime, *, names: bool, page: int, size: int
) -> Page[UnemployedRow]:
    """One page of the unemployed persons ledger as it stood at ``at``.

    Names are masked unless ``names`` (the reader sees them).
    """
    if await now.holds(db, at):
        span = now.office_span(within.subtree_prefix)
        rows = await db.fetch(_NOW_PAGE, *span, size, (page - 1) * size)
        found = Page[UnemployedRow](
            items=[UnemployedRow.model_validate(dict(r)) for r in rows],
            total=await db.fetchval(_NOW_TOTAL, *span),
            page=page,
            size=size,
        )
    else:
        found = await fetch_page(
            db,
            UnemployedRow,
            _UNEMPLOYED,
            at,
            within.subtree_prefix,
            page=page,
            size=size,
        )
    return found.model_copy(update={"items": _masked(found.items, names)})


async def _listing(db: Db, within: OfficeCode, at: datetime) -> tuple[str, list[Any]]:
    """The query of the whole ledger at ``at``, and its arguments."""
    if await now.holds(db, at):
        return _NOW, list(now.office_span(within.subtree_prefix))
    return _UNEMPLOYED, [at, within.subtree_prefix]


async def unemployed_all(
    db: Db, within: OfficeCode, at: datetime, *, names: bool
) -> list[UnemployedRow]:
    """The whole unemployed persons ledger as it stood at ``at``, for an export."""
    query, args = await _listing(db, within, at)
    rows = await db.fetch(query, *args)
    return _masked([UnemployedRow.model_validate(dict(r)) for r in rows], names)


async def unemployed_rows(
    pool: Any, within: OfficeCode, at: datetime, *, names: bool
) -> AsyncIterator[UnemployedRow]:
    """The whole ledger as it stood at ``at``, row by row from a cursor (an export).

    A district's ledger is not held in memory: the export writes each row as the
    cursor reads it.
    """
    async with pool.acquire() as conn, conn.transaction(readonly=True):
        query, args = await _listing(conn, within, at)
        cursor = conn.cursor(query, *args, prefetch=1000)
        async for record in cursor:
            row = UnemployedRow.model_validate(dict(record))
            hidden = {"name": masked_name(row.name)}
            yield row if names else row.model_copy(update=hidden)


async def zero_household_ledger(
    db: Db, within: OfficeCode, at: datetime, *, names: bool, page: int, size: int
) -> Page[ZeroHouseholdRow]:
    """One page of the zero-employment households (零就业家庭) open at ``at``."""
    found = await fetch_page(
        db, ZeroHouseholdRow, _ZERO, at, within.subtree_prefix, page=page, size=size
    )
    return found.model_copy(update={"items": _masked_households(found.items, names)})


async def zero_households_all(
    db: Db, within: OfficeCode, at: datetime, *, names: bool
) -> list[ZeroHouseholdRow]:
    """Every zero-employment household open at ``at``, for an export."""
    rows = await db.fetch(_ZERO, at, within.subtree_prefix)
    found = [ZeroHouseholdRow.model_validate(dict(r)) for r in rows]
    return _masked_households(found, names)

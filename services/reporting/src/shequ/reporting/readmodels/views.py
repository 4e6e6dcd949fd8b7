"""Ledger views (台帐), read from the temporal tables as of any moment.

The unemployed persons ledger (失业人员台帐) lists everyone in the subtree who, at the
moment asked, had an open unemployment registration or was recorded unemployed; the
zero-employment household ledger lists the households open then.
"""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel

from shequ.access import OfficeCode, mask_name
from shequ.reporting.readmodels.ledgers._temporal import as_of
from shequ.service import TOTAL, Db, Page, fetch_page
from shequ.webapi import Column


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
       p.tags, {TOTAL}
FROM people p
LEFT JOIN labour l ON l.person_id = p.person_id AND {as_of("l")}
LEFT JOIN offices o ON o.code = p.office
LEFT JOIN registered g ON g.person_id = p.person_id
LEFT JOIN certified c ON c.person_id = p.person_id
WHERE {as_of("p")} AND p.alive AND p.office LIKE $2 || '%'
  AND (l.status = 'unemployed' OR g.person_id IS NOT NULL)
ORDER BY p.office, p.name, p.person_id
"""
_ZERO = f"""
SELECT z.household_id, z.office, o.name AS office_name, z.identified_on, {TOTAL}
FROM zero_households z LEFT JOIN offices o ON o.code = z.office
WHERE {as_of("z")} AND z.office LIKE $2 || '%'
ORDER BY z.office, z.identified_on, z.household_id
"""


def _masked(rows: list[UnemployedRow], names: bool) -> list[UnemployedRow]:
    if names:
        return rows
    return [r.model_copy(update={"name": mask_name(r.name)}) for r in rows]


async def unemployed_ledger(
    db: Db, within: OfficeCode, at: datetime, *, names: bool, page: int, size: int
) -> Page[UnemployedRow]:
    """One page of the unemployed persons ledger as it stood at ``at``.

    Names are masked unless ``names`` (the reader sees them).
    """
    found = await fetch_page(
        db, UnemployedRow, _UNEMPLOYED, at, within.subtree_prefix, page=page, size=size
    )
    return found.model_copy(update={"items": _masked(found.items, names)})


async def unemployed_all(
    db: Db, within: OfficeCode, at: datetime, *, names: bool
) -> list[UnemployedRow]:
    """The whole unemployed persons ledger as it stood at ``at``, for an export."""
    rows = await db.fetch(_UNEMPLOYED, at, within.subtree_prefix)
    return _masked([UnemployedRow.model_validate(dict(r)) for r in rows], names)


async def zero_household_ledger(
    db: Db, within: OfficeCode, at: datetime, *, page: int, size: int
) -> Page[ZeroHouseholdRow]:
    """One page of the zero-employment households (零就业家庭) open at ``at``."""
    return await fetch_page(
        db, ZeroHouseholdRow, _ZERO, at, within.subtree_prefix, page=page, size=size
    )


async def zero_households_all(
    db: Db, within: OfficeCode, at: datetime
) -> list[ZeroHouseholdRow]:
    """Every zero-employment household open at ``at``, for an export."""
    rows = await db.fetch(_ZERO, at, within.subtree_prefix)
    return [ZeroHouseholdRow.model_validate(dict(r)) for r in rows]


# The ledgers' columns as exported and printed at the terminal, in Chinese or English.
UNEMPLOYED_COLUMNS = [
    Column("name", "姓名", "Name"),
    Column("document_masked", "身份证号", "ID number"),
    Column("sex", "性别", "Sex"),
    Column("birth_date", "出生日期", "Born"),
    Column("office", "社区代码", "Office code"),
    Column("office_name", "所属社区", "Community"),
    Column("status", "就业状态", "Labour status"),
    Column("unemployed_since", "失业时间", "Unemployed since"),
    Column("registered_on", "失业登记日期", "Registered on"),
    Column("certificates", "证件编号", "Certificates"),
    Column("tags", "人员类别", "Categories"),
]
FIGURE_COLUMNS = [
    Column("office", "单位代码", "Office code"),
    Column("name", "单位", "Office"),
    Column("level", "层级", "Level"),
    Column("working_age", "劳动年龄人口", "Working age"),
    Column("counted", "有劳动能力和就业愿望", "Able and willing"),
    Column("unemployed", "实际失业", "Unemployed"),
    Column("employment_rate", "就业率", "Employment rate"),
    Column("registered_unemployed", "登记失业", "Registered unemployed"),
    Column("certificates_in_use", "在用证件", "Certificates in use"),
    Column("zero_employment_households", "零就业家庭", "Zero-employment households"),
    Column("new_jobs", "新增就业", "New jobs"),
]
ZERO_COLUMNS = [
    Column("household_id", "户编号", "Household"),
    Column("office", "社区代码", "Office code"),
    Column("office_name", "所属社区", "Community"),
    Column("identified_on", "认定日期", "Identified on"),
]

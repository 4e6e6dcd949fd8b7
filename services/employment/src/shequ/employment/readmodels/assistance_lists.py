"""Assistance lists: follow-ups due or overdue, and the difficulty ledger (台帐).

A follow-up is listed under the office that holds it (a move hands it over), with
counts per office. The difficulty ledger (就业困难人员台帐) lists people under their
office now, from the people copy, with their last contact and next follow-up. Read
from the assistance ledger's tables.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel

from shequ.contracts.employment import ContactKind, DifficultyCategory, FollowUpSource
from shequ.employment.readmodels.rows import Resident
from shequ.service import TOTAL, Db, Page, fetch_page

CaseState = Literal["open", "all"]


class FollowUpRow(BaseModel):
    follow_up_id: str
    person_id: str
    name: str
    document_masked: str | None
    office: str
    office_name: str | None
    kind: ContactKind
    due_on: date
    days_overdue: int
    assigned_to: str
    purpose: str
    source: FollowUpSource


class OfficeCount(BaseModel):
    office: str
    office_name: str | None
    count: int


# $1 the subtree, $2 due before (or NULL), $3 the staff member (or NULL).
_OPEN = """FROM assistance_follow_ups f JOIN people r USING (person_id)
           WHERE f.state = 'open' AND r.alive AND f.office LIKE $1 || '%'
             AND ($2::date IS NULL OR f.due_on < $2)
             AND ($3::text IS NULL OR f.assigned_to = $3)"""


async def open_follow_ups(
    db: Db,
    prefix: str,
    on: date,
    due_before: date | None,
    assigned_to: str | None,
    *,
    page: int,
    size: int,
) -> tuple[Page[FollowUpRow], list[OfficeCount]]:
    """Open follow-ups within ``prefix``, soonest due first, and counts per office.

    ``days_overdue`` is counted as of ``on``.
    """
    found = await fetch_page(
        db,
        FollowUpRow,
        f"""SELECT f.follow_up_id, f.person_id, r.name, r.document_masked, f.office,
                   (SELECT o.name FROM people_offices o WHERE o.code = f.office)
                       AS office_name,
                   f.kind, f.due_on, f.assigned_to, f.purpose, f.source,
                   {TOTAL},
                   greatest(0, $4::date - f.due_on) AS days_overdue
            {_OPEN} ORDER BY f.due_on, f.office, f.seq""",
        prefix,
        due_before,
        assigned_to,
        on,
        page=page,
        size=size,
    )
    counts = await db.fetch(
        f"""SELECT f.office, count(*) AS count,
                   (SELECT o.name FROM people_offices o WHERE o.code = f.office)
                   AS office_name
            {_OPEN} GROUP BY f.office ORDER BY f.office""",
        prefix,
        due_before,
        assigned_to,
    )
    return found, [OfficeCount.model_validate(dict(c)) for c in counts]


class DifficultyRow(Resident):
    category: DifficultyCategory
    identified_on: date
    resolved_on: date | None
    last_contact_on: date | None
    open_follow_ups: int
    next_due_on: date | None


async def difficulty_cases(
    db: Db,
    prefix: str,
    state: CaseState,
    category: DifficultyCategory | None,
    *,
    page: int,
    size: int,
) -> Page[DifficultyRow]:
    """People with employment difficulties living within ``prefix`` now."""
    return await fetch_page(
        db,
        DifficultyRow,
        f"""SELECT d.person_id, r.name, r.document_masked, r.sex, r.birth_date,
                   r.office, o.name AS office_name, d.category, d.identified_on,
                   d.resolved_on, {TOTAL},
                   (SELECT max(c.contacted_on) FROM assistance_contacts c
                    WHERE c.person_id = d.person_id) AS last_contact_on,
                   (SELECT count(*) FROM assistance_follow_ups f
                    WHERE f.person_id = d.person_id AND f.state = 'open')
                    AS open_follow_ups,
                   (SELECT min(f.due_on) FROM assistance_follow_ups f
                    WHERE f.person_id = d.person_id AND f.state = 'open')
                    AS next_due_on
            FROM assistance_difficulties d JOIN people r USING (person_id)
            LEFT JOIN people_offices o ON o.code = r.office
            WHERE r.office LIKE $1 || '%' AND ($2 = 'all' OR d.resolved_on IS NULL)
              AND ($3::text IS NULL OR d.category = $3)
            ORDER BY r.office, d.identified_on, d.person_id, d.identified_version""",
        prefix,
        state,
        category,
        page=page,
        size=size,
    )

"""A person erased (个人信息删除): their personal text wiped from employment's tables.

The registry's ``PersonErased`` reaches employment through the people copy, which
shows the person as erased (姓名已删除); this wipes what employment's own tables hold
of them: the employer in their labour profile, the notes and findings of their
assistance, the notes of their interviews, the address of the households they head.
Each is set to the value the field's contract says it reads as once erased, so a
rebuild (whose events then decode as erased) gives the same tables.
"""

from __future__ import annotations

import asyncpg

from shequ.contracts.employment import (
    ContactRecorded,
    EmploymentDifficultyIdentified,
    GuidanceGiven,
    InterviewHeld,
    LabourStatusRecorded,
)
from shequ.contracts.personal import personal_fields
from shequ.contracts.registry import HouseholdRegistered

# table, column, whose rows (the column naming the person), erased value
_WIPED = (
    (
        "labour_profiles",
        "employer",
        "person_id",
        personal_fields(LabourStatusRecorded)["employer"],
    ),
    (
        "assistance_difficulties",
        "notes",
        "person_id",
        personal_fields(EmploymentDifficultyIdentified)["notes"],
    ),
    (
        "assistance_contacts",
        "findings",
        "person_id",
        personal_fields(ContactRecorded)["findings"],
    ),
    (
        "assistance_guidance",
        "notes",
        "person_id",
        personal_fields(GuidanceGiven)["notes"],
    ),
    (
        "vacancy_referrals",
        "interview_notes",
        "person_id",
        personal_fields(InterviewHeld)["notes"],
    ),
    (
        "employment_households",
        "address",
        "head_person_id",
        personal_fields(HouseholdRegistered)["address"],
    ),
)


async def erase_person(conn: asyncpg.Connection, person_id: str) -> None:
    """Wipe ``person_id``'s personal text from employment's read models."""
    for table, column, whose, erased in _WIPED:
        # What was never recorded (no interview yet: NULL) stays unrecorded.
        await conn.execute(
            f"""UPDATE {table} SET {column} = $2
                WHERE {whose} = $1 AND {column} IS NOT NULL""",
            person_id,
            erased,
        )

"""Labour profiles as a table: the latest status of each person, and the job seekers.

``labour_profiles`` holds one row per person with a profile: status, employer, since,
the source and reason of the last change, flexible employment, and the job-seeker
entry (求职需求) while they seek. Its ``office`` is where the last event was recorded;
ledgers use the registry copy's office instead, which follows moves at once.
"""

from __future__ import annotations

import asyncpg

from shequ.contracts import EventEnvelope
from shequ.contracts.employment import (
    FlexibleEmploymentCertified,
    FlexibleEmploymentRegistered,
    JobSeekingRegistered,
    JobSeekingWithdrawn,
    LabourProfileHandedOver,
    LabourStatusRecorded,
)
from shequ.eventstore import Migration
from shequ.messaging import ConnectionAppliers

TABLES = ("labour_profiles",)
MIGRATIONS = [
    Migration(
        "employment-ledgers-profiles",
        1,
        """CREATE TABLE IF NOT EXISTS labour_profiles (
               person_id          text PRIMARY KEY,
               office             text NOT NULL,
               status             text,
               employer           text,
               since              date,
               source             text,
               reason             text,
               changed_at         timestamptz NOT NULL,
               changed_by         text,
               flexible_work      text,
               flexible_on        date,
               flexible_certified date,
               seeking            boolean NOT NULL DEFAULT false,
               wishes             text[] NOT NULL DEFAULT '{}',
               skills             text[] NOT NULL DEFAULT '{}',
               available_from     date,
               min_monthly_wage   integer,
               version            integer NOT NULL);
           CREATE INDEX IF NOT EXISTS labour_profiles_status
               ON labour_profiles (status);""",
    )
]


APPLY = ConnectionAppliers()


async def _upsert(
    conn: asyncpg.Connection,
    envelope: EventEnvelope,
    person_id: str,
    office: str,
    sets: str,
    *values: object,
) -> None:
    # The first event of a profile may be any of them, so each one creates the row.
    await conn.execute(
        """INSERT INTO labour_profiles (person_id, office, changed_at, changed_by,
                                         version)
            VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (person_id) DO UPDATE SET office = excluded.office,
                version = excluded.version""",
        person_id,
        office,
        envelope.recorded_at,
        envelope.actor,
        envelope.version,
    )
    if sets:
        await conn.execute(
            f"UPDATE labour_profiles SET {sets} WHERE person_id = $1",
            person_id,
            *values,
        )


@APPLY.on
async def _status(
    conn: asyncpg.Connection, e: LabourStatusRecorded, envelope: EventEnvelope
) -> None:
    await _upsert(
        conn,
        envelope,
        e.person_id,
        e.office,
        """status = $2, employer = $3, since = $4, source = $5,
           reason = $6, changed_at = $7, changed_by = $8""",
        e.status,
        e.employer,
        e.since,
        e.source,
        e.reason,
        envelope.recorded_at,
        envelope.actor,
    )


@APPLY.on
async def _flexible(
    conn: asyncpg.Connection, e: FlexibleEmploymentRegistered, envelope: EventEnvelope
) -> None:
    await _upsert(
        conn,
        envelope,
        e.person_id,
        e.office,
        "flexible_work = $2, flexible_on = $3, flexible_certified = NULL",
        e.occupation,
        e.registered_on,
    )


@APPLY.on
async def _certified(
    conn: asyncpg.Connection, e: FlexibleEmploymentCertified, envelope: EventEnvelope
) -> None:
    await _upsert(
        conn, envelope, e.person_id, e.office, "flexible_certified = $2", e.certified_on
    )


@APPLY.on
async def _seeking(
    conn: asyncpg.Connection, e: JobSeekingRegistered, envelope: EventEnvelope
) -> None:
    await _upsert(
        conn,
        envelope,
        e.person_id,
        e.office,
        """seeking = true, wishes = $2, skills = $3, available_from = $4,
           min_monthly_wage = $5""",
        e.wishes,
        e.skills,
        e.available_from,
        e.min_monthly_wage,
    )


@APPLY.on
async def _withdrawn(
    conn: asyncpg.Connection, e: JobSeekingWithdrawn, envelope: EventEnvelope
) -> None:
    await _upsert(conn, envelope, e.person_id, e.office, "seeking = false")


@APPLY.on
async def _handed_over(
    conn: asyncpg.Connection, e: LabourProfileHandedOver, envelope: EventEnvelope
) -> None:
    await _upsert(conn, envelope, e.person_id, e.to_office, "")

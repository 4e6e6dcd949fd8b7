"""Labour profiles as a table: the latest status of each person, and the job seekers.

``labour_profiles`` holds one row per person with a profile: status, employer, since,
the source and reason of the last change, flexible employment, and the job-seeker
entry (求职需求) while they seek. Its ``office`` is where the last event was recorded;
ledgers use the registry copy's office instead, which follows moves at once.
"""

from __future__ import annotations

import asyncpg

from shequ.contracts import EventEnvelope
from shequ.employment.readmodels._apply import Applier
from shequ.eventstore import Migration

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


async def _upsert(
    conn: asyncpg.Connection, e: EventEnvelope, sets: str, *values: object
) -> None:
    # The first event of a profile may be any of them, so each one creates the row.
    await conn.execute(
        """INSERT INTO labour_profiles (person_id, office, changed_at, changed_by,
                                         version)
            VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (person_id) DO UPDATE SET office = excluded.office,
                version = excluded.version""",
        e.data["person_id"],
        e.data.get("office") or e.data.get("to_office"),
        e.recorded_at,
        e.actor,
        e.version,
    )
    if sets:
        await conn.execute(
            f"UPDATE labour_profiles SET {sets} WHERE person_id = $1",
            e.data["person_id"],
            *values,
        )


async def _status(conn: asyncpg.Connection, e: EventEnvelope) -> None:
    d = e.data
    await _upsert(
        conn,
        e,
        """status = $2, employer = $3, since = $4::text::date, source = $5,
           reason = $6, changed_at = $7, changed_by = $8""",
        d["status"],
        d["employer"],
        d["since"],
        d["source"],
        d["reason"],
        e.recorded_at,
        e.actor,
    )


async def _flexible(conn: asyncpg.Connection, e: EventEnvelope) -> None:
    d = e.data
    await _upsert(
        conn,
        e,
        """flexible_work = $2, flexible_on = $3::text::date,
           flexible_certified = NULL""",
        d["occupation"],
        d["registered_on"],
    )


async def _certified(conn: asyncpg.Connection, e: EventEnvelope) -> None:
    await _upsert(
        conn, e, "flexible_certified = $2::text::date", e.data["certified_on"]
    )


async def _seeking(conn: asyncpg.Connection, e: EventEnvelope) -> None:
    d = e.data
    await _upsert(
        conn,
        e,
        """seeking = true, wishes = $2, skills = $3,
           available_from = $4::text::date, min_monthly_wage = $5""",
        d["wishes"],
        d["skills"],
        d["available_from"],
        d["min_monthly_wage"],
    )


async def _withdrawn(conn: asyncpg.Connection, e: EventEnvelope) -> None:
    await _upsert(conn, e, "seeking = false")


async def _handed_over(conn: asyncpg.Connection, e: EventEnvelope) -> None:
    await _upsert(conn, e, "")


APPLIERS: dict[str, Applier] = {
    "LabourStatusRecorded": _status,
    "FlexibleEmploymentRegistered": _flexible,
    "FlexibleEmploymentCertified": _certified,
    "JobSeekingRegistered": _seeking,
    "JobSeekingWithdrawn": _withdrawn,
    "LabourProfileHandedOver": _handed_over,
}

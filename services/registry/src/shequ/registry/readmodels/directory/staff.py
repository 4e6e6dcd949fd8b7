"""Staff (工作人员) as a table: login, name, office, roles, employment, active or not.

Never a credential: password hashes live in the guard table ``staff_credentials``.
"""

from __future__ import annotations

from collections.abc import Sequence

import asyncpg
from pydantic import BaseModel, Field

from shequ.contracts import EventEnvelope
from shequ.contracts.registry import StaffDeactivated, StaffEnrolled, StaffRolesChanged
from shequ.eventstore import Migration
from shequ.messaging import ConnectionAppliers

TABLES = ("staff",)
MIGRATIONS = [
    Migration(
        "registry-directory-staff",
        1,
        """CREATE TABLE IF NOT EXISTS staff (
               staff_id   text PRIMARY KEY,
               login      text NOT NULL,
               name       text NOT NULL,
               office     text NOT NULL,
               roles      text[] NOT NULL,
               employment text NOT NULL,
               active     boolean NOT NULL DEFAULT true,
               version    integer NOT NULL);
           CREATE INDEX IF NOT EXISTS staff_office ON staff (office text_pattern_ops);
           CREATE INDEX IF NOT EXISTS staff_inactive ON staff (staff_id)
               WHERE NOT active;""",
    )
]


APPLY = ConnectionAppliers()


@APPLY.on
async def _enrolled(
    conn: asyncpg.Connection, e: StaffEnrolled, envelope: EventEnvelope
) -> None:
    await conn.execute(
        "INSERT INTO staff VALUES ($1, $2, $3, $4, $5, $6, true, $7)",
        e.staff_id,
        e.login,
        e.name,
        e.office,
        e.roles,
        e.employment,
        envelope.version,
    )


@APPLY.on
async def _roles_changed(
    conn: asyncpg.Connection, e: StaffRolesChanged, envelope: EventEnvelope
) -> None:
    await conn.execute(
        "UPDATE staff SET roles = $2, version = $3 WHERE staff_id = $1",
        envelope.stream_id,
        e.roles,
        envelope.version,
    )


@APPLY.on
async def _deactivated(
    conn: asyncpg.Connection, e: StaffDeactivated, envelope: EventEnvelope
) -> None:
    await conn.execute(
        "UPDATE staff SET active = false, version = $2 WHERE staff_id = $1",
        envelope.stream_id,
        envelope.version,
    )


class StaffRow(BaseModel):
    staff_id: str
    login: str
    name: str
    office: str
    office_name: str | None = Field(
        None, description="the office's name, shown beside its code"
    )
    roles: list[str]
    employment: str
    active: bool
    version: int


async def staff_within(pool: asyncpg.Pool, prefix: str) -> list[StaffRow]:
    """Every staff member of an office whose code starts with ``prefix``."""
    rows = await pool.fetch(
        """SELECT *,
            (SELECT o.name FROM offices o WHERE o.code = staff.office) AS office_name
            FROM staff WHERE office LIKE $1 || '%' ORDER BY office, login""",
        prefix,
    )
    return [StaffRow(**dict(row)) for row in rows]


async def active_holders(
    db: asyncpg.Pool | asyncpg.Connection,
    prefix: str,
    roles: Sequence[str],
    *,
    excluding: str,
) -> list[str]:
    """Active staff of offices starting with ``prefix`` holding any of ``roles``.

    From the directory, which may lag: a caller confirms each from its stream.
    """
    rows = await db.fetch(
        """SELECT staff_id FROM staff
           WHERE active AND office LIKE $1 || '%' AND roles && $2::text[]
             AND staff_id <> $3
           ORDER BY staff_id""",
        prefix,
        list(roles),
        excluding,
    )
    return [row["staff_id"] for row in rows]

"""Unemployment as tables, the unemployed persons ledger (失业人员台帐) and its figures.

``unemployment_registrations`` holds one row per registration (失业登记) and
``unemployment_certificates`` one per certificate (失业证, 再就业优惠证) with its state:
in_use (正常使用), returned (缴回) or cancelled (注销). The ledger lists every living
person of a subtree who is registered as unemployed or whose labour status is
``unemployed`` (registration is the official record; the status says whether they
are actually out of work), under their current office. The figures are the breakdown
seed 000 篇二 gives: 632 registered, 70 certificates in use, of the registered 12 on
subsistence allowance (低保), 15 disabled, 10 from hardship families; 73 actually
unemployed.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import asyncpg
from pydantic import BaseModel, Field, model_validator

from shequ.access import OfficeCode
from shequ.contracts import EventEnvelope
from shequ.contracts.employment import (
    CertificateCancelled,
    CertificateIssued,
    CertificateKind,
    CertificateReturned,
    LabourStatus,
    UnemploymentRegistered,
    UnemploymentRegistrationEnded,
)
from shequ.employment.readmodels.rows import Resident
from shequ.eventstore import Migration
from shequ.messaging import ConnectionAppliers
from shequ.service import TOTAL, Db, Page, fetch_page

TABLES = ("unemployment_registrations", "unemployment_certificates")
MIGRATIONS = [
    Migration(
        "employment-ledgers-unemployment",
        1,
        """CREATE TABLE IF NOT EXISTS unemployment_registrations (
               registration_id text PRIMARY KEY,
               person_id       text NOT NULL,
               office          text NOT NULL,
               registered_on   date NOT NULL,
               ended_on        date,
               end_reason      text);
           CREATE INDEX IF NOT EXISTS unemployment_registrations_open
               ON unemployment_registrations (person_id) WHERE ended_on IS NULL;
           CREATE TABLE IF NOT EXISTS unemployment_certificates (
               number        text PRIMARY KEY,
               person_id     text NOT NULL,
               office        text NOT NULL,
               kind          text NOT NULL,
               state         text NOT NULL,
               issued_on     date NOT NULL,
               returned_on   date,
               cancelled_on  date,
               cancel_reason text);
           CREATE INDEX IF NOT EXISTS unemployment_certificates_in_use
               ON unemployment_certificates (person_id) WHERE state = 'in_use';""",
    )
]


APPLY = ConnectionAppliers()


@APPLY.on
async def _registered(
    conn: asyncpg.Connection, e: UnemploymentRegistered, _: EventEnvelope
) -> None:
    await conn.execute(
        """INSERT INTO unemployment_registrations
               (registration_id, person_id, office, registered_on)
           VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING""",
        e.registration_id,
        e.person_id,
        e.office,
        e.registered_on,
    )


@APPLY.on
async def _ended(
    conn: asyncpg.Connection, e: UnemploymentRegistrationEnded, _: EventEnvelope
) -> None:
    await conn.execute(
        """UPDATE unemployment_registrations
           SET ended_on = $2, end_reason = $3 WHERE registration_id = $1""",
        e.registration_id,
        e.ended_on,
        e.reason,
    )


@APPLY.on
async def _issued(
    conn: asyncpg.Connection, e: CertificateIssued, _: EventEnvelope
) -> None:
    await conn.execute(
        """INSERT INTO unemployment_certificates
               (number, person_id, office, kind, state, issued_on)
           VALUES ($1, $2, $3, $4, 'in_use', $5) ON CONFLICT DO NOTHING""",
        e.number,
        e.person_id,
        e.office,
        e.kind,
        e.issued_on,
    )


@APPLY.on
async def _returned(
    conn: asyncpg.Connection, e: CertificateReturned, _: EventEnvelope
) -> None:
    await conn.execute(
        """UPDATE unemployment_certificates
           SET state = 'returned', returned_on = $2 WHERE number = $1""",
        e.number,
        e.returned_on,
    )


@APPLY.on
async def _cancelled(
    conn: asyncpg.Connection, e: CertificateCancelled, _: EventEnvelope
) -> None:
    await conn.execute(
        """UPDATE unemployment_certificates
           SET state = 'cancelled', cancelled_on = $2, cancel_reason = $3
           WHERE number = $1""",
        e.number,
        e.cancelled_on,
        e.reason,
    )


class CertificateInUse(BaseModel):
    number: str
    kind: CertificateKind
    state: str = "in_use"


class UnemployedPerson(Resident):
    """One row of the unemployed persons ledger (失业人员台帐)."""

    registration_id: str | None = Field(description="the open registration, if any")
    registered_on: date | None
    certificates: list[CertificateInUse]
    subsistence_allowance: bool
    disabled: bool
    hardship_family: bool
    labour_status: LabourStatus | None
    unemployed_since: date | None

    @model_validator(mode="before")
    @classmethod
    def _from_row(cls, row: Any) -> Any:
        # The ledger's query gives the certificates in use as two parallel arrays.
        if isinstance(row, dict) and "numbers" in row:
            pairs = zip(row["numbers"], row["kinds"], strict=True)
            row = {**row, "certificates": [{"number": n, "kind": k} for n, k in pairs]}
        return row


_LEDGER = f"""
SELECT r.person_id, r.name, r.document_masked, r.sex, r.birth_date, r.office,
       o.name AS office_name, g.registration_id, g.registered_on,
       l.status AS labour_status,
       CASE WHEN l.status = 'unemployed' THEN l.since END AS unemployed_since,
       'subsistence_allowance' = ANY(r.tags) AS subsistence_allowance,
       'disabled' = ANY(r.tags) AS disabled,
       'hardship_family' = ANY(r.tags) AS hardship_family,
       ARRAY(SELECT c.number FROM unemployment_certificates c
             WHERE c.person_id = r.person_id AND c.state = 'in_use'
             ORDER BY c.kind, c.number) AS numbers,
       ARRAY(SELECT c.kind FROM unemployment_certificates c
             WHERE c.person_id = r.person_id AND c.state = 'in_use'
             ORDER BY c.kind, c.number) AS kinds,
       {TOTAL}
FROM people r
LEFT JOIN LATERAL (
    SELECT registration_id, registered_on FROM unemployment_registrations u
    WHERE u.person_id = r.person_id AND u.ended_on IS NULL
    ORDER BY registered_on DESC LIMIT 1) g ON true
LEFT JOIN labour_profiles l ON l.person_id = r.person_id
LEFT JOIN people_offices o ON o.code = r.office
WHERE r.alive AND r.office LIKE $1 || '%'
  AND (g.registration_id IS NOT NULL OR l.status = 'unemployed')
ORDER BY r.office, r.name, r.person_id
"""


async def unemployed_persons(
    db: Db, within: OfficeCode, *, page: int, size: int
) -> Page[UnemployedPerson]:
    """One page of the ledger for the subtree ``within``, with the total."""
    return await fetch_page(
        db, UnemployedPerson, _LEDGER, within.subtree_prefix, page=page, size=size
    )


class UnemploymentFigures(BaseModel):
    """The unemployment breakdown of a subtree (seed 000 篇二), living people only."""

    office: str
    registered: int = Field(description="with an open registration (登记失业)")
    certificates_in_use: int = Field(description="certificates in normal use")
    subsistence_allowance: int = Field(description="of the registered: 低保")
    disabled: int = Field(description="of the registered: 残疾")
    hardship_family: int = Field(description="of the registered: 困难家庭")
    actually_unemployed: int = Field(description="labour status unemployed (实际失业)")


_FIGURES = """
WITH persons AS (
    SELECT r.tags, l.status,
           EXISTS (SELECT 1 FROM unemployment_registrations u
                   WHERE u.person_id = r.person_id AND u.ended_on IS NULL)
               AS registered,
           (SELECT count(*) FROM unemployment_certificates c
            WHERE c.person_id = r.person_id AND c.state = 'in_use') AS certificates
    FROM people r LEFT JOIN labour_profiles l ON l.person_id = r.person_id
    WHERE r.alive AND r.office LIKE $1 || '%')
SELECT count(*) FILTER (WHERE registered) AS registered,
       coalesce(sum(certificates), 0)::bigint AS certificates_in_use,
       count(*) FILTER (WHERE registered AND 'subsistence_allowance' = ANY(tags))
           AS subsistence_allowance,
       count(*) FILTER (WHERE registered AND 'disabled' = ANY(tags)) AS disabled,
       count(*) FILTER (WHERE registered AND 'hardship_family' = ANY(tags))
           AS hardship_family,
       count(*) FILTER (WHERE status = 'unemployed') AS actually_unemployed
FROM persons
"""


async def unemployment_figures(db: Db, within: OfficeCode) -> UnemploymentFigures:
    """The breakdown for the subtree ``within``, by each person's current office."""
    row = await db.fetchrow(_FIGURES, within.subtree_prefix)
    return UnemploymentFigures(office=str(within), **dict(row))

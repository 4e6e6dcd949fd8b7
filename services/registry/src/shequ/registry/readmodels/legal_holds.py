"""Legal holds (法定保存): other services' open cases that keep a person's file.

Projection ``registry-legal-holds``, fed by employment's and rehab's published
events: an open unemployment registration (登记失业, until it ends), an open
employment-difficulty case (就业困难认定, until resolved) and an open rehab case
(社区戒毒（康复）案件, from the police's decision until the case closes, wherever it is
handed over) are holds. A row is generic (service, kind, case id), so each service's
cases come in as more appliers, not a new table. Erasure is refused while a person
has a row here.
"""

from __future__ import annotations

import asyncpg

from shequ.contracts import EventEnvelope
from shequ.contracts.employment import (
    EmploymentDifficultyIdentified,
    EmploymentDifficultyResolved,
    UnemploymentRegistered,
    UnemploymentRegistrationEnded,
)
from shequ.contracts.rehab import RehabCaseClosed, RehabDecisionReceived
from shequ.eventstore import Migration
from shequ.messaging import ConnectionAppliers
from shequ.registry.domain.person import LegalHold
from shequ.service import Db

TABLES = ("legal_holds",)
MIGRATIONS = [
    Migration(
        "registry-legal-holds",
        1,
        """CREATE TABLE IF NOT EXISTS legal_holds (
               person_id text NOT NULL,
               service   text NOT NULL,
               kind      text NOT NULL,
               case_id   text NOT NULL,
               opened_at date NOT NULL,
               PRIMARY KEY (service, kind, case_id));
           CREATE INDEX IF NOT EXISTS legal_holds_person
               ON legal_holds (person_id);""",
    )
]

APPLY = ConnectionAppliers()


async def _open(  # noqa: PLR0917 - private: one row's columns
    conn: asyncpg.Connection,
    person_id: str,
    kind: str,
    case_id: str,
    opened: object,
    service: str = "employment",
) -> None:
    await conn.execute(
        """INSERT INTO legal_holds VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (service, kind, case_id) DO NOTHING""",
        person_id,
        service,
        kind,
        case_id,
        opened,
    )


async def _close(
    conn: asyncpg.Connection, kind: str, case_id: str, service: str = "employment"
) -> None:
    await conn.execute(
        """DELETE FROM legal_holds
           WHERE service = $1 AND kind = $2 AND case_id = $3""",
        service,
        kind,
        case_id,
    )


@APPLY.on
async def _registered(
    conn: asyncpg.Connection, e: UnemploymentRegistered, envelope: EventEnvelope
) -> None:
    await _open(
        conn,
        e.person_id,
        "unemployment_registration",
        e.registration_id,
        e.registered_on,
    )


@APPLY.on
async def _registration_ended(
    conn: asyncpg.Connection, e: UnemploymentRegistrationEnded, envelope: EventEnvelope
) -> None:
    await _close(conn, "unemployment_registration", e.registration_id)


@APPLY.on
async def _difficulty(
    conn: asyncpg.Connection, e: EmploymentDifficultyIdentified, envelope: EventEnvelope
) -> None:
    # One case per assistance stream: identified, resolved, identified again.
    await _open(
        conn, e.person_id, "employment_difficulty", envelope.stream_id, e.identified_on
    )


@APPLY.on
async def _resolved(
    conn: asyncpg.Connection, e: EmploymentDifficultyResolved, envelope: EventEnvelope
) -> None:
    await _close(conn, "employment_difficulty", envelope.stream_id)


@APPLY.on
async def _rehab_case_opened(
    conn: asyncpg.Connection, e: RehabDecisionReceived, envelope: EventEnvelope
) -> None:
    # The stream names the case for both ends (the closing event has no case id).
    await _open(
        conn, e.person_id, "rehab_case", envelope.stream_id, e.decided_on, "rehab"
    )


@APPLY.on
async def _rehab_case_closed(
    conn: asyncpg.Connection, e: RehabCaseClosed, envelope: EventEnvelope
) -> None:
    await _close(conn, "rehab_case", envelope.stream_id, "rehab")


async def open_holds(db: Db, person_id: str) -> tuple[LegalHold, ...]:
    """The person's open legal holds, oldest first."""
    rows = await db.fetch(
        """SELECT service, kind, case_id FROM legal_holds
           WHERE person_id = $1 ORDER BY opened_at, case_id""",
        person_id,
    )
    return tuple(LegalHold(**dict(row)) for row in rows)


async def holds_of(db: Db, person_ids: list[str]) -> dict[str, list[LegalHold]]:
    """The open legal holds of each of ``person_ids`` that has any."""
    rows = await db.fetch(
        """SELECT person_id, service, kind, case_id FROM legal_holds
           WHERE person_id = ANY($1::text[]) ORDER BY opened_at, case_id""",
        person_ids,
    )
    found: dict[str, list[LegalHold]] = {}
    for row in rows:
        hold = LegalHold(
            service=row["service"], kind=row["kind"], case_id=row["case_id"]
        )
        found.setdefault(row["person_id"], []).append(hold)
    return found

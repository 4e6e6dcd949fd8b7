"""Disputes and obligations as tables (人民调解台帐): for ledgers, figures, timers.

``mediation_disputes`` holds one row per dispute — office, kind, source, dates,
stage, mediators, outcome — and ``mediation_obligations`` one per obligation of an
agreement with its 回访. No party, matter or note: those stay sealed in the events.
"""

from __future__ import annotations

import asyncpg

from shequ.contracts import EventEnvelope
from shequ.contracts.mediation import (
    DisputeAccepted,
    DisputeClosed,
    DisputeDeclined,
    DisputeOverdue,
    DisputeRegistered,
    FollowUpMissed,
    FulfilmentFollowedUp,
    JudicialConfirmationAnswered,
    JudicialConfirmationApplied,
    MediationAgreementReached,
    MediationContinuationAgreed,
    MediationFailed,
    MediationSessionRecorded,
    MediatorRecused,
    MediatorsAssigned,
)
from shequ.eventstore import Migration
from shequ.messaging import ConnectionAppliers

TABLES = ("mediation_disputes", "mediation_obligations")
MIGRATIONS = [
    Migration(
        "mediation-disputes",
        1,
        """CREATE TABLE IF NOT EXISTS mediation_disputes (
               dispute_id    text PRIMARY KEY,
               office        text NOT NULL,
               source        text NOT NULL,
               kind          text NOT NULL,
               amount        int,
               parties       int NOT NULL,
               registered_on date NOT NULL,
               deadline      date NOT NULL,
               conclude_by   date NOT NULL,
               status        text NOT NULL DEFAULT 'registered',
               decided_on    date,
               mediators     text[] NOT NULL DEFAULT '{}',
               sessions      int NOT NULL DEFAULT 0,
               overdue       boolean NOT NULL DEFAULT false,
               form          text,
               concluded_on  date,
               late          boolean,
               agreed_amount int,
               confirmation  text,
               outcome       text,
               closed_on     date,
               version       int NOT NULL);
           CREATE INDEX IF NOT EXISTS mediation_disputes_office
               ON mediation_disputes (office);
           CREATE TABLE IF NOT EXISTS mediation_obligations (
               dispute_id text NOT NULL,
               number     int NOT NULL,
               due_on     date NOT NULL,
               visited_on date,
               fulfilled  boolean,
               satisfied  boolean,
               missed     boolean NOT NULL DEFAULT false,
               PRIMARY KEY (dispute_id, number));""",
    )
]

APPLY = ConnectionAppliers()


def dispute_of(envelope: EventEnvelope) -> str:
    """The dispute id of an event of stream ``dispute/<dispute id>``."""
    return envelope.stream_id.removeprefix("dispute/")


async def _set(
    conn: asyncpg.Connection, env: EventEnvelope, sql: str, *args: object
) -> None:
    await conn.execute(
        f"UPDATE mediation_disputes SET {sql}, version = $2 WHERE dispute_id = $1",
        dispute_of(env),
        env.version,
        *args,
    )


@APPLY.on
async def _registered(
    conn: asyncpg.Connection, e: DisputeRegistered, env: EventEnvelope
) -> None:
    await conn.execute(
        """INSERT INTO mediation_disputes (dispute_id, office, source, kind, amount,
               parties, registered_on, deadline, conclude_by, version)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9) ON CONFLICT DO NOTHING""",
        e.dispute_id,
        e.office,
        e.source,
        e.kind,
        e.amount,
        len(e.parties),
        e.registered_on,
        e.conclude_by,
        env.version,
    )


@APPLY.on
async def _accepted(
    conn: asyncpg.Connection, e: DisputeAccepted, env: EventEnvelope
) -> None:
    await _set(conn, env, "status = 'accepted', decided_on = $3", e.accepted_on)


@APPLY.on
async def _declined(
    conn: asyncpg.Connection, e: DisputeDeclined, env: EventEnvelope
) -> None:
    await _set(conn, env, "status = 'declined', decided_on = $3", e.declined_on)


@APPLY.on
async def _assigned(
    conn: asyncpg.Connection, e: MediatorsAssigned, env: EventEnvelope
) -> None:
    await _set(conn, env, "mediators = $3", e.mediators)


@APPLY.on
async def _recused(
    conn: asyncpg.Connection, e: MediatorRecused, env: EventEnvelope
) -> None:
    await _set(
        conn,
        env,
        "mediators = array_replace(mediators, $3, $4)",
        e.mediator,
        e.replacement,
    )


@APPLY.on
async def _session(
    conn: asyncpg.Connection, e: MediationSessionRecorded, env: EventEnvelope
) -> None:
    await _set(conn, env, "sessions = sessions + 1")


@APPLY.on
async def _continued(
    conn: asyncpg.Connection, e: MediationContinuationAgreed, env: EventEnvelope
) -> None:
    await _set(conn, env, "conclude_by = $3, overdue = false", e.until)


@APPLY.on
async def _overdue(
    conn: asyncpg.Connection, e: DisputeOverdue, env: EventEnvelope
) -> None:
    await _set(conn, env, "overdue = true")


@APPLY.on
async def _agreed(
    conn: asyncpg.Connection, e: MediationAgreementReached, env: EventEnvelope
) -> None:
    await _set(
        conn,
        env,
        """status = 'agreed', form = $3, concluded_on = $4, late = $5,
           agreed_amount = $6""",
        e.form,
        e.agreed_on,
        e.late,
        e.amount,
    )
    await conn.executemany(
        """INSERT INTO mediation_obligations (dispute_id, number, due_on)
           VALUES ($1, $2, $3) ON CONFLICT DO NOTHING""",
        [(dispute_of(env), n, due) for n, due in enumerate(e.due_dates, start=1)],
    )


@APPLY.on
async def _failed(
    conn: asyncpg.Connection, e: MediationFailed, env: EventEnvelope
) -> None:
    await _set(
        conn,
        env,
        "status = 'failed', concluded_on = $3, late = $4",
        e.failed_on,
        e.late,
    )


async def _obligation(
    conn: asyncpg.Connection, env: EventEnvelope, number: int, sql: str, *args: object
) -> None:
    await conn.execute(
        f"UPDATE mediation_obligations SET {sql} WHERE dispute_id = $1 AND number = $2",
        dispute_of(env),
        number,
        *args,
    )
    await _set(conn, env, "sessions = sessions")


@APPLY.on
async def _followed(
    conn: asyncpg.Connection, e: FulfilmentFollowedUp, env: EventEnvelope
) -> None:
    await _obligation(
        conn,
        env,
        e.obligation,
        "visited_on = $3, fulfilled = $4, satisfied = $5",
        e.visited_on,
        e.fulfilled,
        e.satisfied,
    )


@APPLY.on
async def _missed(
    conn: asyncpg.Connection, e: FollowUpMissed, env: EventEnvelope
) -> None:
    await _obligation(conn, env, e.obligation, "missed = true")


@APPLY.on
async def _applied(
    conn: asyncpg.Connection, e: JudicialConfirmationApplied, env: EventEnvelope
) -> None:
    await _set(conn, env, "confirmation = 'applied'")


@APPLY.on
async def _answered(
    conn: asyncpg.Connection, e: JudicialConfirmationAnswered, env: EventEnvelope
) -> None:
    answer = "confirmed" if e.confirmed else "refused"
    await _set(conn, env, "confirmation = $3", answer)


@APPLY.on
async def _closed(
    conn: asyncpg.Connection, e: DisputeClosed, env: EventEnvelope
) -> None:
    await _set(
        conn,
        env,
        "status = 'closed', outcome = $3, closed_on = $4",
        e.outcome,
        e.closed_on,
    )

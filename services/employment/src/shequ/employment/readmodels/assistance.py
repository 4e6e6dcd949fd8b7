"""Assistance as tables: difficulty cases, follow-ups, contacts, training, guidance.

``assistance_difficulties`` has one row per identification (就业困难人员认定), keyed by
the version of the event that opened it, so a person identified again after a
resolution has two rows. ``assistance_follow_ups`` keeps each follow-up's state
(open, done, cancelled) and the office that holds it, which a hand-over changes.
Contacts (走访, 电话排查), training referrals and guidance are kept one row each.
Every write is keyed by the event (stream version or its own id), so replaying the
same events in the same order leaves the same rows.
"""

from __future__ import annotations

from datetime import date

import asyncpg

from shequ.access import china_date
from shequ.contracts import EventEnvelope
from shequ.contracts.employment import (
    ContactRecorded,
    EmploymentDifficultyIdentified,
    EmploymentDifficultyResolved,
    FollowUpCancelled,
    FollowUpReassigned,
    FollowUpScheduled,
    FollowUpsHandedOver,
    GuidanceGiven,
    TrainingOutcomeRecorded,
    TrainingReferred,
)
from shequ.eventstore import Migration
from shequ.messaging import ConnectionAppliers

TABLES = (
    "assistance_difficulties",
    "assistance_follow_ups",
    "assistance_contacts",
    "assistance_trainings",
    "assistance_guidance",
)
MIGRATIONS = [
    Migration(
        "employment-ledgers-assistance",
        1,
        """CREATE TABLE IF NOT EXISTS assistance_difficulties (
               person_id          text NOT NULL,
               identified_version integer NOT NULL,
               office             text NOT NULL,
               category           text NOT NULL,
               identified_on      date NOT NULL,
               notes              text NOT NULL,
               resolved_on        date,
               resolved_reason    text,
               PRIMARY KEY (person_id, identified_version));
           CREATE TABLE IF NOT EXISTS assistance_follow_ups (
               follow_up_id  text PRIMARY KEY,
               person_id     text NOT NULL,
               office        text NOT NULL,
               kind          text NOT NULL,
               due_on        date NOT NULL,
               assigned_to   text NOT NULL,
               purpose       text NOT NULL,
               state         text NOT NULL DEFAULT 'open',
               scheduled_by  text,
               closed_on     date,
               closed_reason text);
           CREATE INDEX IF NOT EXISTS assistance_follow_ups_open
               ON assistance_follow_ups (office text_pattern_ops, due_on)
               WHERE state = 'open';
           CREATE INDEX IF NOT EXISTS assistance_follow_ups_person
               ON assistance_follow_ups (person_id);
           CREATE TABLE IF NOT EXISTS assistance_contacts (
               person_id    text NOT NULL,
               version      integer NOT NULL,
               office       text NOT NULL,
               follow_up_id text,
               kind         text NOT NULL,
               contacted_on date NOT NULL,
               contacted_by text NOT NULL,
               findings     text NOT NULL,
               PRIMARY KEY (person_id, version));
           CREATE TABLE IF NOT EXISTS assistance_trainings (
               referral_id text PRIMARY KEY,
               person_id   text NOT NULL,
               office      text NOT NULL,
               kind        text NOT NULL,
               course      text NOT NULL,
               provider    text NOT NULL,
               referred_on date NOT NULL,
               outcome     text,
               recorded_on date,
               certificate text);
           CREATE TABLE IF NOT EXISTS assistance_guidance (
               person_id text NOT NULL,
               version   integer NOT NULL,
               office    text NOT NULL,
               kind      text NOT NULL,
               given_on  date NOT NULL,
               given_by  text,
               notes     text NOT NULL,
               PRIMARY KEY (person_id, version));""",
    ),
    # Ties in a listing keep the order the rows arrived in (ids no longer sort by
    # time: a keyed id is derived from its Idempotency-Key).
    Migration(
        "employment-ledgers-assistance",
        2,
        """ALTER TABLE assistance_follow_ups ADD COLUMN IF NOT EXISTS seq bigserial;
           ALTER TABLE assistance_trainings ADD COLUMN IF NOT EXISTS seq bigserial;""",
    ),
    # Who asked for a follow-up: the office, or a partner's referral (转介).
    Migration(
        "employment-ledgers-assistance",
        3,
        """ALTER TABLE assistance_follow_ups
               ADD COLUMN IF NOT EXISTS source text NOT NULL DEFAULT 'office';""",
    ),
]


APPLY = ConnectionAppliers()


@APPLY.on
async def _identified(
    conn: asyncpg.Connection, e: EmploymentDifficultyIdentified, envelope: EventEnvelope
) -> None:
    await conn.execute(
        """INSERT INTO assistance_difficulties (person_id, identified_version, office,
                                                category, identified_on, notes)
           VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING""",
        e.person_id,
        envelope.version,
        e.office,
        e.category,
        e.identified_on,
        e.notes,
    )


@APPLY.on
async def _resolved(
    conn: asyncpg.Connection, e: EmploymentDifficultyResolved, envelope: EventEnvelope
) -> None:
    # The case it resolves is the last one opened before it in the stream.
    await conn.execute(
        """UPDATE assistance_difficulties SET resolved_on = $3, resolved_reason = $4
           WHERE person_id = $1 AND identified_version = (
               SELECT max(identified_version) FROM assistance_difficulties
               WHERE person_id = $1 AND identified_version < $2)""",
        e.person_id,
        envelope.version,
        e.resolved_on,
        e.reason,
    )


@APPLY.on
async def _scheduled(
    conn: asyncpg.Connection, e: FollowUpScheduled, envelope: EventEnvelope
) -> None:
    await conn.execute(
        """INSERT INTO assistance_follow_ups (follow_up_id, person_id, office, kind,
                                              due_on, assigned_to, purpose,
                                              scheduled_by, source)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
           ON CONFLICT DO NOTHING""",
        e.follow_up_id,
        e.person_id,
        e.office,
        e.kind,
        e.due_on,
        e.assigned_to,
        e.purpose,
        envelope.actor,
        e.source,
    )


@APPLY.on
async def _contacted(
    conn: asyncpg.Connection, e: ContactRecorded, envelope: EventEnvelope
) -> None:
    await conn.execute(
        """INSERT INTO assistance_contacts VALUES
               ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING""",
        e.person_id,
        envelope.version,
        e.office,
        e.follow_up_id,
        e.kind,
        e.contacted_on,
        e.contacted_by,
        e.findings,
    )
    if e.follow_up_id is not None:
        await _close(conn, e.follow_up_id, "done", e.contacted_on, None)


@APPLY.on
async def _cancelled(
    conn: asyncpg.Connection, e: FollowUpCancelled, envelope: EventEnvelope
) -> None:
    day = china_date(envelope.recorded_at)
    await _close(conn, e.follow_up_id, "cancelled", day, e.reason)


async def _close(
    conn: asyncpg.Connection,
    follow_up_id: str,
    state: str,
    day: date,
    reason: str | None,
) -> None:
    await conn.execute(
        """UPDATE assistance_follow_ups SET state = $2, closed_on = $3,
                  closed_reason = $4
           WHERE follow_up_id = $1""",
        follow_up_id,
        state,
        day,
        reason,
    )


@APPLY.on
async def _reassigned(
    conn: asyncpg.Connection, e: FollowUpReassigned, _: EventEnvelope
) -> None:
    await conn.execute(
        "UPDATE assistance_follow_ups SET assigned_to = $2 WHERE follow_up_id = $1",
        e.follow_up_id,
        e.assigned_to,
    )


@APPLY.on
async def _handed_over(
    conn: asyncpg.Connection, e: FollowUpsHandedOver, _: EventEnvelope
) -> None:
    await conn.execute(
        """UPDATE assistance_follow_ups SET office = $2
           WHERE follow_up_id = ANY($1::text[])""",
        e.follow_up_ids,
        e.to_office,
    )


@APPLY.on
async def _referred(
    conn: asyncpg.Connection, e: TrainingReferred, _: EventEnvelope
) -> None:
    await conn.execute(
        """INSERT INTO assistance_trainings (referral_id, person_id, office, kind,
                                             course, provider, referred_on)
           VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING""",
        e.referral_id,
        e.person_id,
        e.office,
        e.kind,
        e.course,
        e.provider,
        e.referred_on,
    )


@APPLY.on
async def _outcome(
    conn: asyncpg.Connection, e: TrainingOutcomeRecorded, _: EventEnvelope
) -> None:
    await conn.execute(
        """UPDATE assistance_trainings SET outcome = $2, recorded_on = $3,
                  certificate = $4
           WHERE referral_id = $1""",
        e.referral_id,
        e.outcome,
        e.recorded_on,
        e.certificate,
    )


@APPLY.on
async def _guidance(
    conn: asyncpg.Connection, e: GuidanceGiven, envelope: EventEnvelope
) -> None:
    await conn.execute(
        """INSERT INTO assistance_guidance VALUES
               ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING""",
        e.person_id,
        envelope.version,
        e.office,
        e.kind,
        e.given_on,
        envelope.actor,
        e.notes,
    )

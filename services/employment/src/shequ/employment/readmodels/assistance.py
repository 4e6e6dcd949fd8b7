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

import asyncpg

from shequ.access import china_date
from shequ.contracts import EventEnvelope
from shequ.employment.readmodels._apply import Applier
from shequ.eventstore import Migration

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
    )
]


async def _identified(conn: asyncpg.Connection, e: EventEnvelope) -> None:
    d = e.data
    await conn.execute(
        """INSERT INTO assistance_difficulties (person_id, identified_version, office,
                                                category, identified_on, notes)
           VALUES ($1, $2, $3, $4, $5::text::date, $6) ON CONFLICT DO NOTHING""",
        d["person_id"],
        e.version,
        d["office"],
        d["category"],
        d["identified_on"],
        d["notes"],
    )


async def _resolved(conn: asyncpg.Connection, e: EventEnvelope) -> None:
    # The case it resolves is the last one opened before it in the stream.
    await conn.execute(
        """UPDATE assistance_difficulties SET resolved_on = $3::text::date,
                  resolved_reason = $4
           WHERE person_id = $1 AND identified_version = (
               SELECT max(identified_version) FROM assistance_difficulties
               WHERE person_id = $1 AND identified_version < $2)""",
        e.data["person_id"],
        e.version,
        e.data["resolved_on"],
        e.data["reason"],
    )


async def _scheduled(conn: asyncpg.Connection, e: EventEnvelope) -> None:
    d = e.data
    await conn.execute(
        """INSERT INTO assistance_follow_ups (follow_up_id, person_id, office, kind,
                                              due_on, assigned_to, purpose,
                                              scheduled_by)
           VALUES ($1, $2, $3, $4, $5::text::date, $6, $7, $8)
           ON CONFLICT DO NOTHING""",
        d["follow_up_id"],
        d["person_id"],
        d["office"],
        d["kind"],
        d["due_on"],
        d["assigned_to"],
        d["purpose"],
        e.actor,
    )


async def _contacted(conn: asyncpg.Connection, e: EventEnvelope) -> None:
    d = e.data
    await conn.execute(
        """INSERT INTO assistance_contacts VALUES
               ($1, $2, $3, $4, $5, $6::text::date, $7, $8) ON CONFLICT DO NOTHING""",
        d["person_id"],
        e.version,
        d["office"],
        d["follow_up_id"],
        d["kind"],
        d["contacted_on"],
        d["contacted_by"],
        d["findings"],
    )
    if d["follow_up_id"] is not None:
        await _close(conn, d["follow_up_id"], "done", d["contacted_on"], None)


async def _cancelled(conn: asyncpg.Connection, e: EventEnvelope) -> None:
    day = china_date(e.recorded_at).isoformat()
    await _close(conn, e.data["follow_up_id"], "cancelled", day, e.data["reason"])


async def _close(
    conn: asyncpg.Connection,
    follow_up_id: str,
    state: str,
    day: str,
    reason: str | None,
) -> None:
    await conn.execute(
        """UPDATE assistance_follow_ups SET state = $2, closed_on = $3::text::date,
                  closed_reason = $4
           WHERE follow_up_id = $1""",
        follow_up_id,
        state,
        day,
        reason,
    )


async def _reassigned(conn: asyncpg.Connection, e: EventEnvelope) -> None:
    await conn.execute(
        "UPDATE assistance_follow_ups SET assigned_to = $2 WHERE follow_up_id = $1",
        e.data["follow_up_id"],
        e.data["assigned_to"],
    )


async def _handed_over(conn: asyncpg.Connection, e: EventEnvelope) -> None:
    await conn.execute(
        """UPDATE assistance_follow_ups SET office = $2
           WHERE follow_up_id = ANY($1::text[])""",
        e.data["follow_up_ids"],
        e.data["to_office"],
    )


async def _referred(conn: asyncpg.Connection, e: EventEnvelope) -> None:
    d = e.data
    await conn.execute(
        """INSERT INTO assistance_trainings (referral_id, person_id, office, kind,
                                             course, provider, referred_on)
           VALUES ($1, $2, $3, $4, $5, $6, $7::text::date) ON CONFLICT DO NOTHING""",
        d["referral_id"],
        d["person_id"],
        d["office"],
        d["kind"],
        d["course"],
        d["provider"],
        d["referred_on"],
    )


async def _outcome(conn: asyncpg.Connection, e: EventEnvelope) -> None:
    d = e.data
    await conn.execute(
        """UPDATE assistance_trainings SET outcome = $2,
                  recorded_on = $3::text::date, certificate = $4
           WHERE referral_id = $1""",
        d["referral_id"],
        d["outcome"],
        d["recorded_on"],
        d["certificate"],
    )


async def _guidance(conn: asyncpg.Connection, e: EventEnvelope) -> None:
    d = e.data
    await conn.execute(
        """INSERT INTO assistance_guidance VALUES
               ($1, $2, $3, $4, $5::text::date, $6, $7) ON CONFLICT DO NOTHING""",
        d["person_id"],
        e.version,
        d["office"],
        d["kind"],
        d["given_on"],
        e.actor,
        d["notes"],
    )


APPLIERS: dict[str, Applier] = {
    "EmploymentDifficultyIdentified": _identified,
    "EmploymentDifficultyResolved": _resolved,
    "FollowUpScheduled": _scheduled,
    "ContactRecorded": _contacted,
    "FollowUpCancelled": _cancelled,
    "FollowUpReassigned": _reassigned,
    "FollowUpsHandedOver": _handed_over,
    "TrainingReferred": _referred,
    "TrainingOutcomeRecorded": _outcome,
    "GuidanceGiven": _guidance,
}

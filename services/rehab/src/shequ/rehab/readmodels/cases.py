"""Cases and tests as tables (社区戒毒/康复台帐): what figures, timers and to-dos read.

``rehab_cases`` holds one row per case with its office now (after a hand-over, the
receiving office), kind, dates, counts and team; ``rehab_tests`` one row per test
recorded or period missed. Nothing here is a personal detail of the case.
"""

from __future__ import annotations

from datetime import date

import asyncpg
from pydantic import BaseModel

from shequ.contracts import EventEnvelope
from shequ.contracts.rehab import (
    RehabAgreementSigned,
    RehabCaseClosed,
    RehabCaseHandedOver,
    RehabDecisionReceived,
    RehabEvaluationDue,
    RehabEvaluationRecorded,
    RehabReported,
    RehabReportMissed,
    RehabTeamAssigned,
    RehabTermEnded,
    RehabWarningIssued,
    SeriousViolationFound,
    SeriousViolationReported,
    UnapprovedAbsenceRecorded,
    UrineTestMissed,
    UrineTestRecorded,
)
from shequ.eventstore import Migration
from shequ.messaging import ConnectionAppliers
from shequ.service import TOTAL, Db, Page, fetch_page

TABLES = ("rehab_cases", "rehab_tests")
MIGRATIONS = [
    Migration(
        "rehab-cases",
        1,
        """CREATE TABLE IF NOT EXISTS rehab_cases (
               case_id            text PRIMARY KEY,
               person_id          text NOT NULL,
               office             text NOT NULL,
               kind               text NOT NULL,
               decided_on         date NOT NULL,
               report_by          date NOT NULL,
               term_months        int NOT NULL,
               reported_on        date,
               term_ends_on       date,
               report_missed      boolean NOT NULL DEFAULT false,
               agreement_signed   boolean NOT NULL DEFAULT false,
               responsible_worker text,
               police_officer     text,
               refusals           int NOT NULL DEFAULT 0,
               absences           int NOT NULL DEFAULT 0,
               absent_days        int NOT NULL DEFAULT 0,
               serious            text[] NOT NULL DEFAULT '{}',
               warnings           int NOT NULL DEFAULT 0,
               evaluations        int NOT NULL DEFAULT 0,
               outcome            text,
               closed_on          date,
               version            int NOT NULL);
           CREATE INDEX IF NOT EXISTS rehab_cases_office ON rehab_cases (office);
           CREATE INDEX IF NOT EXISTS rehab_cases_worker
               ON rehab_cases (responsible_worker) WHERE outcome IS NULL;
           CREATE TABLE IF NOT EXISTS rehab_tests (
               case_id    text NOT NULL,
               version    int NOT NULL,
               tested_on  date NOT NULL,
               period_end date,
               result     text NOT NULL,
               PRIMARY KEY (case_id, version));""",
    ),
    Migration(
        "rehab-cases",
        2,
        """ALTER TABLE rehab_cases ADD COLUMN IF NOT EXISTS
               serious_reported text[] NOT NULL DEFAULT '{}'""",
    ),
    Migration(
        "rehab-cases",
        3,
        # What the timer recorded: until a rebuild fills them for older cases, the
        # timer only loads those cases once more than it needs to.
        """ALTER TABLE rehab_cases
               ADD COLUMN IF NOT EXISTS evaluations_due int NOT NULL DEFAULT 0,
               ADD COLUMN IF NOT EXISTS term_ended boolean NOT NULL DEFAULT false""",
    ),
]

APPLY = ConnectionAppliers()


def case_of(envelope: EventEnvelope) -> str:
    """The case id of an event of stream ``rehab_case/<case id>``."""
    return envelope.stream_id.removeprefix("rehab_case/")


async def _set(
    conn: asyncpg.Connection, env: EventEnvelope, sql: str, *args: object
) -> None:
    await conn.execute(
        f"UPDATE rehab_cases SET {sql}, version = $2 WHERE case_id = $1",
        case_of(env),
        env.version,
        *args,
    )


@APPLY.on
async def _received(
    conn: asyncpg.Connection, e: RehabDecisionReceived, env: EventEnvelope
) -> None:
    await conn.execute(
        """INSERT INTO rehab_cases (case_id, person_id, office, kind, decided_on,
               report_by, term_months, version)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING""",
        e.case_id,
        e.person_id,
        e.office,
        e.kind,
        e.decided_on,
        e.report_by,
        e.term_months,
        env.version,
    )


@APPLY.on
async def _reported(
    conn: asyncpg.Connection, e: RehabReported, env: EventEnvelope
) -> None:
    await _set(
        conn, env, "reported_on = $3, term_ends_on = $4", e.reported_on, e.term_ends_on
    )


@APPLY.on
async def _report_missed(
    conn: asyncpg.Connection, e: RehabReportMissed, env: EventEnvelope
) -> None:
    await _set(conn, env, "report_missed = true")


@APPLY.on
async def _agreement(
    conn: asyncpg.Connection, e: RehabAgreementSigned, env: EventEnvelope
) -> None:
    await _set(conn, env, "agreement_signed = true")


@APPLY.on
async def _team(
    conn: asyncpg.Connection, e: RehabTeamAssigned, env: EventEnvelope
) -> None:
    await _set(
        conn,
        env,
        "responsible_worker = $3, police_officer = $4",
        e.responsible_worker,
        e.police_officer,
    )


@APPLY.on
async def _tested(
    conn: asyncpg.Connection, e: UrineTestRecorded, env: EventEnvelope
) -> None:
    await conn.execute(
        """INSERT INTO rehab_tests (case_id, version, tested_on, result)
           VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING""",
        case_of(env),
        env.version,
        e.tested_on,
        e.result,
    )
    refused = int(e.result in ("refused", "evaded"))
    await _set(conn, env, "refusals = refusals + $3", refused)


@APPLY.on
async def _missed(
    conn: asyncpg.Connection, e: UrineTestMissed, env: EventEnvelope
) -> None:
    await conn.execute(
        """INSERT INTO rehab_tests (case_id, version, tested_on, period_end, result)
           VALUES ($1, $2, $3, $4, 'missed') ON CONFLICT DO NOTHING""",
        case_of(env),
        env.version,
        e.period_start,
        e.period_end,
    )
    await _set(conn, env, "report_missed = report_missed")


@APPLY.on
async def _warning(
    conn: asyncpg.Connection, e: RehabWarningIssued, env: EventEnvelope
) -> None:
    await _set(conn, env, "warnings = warnings + 1")


@APPLY.on
async def _absence(
    conn: asyncpg.Connection, e: UnapprovedAbsenceRecorded, env: EventEnvelope
) -> None:
    await _set(
        conn, env, "absences = absences + 1, absent_days = absent_days + $3", e.days
    )


@APPLY.on
async def _serious(
    conn: asyncpg.Connection, e: SeriousViolationFound, env: EventEnvelope
) -> None:
    await _set(conn, env, "serious = array_append(serious, $3)", e.reason)


@APPLY.on
async def _serious_reported(
    conn: asyncpg.Connection, e: SeriousViolationReported, env: EventEnvelope
) -> None:
    await _set(
        conn, env, "serious_reported = array_append(serious_reported, $3)", e.reason
    )


@APPLY.on
async def _evaluation_due(
    conn: asyncpg.Connection, e: RehabEvaluationDue, env: EventEnvelope
) -> None:
    await _set(conn, env, "evaluations_due = evaluations_due + 1")


@APPLY.on
async def _term_ended(
    conn: asyncpg.Connection, e: RehabTermEnded, env: EventEnvelope
) -> None:
    await _set(conn, env, "term_ended = true")


@APPLY.on
async def _evaluation(
    conn: asyncpg.Connection, e: RehabEvaluationRecorded, env: EventEnvelope
) -> None:
    await _set(conn, env, "evaluations = evaluations + 1")


@APPLY.on
async def _handed_over(
    conn: asyncpg.Connection, e: RehabCaseHandedOver, env: EventEnvelope
) -> None:
    # The receiving office assigns its own team (as the decider's evolve does).
    await _set(
        conn,
        env,
        "office = $3, responsible_worker = NULL, police_officer = NULL",
        e.to_office,
    )


@APPLY.on
async def _closed(
    conn: asyncpg.Connection, e: RehabCaseClosed, env: EventEnvelope
) -> None:
    await _set(conn, env, "outcome = $3, closed_on = $4", e.outcome, e.closed_on)


class CaseRow(BaseModel):
    """A case as the tables hold it (no personal detail of the case)."""

    case_id: str
    person_id: str
    office: str
    kind: str
    decided_on: date
    report_by: date
    term_months: int
    reported_on: date | None
    term_ends_on: date | None
    report_missed: bool
    agreement_signed: bool
    responsible_worker: str | None
    police_officer: str | None
    refusals: int
    absences: int
    absent_days: int
    serious: list[str]
    serious_reported: list[str]
    warnings: int
    evaluations: int
    evaluations_due: int
    term_ended: bool
    outcome: str | None
    closed_on: date | None
    version: int


class CaseTests(CaseRow):
    """A case with the days of its tests and the first days of its missed periods."""

    tested_on: list[date]
    missed: list[date]


class ListedCase(CaseRow):
    """A case in a listing: the person's name and the office's, from the people copy."""

    name: str | None
    office_name: str | None


_WITH_TESTS = """SELECT c.*,
       coalesce(array_agg(t.tested_on ORDER BY t.tested_on)
                FILTER (WHERE t.result <> 'missed'), '{}') AS tested_on,
       coalesce(array_agg(t.tested_on ORDER BY t.tested_on)
                FILTER (WHERE t.result = 'missed'), '{}') AS missed
FROM rehab_cases c LEFT JOIN rehab_tests t USING (case_id)"""


async def open_cases(db: Db, prefix: str = "") -> list[CaseTests]:
    """Every open case within ``prefix`` (all when empty), with its tests."""
    rows = await db.fetch(
        f"""{_WITH_TESTS} WHERE c.outcome IS NULL AND c.office LIKE $1 || '%'
            GROUP BY c.case_id ORDER BY c.office, c.case_id""",
        prefix,
    )
    return [CaseTests.model_validate(dict(r)) for r in rows]


async def worker_cases(db: Db, staff_id: str, office: str) -> list[CaseTests]:
    """Open cases on ``staff_id``'s list: theirs, their office's with no worker yet."""
    rows = await db.fetch(
        f"""{_WITH_TESTS} WHERE c.outcome IS NULL
              AND (c.responsible_worker = $1
                   OR (c.responsible_worker IS NULL AND c.office = $2))
            GROUP BY c.case_id ORDER BY c.case_id""",
        staff_id,
        office,
    )
    return [CaseTests.model_validate(dict(r)) for r in rows]


async def listed_cases(
    db: Db, prefix: str, *, own_office: str | None, staff_id: str, page: int, size: int
) -> Page[ListedCase]:
    """Cases within ``prefix`` (only ``own_office``'s and ``staff_id``'s if given)."""
    return await fetch_page(
        db,
        ListedCase,
        f"""SELECT c.*, p.name, o.name AS office_name, {TOTAL}
            FROM rehab_cases c
            LEFT JOIN people p USING (person_id)
            LEFT JOIN people_offices o ON o.code = c.office
            WHERE c.office LIKE $1 || '%'
              AND ($2::text IS NULL OR c.office = $2 OR c.responsible_worker = $3)
            ORDER BY c.outcome IS NOT NULL, c.office, c.decided_on, c.case_id""",
        prefix,
        own_office,
        staff_id,
        page=page,
        size=size,
    )


async def office_exists(db: Db, code: str) -> bool:
    """Whether the registry opened office ``code`` (and it is in the people copy)."""
    found: bool = await db.fetchval(
        "SELECT EXISTS (SELECT 1 FROM people_offices WHERE code = $1)", code
    )
    return found

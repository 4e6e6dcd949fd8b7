"""The two banks as tables: vacancies (用工需求信息库), referrals, and job seekers.

``vacancies`` holds one row per vacancy with how many openings are filled;
``vacancy_referrals`` one row per referral (推荐) with its interviews and outcome. Each
row keeps the stream version it last applied, so an event applied twice changes
nothing. The job-seeker bank (求职需求信息库) is ``labour_profiles`` where ``seeking``.
Queries filter people by their current office in the registry copy; a vacancy stays
under the office that posted it.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

import asyncpg
from pydantic import BaseModel, Field

from shequ.contracts import EventEnvelope
from shequ.contracts.employment import (
    CandidateHired,
    CandidateNotHired,
    CandidateReferred,
    InterviewHeld,
    VacancyClosed,
    VacancyPosted,
)
from shequ.employment.domain.matching import Opening, Seeker
from shequ.employment.domain.vacancy import ReferralOutcome, VacancyState
from shequ.eventstore import Migration
from shequ.messaging import ConnectionAppliers
from shequ.service import TOTAL, Db, Page, fetch_page

TABLES = ("vacancies", "vacancy_referrals")
MIGRATIONS = [
    Migration(
        "employment-ledgers-vacancies",
        1,
        """CREATE TABLE IF NOT EXISTS vacancies (
               vacancy_id   text PRIMARY KEY,
               office       text NOT NULL,
               employer     text NOT NULL,
               position     text NOT NULL,
               openings     integer NOT NULL,
               filled       integer NOT NULL DEFAULT 0,
               requirements text[] NOT NULL,
               wage_min     integer NOT NULL,
               wage_max     integer NOT NULL,
               valid_until  date NOT NULL,
               posted_on    date NOT NULL,
               closed_on    date,
               close_reason text,
               version      integer NOT NULL);
           CREATE INDEX IF NOT EXISTS vacancies_office
               ON vacancies (office text_pattern_ops);
           CREATE TABLE IF NOT EXISTS vacancy_referrals (
               referral_id     text PRIMARY KEY,
               vacancy_id      text NOT NULL,
               person_id       text NOT NULL,
               referred_on     date NOT NULL,
               reasons         text[] NOT NULL,
               interviews      integer NOT NULL DEFAULT 0,
               interviewed_on  date,
               interview_notes text,
               outcome         text,
               decided_on      date,
               reason          text,
               version         integer NOT NULL);
           CREATE INDEX IF NOT EXISTS vacancy_referrals_vacancy
               ON vacancy_referrals (vacancy_id, person_id);""",
    ),
    # Ties in a listing keep the order the rows arrived in (ids no longer sort by
    # time: a keyed id is derived from its Idempotency-Key).
    Migration(
        "employment-ledgers-vacancies",
        2,
        """ALTER TABLE vacancies ADD COLUMN IF NOT EXISTS seq bigserial;
           ALTER TABLE vacancy_referrals ADD COLUMN IF NOT EXISTS seq bigserial;""",
    ),
]

State = VacancyState | Literal["all"]
_STATE = """CASE WHEN v.closed_on IS NOT NULL THEN 'closed'
                 WHEN v.filled >= v.openings THEN 'full'
                 WHEN v.valid_until < $2 THEN 'expired' ELSE 'open' END"""


APPLY = ConnectionAppliers()


@APPLY.on
async def _posted(
    conn: asyncpg.Connection, e: VacancyPosted, envelope: EventEnvelope
) -> None:
    await conn.execute(
        """INSERT INTO vacancies (vacancy_id, office, employer, position, openings,
               requirements, wage_min, wage_max, valid_until, posted_on, version)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
           ON CONFLICT (vacancy_id) DO NOTHING""",
        e.vacancy_id,
        e.office,
        e.employer,
        e.position,
        e.openings,
        e.requirements,
        e.wage_min,
        e.wage_max,
        e.valid_until,
        e.posted_on,
        envelope.version,
    )


@APPLY.on
async def _closed(
    conn: asyncpg.Connection, e: VacancyClosed, envelope: EventEnvelope
) -> None:
    await conn.execute(
        """UPDATE vacancies SET closed_on = $2, close_reason = $3, version = $4
           WHERE vacancy_id = $1 AND version < $4""",
        e.vacancy_id,
        e.closed_on,
        e.reason,
        envelope.version,
    )


@APPLY.on
async def _referred(
    conn: asyncpg.Connection, e: CandidateReferred, envelope: EventEnvelope
) -> None:
    await conn.execute(
        """INSERT INTO vacancy_referrals (referral_id, vacancy_id, person_id,
               referred_on, reasons, version)
           VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (referral_id) DO NOTHING""",
        e.referral_id,
        e.vacancy_id,
        e.person_id,
        e.referred_on,
        e.reasons,
        envelope.version,
    )


async def _referral(
    conn: asyncpg.Connection, referral_id: str, version: int, sets: str, *values: object
) -> None:
    await conn.execute(
        f"""UPDATE vacancy_referrals SET {sets}, version = $2
            WHERE referral_id = $1 AND version < $2""",
        referral_id,
        version,
        *values,
    )


@APPLY.on
async def _interviewed(
    conn: asyncpg.Connection, e: InterviewHeld, envelope: EventEnvelope
) -> None:
    await _referral(
        conn,
        e.referral_id,
        envelope.version,
        """interviews = interviews + 1, interviewed_on = $3,
           interview_notes = $4""",
        e.held_on,
        e.notes,
    )


@APPLY.on
async def _hired(
    conn: asyncpg.Connection, e: CandidateHired, envelope: EventEnvelope
) -> None:
    await _referral(
        conn,
        e.referral_id,
        envelope.version,
        "outcome = 'hired', decided_on = $3",
        e.hired_on,
    )
    await conn.execute(
        """UPDATE vacancies v SET filled = (
               SELECT count(*) FROM vacancy_referrals x
               WHERE x.vacancy_id = v.vacancy_id AND x.outcome = 'hired'),
               version = greatest(v.version, $2)
           WHERE v.vacancy_id = $1""",
        e.vacancy_id,
        envelope.version,
    )


@APPLY.on
async def _not_hired(
    conn: asyncpg.Connection, e: CandidateNotHired, envelope: EventEnvelope
) -> None:
    await _referral(
        conn,
        e.referral_id,
        envelope.version,
        "outcome = 'not_hired', decided_on = $3, reason = $4",
        e.decided_on,
        e.reason,
    )


class VacancySummary(BaseModel):
    """A vacancy as both its reply and its ledger row show it."""

    vacancy_id: str
    office: str
    office_name: str | None = Field(default=None, description="the office's name")
    employer: str
    position: str
    openings: int
    filled: int
    requirements: list[str]
    wage_min: int
    wage_max: int
    valid_until: date
    posted_on: date
    state: VacancyState
    closed_on: date | None
    close_reason: str | None


class VacancyRow(VacancySummary):
    """A row of the vacancy bank (用工需求信息库)."""

    referred: int  # referrals made
    pending: int  # referrals not yet decided


class JobSeekerRow(BaseModel):
    person_id: str
    name: str
    document_masked: str | None
    office: str
    office_name: str | None
    wishes: list[str]
    skills: list[str]
    available_from: date | None
    min_monthly_wage: int | None
    status: str | None
    employer: str | None
    referred: int  # referrals to any vacancy, decided or not


class ReferralRow(BaseModel):
    referral_id: str
    vacancy_id: str
    person_id: str
    name: str | None
    document_masked: str | None
    office: str | None
    office_name: str | None
    referred_on: date
    reasons: list[str]
    interviews: int
    interviewed_on: date | None
    interview_notes: str | None
    outcome: ReferralOutcome | None
    decided_on: date | None
    reason: str | None


async def vacancy_rows(
    db: Db, prefix: str, state: State, today: date, *, page: int, size: int
) -> Page[VacancyRow]:
    """Vacancies posted within ``prefix``'s subtree, soonest ending first."""
    return await fetch_page(
        db,
        VacancyRow,
        f"""SELECT v.*, {TOTAL} FROM (
                SELECT v.*, {_STATE} AS state,
                       (SELECT o.name FROM people_offices o WHERE o.code = v.office)
                           AS office_name,
                       (SELECT count(*) FROM vacancy_referrals x
                        WHERE x.vacancy_id = v.vacancy_id) AS referred,
                       (SELECT count(*) FROM vacancy_referrals x
                        WHERE x.vacancy_id = v.vacancy_id AND x.outcome IS NULL)
                           AS pending
                FROM vacancies v WHERE v.office LIKE $1 || '%') v
            WHERE $3 = 'all' OR v.state = $3
            ORDER BY v.valid_until, v.posted_on, v.seq""",
        prefix,
        today,
        state,
        page=page,
        size=size,
    )


async def job_seeker_rows(
    db: Db, prefix: str, *, page: int, size: int
) -> Page[JobSeekerRow]:
    """People in the job-seeker bank who live within ``prefix``'s subtree now."""
    return await fetch_page(
        db,
        JobSeekerRow,
        f"""SELECT p.person_id, r.name, r.document_masked, r.office,
                   (SELECT o.name FROM people_offices o WHERE o.code = r.office)
                       AS office_name, p.wishes,
                   p.skills, p.available_from, p.min_monthly_wage, p.status,
                   p.employer, {TOTAL},
                   (SELECT count(*) FROM vacancy_referrals x
                    WHERE x.person_id = p.person_id) AS referred
            FROM labour_profiles p JOIN people r USING (person_id)
            WHERE p.seeking AND r.alive AND r.office LIKE $1 || '%'
            ORDER BY r.office, p.available_from, p.person_id""",
        prefix,
        page=page,
        size=size,
    )


async def referral_rows(db: Db, vacancy_ids: list[str]) -> list[ReferralRow]:
    """The referrals to these vacancies, in the order they were made."""
    rows = await db.fetch(
        """SELECT x.*, r.name, r.document_masked, r.office,
                  (SELECT o.name FROM people_offices o WHERE o.code = r.office)
                      AS office_name
           FROM vacancy_referrals x LEFT JOIN people r USING (person_id)
           WHERE x.vacancy_id = ANY($1::text[])
           ORDER BY x.vacancy_id, x.referred_on, x.seq""",
        vacancy_ids,
    )
    return [ReferralRow.model_validate(dict(r)) for r in rows]


async def seekers_within(
    db: Db, prefix: str, vacancy_id: str
) -> list[tuple[Seeker, str, str | None]]:
    """Job seekers living within ``prefix`` never referred to ``vacancy_id``.

    Each with their name and masked ID, for a suggestion list.
    """
    rows = await db.fetch(
        """SELECT p.person_id, r.office, p.wishes, p.skills, p.available_from,
                  p.min_monthly_wage, r.name, r.document_masked
           FROM labour_profiles p JOIN people r USING (person_id)
           WHERE p.seeking AND r.alive AND r.office LIKE $1 || '%'
             AND p.available_from IS NOT NULL
             AND NOT EXISTS (SELECT 1 FROM vacancy_referrals x
                             WHERE x.vacancy_id = $2 AND x.person_id = p.person_id)""",
        prefix,
        vacancy_id,
    )
    return [
        (Seeker(r[0], r[1], tuple(r[2]), tuple(r[3]), r[4], r[5]), r[6], r[7])
        for r in rows
    ]


async def openings_within(
    db: Db, prefix: str, today: date, person_id: str
) -> list[tuple[Opening, str, int]]:
    """Vacancies within ``prefix`` taking candidates today, never offered the person.

    Each with its employer and the openings left.
    """
    rows = await db.fetch(
        """SELECT v.vacancy_id, v.office, v.position, v.requirements, v.wage_min,
                  v.wage_max, v.valid_until, v.employer, v.openings - v.filled
           FROM vacancies v
           WHERE v.office LIKE $1 || '%' AND v.closed_on IS NULL
             AND v.valid_until >= $2 AND v.filled < v.openings
             AND NOT EXISTS (SELECT 1 FROM vacancy_referrals x
                             WHERE x.vacancy_id = v.vacancy_id AND x.person_id = $3)""",
        prefix,
        today,
        person_id,
    )
    return [
        (Opening(r[0], r[1], r[2], tuple(r[3]), r[4], r[5], r[6]), r[7], r[8])
        for r in rows
    ]

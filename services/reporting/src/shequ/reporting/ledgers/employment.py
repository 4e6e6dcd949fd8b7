"""Employment's records as temporal tables, and hires (new jobs, 新增就业).

Statuses, unemployment registrations, certificates in use and zero-employment
households.
Each table's rows are valid between recorded times (see ``_temporal``). A person's
office is not kept here: ledgers join ``people`` as of the same moment.
"""

from __future__ import annotations

from datetime import date

import asyncpg

from shequ.contracts import EventEnvelope
from shequ.eventstore import Migration
from shequ.reporting.ledgers._apply import Applier
from shequ.reporting.ledgers._temporal import change, end, replace

SERVICE = "employment"
TABLES = ("labour", "registrations", "certificates", "zero_households", "hires")
MIGRATIONS = [
    Migration(
        "reporting-ledgers-employment",
        1,
        """CREATE TABLE IF NOT EXISTS labour (
               person_id  text NOT NULL,
               valid_from timestamptz NOT NULL,
               valid_to   timestamptz,
               status     text NOT NULL,
               employer   text,
               since      date NOT NULL);
           CREATE INDEX IF NOT EXISTS labour_person ON labour (person_id, valid_from);
           CREATE TABLE IF NOT EXISTS registrations (
               person_id       text NOT NULL,
               registration_id text NOT NULL,
               valid_from      timestamptz NOT NULL,
               valid_to        timestamptz,
               registered_on   date NOT NULL);
           CREATE INDEX IF NOT EXISTS registrations_person
               ON registrations (person_id, valid_from);
           CREATE TABLE IF NOT EXISTS certificates (
               number     text NOT NULL,
               person_id  text NOT NULL,
               kind       text NOT NULL,
               issued_on  date NOT NULL,
               valid_from timestamptz NOT NULL,
               valid_to   timestamptz);
           CREATE INDEX IF NOT EXISTS certificates_person
               ON certificates (person_id, valid_from);
           CREATE TABLE IF NOT EXISTS zero_households (
               household_id  text NOT NULL,
               office        text NOT NULL,
               identified_on date NOT NULL,
               valid_from    timestamptz NOT NULL,
               valid_to      timestamptz);
           CREATE TABLE IF NOT EXISTS hires (
               referral_id text PRIMARY KEY,
               vacancy_id  text NOT NULL,
               person_id   text NOT NULL,
               office      text NOT NULL,
               hired_on    date NOT NULL,
               recorded_at timestamptz NOT NULL);""",
    )
]


async def _status(conn: asyncpg.Connection, e: EventEnvelope) -> None:
    d = e.data
    await replace(conn, "labour", {"person_id": d["person_id"]}, e.recorded_at, {
        "status": d["status"], "employer": d["employer"],
        "since": date.fromisoformat(d["since"]),
    })  # fmt: skip


async def _registered(conn: asyncpg.Connection, e: EventEnvelope) -> None:
    d = e.data
    keys = {"person_id": d["person_id"], "registration_id": d["registration_id"]}
    await change(conn, "registrations", keys, e.recorded_at,
                 {"registered_on": date.fromisoformat(d["registered_on"])},
                 create=True)  # fmt: skip


async def _registration_ended(conn: asyncpg.Connection, e: EventEnvelope) -> None:
    d = e.data
    keys = {"person_id": d["person_id"], "registration_id": d["registration_id"]}
    await end(conn, "registrations", keys, e.recorded_at)


async def _issued(conn: asyncpg.Connection, e: EventEnvelope) -> None:
    d = e.data
    await change(conn, "certificates", {"number": d["number"]}, e.recorded_at, {
        "person_id": d["person_id"], "kind": d["kind"],
        "issued_on": date.fromisoformat(d["issued_on"]),
    }, create=True)  # fmt: skip


async def _certificate_ended(conn: asyncpg.Connection, e: EventEnvelope) -> None:
    await end(conn, "certificates", {"number": e.data["number"]}, e.recorded_at)


async def _zero_identified(conn: asyncpg.Connection, e: EventEnvelope) -> None:
    d = e.data
    await change(conn, "zero_households", {"household_id": d["household_id"]},
                 e.recorded_at, {"office": d["office"], "identified_on":
                                 date.fromisoformat(d["identified_on"])},
                 create=True)  # fmt: skip


async def _zero_cleared(conn: asyncpg.Connection, e: EventEnvelope) -> None:
    keys = {"household_id": e.data["household_id"]}
    await end(conn, "zero_households", keys, e.recorded_at)


async def _hired(conn: asyncpg.Connection, e: EventEnvelope) -> None:
    d = e.data
    await conn.execute(
        """INSERT INTO hires VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT DO NOTHING""",
        d["referral_id"], d["vacancy_id"], d["person_id"], d["office"],
        date.fromisoformat(d["hired_on"]), e.recorded_at,
    )  # fmt: skip


APPLIERS: dict[str, Applier] = {
    "LabourStatusRecorded": _status,
    "UnemploymentRegistered": _registered,
    "UnemploymentRegistrationEnded": _registration_ended,
    "CertificateIssued": _issued,
    "CertificateReturned": _certificate_ended,
    "CertificateCancelled": _certificate_ended,
    "ZeroEmploymentHouseholdIdentified": _zero_identified,
    "ZeroEmploymentHouseholdCleared": _zero_cleared,
    "CandidateHired": _hired,
}

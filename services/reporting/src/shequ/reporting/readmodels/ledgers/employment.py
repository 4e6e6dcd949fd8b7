"""Employment's records as temporal tables, and hires (new jobs, 新增就业).

Statuses, unemployment registrations, certificates in use and zero-employment
households.
Each table's rows are valid between recorded times (see ``_temporal``). A person's
office is not kept here: ledgers join ``people`` as of the same moment.
"""

from __future__ import annotations

from datetime import date

from shequ.contracts import EventEnvelope
from shequ.eventstore import Migration
from shequ.reporting.readmodels.ledgers._apply import Applier
from shequ.reporting.readmodels.ledgers._temporal import Changes

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
    ),
    # Each batch finds the current rows of the records it changes: without these
    # the planner scanned whole tables, a cost that grew with every version kept.
    Migration(
        "reporting-ledgers-employment",
        2,
        """CREATE INDEX IF NOT EXISTS labour_current
               ON labour (person_id) WHERE valid_to IS NULL;
           CREATE INDEX IF NOT EXISTS registrations_current
               ON registrations (person_id, registration_id) WHERE valid_to IS NULL;
           CREATE INDEX IF NOT EXISTS certificates_current
               ON certificates (number) WHERE valid_to IS NULL;
           CREATE INDEX IF NOT EXISTS zero_households_current
               ON zero_households (household_id) WHERE valid_to IS NULL;""",
    ),
]


def _status(changes: Changes, e: EventEnvelope) -> None:
    d = e.data
    changes.replace(
        "labour",
        {"person_id": d["person_id"]},
        e.recorded_at,
        {
            "status": d["status"],
            "employer": d["employer"],
            "since": date.fromisoformat(d["since"]),
        },
    )


def _registered(changes: Changes, e: EventEnvelope) -> None:
    d = e.data
    keys = {"person_id": d["person_id"], "registration_id": d["registration_id"]}
    changes.change(
        "registrations",
        keys,
        e.recorded_at,
        {"registered_on": date.fromisoformat(d["registered_on"])},
        create=True,
    )


def _registration_ended(changes: Changes, e: EventEnvelope) -> None:
    d = e.data
    keys = {"person_id": d["person_id"], "registration_id": d["registration_id"]}
    changes.end("registrations", keys, e.recorded_at)


def _issued(changes: Changes, e: EventEnvelope) -> None:
    d = e.data
    changes.change(
        "certificates",
        {"number": d["number"]},
        e.recorded_at,
        {
            "person_id": d["person_id"],
            "kind": d["kind"],
            "issued_on": date.fromisoformat(d["issued_on"]),
        },
        create=True,
    )


def _certificate_ended(changes: Changes, e: EventEnvelope) -> None:
    changes.end("certificates", {"number": e.data["number"]}, e.recorded_at)


def _zero_identified(changes: Changes, e: EventEnvelope) -> None:
    d = e.data
    changes.change(
        "zero_households",
        {"household_id": d["household_id"]},
        e.recorded_at,
        {
            "office": d["office"],
            "identified_on": date.fromisoformat(d["identified_on"]),
        },
        create=True,
    )


def _zero_cleared(changes: Changes, e: EventEnvelope) -> None:
    keys = {"household_id": e.data["household_id"]}
    changes.end("zero_households", keys, e.recorded_at)


def _hired(changes: Changes, e: EventEnvelope) -> None:
    d = e.data
    changes.insert(
        "hires",
        (
            d["referral_id"],
            d["vacancy_id"],
            d["person_id"],
            d["office"],
            date.fromisoformat(d["hired_on"]),
            e.recorded_at,
        ),
    )


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

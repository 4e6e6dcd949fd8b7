"""Employment's records as temporal tables, and hires (new jobs, 新增就业).

Statuses, unemployment registrations, certificates in use and zero-employment
households with their members and the unemployed among them (as employment lists them:
identified, members changed while open, cleared).
Each table's rows are valid between recorded times (see ``_temporal``). A person's
office is not kept here: ledgers join ``people`` as of the same moment.
"""

from __future__ import annotations

from shequ.contracts import EventEnvelope
from shequ.contracts.employment import (
    CandidateHired,
    CertificateCancelled,
    CertificateIssued,
    CertificateReturned,
    LabourStatusRecorded,
    UnemploymentRegistered,
    UnemploymentRegistrationEnded,
    ZeroEmploymentHouseholdCleared,
    ZeroEmploymentHouseholdIdentified,
    ZeroEmploymentHouseholdMembersChanged,
)
from shequ.eventstore import Migration
from shequ.messaging import Appliers
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
    # Households name their members (#13 item 5); rows from before name none until
    # the next rebuild, as the events before member_person_ids did.
    Migration(
        "reporting-ledgers-employment",
        3,
        """ALTER TABLE zero_households
               ADD COLUMN IF NOT EXISTS member_person_ids text[] NOT NULL
                   DEFAULT '{}',
               ADD COLUMN IF NOT EXISTS unemployed_person_ids text[] NOT NULL
                   DEFAULT '{}';""",
    ),
    # The per-person history indexes serve ledger queries only; applying finds
    # current rows through the ``*_current`` ones. Built after a rebuild's bulk load
    # (``INDEXES``), they no longer cost an index entry per row written and closed
    # (bench (j): half the time of labour's COPY and UPDATE).
    Migration(
        "reporting-ledgers-employment",
        4,
        """DROP INDEX IF EXISTS labour_person;
           DROP INDEX IF EXISTS registrations_person;
           DROP INDEX IF EXISTS certificates_person;""",
    ),
]

INDEXES = [
    "CREATE INDEX IF NOT EXISTS labour_person ON labour (person_id, valid_from)",
    """CREATE INDEX IF NOT EXISTS registrations_person
       ON registrations (person_id, valid_from)""",
    """CREATE INDEX IF NOT EXISTS certificates_person
       ON certificates (person_id, valid_from)""",
    # A reading of now finds the rows current then by ``*_current`` and these (rows
    # closed since, none as a rule), not by scanning every version: the district
    # ledger page took 18 ms instead of 30, its figures 22 instead of 35 (at 1/50).
    """CREATE INDEX IF NOT EXISTS labour_closed
       ON labour (valid_to) WHERE valid_to IS NOT NULL""",
    """CREATE INDEX IF NOT EXISTS registrations_closed
       ON registrations (valid_to) WHERE valid_to IS NOT NULL""",
    """CREATE INDEX IF NOT EXISTS certificates_closed
       ON certificates (valid_to) WHERE valid_to IS NOT NULL""",
]


APPLY: Appliers[Changes, None] = Appliers()


@APPLY.on
def _status(changes: Changes, e: LabourStatusRecorded, envelope: EventEnvelope) -> None:
    changes.replace(
        "labour",
        {"person_id": e.person_id},
        envelope.recorded_at,
        {"status": e.status, "employer": e.employer, "since": e.since},
    )


@APPLY.on
def _registered(
    changes: Changes, e: UnemploymentRegistered, envelope: EventEnvelope
) -> None:
    keys = {"person_id": e.person_id, "registration_id": e.registration_id}
    changes.change(
        "registrations",
        keys,
        envelope.recorded_at,
        {"registered_on": e.registered_on},
        create=True,
    )


@APPLY.on
def _registration_ended(
    changes: Changes, e: UnemploymentRegistrationEnded, envelope: EventEnvelope
) -> None:
    keys = {"person_id": e.person_id, "registration_id": e.registration_id}
    changes.end("registrations", keys, envelope.recorded_at)


@APPLY.on
def _issued(changes: Changes, e: CertificateIssued, envelope: EventEnvelope) -> None:
    changes.touch(e.person_id)
    changes.change(
        "certificates",
        {"number": e.number},
        envelope.recorded_at,
        {"person_id": e.person_id, "kind": e.kind, "issued_on": e.issued_on},
        create=True,
    )


@APPLY.on
def _certificate_ended(
    changes: Changes,
    e: CertificateReturned | CertificateCancelled,
    envelope: EventEnvelope,
) -> None:
    changes.touch(e.person_id)
    changes.end("certificates", {"number": e.number}, envelope.recorded_at)


@APPLY.on
def _zero_identified(
    changes: Changes, e: ZeroEmploymentHouseholdIdentified, envelope: EventEnvelope
) -> None:
    changes.change(
        "zero_households",
        {"household_id": e.household_id},
        envelope.recorded_at,
        {
            "office": e.office,
            "identified_on": e.identified_on,
            "member_person_ids": e.member_person_ids,
            "unemployed_person_ids": e.unemployed_person_ids,
        },
        create=True,
    )


@APPLY.on
def _zero_members(
    changes: Changes, e: ZeroEmploymentHouseholdMembersChanged, envelope: EventEnvelope
) -> None:
    # A new version from the change on: the ledger as of before it lists the members
    # then, and a household no longer open is left closed.
    changes.change(
        "zero_households",
        {"household_id": e.household_id},
        envelope.recorded_at,
        {
            "office": e.office,
            "member_person_ids": e.member_person_ids,
            "unemployed_person_ids": e.unemployed_person_ids,
        },
    )


@APPLY.on
def _zero_cleared(
    changes: Changes, e: ZeroEmploymentHouseholdCleared, envelope: EventEnvelope
) -> None:
    keys = {"household_id": e.household_id}
    changes.end("zero_households", keys, envelope.recorded_at)


@APPLY.on
def _hired(changes: Changes, e: CandidateHired, envelope: EventEnvelope) -> None:
    changes.insert(
        "hires",
        (
            e.referral_id,
            e.vacancy_id,
            e.person_id,
            e.office,
            e.hired_on,
            envelope.recorded_at,
        ),
    )

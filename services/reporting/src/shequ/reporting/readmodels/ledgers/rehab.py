"""Rehab's cases as a temporal table, and their tests and serious violations.

``rehab_cases`` holds each open case (社区戒毒/社区康复) as it stood between recorded
times: its office (a hand-over moves it), dates, whether the agreement is signed, its
responsible worker (from ``RehabTeamAssigned``) and how many evaluations it has. A
closed case has no current row. ``rehab_tests`` keeps every urine test recorded and
every period rehab's timer found missed; ``rehab_violations`` every serious violation
(a relapse is one). No detail rehab seals (grounds, numbers, notes) is kept here: the
ledger's names come from ``people`` as of the same moment.
"""

from __future__ import annotations

from datetime import date

from shequ.contracts import EventEnvelope
from shequ.contracts.rehab import (
    RehabAgreementSigned,
    RehabCaseClosed,
    RehabCaseHandedOver,
    RehabDecisionReceived,
    RehabEvaluationRecorded,
    RehabReported,
    RehabTeamAssigned,
    SeriousViolationFound,
    UrineTestMissed,
    UrineTestRecorded,
)
from shequ.eventstore import Migration
from shequ.messaging import Appliers
from shequ.reporting.readmodels.ledgers._temporal import Changes, Row

SERVICE = "rehab"
TABLES = ("rehab_cases", "rehab_tests", "rehab_violations")
MIGRATIONS = [
    Migration(
        "reporting-ledgers-rehab",
        1,
        """CREATE TABLE IF NOT EXISTS rehab_cases (
               case_id            text NOT NULL,
               valid_from         timestamptz NOT NULL,
               valid_to           timestamptz,
               person_id          text NOT NULL,
               office             text NOT NULL,
               kind               text NOT NULL,
               decided_on         date NOT NULL,
               report_by          date NOT NULL,
               reported_on        date,
               term_ends_on       date,
               agreement_signed   boolean NOT NULL DEFAULT false,
               responsible_worker text,
               evaluations        int NOT NULL DEFAULT 0);
           CREATE INDEX IF NOT EXISTS rehab_cases_current
               ON rehab_cases (case_id) WHERE valid_to IS NULL;
           CREATE TABLE IF NOT EXISTS rehab_tests (
               event_id    text PRIMARY KEY,
               case_id     text NOT NULL,
               office      text NOT NULL,
               tested_on   date NOT NULL,
               result      text NOT NULL,
               recorded_at timestamptz NOT NULL);
           CREATE TABLE IF NOT EXISTS rehab_violations (
               event_id    text PRIMARY KEY,
               case_id     text NOT NULL,
               office      text NOT NULL,
               reason      text NOT NULL,
               found_on    date NOT NULL,
               recorded_at timestamptz NOT NULL);""",
    )
]
INDEXES = [
    """CREATE INDEX IF NOT EXISTS rehab_cases_office
       ON rehab_cases (office text_pattern_ops, valid_from)""",
    "CREATE INDEX IF NOT EXISTS rehab_tests_case ON rehab_tests (case_id, tested_on)",
]
MISSED = "missed"
"""The ``result`` of a period rehab's timer found without a test (its last day)."""

APPLY: Appliers[Changes, None] = Appliers()


def case_of(envelope: EventEnvelope) -> dict[str, str]:
    """The key of the case an event of ``rehab_case/<case id>`` belongs to."""
    return {"case_id": envelope.stream_id.removeprefix("rehab_case/")}


@APPLY.on
def _decided(
    changes: Changes, e: RehabDecisionReceived, envelope: EventEnvelope
) -> None:
    changes.replace(
        "rehab_cases",
        {"case_id": e.case_id},
        envelope.recorded_at,
        {
            "person_id": e.person_id,
            "office": e.office,
            "kind": e.kind,
            "decided_on": e.decided_on,
            "report_by": e.report_by,
            "agreement_signed": False,
            "evaluations": 0,
        },
    )


@APPLY.on
def _reported(changes: Changes, e: RehabReported, envelope: EventEnvelope) -> None:
    update = {"reported_on": e.reported_on, "term_ends_on": e.term_ends_on}
    changes.change("rehab_cases", case_of(envelope), envelope.recorded_at, update)


@APPLY.on
def _signed(changes: Changes, e: RehabAgreementSigned, envelope: EventEnvelope) -> None:
    update = {"agreement_signed": True}
    changes.change("rehab_cases", case_of(envelope), envelope.recorded_at, update)


@APPLY.on
def _team(changes: Changes, e: RehabTeamAssigned, envelope: EventEnvelope) -> None:
    update = {"responsible_worker": e.responsible_worker}
    changes.change("rehab_cases", case_of(envelope), envelope.recorded_at, update)


@APPLY.on
def _evaluated(
    changes: Changes, e: RehabEvaluationRecorded, envelope: EventEnvelope
) -> None:
    def bump(row: Row) -> Row:
        return {"evaluations": row["evaluations"] + 1}

    changes.change("rehab_cases", case_of(envelope), envelope.recorded_at, bump)


@APPLY.on
def _handed_over(
    changes: Changes, e: RehabCaseHandedOver, envelope: EventEnvelope
) -> None:
    update = {"office": e.to_office}
    changes.change("rehab_cases", case_of(envelope), envelope.recorded_at, update)


@APPLY.on
def _closed(changes: Changes, e: RehabCaseClosed, envelope: EventEnvelope) -> None:
    changes.end("rehab_cases", case_of(envelope), envelope.recorded_at)


@APPLY.on
def _tested(changes: Changes, e: UrineTestRecorded, envelope: EventEnvelope) -> None:
    _test(changes, envelope, e.office, e.tested_on, e.result)


@APPLY.on
def _missed(changes: Changes, e: UrineTestMissed, envelope: EventEnvelope) -> None:
    _test(changes, envelope, e.office, e.period_end, MISSED)


def _test(
    changes: Changes, envelope: EventEnvelope, office: str, day: date, result: str
) -> None:
    case = case_of(envelope)["case_id"]
    row = (str(envelope.event_id), case, office, day, result, envelope.recorded_at)
    changes.insert("rehab_tests", row)


@APPLY.on
def _serious(
    changes: Changes, e: SeriousViolationFound, envelope: EventEnvelope
) -> None:
    case = case_of(envelope)["case_id"]
    changes.insert(
        "rehab_violations",
        (
            str(envelope.event_id),
            case,
            e.office,
            e.reason,
            e.found_on,
            envelope.recorded_at,
        ),
    )

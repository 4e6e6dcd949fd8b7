"""Mediation's disputes as a temporal table, and the committees' members by name.

``mediation_disputes`` holds each dispute (人民调解台帐) as it stood between recorded
times: office, source, kind, the sum in dispute, its dates, stage, mediators and
sessions, the agreement (form, sum, obligations), each obligation's latest 回访 and
the satisfaction recorded, judicial confirmation, the closing. A closed dispute keeps
its row: the ledger lists every dispute of the year. ``mediation_members`` names each
committee member (published for the hotline, so not sealed). Nothing mediation seals
(parties, matter, notes) is kept here: the ledger opens them from the archive.
"""

from __future__ import annotations

from shequ.contracts import EventEnvelope
from shequ.contracts.mediation import (
    CommitteeMemberAppointed,
    DisputeAccepted,
    DisputeClosed,
    DisputeDeclined,
    DisputeRegistered,
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
from shequ.messaging import Appliers
from shequ.reporting.readmodels.ledgers._temporal import Changes, Row, Update

SERVICE = "mediation"
TABLES = ("mediation_disputes", "mediation_members")
MIGRATIONS = [
    Migration(
        "reporting-ledgers-mediation",
        1,
        """CREATE TABLE IF NOT EXISTS mediation_disputes (
               dispute_id     text NOT NULL,
               valid_from     timestamptz NOT NULL,
               valid_to       timestamptz,
               office         text NOT NULL,
               source         text NOT NULL,
               kind           text NOT NULL,
               amount         int,
               registered_on  date NOT NULL,
               conclude_by    date NOT NULL,
               status         text NOT NULL,
               decided_on     date,
               mediators      text[] NOT NULL DEFAULT '{}',
               sessions       int NOT NULL DEFAULT 0,
               last_session_on date,
               form           text,
               concluded_on   date,
               late           boolean,
               agreed_amount  int,
               obligations    int NOT NULL DEFAULT 0,
               followed       int[] NOT NULL DEFAULT '{}',
               unfulfilled    int[] NOT NULL DEFAULT '{}',
               follow_ups     int NOT NULL DEFAULT 0,
               satisfied      int NOT NULL DEFAULT 0,
               last_visited_on date,
               confirmation   text,
               outcome        text,
               closed_on      date);
           CREATE INDEX IF NOT EXISTS mediation_disputes_current
               ON mediation_disputes (dispute_id) WHERE valid_to IS NULL;
           CREATE TABLE IF NOT EXISTS mediation_members (
               member_id text PRIMARY KEY,
               office    text NOT NULL,
               name      text NOT NULL);""",
    )
]
INDEXES = [
    """CREATE INDEX IF NOT EXISTS mediation_disputes_office
       ON mediation_disputes (office text_pattern_ops, valid_from)"""
]

APPLY: Appliers[Changes, None] = Appliers()


def dispute_of(envelope: EventEnvelope) -> dict[str, str]:
    """The key of the dispute an event of ``dispute/<dispute id>`` belongs to."""
    return {"dispute_id": envelope.stream_id.removeprefix("dispute/")}


def _change(changes: Changes, envelope: EventEnvelope, update: Update) -> None:
    changes.change(
        "mediation_disputes", dispute_of(envelope), envelope.recorded_at, update
    )


@APPLY.on
def _member(
    changes: Changes, e: CommitteeMemberAppointed, envelope: EventEnvelope
) -> None:
    changes.insert("mediation_members", (e.member_id, e.office, e.name))


@APPLY.on
def _registered(
    changes: Changes, e: DisputeRegistered, envelope: EventEnvelope
) -> None:
    changes.replace(
        "mediation_disputes",
        {"dispute_id": e.dispute_id},
        envelope.recorded_at,
        {
            "office": e.office,
            "source": e.source,
            "kind": e.kind,
            "amount": e.amount,
            "registered_on": e.registered_on,
            "conclude_by": e.conclude_by,
            "status": "registered",
            "mediators": [],
            "sessions": 0,
            "obligations": 0,
            "followed": [],
            "unfulfilled": [],
            "follow_ups": 0,
            "satisfied": 0,
        },
    )


@APPLY.on
def _accepted(changes: Changes, e: DisputeAccepted, envelope: EventEnvelope) -> None:
    _change(changes, envelope, {"status": "accepted", "decided_on": e.accepted_on})


@APPLY.on
def _declined(changes: Changes, e: DisputeDeclined, envelope: EventEnvelope) -> None:
    _change(changes, envelope, {"status": "declined", "decided_on": e.declined_on})


@APPLY.on
def _assigned(changes: Changes, e: MediatorsAssigned, envelope: EventEnvelope) -> None:
    _change(changes, envelope, {"mediators": list(e.mediators)})


@APPLY.on
def _recused(changes: Changes, e: MediatorRecused, envelope: EventEnvelope) -> None:
    def replaced(row: Row) -> Row:
        swap = {e.mediator: e.replacement}
        return {"mediators": [swap.get(m, m) for m in row["mediators"]]}

    _change(changes, envelope, replaced)


@APPLY.on
def _session(
    changes: Changes, e: MediationSessionRecorded, envelope: EventEnvelope
) -> None:
    def held(row: Row) -> Row:
        last = row["last_session_on"]
        latest = e.held_on if last is None else max(last, e.held_on)
        return {"sessions": row["sessions"] + 1, "last_session_on": latest}

    _change(changes, envelope, held)


@APPLY.on
def _continued(
    changes: Changes, e: MediationContinuationAgreed, envelope: EventEnvelope
) -> None:
    _change(changes, envelope, {"conclude_by": e.until})


@APPLY.on
def _agreed(
    changes: Changes, e: MediationAgreementReached, envelope: EventEnvelope
) -> None:
    update = {
        "status": "agreed",
        "form": e.form,
        "concluded_on": e.agreed_on,
        "late": e.late,
        "agreed_amount": e.amount,
        "obligations": len(e.due_dates),  # plain: still counted once erased
    }
    _change(changes, envelope, update)


@APPLY.on
def _failed(changes: Changes, e: MediationFailed, envelope: EventEnvelope) -> None:
    update = {"status": "failed", "concluded_on": e.failed_on, "late": e.late}
    _change(changes, envelope, update)


@APPLY.on
def _followed_up(
    changes: Changes, e: FulfilmentFollowedUp, envelope: EventEnvelope
) -> None:
    # An obligation visited again counts by its latest 回访.
    def visited(row: Row) -> Row:
        number, last = e.obligation, row["last_visited_on"]
        unfulfilled = [n for n in row["unfulfilled"] if n != number]
        return {
            "followed": sorted({*row["followed"], number}),
            "unfulfilled": unfulfilled if e.fulfilled else [*unfulfilled, number],
            "follow_ups": row["follow_ups"] + 1,
            "satisfied": row["satisfied"] + e.satisfied,
            "last_visited_on": e.visited_on
            if last is None
            else max(last, e.visited_on),
        }

    _change(changes, envelope, visited)


@APPLY.on
def _applied(
    changes: Changes, e: JudicialConfirmationApplied, envelope: EventEnvelope
) -> None:
    _change(changes, envelope, {"confirmation": "applied"})


@APPLY.on
def _answered(
    changes: Changes, e: JudicialConfirmationAnswered, envelope: EventEnvelope
) -> None:
    answer = "confirmed" if e.confirmed else "refused"
    _change(changes, envelope, {"confirmation": answer})


@APPLY.on
def _closed(changes: Changes, e: DisputeClosed, envelope: EventEnvelope) -> None:
    update = {"status": "closed", "outcome": e.outcome, "closed_on": e.closed_on}
    _change(changes, envelope, update)

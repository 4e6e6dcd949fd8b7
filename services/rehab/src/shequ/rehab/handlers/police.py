"""The police's decisions and test results (公安推送) turned into a case's commands.

:func:`police_intake_projection` reads ``shequ.police.>`` (JetStream stream
``SHEQU_POLICE``) and keeps no table of its own: it appends to rehab's store in its
transaction, so what it appends commits with its checkpoint: exactly once. The police
name the person by ID number; the people copy finds them by its keyed digest. A
decision opens the case whose id is derived from the decision's number, so the same
decision sent twice opens one case. What cannot be applied (no such person yet, a test
for a decision not received) raises a refusal that says why, and the message is
parked for an operator to replay once it can apply.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

import asyncpg

from shequ.access import Acting
from shequ.contracts import DomainError, EventEnvelope
from shequ.contracts.messages import N_
from shequ.contracts.police import RehabDecisionIssued, UrineTestResultIssued
from shequ.eventstore import EventStore, Metadata, Outcome
from shequ.keyring import KeyRing
from shequ.messaging import Projection, decode_event
from shequ.rehab.domain import case
from shequ.rehab.domain.rules import RehabRules
from shequ.rehab.handlers.cases import decision_case_id, stream_of
from shequ.rehab.settings import rehab_settings
from shequ.service import caused_by, execute_as
from shequ.service.people import Person, find_person_by_document, living_person


def police_intake_projection(
    rules: RehabRules | None = None,
) -> Callable[[EventStore], Projection]:
    """``rehab-police-intake``, given rehab's store; ``rules`` default to the settings'.

    The district's rules in force (``SHEQU_REHAB_*``) set each case's report deadline.
    """

    def build(store: EventStore) -> Projection:
        in_force = rules or rehab_settings().rules()

        async def apply(
            conn: asyncpg.Connection, events: Sequence[EventEnvelope]
        ) -> None:
            for envelope in events:
                match decode_event(envelope):
                    case RehabDecisionIssued() as decision:
                        await receive_decision(
                            store, conn, decision, envelope, in_force
                        )
                    case UrineTestResultIssued() as test:
                        await record_police_test(store, conn, test, envelope, in_force)

        return Projection(name="rehab-police-intake", sources=("police",), apply=apply)

    return build


class NoPersonWithThatId(DomainError):
    code = "rehab-no-person-with-id"
    title = N_("No person in the registry has this ID number")


class DecisionNotReceived(DomainError):
    code = "rehab-decision-not-received"
    title = N_("No case was opened from this decision")


class DecisionWithoutGround(DomainError):
    code = "rehab-decision-without-ground"
    title = N_("The decision names no ground")


def _keyring(store: EventStore) -> KeyRing:
    if store.keyring is None:
        raise RuntimeError("the police's decisions are matched by digest: no keyring")
    return store.keyring


async def decision_person(
    conn: asyncpg.Connection, keyring: KeyRing, id_number: str
) -> Person | None:
    """The living person a decision names by ID number; None if the copy has none."""
    found = await find_person_by_document(conn, keyring, id_number)
    if found is None:
        return None
    return await living_person(conn, found.person_id, field="id_number")


async def open_decision_case(
    store: EventStore,
    conn: asyncpg.Connection,
    decision: RehabDecisionIssued,
    person: Person,
    by: Acting,
    *,
    rules: RehabRules,
    metadata: Metadata | None = None,
) -> tuple[str, Outcome[case.State] | None]:
    """Open the case ``decision`` orders under ``person``'s office, as ``by``.

    The case id and, when the decision was received before, no outcome: one case per
    decision, however often it is sent.
    """
    case_id = decision_case_id(_keyring(store), decision.decision_number)
    if (await store.head(stream_of(case_id), connection=conn)).version:
        return case_id, None
    if decision.ground is None:  # read as erased: the decision's key was destroyed
        raise DecisionWithoutGround(
            N_("decision {number} names no ground"),
            field="ground",
            number=decision.decision_number,
        )
    by = Acting(by.staff_id, person.office, by.now)
    command = case.ReceiveDecision(
        case_id=case_id,
        person_id=person.person_id,
        office=person.office,
        kind=decision.kind,
        ground=decision.ground,
        decision_number=decision.decision_number,
        police_organ=decision.police_organ,
        decided_on=decision.decided_on,
        term_months=decision.term_months,
        received_from="police",
        rules=rules,
        by=by,
    )
    outcome = await execute_as(
        by,
        store,
        case.DECIDER,
        stream_of(case_id),
        command,
        connection=conn,
        metadata=None if metadata is None else replace(metadata, office=person.office),
    )
    return case_id, outcome


async def receive_decision(
    store: EventStore,
    conn: asyncpg.Connection,
    event: RehabDecisionIssued,
    envelope: EventEnvelope,
    rules: RehabRules,
) -> None:
    """Open the case the decision orders, under the office the person lives in."""
    case_id = decision_case_id(_keyring(store), event.decision_number)
    if (await store.head(stream_of(case_id), connection=conn)).version:
        return  # the decision was received before: one case per decision
    person = await decision_person(conn, _keyring(store), event.id_number)
    if person is None:
        raise NoPersonWithThatId(
            N_(
                "decision {event_id}: no person in the registry has its ID number;"
                " register them (or have the police correct the number), then replay"
            ),
            field="id_number",
            event_id=envelope.event_id,
        )
    by, metadata = caused_by(envelope)
    await open_decision_case(
        store, conn, event, person, by, rules=rules, metadata=metadata
    )


async def record_police_test(
    store: EventStore,
    conn: asyncpg.Connection,
    event: UrineTestResultIssued,
    envelope: EventEnvelope,
    rules: RehabRules,
) -> None:
    """Record the police's urine test on the case its decision opened."""
    case_id = decision_case_id(_keyring(store), event.decision_number)
    head = await store.head(stream_of(case_id), connection=conn)
    if not head.version:
        raise DecisionNotReceived(
            N_(
                "test {event_id}: no case was opened from its decision yet; replay it"
                " once the decision is received"
            ),
            field="decision_number",
            event_id=envelope.event_id,
        )
    by, metadata = caused_by(envelope)
    command = case.RecordTest(
        tested_on=event.tested_on, result=event.result, rules=rules, by=by
    )
    await execute_as(
        by,
        store,
        case.DECIDER,
        stream_of(case_id),
        command,
        key=f"police-test:{envelope.event_id}",
        connection=conn,
        metadata=metadata,
    )

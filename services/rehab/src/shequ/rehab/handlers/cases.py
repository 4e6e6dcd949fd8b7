"""Handlers of a rehab case: open it from a decision, then every other command.

A case opens for a living person the people copy knows, under the office the person
lives in now; its id comes from the decision's number (:func:`decision_case_id`), so a
decision typed in and the same decision sent by the police open one case, and a
retried request (its Idempotency-Key) returns the first answer. Every other command
runs on the stream as it stands.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from shequ.access import Acting
from shequ.contracts.rehab import RehabGround, RehabKind
from shequ.eventstore import EventStore, Outcome
from shequ.keyring import KeyRing
from shequ.rehab.domain import case
from shequ.rehab.domain.rules import RehabRules
from shequ.service import execute_as
from shequ.service.people import living_person


def decision_case_id(keyring: KeyRing, decision_number: str) -> str:
    """The id of the case a decision opens: a keyed digest of its number.

    Keyed, so the id tells nothing of the number (decision numbers are guessable);
    the same number gives the same id in every process under the same master key.
    """
    return (
        "case-" + keyring.digest("rehab-decision", decision_number.strip()).hex()[:32]
    )


def stream_of(case_id: str) -> str:
    """The stream of case ``case_id``."""
    return f"rehab_case/{case_id}"


async def open_case(
    store: EventStore,
    *,
    by: Acting,
    key: str | None,
    person_id: str,
    kind: RehabKind,
    ground: RehabGround,
    decision_number: str,
    police_organ: str,
    decided_on: date,
    term_months: int,
    rules: RehabRules,
    received_from: str = "office",
) -> Outcome[case.State]:
    """Open a case from the police's decision (决定书), typed in or received."""
    person = await living_person(store.pool, person_id)
    if store.keyring is None:
        raise RuntimeError("rehab's store seals personal data: it needs a key ring")
    case_id = decision_case_id(store.keyring, decision_number)
    command = case.ReceiveDecision(
        case_id=case_id,
        person_id=person.person_id,
        office=person.office,
        kind=kind,
        ground=ground,
        decision_number=decision_number,
        police_organ=police_organ,
        decided_on=decided_on,
        term_months=term_months,
        received_from=received_from,
        rules=rules,
        by=by,
    )
    return await execute_as(
        by, store, case.DECIDER, stream_of(case_id), command, key=key
    )


async def act(
    store: EventStore,
    case_id: str,
    command: case.Command,
    *,
    key: str | None = None,
    expected_version: int | None = None,
) -> Outcome[case.State]:
    """Run ``command`` on case ``case_id`` (as ``command.by``)."""
    return await execute_as(
        command.by,
        store,
        case.DECIDER,
        stream_of(case_id),
        command,
        key=key,
        expected_version=expected_version,
    )


def as_system(by: Acting, office: str) -> Acting:
    """``by`` acting for ``office`` (a timer acts for the case's office)."""
    return replace(by, office=office)

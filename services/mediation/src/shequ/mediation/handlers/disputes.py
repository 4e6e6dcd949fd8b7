"""Handlers of a dispute: register it (intake), then every other command.

A new dispute's id comes from the request's Idempotency-Key (``new_id``), so a
retried intake registers one dispute. Assigning or replacing a mediator looks up the
committee's serving members of the dispute's office first: the rule is the decider's.
"""

from __future__ import annotations

from datetime import date

from shequ.access import Acting
from shequ.contracts import require_text
from shequ.contracts.mediation import DisputeKind, DisputeSource, Party
from shequ.contracts.messages import N_
from shequ.eventstore import EventStore, Outcome
from shequ.mediation.domain import dispute
from shequ.mediation.domain.rules import MediationRules
from shequ.mediation.readmodels.committee import serving
from shequ.service import execute_as, new_id
from shequ.service.people import living_person


def stream_of(dispute_id: str) -> str:
    """The stream of dispute ``dispute_id``."""
    return f"dispute/{dispute_id}"


async def register(
    store: EventStore,
    *,
    by: Acting,
    key: str | None,
    office: str,
    source: DisputeSource,
    kind: DisputeKind,
    parties: list[Party],
    matter: str,
    amount: int | None,
    registered_on: date,
    rules: MediationRules,
) -> Outcome[dispute.State]:
    """Put a dispute on the ledger of ``office``'s committee.

    A party named by ``person_id`` is a living person of the registry, named as the
    registry names them, with its sex and birth date; any other party is as given.
    """
    parties = [await _party(store, n, p) for n, p in enumerate(parties)]
    dispute_id = new_id("dispute", by, key)
    command = dispute.RegisterDispute(
        dispute_id=dispute_id,
        office=office,
        source=source,
        kind=kind,
        parties=tuple(parties),
        matter=matter,
        amount=amount,
        registered_on=registered_on,
        rules=rules,
        by=by,
    )
    return await execute_as(
        by, store, dispute.DECIDER, stream_of(dispute_id), command, key=key
    )


async def _party(store: EventStore, number: int, party: Party) -> Party:
    if party.person_id is None:
        name = require_text(
            party.name, f"parties.{number}.name", N_("the party's name")
        )
        return party.model_copy(update={"name": name})
    field = f"parties.{number}.person_id"
    person = await living_person(store.pool, party.person_id, field)
    known = {"name": person.name, "sex": person.sex, "birth_date": person.birth_date}
    return party.model_copy(update=known | {"age": None})


async def act(
    store: EventStore,
    dispute_id: str,
    command: dispute.Command,
    *,
    key: str | None = None,
    expected_version: int | None = None,
) -> Outcome[dispute.State]:
    """Run ``command`` on dispute ``dispute_id`` (as ``command.by``)."""
    return await execute_as(
        command.by,
        store,
        dispute.DECIDER,
        stream_of(dispute_id),
        command,
        key=key,
        expected_version=expected_version,
    )


async def committee_of(store: EventStore, office: str) -> frozenset[str]:
    """The serving members of ``office``'s committee: who may mediate there."""
    return await serving(store.pool, office)

"""Erasing a person's personal data (个人信息删除): the event, then the key destroyed.

The event and the key live in different databases, so no transaction covers both:
the event is appended first (its decider checks every rule, the open legal holds
among them), then the key is destroyed. A process that stops in between leaves an
erasure whose key still exists; :func:`heal_erasures` destroys those keys on start
and every hour (test_a_key_left_by_an_interrupted_erasure_is_destroyed_on_heal).
"""

from __future__ import annotations

import logging

from shequ.access import Acting
from shequ.contracts.registry import ErasureGround
from shequ.eventstore import EventStore, Outcome
from shequ.registry.domain import person
from shequ.registry.domain.person import ErasePersonalData, State
from shequ.registry.readmodels.legal_holds import open_holds
from shequ.registry.readmodels.retention import erased_persons
from shequ.service import execute_as

log = logging.getLogger(__name__)


async def erase(
    store: EventStore,
    by: Acting,
    person_id: str,
    *,
    ground: ErasureGround,
    reason: str,
    expected_version: int | None = None,
) -> Outcome[State]:
    """Record the erasure if the rules allow it, then destroy the person's key."""
    command = ErasePersonalData(
        ground=ground,
        reason=reason,
        holds=await open_holds(store.pool, person_id),
        by=by,
    )
    outcome = await execute_as(
        by, store, person.DECIDER, person_id, command, expected_version=expected_version
    )
    await _destroy_key(store, person_id)
    return outcome


async def _destroy_key(store: EventStore, person_id: str) -> None:
    if store.keyring is None:  # a store without sealing holds no key to destroy
        return
    await store.keyring.erase([person_id])


async def heal_erasures(store: EventStore) -> int:
    """Destroy the key of every recorded erasure that still has one; how many."""
    if store.keyring is None:
        return 0
    erased = await erased_persons(store.pool)
    if not erased:
        return 0
    left = set(erased) - await store.keyring.erased(erased)
    destroyed = await store.keyring.erase(left)
    if destroyed:
        log.warning(
            "erasure: destroyed %d keys left by interrupted erasures", destroyed
        )
    return destroyed

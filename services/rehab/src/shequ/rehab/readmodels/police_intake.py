"""The police's stream read by rehab: decisions open cases, test results are recorded.

``rehab-police-intake`` reads ``shequ.police.>`` (JetStream stream ``SHEQU_POLICE``)
and keeps no table of its own: what it does is append to rehab's store, in its
transaction (``handlers/police.py``), so a decision opens its case exactly once. The
district's rules in force (``SHEQU_REHAB_*``) set the report deadline of each case.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import asyncpg

from shequ.contracts import EventEnvelope
from shequ.contracts.police import RehabDecisionIssued, UrineTestResultIssued
from shequ.eventstore import EventStore
from shequ.messaging import Projection, decode_event
from shequ.rehab.domain.rules import RehabRules
from shequ.rehab.handlers.police import receive_decision, record_police_test
from shequ.rehab.settings import rehab_settings

NAME = "rehab-police-intake"


def police_intake_projection(
    rules: RehabRules | None = None,
) -> Callable[[EventStore], Projection]:
    """The projection, given rehab's store (its appends go there) and the rules."""

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

        return Projection(name=NAME, sources=("police",), apply=apply)

    return build

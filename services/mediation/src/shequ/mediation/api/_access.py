"""Whose dispute a request may touch: the dispute's office in the actor's subtree.

A role that never reads disputes gets 403 for every id alike; a reader or writer
outside the dispute's subtree gets exactly the unknown id's 404.
"""

from __future__ import annotations

from dataclasses import dataclass

from shequ.access import Actor, require_role
from shequ.contracts import NotFound
from shequ.contracts.mediation import CATALOG, DisputeEvent
from shequ.contracts.messages import N_
from shequ.mediation.domain import dispute
from shequ.mediation.domain.access import ACCESS
from shequ.mediation.handlers.disputes import stream_of
from shequ.service import Runtime


def unknown(dispute_id: str) -> NotFound:
    """The answer for a dispute that does not exist, or one outside the subtree."""
    return dispute.DisputeNotFound(
        N_("no dispute {dispute_id}"), field="dispute_id", dispute_id=dispute_id
    )


@dataclass(frozen=True)
class Loaded:
    """A dispute as its stream holds it: the state and the events (opened)."""

    dispute_id: str
    state: dispute.Dispute
    events: list[DisputeEvent]
    version: int


async def load_dispute(rt: Runtime, dispute_id: str) -> Loaded:
    """The dispute from its stream (personal details opened), or 404."""
    envelopes = await rt.store.read_stream(stream_of(dispute_id), missing_ok=True)
    events: list[DisputeEvent] = [
        CATALOG.decode(e.event_type, e.schema_version, e.data)  # type: ignore[misc]
        for e in envelopes
    ]
    state = dispute.DECIDER.fold(events)
    if state is None:
        raise unknown(dispute_id)
    return Loaded(dispute_id, state, events, envelopes[-1].version)


async def readable(rt: Runtime, actor: Actor, dispute_id: str) -> Loaded:
    """The dispute if ``actor`` reads disputes of its office, else 403/404."""
    require_role(actor, *ACCESS.readers)
    found = await load_dispute(rt, dispute_id)
    ACCESS.may_read(actor, found.state.office, unknown=unknown(dispute_id))
    return found


async def writable(rt: Runtime, actor: Actor, dispute_id: str) -> Loaded:
    """The dispute if ``actor`` writes disputes of its office, else 403/404."""
    require_role(actor, *ACCESS.writers)
    found = await load_dispute(rt, dispute_id)
    ACCESS.may_write(actor, found.state.office, unknown=unknown(dispute_id))
    return found

"""Whose case a request may touch: the case's rules of access, and 404 for the rest.

A role that never reads a case (a street or district administrator, an auditor, a
community worker) is refused first, for every id alike (403), so the answer cannot
tell that a case exists. A role that may read cases, but not this one, is answered
exactly as for an unknown id (404, the same words), unless it holds a break-glass
opening of the case that has not lapsed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from shequ.access import Actor, Role, require_role
from shequ.contracts import EventEnvelope, NotFound
from shequ.contracts.messages import N_
from shequ.contracts.rehab import CATALOG, RehabCaseEvent
from shequ.eventstore import StreamHead
from shequ.rehab.domain import case
from shequ.rehab.domain.access import ACCESS, may_break_glass, may_read_case
from shequ.rehab.handlers.cases import stream_of
from shequ.rehab.readmodels.guards import granted_until
from shequ.service import Runtime


def unknown(case_id: str) -> NotFound:
    """The answer for a case that does not exist, or that the reader may not see."""
    return case.CaseNotFound(
        N_("no rehab case {case_id}"), field="case_id", case_id=case_id
    )


@dataclass(frozen=True)
class Loaded:
    """A case as its stream holds it: the state, the events, their envelopes."""

    case_id: str
    state: case.Case
    events: list[RehabCaseEvent]
    envelopes: list[EventEnvelope]
    head: StreamHead


async def load_case(rt: Runtime, case_id: str) -> Loaded:
    """The case from its stream (personal details opened), or 404."""
    envelopes = await rt.store.read_stream(stream_of(case_id), missing_ok=True)
    events: list[RehabCaseEvent] = [
        CATALOG.decode(e.event_type, e.schema_version, e.data)  # type: ignore[misc]
        for e in envelopes
    ]
    state = case.DECIDER.fold(events)
    if state is None:
        raise unknown(case_id)
    last = envelopes[-1]
    return Loaded(
        case_id, state, events, envelopes, StreamHead(last.version, last.hash)
    )


async def readable_case(
    rt: Runtime, actor: Actor, case_id: str, now: datetime
) -> tuple[Loaded, datetime | None]:
    """The case if ``actor`` may read it; with when a break-glass opening lapses."""
    require_role(actor, *ACCESS.restricted)
    found = await load_case(rt, case_id)
    s = found.state
    if may_read_case(actor, s.office, s.responsible_worker):
        return found, None
    if may_break_glass(actor, s.office):
        until = await granted_until(rt.pool, case_id, actor.staff_id, now)
        if until is not None:
            return found, until
    raise unknown(case_id)


async def writable_case(rt: Runtime, actor: Actor, case_id: str) -> Loaded:
    """The case if ``actor`` writes cases and its usual scope holds this one."""
    require_role(actor, *ACCESS.writers)
    found = await load_case(rt, case_id)
    if not may_read_case(actor, found.state.office, found.state.responsible_worker):
        raise unknown(case_id)
    return found


async def case_for_review(rt: Runtime, actor: Actor, case_id: str) -> Loaded:
    """The case if ``actor`` may list who read it: its readers and the 禁毒办 above."""
    require_role(actor, *ACCESS.restricted)
    found = await load_case(rt, case_id)
    s = found.state
    reviews = actor.has_any(Role.ANTI_DRUG_OFFICE) and actor.can_see(s.office)
    if not (reviews or may_read_case(actor, s.office, s.responsible_worker)):
        raise unknown(case_id)
    return found

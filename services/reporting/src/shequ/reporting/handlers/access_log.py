"""Recording reads of restricted records (受限记录查阅): one new stream per reading.

A person file records one read of its person; the audit log and case replay one per
person whose restricted data they showed (an event naming no person is recorded under
its stream id, so that no read of restricted data goes unrecorded).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Protocol

from shequ.access import Acting
from shequ.eventstore import EventStore
from shequ.reporting.domain.access_log import (
    DECIDER,
    RecordRestrictedReads,
    RestrictedRead,
    stream_of,
)
from shequ.reporting.readmodels.audit import AuditEvent
from shequ.service import execute_as, new_id


class Shown(Protocol):
    """An archived event shown to a reader."""

    @property
    def service(self) -> str: ...

    @property
    def event_id(self) -> str: ...


def _read(person_id: str, shown: Iterable[Shown]) -> RestrictedRead:
    events = list(shown)
    return RestrictedRead(
        person_id=person_id,
        services=tuple(sorted({e.service for e in events})),
        event_ids=tuple(e.event_id for e in events),
    )


async def _record(
    store: EventStore, by: Acting, purpose: str, reads: Sequence[RestrictedRead]
) -> None:
    command = RecordRestrictedReads(
        staff_id=by.staff_id, office=by.office, purpose=purpose, reads=tuple(reads)
    )
    stream_id = stream_of(by.staff_id, new_id("read", by, None))
    await execute_as(by, store, DECIDER, stream_id, command, new_stream=True)


async def record_person_file_read(
    store: EventStore, by: Acting, person_id: str, shown: Sequence[Shown]
) -> None:
    """Record that ``by`` was shown ``shown``, restricted, in ``person_id``'s file."""
    if shown:
        await _record(store, by, "person file", [_read(person_id, shown)])


async def record_restricted_reads(
    store: EventStore, by: Acting, events: Sequence[AuditEvent], purpose: str
) -> None:
    """One read per person whose restricted data ``events`` showed (with data)."""
    shown: dict[str, list[AuditEvent]] = defaultdict(list)
    for event in events:
        if event.restricted and event.data is not None:
            for person in event.person_ids or [event.stream_id]:
                shown[person].append(event)
    if shown:
        reads = [_read(person, read) for person, read in sorted(shown.items())]
        await _record(store, by, purpose, reads)


async def record_ledger_read(
    store: EventStore,
    by: Acting,
    person_ids: Sequence[str],
    purpose: str,
    *,
    service: str = "rehab",
) -> None:
    """One read per person a ledger of ``service`` named to ``by`` (none if no one).

    A mediation ledger names a dispute's parties: one read per dispute (its stream,
    the subject its parties are sealed under) and per registered party.
    """
    reads = [
        RestrictedRead(person_id=person, services=(service,), event_ids=())
        for person in sorted(set(person_ids))
    ]
    if reads:
        await _record(store, by, purpose, reads)

"""Case replay as of a past moment (历史回放): a stream's events then, and its state.

The events are the stream's archived events recorded up to ``as_of``, in version
order (the longest such prefix, so the state is always one the stream really had).
The state is a generic fold, because reporting never imports another service's
decider: start from ``{}``, merge each event's ``data`` over the previous state, and
keep the last event's type, version and recorded time. Who may replay a case is
decided by the office it belonged to at that moment (as the ledgers do): the last
office its events named by then, or, before its first event, the first it ever names.
"""

from __future__ import annotations

from datetime import datetime
from itertools import takewhile
from typing import Any

from pydantic import BaseModel

from shequ.contracts import DomainError, NotFound
from shequ.reporting.domain.privacy import Clearance
from shequ.reporting.readmodels.audit.log import AuditEvent, stream_events


class AmbiguousStream(DomainError):
    code = "ambiguous-stream"


class Replay(BaseModel):
    """A stream as it stood at ``as_of``, its data as the reader's clearance allows."""

    stream_id: str
    service: str
    stream_type: str
    as_of: datetime
    office: str | None
    restricted: bool
    events: list[AuditEvent]
    state: dict[str, Any]


def fold(events: list[AuditEvent]) -> dict[str, Any]:
    """Each event's data merged over the last, tagged with the last event's place."""
    state: dict[str, Any] = {}
    for event in events:
        last = {
            "event_type": event.event_type,
            "version": event.version,
            "recorded_at": event.recorded_at,
        }
        state = {**state, **(event.data or {}), **last}
    return state


async def _service_of(db: Any, stream_id: str, service: str | None) -> str:
    found: list[str] = [
        r["service"]
        for r in await db.fetch(
            """SELECT DISTINCT service FROM event_archive
           WHERE stream_id = $1 AND ($2::text IS NULL OR service = $2)
           ORDER BY service""",
            stream_id,
            service,
        )
    ]
    if not found:
        raise NotFound(f"no stream {stream_id} in the archive", field="stream_id")
    if len(found) > 1:
        raise AmbiguousStream(
            f"stream {stream_id} exists in {', '.join(found)}: name the service",
            field="service",
        )
    return found[0]


def _office(then: list[AuditEvent], every: list[AuditEvent]) -> str | None:
    named = [e.office for e in reversed(then) if e.office is not None]
    named += [e.office for e in every if e.office is not None]
    return named[0] if named else None


async def replay(
    db: Any,
    stream_id: str,
    as_of: datetime,
    *,
    service: str | None = None,
    clearance: Clearance,
) -> Replay:
    """The stream ``stream_id`` as it stood at ``as_of``.

    ``service`` picks one when services share the id (:class:`AmbiguousStream` when
    they do and it is absent); :class:`NotFound` when the archive has no such stream.
    """
    owner = await _service_of(db, stream_id, service)
    every = await stream_events(db, stream_id, owner, clearance=clearance)
    then = list(takewhile(lambda e: e.recorded_at <= as_of, every))
    return Replay(
        stream_id=stream_id,
        service=owner,
        stream_type=every[0].stream_type,
        as_of=as_of,
        office=_office(then, every),
        restricted=every[0].restricted,
        events=then,
        state=fold(then),
    )

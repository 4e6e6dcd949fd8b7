"""Case replay as of a past moment (历史回放): a stream's events then, and its state.

The events are the stream's archived events recorded up to ``as_of``, in version
order (the longest such prefix, so the state is always one the stream really had).
The state is a generic fold, because reporting never imports another service's
decider: start from ``{}``, merge each event's ``data`` over the previous state, and
keep the last event's type, version and recorded time. Who may replay a case is
decided by the office it belonged to at that moment (as the ledgers do): the last
office its events named by then, or, before its first event, the first it ever names.
A stream the reader may not see is answered exactly as one that does not exist, and
that is decided before any other rule (which service, whether it existed then).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from itertools import takewhile
from typing import Any

from pydantic import BaseModel

from shequ.contracts import DomainError, NotFound
from shequ.reporting.domain.moments import recorded_by
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


async def _services_of(db: Any, stream_id: str, service: str | None) -> list[str]:
    rows = await db.fetch(
        """SELECT DISTINCT service FROM event_archive
           WHERE stream_id = $1 AND ($2::text IS NULL OR service = $2)
           ORDER BY service""",
        stream_id,
        service,
    )
    return [r["service"] for r in rows]


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
    sees: Callable[[str | None], bool],
) -> Replay:
    """The stream ``stream_id`` as it stood at ``as_of``.

    ``sees`` says whether the reader may see a stream of an office. :class:`NotFound`
    when the archive has no such stream the reader may see; ``service`` picks one
    when services share the id (:class:`AmbiguousStream` when they do and it is
    absent); ``NothingRecordedYet`` when ``as_of`` is before its first event.
    """
    seen = []
    for owner in await _services_of(db, stream_id, service):
        every = await stream_events(db, stream_id, owner, clearance=clearance)
        then = list(takewhile(lambda e: e.recorded_at <= as_of, every))
        if sees(office := _office(then, every)):
            seen.append((owner, every, then, office))
    if not seen:
        raise NotFound(f"no stream {stream_id} in the archive", field="stream_id")
    if len(seen) > 1:
        raise AmbiguousStream(
            f"stream {stream_id} exists in {', '.join(s[0] for s in seen)}: name the"
            " service",
            field="service",
        )
    [(owner, every, then, office)] = seen
    recorded_by(as_of, every[0].recorded_at, f"on stream {stream_id}")
    return Replay(
        stream_id=stream_id,
        service=owner,
        stream_type=every[0].stream_type,
        as_of=as_of,
        office=office,
        restricted=every[0].restricted,
        events=then,
        state=fold(then),
    )

"""Case replay as of a past moment (历史回放): a stream's events then, and its state.

The events are the stream's archived events recorded up to ``as_of``, in version
order (the longest such prefix, so the state is always one the stream really had).
The state is folded by the owning service's own decider (``shequ.service.fold_stream``,
issue #13 item 2) from the events' data as stored, then masked to the reader's
clearance as the events are: reporting never re-reads another service's rules. When
the owner is not installed here the state is ``None`` and ``state_note`` says why,
never a guess; a restricted stream's state is shown only to readers cleared for it.
Who may replay a case is decided by the office it belonged to at that moment (as the
ledgers do): the last office its events named by then, or, before its first event,
the first it ever names. A stream the reader may not see is answered exactly as one
that does not exist, and that is decided before any other rule (which service,
whether it existed then).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from itertools import takewhile
from typing import Any

from pydantic import BaseModel

from shequ.contracts import CatalogError, DomainError, NotFound
from shequ.contracts.messages import N_, Msg
from shequ.reporting.domain.moments import recorded_by
from shequ.reporting.domain.privacy import Clearance, shown
from shequ.reporting.readmodels.audit.log import AuditEvent, stream_events
from shequ.reporting.readmodels.audit.opened import opened
from shequ.service import fold_stream


class AmbiguousStream(DomainError):
    code = "ambiguous-stream"
    title = N_("Stream id shared by services")


class Replay(BaseModel):
    """A stream as it stood at ``as_of``, its data as the reader's clearance allows.

    ``state`` is what the owner's decider folds from ``events`` (JSON values);
    ``None`` with ``state_note`` (English; shown in the reader's language by the
    reply) when it cannot be shown.
    """

    stream_id: str
    service: str
    stream_type: str
    as_of: datetime
    office: str | None
    office_name: str | None = None
    restricted: bool
    events: list[AuditEvent]
    state: Any
    state_note: str | None = None


NOT_INSTALLED = N_(
    "the service that owns this stream is not installed here: only its own rules"
    " can fold its events, so no state is shown"
)
UNREADABLE = N_("its owner cannot read these events any more: no state is shown")
WITHHELD = N_("a restricted record: its state is shown only to readers cleared for it")
Stored = tuple[str, int, dict[str, Any]]


async def _stored(db: Any, stream_id: str, service: str, upto: int) -> list[Stored]:
    """The stream's events up to version ``upto``: type, version, data opened.

    Opened here, not by the decider's catalog: the keys are fetched for the whole
    stream in one go (``opened``), and a person erased folds as erased.
    """
    rows = await db.fetch(
        """SELECT event_type, schema_version, data::text FROM event_archive
           WHERE stream_id = $1 AND service = $2 AND version <= $3
           ORDER BY version""",
        stream_id,
        service,
        upto,
    )
    datas = await opened((service, r[0], json.loads(r[2])) for r in rows)
    return [(r[0], r[1], data) for r, data in zip(rows, datas, strict=True)]


async def _state(
    db: Any, stream_id: str, service: str, then: list[AuditEvent], sight: Clearance
) -> tuple[Any, Msg | None]:
    """The state then, by the owner's decider and masked; or why there is none."""
    if not then:
        return None, None
    if then[0].restricted and not sight.restricted:
        return None, WITHHELD
    # Unmasked, as the decider folded them when it decided: masking comes after.
    events = await _stored(db, stream_id, service, then[-1].version)
    try:
        folded = fold_stream(service, then[0].stream_type, events)
    except CatalogError:
        return None, UNREADABLE
    if folded is None:
        return None, NOT_INSTALLED
    if isinstance(folded, dict):
        folded = shown(folded, then[0].stream_type, sight)
    return folded, None


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
        raise NotFound(
            N_("no stream {stream_id} in the archive"),
            field="stream_id",
            stream_id=stream_id,
        )
    if len(seen) > 1:
        raise AmbiguousStream(
            N_("stream {stream_id} exists in {services}: name the service"),
            field="service",
            stream_id=stream_id,
            services=", ".join(s[0] for s in seen),
        )
    [(owner, every, then, office)] = seen
    recorded_by(as_of, every[0].recorded_at, stream_id=stream_id)
    state, note = await _state(db, stream_id, owner, then, clearance)
    return Replay(
        stream_id=stream_id,
        service=owner,
        stream_type=every[0].stream_type,
        as_of=as_of,
        office=office,
        restricted=every[0].restricted,
        events=then,
        state=state,
        state_note=note,
    )

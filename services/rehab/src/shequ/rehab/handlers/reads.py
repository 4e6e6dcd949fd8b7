"""Every read of a case recorded (查阅留痕): a ``RehabCaseRead`` in a stream of its own.

A route that shows a case (or lists cases) calls :func:`record_reads` before it
answers; each read is its own stream ``case_read/<uuid7>``, so readers never contend
and nothing a reader does can be lost to a version race. A break-glass opening
records its read and its grant in one transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from shequ.access import Acting
from shequ.contracts.rehab import RehabCaseRead
from shequ.eventstore import EventStore, Metadata, NewStream, uuid7
from shequ.rehab.readmodels import guards


def _read(  # noqa: PLR0917 - one read's facts
    by: Acting,
    case_id: str,
    office: str,
    fields: Sequence[str],
    purpose: str,
    glass: bool,
) -> NewStream:
    event = RehabCaseRead(
        case_id=case_id,
        case_office=office,
        reader=by.staff_id,
        reader_office=by.office,
        read_at=by.now,
        fields=list(fields),
        purpose=purpose,
        break_glass=glass,
    )
    return NewStream("case_read", f"case_read/{uuid7()}", [event])


async def record_reads(
    store: EventStore,
    by: Acting,
    cases: Sequence[tuple[str, str]],
    fields: Sequence[str],
    purpose: str,
    *,
    break_glass: bool = False,
) -> None:
    """Record that ``by`` read ``fields`` of each case ``(case_id, office)``."""
    if not cases:
        return
    await store.start_streams(
        [_read(by, c, office, fields, purpose, break_glass) for c, office in cases],
        occurred_at=by.now,
        metadata=Metadata(actor=by.staff_id, office=by.office),
    )


async def break_glass(
    store: EventStore,
    by: Acting,
    *,
    case_id: str,
    office: str,
    fields: Sequence[str],
    reason: str,
    lasts: timedelta,
) -> None:
    """Open case ``case_id`` to ``by`` for ``lasts``, the read recorded and flagged."""
    async with store.pool.acquire() as conn, conn.transaction():
        await store.start_streams(
            [_read(by, case_id, office, fields, reason, True)],
            occurred_at=by.now,
            metadata=Metadata(actor=by.staff_id, office=by.office),
            connection=conn,
        )
        await guards.grant(
            conn,
            case_id=case_id,
            reader=by.staff_id,
            granted_at=by.now,
            expires_at=by.now + lasts,
            reason=reason,
        )

"""Every read of a dispute's parties recorded (查阅留痕): a ``DisputeRead`` of its own.

Printing a document of a dispute, or learning which dispute a checked file belongs
to, hands over the parties' personal data, so the route calls :func:`record_reads`
before it answers, as rehab records the reads of its cases. Each read is its own
stream ``dispute_read/<uuid7>``, so readers never contend and nothing a reader does
can be lost to a version race.
"""

from __future__ import annotations

from collections.abc import Sequence

from shequ.access import Acting
from shequ.contracts.mediation import DisputeRead, MediationDocumentKind
from shequ.eventstore import EventStore, Metadata, NewStream, uuid7

DOCUMENT_FIELDS: dict[MediationDocumentKind, list[str]] = {
    "agreement": ["parties", "matter", "agreement"],
    "application": ["parties", "matter"],
    "session_record": ["parties", "matter", "sessions"],
    "follow_up_record": ["parties", "agreement", "follow_ups"],
}
"""What each document shows of a dispute: recorded in the read its issue is."""


async def record_reads(
    store: EventStore,
    by: Acting,
    disputes: Sequence[tuple[str, str]],
    fields: Sequence[str],
    purpose: str,
) -> None:
    """Record that ``by`` read ``fields`` of each dispute ``(dispute_id, office)``."""
    if not disputes:
        return
    reads = [
        DisputeRead(
            dispute_id=dispute_id,
            dispute_office=office,
            reader=by.staff_id,
            reader_office=by.office,
            read_at=by.now,
            fields=list(fields),
            purpose=purpose,
        )
        for dispute_id, office in disputes
    ]
    await store.start_streams(
        [NewStream("dispute_read", f"dispute_read/{uuid7()}", [r]) for r in reads],
        occurred_at=by.now,
        metadata=Metadata(actor=by.staff_id, office=by.office),
    )

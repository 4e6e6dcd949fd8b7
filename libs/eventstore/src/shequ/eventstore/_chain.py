"""The hash chain (哈希链): an event's canonical encoding, hashed onto its predecessor.

``hash = sha256(previous_hash || sha256(canonical content))``. The content is the
envelope's identifying fields as compact JSON, a newline, then the payload exactly as
stored (the ``data`` column is ``json``, which keeps its text verbatim), so the bytes
hashed at append are the bytes :func:`shequ.eventstore.verify` reads back. This module
is the only definition of the encoding; append and verify both call it.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from json.encoder import encode_basestring
from uuid import UUID

GENESIS = bytes(32)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


def _text(value: str | UUID | None) -> str:
    """A string (or id) as compact JSON with ``ensure_ascii=False``, or ``null``.

    ``encode_basestring`` is the C function such an encoder uses for each string; a
    whole encoder per field cost a tenth of a single-event append (bench (a)).
    """
    if value is None:
        return "null"
    return encode_basestring(str(value))


def _micros(moment: datetime) -> int:
    """Microseconds since the epoch, exactly, as PostgreSQL gives them to ``verify``.

    In integers: through a float's ``timestamp()`` they came out 1 µs off for some
    moments from 2106 on. Before then both agree, so no digest changed. A naive
    moment is local time, as ``timestamp()`` took it.
    """
    if moment.tzinfo is None:
        moment = moment.astimezone()
    return (moment - _EPOCH) // _MICROSECOND


class Digests:
    """Content digests for the events of one append, which share most fields.

    The shared fields are encoded once; per event only its id, version, type and
    schema version are added, as the same compact JSON a whole-list encoding gives
    (ids and integers need no escaping), so a digest is the same either way.
    """

    def __init__(
        self,
        *,
        stream_type: str,
        stream_id: str,
        occurred_at: datetime,
        recorded_at: datetime,
        actor: str | None,
        office: str | None,
        correlation_id: UUID | None,
        causation_id: UUID | None,
    ) -> None:
        self._stream = f"{_text(stream_type)},{_text(stream_id)}"
        self._tail = (
            f"{_micros(occurred_at)},{_micros(recorded_at)},{_text(actor)},"
            f"{_text(office)},{_text(correlation_id)},{_text(causation_id)}"
        )

    def digest(
        self,
        event_id: UUID,
        version: int,
        event_type: str,
        schema_version: int,
        data: str,
    ) -> bytes:
        """SHA-256 of the canonical encoding of one event's content."""
        head = (
            f'["{event_id}",{self._stream},{int(version)},{_text(event_type)},'
            f"{int(schema_version)},{self._tail}]"
        )
        return hashlib.sha256(f"{head}\n{data}".encode()).digest()


def content_digest(
    *,
    event_id: UUID,
    stream_type: str,
    stream_id: str,
    version: int,
    event_type: str,
    schema_version: int,
    data: str,
    occurred_at: datetime,
    recorded_at: datetime,
    actor: str | None,
    office: str | None,
    correlation_id: UUID | None,
    causation_id: UUID | None,
) -> bytes:
    """SHA-256 of the canonical encoding of one event's content.

    The encoding is the JSON list ``[event id, stream type, stream id, version,
    event type, schema version, occurred µs, recorded µs, actor, office, correlation
    id, causation id]``, compact, then a newline and the payload as stored.
    """
    return Digests(
        stream_type=stream_type,
        stream_id=stream_id,
        occurred_at=occurred_at,
        recorded_at=recorded_at,
        actor=actor,
        office=office,
        correlation_id=correlation_id,
        causation_id=causation_id,
    ).digest(event_id, version, event_type, schema_version, data)


def stored_digest(
    *,
    event_id: str,
    stream_type: str,
    stream_id: str,
    version: int,
    event_type: str,
    schema_version: int,
    occurred_us: int | None,
    recorded_us: int | None,
    actor: str | None,
    office: str | None,
    correlation_id: str | None,
    causation_id: str | None,
    data: str,
) -> bytes:
    """The same digest from a stored row as ``verify`` reads it.

    Ids come as text and moments as microseconds since the epoch (PostgreSQL gives
    both exactly, as ``_micros`` does; ``None`` for a moment with none, infinity,
    which then matches no digest). Reading them so spares building a UUID and a
    datetime per field only to turn them back into text, half of verify's time.
    """
    head = (
        f'["{event_id}",{_text(stream_type)},{_text(stream_id)},{int(version)},'
        f"{_text(event_type)},{int(schema_version)},{occurred_us},{recorded_us},"
        f"{_text(actor)},{_text(office)},{_text(correlation_id)},{_text(causation_id)}]"
    )
    return hashlib.sha256(f"{head}\n{data}".encode()).digest()


def link(previous_hash: bytes, digest: bytes) -> bytes:
    """The chain hash of an event whose predecessor's hash is ``previous_hash``."""
    return hashlib.sha256(previous_hash + digest).digest()

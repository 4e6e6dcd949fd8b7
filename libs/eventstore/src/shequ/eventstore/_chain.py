"""The hash chain (哈希链): an event's canonical encoding, hashed onto its predecessor.

``hash = sha256(previous_hash || sha256(canonical content))``. The content is the
envelope's identifying fields as compact JSON, a newline, then the payload exactly as
stored (the ``data`` column is ``json``, which keeps its text verbatim), so the bytes
hashed at append are the bytes :func:`shequ.eventstore.verify` reads back. This module
is the only definition of the encoding; append and verify both call it.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from uuid import UUID

GENESIS = bytes(32)
# One encoder for every call: json.dumps with options builds a new one each time.
_COMPACT = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def _micros(moment: datetime) -> int:
    return round(moment.timestamp() * 1_000_000)


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
    """SHA-256 of the canonical encoding of one event's content."""
    fields = [
        str(event_id), stream_type, stream_id, version, event_type, schema_version,
        _micros(occurred_at), _micros(recorded_at), actor, office,
        None if correlation_id is None else str(correlation_id),
        None if causation_id is None else str(causation_id),
    ]  # fmt: skip
    head = _COMPACT.encode(fields)
    return hashlib.sha256(f"{head}\n{data}".encode()).digest()


def link(previous_hash: bytes, digest: bytes) -> bytes:
    """The chain hash of an event whose predecessor's hash is ``previous_hash``."""
    return hashlib.sha256(previous_hash + digest).digest()

"""The chain's canonical encoding: one definition, however many events share it."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime, timedelta, timezone
from uuid import UUID, uuid4

import pytest

from shequ.eventstore._chain import Digests, content_digest, stored_digest

ODD_TEXT = ["case", "居民/1", 'q"uo\\te', "tab\there", "\u2028line", ""]


def _whole_list(
    event_id: UUID, stream_id: str, event_type: str, actor: str | None, at: datetime
) -> bytes:
    """The encoding as documented, written out plainly."""
    micros = round(at.timestamp() * 1_000_000)
    fields = [
        str(event_id),
        "case",
        stream_id,
        7,
        event_type,
        2,
        micros,
        micros,
        actor,
        "441900101001",
        None,
        None,
    ]
    head = json.dumps(fields, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(f'{head}\n{{"a":"居民"}}'.encode()).digest()


@pytest.mark.parametrize("text", ODD_TEXT)
def test_shared_field_digests_equal_the_documented_encoding(text: str) -> None:
    event_id = UUID("01a22bad-2fd0-7810-9a68-a2609b0ce213")
    at = datetime(2026, 3, 31, 23, 59, 59, 999999, tzinfo=timezone(timedelta(hours=8)))
    digests = Digests(
        stream_type="case",
        stream_id=text,
        occurred_at=at,
        recorded_at=at,
        actor=text,
        office="441900101001",
        correlation_id=None,
        causation_id=None,
    )

    shared = digests.digest(event_id, 7, text or "X", 2, '{"a":"居民"}')

    assert shared == _whole_list(event_id, text, text or "X", text, at)
    assert shared == content_digest(
        event_id=event_id,
        stream_type="case",
        stream_id=text,
        version=7,
        event_type=text or "X",
        schema_version=2,
        data='{"a":"居民"}',
        occurred_at=at.astimezone(UTC),
        recorded_at=at,
        actor=text,
        office="441900101001",
        correlation_id=None,
        causation_id=None,
    )


def _exact_micros(moment: datetime) -> int:
    """Microseconds since the epoch in integers, as PostgreSQL counts them."""
    return (moment - datetime(1970, 1, 1, tzinfo=UTC)) // timedelta(microseconds=1)


@pytest.mark.parametrize("text", ODD_TEXT)
def test_a_stored_rows_digest_equals_the_appended_one(text: str) -> None:
    """verify reads ids as text and moments as µs; the digest is the same."""
    event_id, correlation = uuid4(), uuid4()
    occurred = datetime(1949, 10, 1, 15, 0, 0, 1, tzinfo=timezone(timedelta(hours=8)))
    recorded = datetime(2106, 2, 20, 20, 57, 57, 183185, tzinfo=UTC)
    appended = content_digest(
        event_id=event_id,
        stream_type="case",
        stream_id=text,
        version=3,
        event_type=text or "X",
        schema_version=1,
        data='{"a":"居民"}',
        occurred_at=occurred,
        recorded_at=recorded,
        actor=text,
        office=None,
        correlation_id=correlation,
        causation_id=None,
    )

    def stored(occurred_us: int | None, recorded_us: int | None) -> bytes:
        return stored_digest(
            event_id=str(event_id),
            stream_type="case",
            stream_id=text,
            version=3,
            event_type=text or "X",
            schema_version=1,
            occurred_us=occurred_us,
            recorded_us=recorded_us,
            actor=text,
            office=None,
            correlation_id=str(correlation),
            causation_id=None,
            data='{"a":"居民"}',
        )

    exact = (_exact_micros(occurred), _exact_micros(recorded))
    assert appended == stored(*exact)
    assert appended != stored(exact[1], exact[0])
    assert appended != stored(exact[0], None)  # an infinite moment, as verify reads it

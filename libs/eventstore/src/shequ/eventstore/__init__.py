"""Append-only PostgreSQL event store: one service's events, in gap-safe global order.

Public facade; the modules behind it are private. See README.md for the properties this
store guarantees and the tests that prove each.
"""

from shequ.eventstore._errors import (
    ConcurrencyError,
    EventSchemaError,
    EventStoreError,
    StreamNotFound,
    UnknownEventType,
)
from shequ.eventstore._execute import Decider, Outcome, execute, load
from shequ.eventstore._ids import uuid7
from shequ.eventstore._migrate import (
    Migration,
    ensure_service_role,
    grant_service_role,
    migrate,
    store_migrations,
)
from shequ.eventstore._model import AppendResult, Checkpoint, Metadata
from shequ.eventstore._pool import create_pool
from shequ.eventstore._reseal import ResealMismatch, ResealReport, reseal
from shequ.eventstore._store import EncodedEvent, EventStore, NewStream, StreamHead
from shequ.eventstore._verify import BrokenLink, VerifyReport, verify
from shequ.eventstore._written import last_written, note_written, recording_writes

__all__ = [
    "AppendResult",
    "BrokenLink",
    "Checkpoint",
    "ConcurrencyError",
    "Decider",
    "EncodedEvent",
    "EventSchemaError",
    "EventStore",
    "EventStoreError",
    "Metadata",
    "Migration",
    "NewStream",
    "Outcome",
    "ResealMismatch",
    "ResealReport",
    "StreamHead",
    "StreamNotFound",
    "UnknownEventType",
    "VerifyReport",
    "create_pool",
    "ensure_service_role",
    "execute",
    "grant_service_role",
    "last_written",
    "load",
    "migrate",
    "note_written",
    "recording_writes",
    "reseal",
    "store_migrations",
    "uuid7",
    "verify",
]

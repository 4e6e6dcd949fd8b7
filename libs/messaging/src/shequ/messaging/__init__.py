"""Messaging: the JetStream relay (outbox publisher) and checkpointed projections.

Public facade; the modules behind it are private. See README.md for the guarantees and
the tests that prove each.
"""

from shequ.messaging._appliers import Appliers, decode_event
from shequ.messaging._client import connect
from shequ.messaging._lease import LEASE_MIGRATIONS, Fence, Lease, LeaseLost
from shequ.messaging._modules import ConnectionAppliers, projection_of
from shequ.messaging._projection import (
    PROJECTION_MIGRATIONS,
    Applied,
    Apply,
    Delivered,
    ParkedEvent,
    Projection,
    apply_delivered,
    list_parked,
    replay_parked,
    reset_projection,
)
from shequ.messaging._relay import RELAY_MIGRATIONS, Relay, RelayStatus, StreamMismatch
from shequ.messaging._runner import CatchUpStalled, ProjectionRunner, SourceStatus
from shequ.messaging._wire import (
    decode,
    ensure_stream,
    service_subjects,
    stream_name,
    subject,
)

__all__ = [
    "LEASE_MIGRATIONS",
    "PROJECTION_MIGRATIONS",
    "RELAY_MIGRATIONS",
    "Applied",
    "Appliers",
    "Apply",
    "CatchUpStalled",
    "ConnectionAppliers",
    "Delivered",
    "Fence",
    "Lease",
    "LeaseLost",
    "ParkedEvent",
    "Projection",
    "ProjectionRunner",
    "Relay",
    "RelayStatus",
    "SourceStatus",
    "StreamMismatch",
    "apply_delivered",
    "connect",
    "decode",
    "decode_event",
    "ensure_stream",
    "list_parked",
    "projection_of",
    "replay_parked",
    "reset_projection",
    "service_subjects",
    "stream_name",
    "subject",
]

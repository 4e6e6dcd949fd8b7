"""How events travel on NATS: stream and subject names, headers, and the message body.

One JetStream stream per service (``SHEQU_<SERVICE>``) holding subjects
``shequ.<service>.<stream type>.<event type>``; the body is the event's envelope as
JSON and the event id is the ``Nats-Msg-Id``, so JetStream drops a re-sent duplicate;
the W3C ``traceparent`` header carries the trace of the command that made the event,
and ``Shequ-Transaction-Continues`` marks an event whose transaction has more.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from nats.aio.client import Client as NatsClient
from nats.js import JetStreamContext
from nats.js.api import StorageType, StreamConfig
from nats.js.errors import NotFoundError

from shequ.contracts import EventEnvelope

MSG_ID = "Nats-Msg-Id"
EXPECTED_LAST_MSG_ID = "Nats-Expected-Last-Msg-Id"
EXPECTED_STREAM = "Nats-Expected-Stream"
# On every event but the last of its store transaction (most transactions hold one
# event, so most messages go without it): a projection that must see a transaction
# whole (``Projection.whole_transactions``) waits for the rest.
TRANSACTION_CONTINUES = "Shequ-Transaction-Continues"

# How often a wait on NATS looks at the connection. nats-py neither fails a reply
# that a dropped connection lost nor re-sends a pull request, and its callbacks belong
# to whoever connected; so waits poll, and notice a drop within this much.
WATCH_EVERY = 0.05


def connection_epoch(nats: NatsClient) -> int:
    """Which connection ``nats`` is on: it counts completed reconnects."""
    return int(nats.stats["reconnects"])


def dropped(nats: NatsClient, epoch: int) -> bool:
    """Whether the connection of ``epoch`` is down or was replaced since.

    Replies, deliveries and pull requests in flight on it are lost either way; a
    server that restarted has also lost its in-memory consumers.
    """
    return not nats.is_connected or connection_epoch(nats) != epoch


def stream_name(service: str) -> str:
    """The JetStream stream that holds ``service``'s events."""
    return f"SHEQU_{service.upper().replace('-', '_')}"


def service_subjects(service: str) -> str:
    """The wildcard that matches every subject of ``service``."""
    return f"shequ.{service}.>"


def subject(envelope: EventEnvelope) -> str:
    """``shequ.<service>.<stream type>.<event type>`` for one event."""
    return f"shequ.{envelope.service}.{envelope.stream_type}.{envelope.event_type}"


def decode(body: bytes) -> EventEnvelope:
    """The envelope in a message body; ``pydantic.ValidationError`` if malformed."""
    return EventEnvelope.model_validate_json(body)


def trace_carrier(message_headers: Mapping[str, str] | None) -> dict[str, Any]:
    """The W3C trace headers of a message, for ``opentelemetry.propagate.extract``."""
    wanted = ("traceparent", "tracestate", "baggage")
    return {k: v for k, v in (message_headers or {}).items() if k in wanted}


async def ensure_stream(
    js: JetStreamContext,
    service: str,
    duplicate_window: float = 120.0,
    replicas: int = 1,
) -> None:
    """Create ``service``'s stream if missing; an existing one is left as it is.

    Both the relay and a consumer of another service call this, so a consumer can
    start before the service it reads from has published anything. ``replicas``
    (``SHEQU_NATS_REPLICAS``): 3 on a JetStream cluster of 3 (deploy/), so a stream
    outlives the loss of a node; a single server accepts only 1.
    """
    try:
        await js.stream_info(stream_name(service))
    except NotFoundError:
        await js.add_stream(
            StreamConfig(
                name=stream_name(service),
                subjects=[service_subjects(service)],
                storage=StorageType.FILE,
                duplicate_window=duplicate_window,
                num_replicas=replicas,
            )
        )

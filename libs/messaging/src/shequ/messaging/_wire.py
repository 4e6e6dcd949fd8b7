"""How events travel on NATS: stream and subject names, headers, and the message body.

One JetStream stream per service (``SHEQU_<SERVICE>``) holding subjects
``shequ.<service>.<stream type>.<event type>``; the body is the event's envelope as
JSON and the event id is the ``Nats-Msg-Id``, so JetStream drops a re-sent duplicate.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from shequ.contracts import EventEnvelope

MSG_ID = "Nats-Msg-Id"
EXPECTED_LAST_MSG_ID = "Nats-Expected-Last-Msg-Id"
TRANSACTION_ID = "Shequ-Transaction-Id"
POSITION = "Shequ-Position"


def stream_name(service: str) -> str:
    """The JetStream stream that holds ``service``'s events."""
    return f"SHEQU_{service.upper().replace('-', '_')}"


def service_subjects(service: str) -> str:
    """The wildcard that matches every subject of ``service``."""
    return f"shequ.{service}.>"


def subject(envelope: EventEnvelope) -> str:
    """``shequ.<service>.<stream type>.<event type>`` for one event."""
    return f"shequ.{envelope.service}.{envelope.stream_type}.{envelope.event_type}"


def encode(envelope: EventEnvelope) -> bytes:
    """The message body: the envelope as compact JSON."""
    return envelope.model_dump_json().encode()


def headers(envelope: EventEnvelope) -> dict[str, str]:
    """Dedup id, global-order place and the trace context that came with the event."""
    return {
        **envelope.trace_context,
        MSG_ID: str(envelope.event_id),
        TRANSACTION_ID: str(envelope.transaction_id),
        POSITION: str(envelope.position),
    }


def decode(body: bytes) -> EventEnvelope:
    """The envelope in a message body; ``pydantic.ValidationError`` if malformed."""
    return EventEnvelope.model_validate_json(body)


def trace_carrier(message_headers: Mapping[str, str] | None) -> dict[str, Any]:
    """The W3C trace headers of a message, for ``opentelemetry.propagate.extract``."""
    wanted = ("traceparent", "tracestate", "baggage")
    return {k: v for k, v in (message_headers or {}).items() if k in wanted}


def envelope_json(envelope: EventEnvelope) -> str:
    """The envelope as JSON text, for parking a message in PostgreSQL."""
    return json.dumps(envelope.model_dump(mode="json"), ensure_ascii=False)

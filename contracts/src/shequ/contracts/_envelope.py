"""The envelope every event travels in, on the wire (NATS) and out of the store.

It is published language: consumers of any service read this shape. ``position`` and
``transaction_id`` place the event in its service's gap-safe global order; ``hash`` and
``previous_hash`` link it into its stream's tamper-evident chain.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field


class EventEnvelope(BaseModel):
    """One recorded event with everything known about how it was recorded."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    event_id: UUID = Field(description="UUIDv7, also the NATS message id")
    service: str
    stream_type: str
    stream_id: str
    version: int = Field(ge=1, description="position of the event in its stream")
    position: int = Field(ge=1, description="global position in the service's store")
    transaction_id: int = Field(ge=1, description="PostgreSQL xid8 that wrote it")
    event_type: str
    schema_version: int = Field(ge=1)
    data: dict[str, Any]
    occurred_at: datetime
    recorded_at: datetime
    actor: str | None = None
    office: str | None = None
    correlation_id: UUID | None = None
    causation_id: UUID | None = None
    trace_context: dict[str, str] = Field(default_factory=dict)
    previous_hash: str = Field(description="hex SHA-256 of the predecessor")
    hash: str = Field(description="hex SHA-256 over previous_hash and this event")

    @property
    def checkpoint(self) -> tuple[int, int]:
        """(transaction id, position): this event's place in the global order."""
        return (self.transaction_id, self.position)

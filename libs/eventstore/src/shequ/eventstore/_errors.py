"""Errors raised by the event store; each names what the caller can do about it."""

from __future__ import annotations


class EventStoreError(Exception):
    """Base of every event-store error."""


class ConcurrencyError(EventStoreError):
    """The stream moved on since the caller read it: reload, decide again, retry.

    HTTP maps this to 409, or 412 when the version came from an ``If-Match`` header.
    """

    def __init__(
        self, stream_id: str, expected: int | None, actual: int | None
    ) -> None:
        super().__init__(
            f"stream {stream_id!r} is at version {actual}, not {expected} as expected"
        )
        self.stream_id = stream_id
        self.expected = expected
        self.actual = actual


class StreamNotFound(EventStoreError):
    """No event was ever appended to this stream."""

    def __init__(self, stream_id: str) -> None:
        super().__init__(f"stream {stream_id!r} does not exist")
        self.stream_id = stream_id


class UnknownEventType(EventStoreError):
    """An event type (or schema version) that this store's catalog does not know."""

    def __init__(self, event_type: str, schema_version: int | None = None) -> None:
        what = (
            event_type if schema_version is None else f"{event_type} v{schema_version}"
        )
        super().__init__(f"unknown event type {what}")
        self.event_type = event_type
        self.schema_version = schema_version


class EventSchemaError(EventStoreError):
    """A payload does not match its schema; ``errors`` lists each field at fault."""

    def __init__(self, event_type: str, errors: list[dict[str, str]]) -> None:
        fields = ", ".join(e["field"] for e in errors) or "payload"
        super().__init__(f"{event_type} payload does not match its schema: {fields}")
        self.event_type = event_type
        self.errors = errors

"""The catalog of one service's event types, versions and upcasters (事件目录).

A service's store refuses any event whose type is not in its catalog, and every read
goes through :meth:`EventCatalog.decode`, which upcasts a stored payload step by step
to the current schema version before validating it. Stored events are never rewritten.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from shequ.contracts._event import Event
from shequ.contracts._values import STORED_CONTEXT
from shequ.contracts.personal import SEALED, open_payload

Payload = dict[str, Any]
Upcaster = Callable[[Payload], Payload]


class CatalogError(ValueError):
    """A payload cannot be turned into an event of this catalog."""

    def __init__(
        self, message: str, errors: list[dict[str, str]] | None = None
    ) -> None:
        super().__init__(message)
        self.errors = errors or []


@dataclass
class EventCatalog:
    """Event types one service publishes, keyed by type tag, with their upcasters.

    ``upcasters[(event_type, v)]`` turns a version ``v`` payload into version ``v + 1``.
    """

    service: str
    events: Iterable[type[Event]] = ()
    upcasters: Mapping[tuple[str, int], Upcaster] = field(default_factory=dict)
    _by_type: dict[str, type[Event]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._by_type = {model.event_type(): model for model in self.events}
        self.upcasters = dict(self.upcasters)
        for event_type, version in self.upcasters:
            model = self._by_type.get(event_type)
            if model is None or version >= model.schema_version:
                raise ValueError(f"upcaster for {event_type} v{version} has no target")

    def __contains__(self, event_type: object) -> bool:
        return event_type in self._by_type

    def __iter__(self) -> Any:
        return iter(self._by_type.values())

    def model(self, event_type: str) -> type[Event]:
        """The current model of ``event_type``; :class:`CatalogError` if unknown."""
        try:
            return self._by_type[event_type]
        except KeyError:
            raise CatalogError(
                f"unknown event type {event_type!r} for {self.service}"
            ) from None

    def upcast(self, event_type: str, schema_version: int, payload: Payload) -> Payload:
        """Raise ``payload`` from ``schema_version`` to the current version."""
        model = self.model(event_type)
        if schema_version > model.schema_version or schema_version < 1:
            raise CatalogError(f"unknown schema version {event_type} v{schema_version}")
        for version in range(schema_version, model.schema_version):
            step = self.upcasters.get((event_type, version))
            if step is None:
                raise CatalogError(f"no upcaster from {event_type} v{version}")
            payload = step(payload)
        return payload

    def decode_json(self, event_type: str, schema_version: int, text: str) -> Event:
        """As :meth:`decode`, from JSON text.

        A current-version payload is parsed and validated in one pass by pydantic-core
        (the fast path of stream replay); an older one is upcast first.
        """
        model = self.model(event_type)
        # A sealed payload is opened as a dict first (the search costs little).
        if schema_version != model.schema_version or SEALED in text:
            return self.decode(event_type, schema_version, json.loads(text))
        try:
            return model.model_validate_json(text, context=STORED_CONTEXT)
        except ValidationError as error:
            raise _schema_error(event_type, error) from None

    def decode(self, event_type: str, schema_version: int, payload: Payload) -> Event:
        """A typed, current-version event from a stored or received payload."""
        model = self.model(event_type)
        if SEALED in payload:
            payload = open_payload(model, payload)
        current = (
            payload  # the common case: nothing to raise, so no copy either
            if schema_version == model.schema_version
            else self.upcast(event_type, schema_version, payload)
        )
        try:
            # ``type`` is not stored: the model's default names it (no copy).
            return model.model_validate(current, context=STORED_CONTEXT)
        except ValidationError as error:
            raise _schema_error(event_type, error) from None


def _schema_error(event_type: str, error: ValidationError) -> CatalogError:
    return CatalogError(
        f"{event_type} payload does not match its schema",
        [
            {
                "field": ".".join(str(p) for p in e["loc"]) or "payload",
                "message": e["msg"],
            }
            for e in error.errors()
        ],
    )

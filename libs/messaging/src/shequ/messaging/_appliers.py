"""Typed appliers: a read model's one function per event type, given the event model.

A read-model module writes ``APPLY = Appliers[asyncpg.Connection, Awaitable[None]]()``
and decorates each function with ``@APPLY.on``; the event type it handles is read from
the annotation of its second parameter (a union handles each member). The envelope
is decoded through its service's catalog, upcast to the current schema, so a change of
contract is caught by the type checker, not by a ``KeyError`` in production.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable
from functools import cache
from typing import Any, Generic, TypeVar

from shequ.contracts import Event, EventCatalog, EventEnvelope
from shequ.contracts.catalogs import all_catalogs

T = TypeVar("T")
R = TypeVar("R")
F = TypeVar("F", bound=Callable[..., Any])


@cache
def _catalogs() -> dict[str, EventCatalog]:
    return {catalog.service: catalog for catalog in all_catalogs()}


def _service_of(model: type[Event]) -> str:
    event_type = model.event_type()
    for service, catalog in _catalogs().items():
        if event_type in catalog and catalog.model(event_type) is model:
            return service
    raise TypeError(f"{model.__name__} is in no service's catalog")


def decode_event(envelope: EventEnvelope) -> Event:
    """The envelope's event as its current contract model (upcast if older)."""
    catalog = _catalogs()[envelope.service]
    return catalog.decode(envelope.event_type, envelope.schema_version, envelope.data)


def erases_subject(envelope: EventEnvelope) -> bool:
    """Whether the envelope's event erases its stream's subject (PersonErased)."""
    catalog = _catalogs().get(envelope.service)
    if catalog is None or envelope.event_type not in catalog:
        return False
    return catalog.model(envelope.event_type).erases_subject


def _models(annotation: Any) -> list[type[Event]]:
    members = (
        typing.get_args(annotation)
        if typing.get_origin(annotation) in (typing.Union, types.UnionType)
        else (annotation,)
    )
    if not all(isinstance(m, type) and issubclass(m, Event) for m in members):
        raise TypeError(f"{annotation!r} is not an event model or a union of them")
    return list(members)


class Appliers(Generic[T, R]):
    """Event type → the function applying it to a ``T`` (a connection, a batch)."""

    def __init__(self) -> None:
        self._by_type: dict[tuple[str, str], Callable[[T, Any, EventEnvelope], R]] = {}

    def on(self, function: F) -> F:
        """Register ``function(target, event, envelope)`` for its event's type(s)."""
        hints = typing.get_type_hints(function)
        parameter = list(hints)[1]
        for model in _models(hints[parameter]):
            key = (_service_of(model), model.event_type())
            if key in self._by_type:
                raise ValueError(f"{key[1]} already has an applier here")
            self._by_type[key] = function
        return function

    def handles(self, envelope: EventEnvelope) -> bool:
        """Whether an applier is registered for the envelope's event."""
        return (envelope.service, envelope.event_type) in self._by_type

    def apply(
        self, target: T, envelope: EventEnvelope, event: Event | None = None
    ) -> R:
        """Apply the envelope's event with its applier (``KeyError`` if it has none).

        ``event`` is the envelope's event already decoded, if the caller has it.
        """
        function = self._by_type[(envelope.service, envelope.event_type)]
        return function(target, event or decode_event(envelope), envelope)

    def merged(self, *others: Appliers[T, R]) -> Appliers[T, R]:
        """One registry holding these appliers and ``others``' (each type once)."""
        merged: Appliers[T, R] = Appliers()
        for each in (self, *others):
            for key, function in each._by_type.items():
                if key in merged._by_type:
                    raise ValueError(f"{key[1]} has two appliers")
                merged._by_type[key] = function
        return merged

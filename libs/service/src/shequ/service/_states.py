"""A stream's state as its own service's rules fold it (历史回放的当时状态).

Audit replay must show a case as the service that owns it saw it then: the same
``evolve`` that decided its commands, never a second reading of the events in
reporting. Every service declares its deciders (``ServiceDefinition.deciders``); an
auditor's tools find the owner's among the installed services (entry-point group
``shequ.services``, as ``shequ-dev run`` does) and fold the stream's events with it.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from importlib.metadata import entry_points
from typing import Any

from fastapi.encoders import jsonable_encoder

from shequ.contracts.catalogs import all_catalogs
from shequ.eventstore import Decider
from shequ.service._definition import ServiceDefinition

#: One stored event: its type, schema version and data as recorded.
Recorded = tuple[str, int, Mapping[str, Any]]


@functools.cache
def _deciders(service: str) -> Mapping[str, Decider[Any, Any, Any]]:
    found = entry_points(group="shequ.services", name=service)
    if not found:
        return {}
    definition: ServiceDefinition = next(iter(found)).load()()
    return {decider.stream_type: decider for decider in definition.deciders}


def owns_decider(service: str, stream_type: str) -> bool:
    """Whether ``service`` is installed here and declares the ``stream_type`` rules."""
    return stream_type in _deciders(service)


def fold_stream(
    service: str, stream_type: str, events: Iterable[Recorded]
) -> Any | None:
    """The state after ``events``, by the owner's decider, as JSON values.

    None when the owning service is not installed here or declares no decider for
    the stream type: the caller says so rather than guess at the service's rules.
    """
    decider = _deciders(service).get(stream_type)
    if decider is None:
        return None
    catalog = {c.service: c for c in all_catalogs()}[service]
    typed = [
        catalog.decode(kind, version, dict(data)) for kind, version, data in events
    ]
    return jsonable_encoder(decider.fold(typed))

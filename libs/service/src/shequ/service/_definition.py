"""What a service declares about itself; the runtime does the rest.

A service is its catalog of events, its own read-model migrations, its projections and
its HTTP routers. A projection that must append to the service's own store (a policy:
"when a person moves, hand their case over") is given as a factory taking that store,
so its appends commit in the projection's transaction, with its checkpoint. Optional
hooks run once the runtime is up (``on_start``: e.g. the registry's bootstrap), before
the projections start (``on_open``: e.g. reporting points them at their generation's
schema; ``on_close`` undoes it), in the replica holding the lease before its
projections catch up (``before_catch_up``: e.g. reporting loads each projection far
behind in a process of its own), every hour while it runs (``hourly``: e.g.
employment's check of who came of working age or retired) and for ``make run``
(``load_demo``).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from fastapi import APIRouter

from shequ.access import AccessRules
from shequ.contracts import EventCatalog
from shequ.eventstore import Decider, EventStore, Migration
from shequ.messaging import Projection

if TYPE_CHECKING:
    from shequ.service._runtime import Runtime

Hook = Callable[["Runtime"], Awaitable[None]]
OfficeNames = Callable[["Runtime", list[str]], Awaitable[Mapping[str, str]]]
ProjectionFactory = Callable[[EventStore], Projection]


@dataclass(frozen=True)
class ServiceDefinition:
    """One service: its name (also its API prefix and NATS subject token) and parts."""

    name: str
    catalog: EventCatalog
    description: str = ""
    # Who writes, reads and reads restricted records; the Writer, Reader and
    # RestrictedReader dependencies check it. By default no one.
    access: AccessRules = field(default_factory=lambda: AccessRules(writers=()))
    migrations: Sequence[Migration] = ()
    projections: Sequence[Projection | ProjectionFactory] = ()
    routers: Sequence[APIRouter] = field(default_factory=list)
    on_start: Hook | None = None
    on_open: Hook | None = None
    on_close: Hook | None = None
    before_catch_up: Hook | None = None
    hourly: Hook | None = None
    load_demo: Hook | None = None
    # Whose StaffDeactivated and StaffRolesChanged events make this service refuse a
    # staff member's older tokens (the registry follows its own); None: no one's.
    staff_source: str | None = "registry"
    # The names of office codes, so a person reads 东向社区（441900102001）: the
    # people copy's (shequ.service.people.copied_office_names) or the registry's own.
    office_names: OfficeNames | None = None
    # The service's aggregates' rules, by stream type: audit replay folds a stream
    # with its owner's own decider (shequ.service.fold_stream), never a copy of it.
    deciders: Sequence[Decider[Any, Any, Any]] = ()

    @property
    def prefix(self) -> str:
        return f"/api/v1/{self.name}"

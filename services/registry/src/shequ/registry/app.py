"""Composition root of the registry: its definition for the runtime, and its app.

``uvicorn --factory shequ.registry.app:create_app`` runs it alone (settings from
``SHEQU_*``); ``make run`` finds :func:`definition` through the ``shequ.services``
entry point.
"""

from __future__ import annotations

from fastapi import FastAPI

from shequ.contracts.registry import CATALOG
from shequ.registry.api import routers
from shequ.registry.demo import load_demo
from shequ.registry.domain import household, office, person, retention, staff
from shequ.registry.domain.access import ACCESS
from shequ.registry.handlers.bootstrap import bootstrap
from shequ.registry.handlers.erasure import heal_erasures
from shequ.registry.handlers.offices import office_names
from shequ.registry.handlers.retention import apply_retention
from shequ.registry.readmodels import erasure_projections
from shequ.registry.readmodels.directory import directory_projection
from shequ.registry.readmodels.guards import GUARD_MIGRATIONS
from shequ.registry.readmodels.sessions import SESSION_MIGRATIONS
from shequ.registry.settings import BootstrapSettings
from shequ.service import (
    Runtime,
    ServiceDefinition,
    ServiceSettings,
    create_service_app,
)
from shequ.service.ledgers import job_migrations


def definition() -> ServiceDefinition:
    """The registry as the runtime runs it."""
    return ServiceDefinition(
        name="registry",
        catalog=CATALOG,
        description="Offices, staff and sign-in, one file per person (一人一档), "
        "households and rented housing.",
        access=ACCESS,
        deciders=[
            person.DECIDER,
            household.DECIDER,
            office.DECIDER,
            staff.DECIDER,
            retention.DECIDER,
        ],
        migrations=[
            *GUARD_MIGRATIONS,
            *SESSION_MIGRATIONS,
            *job_migrations("registry"),
        ],
        projections=[directory_projection(), *erasure_projections()],
        routers=routers(),
        on_start=_on_start,
        hourly=_hourly,
        load_demo=load_demo,
        # Its own StaffDeactivated and StaffRolesChanged, as every service follows
        # them; its staff handlers also tell this process at once.
        staff_source="registry",
        # An office in a refusal or an export is shown with its name, from the
        # registry's own office table.
        office_names=office_names,
    )


async def _on_start(runtime: Runtime) -> None:
    # Only a registry holding the signing key can sign anyone in, so only it needs a
    # first administrator; one that just verifies tokens (as in tests) enrols nobody.
    if runtime.issuer is not None:
        await bootstrap(runtime, BootstrapSettings())


async def _hourly(runtime: Runtime) -> None:
    # Also right after start: an erasure cut off before its key was destroyed is
    # finished before anything else reads the person.
    await heal_erasures(runtime.store)
    await apply_retention(runtime.store, runtime.clock())


def create_app(settings: ServiceSettings | None = None) -> FastAPI:
    """The registry's ASGI app."""
    return create_service_app(definition(), settings)

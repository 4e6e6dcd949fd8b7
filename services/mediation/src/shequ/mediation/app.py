"""Composition root of mediation: its definition for the runtime, and its app.

``uvicorn --factory shequ.mediation.app:create_app`` runs it alone (settings from
``SHEQU_*`` and ``SHEQU_MEDIATION_*``); ``make run`` finds :func:`definition` through
the ``shequ.services`` entry point.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from fastapi import FastAPI

from shequ.contracts.mediation import CATALOG
from shequ.mediation.api import routers
from shequ.mediation.demo import load_demo
from shequ.mediation.domain import committee, dispute
from shequ.mediation.domain.access import ACCESS
from shequ.mediation.handlers.timers import check_timers
from shequ.mediation.readmodels import ledger_projection
from shequ.mediation.settings import MediationSettings, current_settings
from shequ.service import (
    Runtime,
    ServiceDefinition,
    ServiceSettings,
    create_service_app,
)
from shequ.service.ledgers import job_migrations
from shequ.service.people import copied_office_names, people_copy

log = logging.getLogger(__name__)


def definition() -> ServiceDefinition:
    """Mediation as the runtime runs it."""
    return ServiceDefinition(
        name="mediation",
        catalog=CATALOG,
        access=ACCESS,
        deciders=[dispute.DECIDER, committee.DECIDER],
        description="People's mediation (人民调解): the committees, every dispute on"
        " the ledger from intake to agreement, 回访 and closing.",
        projections=[people_copy("mediation"), ledger_projection()],
        routers=routers(),
        office_names=copied_office_names,
        hourly=_check_timers,
        load_demo=load_demo,
        migrations=job_migrations("mediation"),
    )


async def _check_timers(runtime: Runtime) -> None:
    appended = await check_timers(runtime.store, runtime.clock())
    if appended:
        log.info("mediation timers: %d events recorded", appended)


def create_app(
    settings: ServiceSettings | None = None,
    mediation: MediationSettings | None = None,
    clock: Callable[[], datetime] | None = None,
) -> FastAPI:
    """Mediation's ASGI app; ``mediation`` replaces the ``SHEQU_MEDIATION_*``."""
    app = (
        create_service_app(definition(), settings)
        if clock is None
        else create_service_app(definition(), settings, clock=clock)
    )
    if mediation is not None:

        async def given() -> MediationSettings:
            return mediation

        app.dependency_overrides[current_settings] = given
    return app

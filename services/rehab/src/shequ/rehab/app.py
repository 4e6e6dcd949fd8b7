"""Composition root of rehab: its definition for the runtime, and its app.

``uvicorn --factory shequ.rehab.app:create_app`` runs it alone (settings from
``SHEQU_*`` and ``SHEQU_REHAB_*``); ``make run`` finds :func:`definition` through
the ``shequ.services`` entry point.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from functools import partial

from fastapi import FastAPI

from shequ.contracts.rehab import CATALOG
from shequ.rehab.api import routers
from shequ.rehab.demo import load_demo
from shequ.rehab.domain import case, social_work
from shequ.rehab.domain.access import ACCESS
from shequ.rehab.domain.rules import RehabRules
from shequ.rehab.handlers.police import police_intake_projection
from shequ.rehab.handlers.timers import check_timers
from shequ.rehab.readmodels import cases_projection
from shequ.rehab.readmodels.guards import GUARD_MIGRATIONS
from shequ.rehab.settings import RehabSettings, current_settings, rehab_settings
from shequ.service import (
    Runtime,
    ServiceDefinition,
    ServiceSettings,
    create_service_app,
)
from shequ.service.people import copied_office_names, people_copy

log = logging.getLogger(__name__)


def definition(settings: RehabSettings | None = None) -> ServiceDefinition:
    """Rehab as the runtime runs it."""
    rules = (settings or rehab_settings()).rules()
    return ServiceDefinition(
        name="rehab",
        catalog=CATALOG,
        access=ACCESS,
        deciders=[case.DECIDER, social_work.DECIDER],
        description="Community drug treatment and recovery (社区戒毒/社区康复):"
        " cases from the police's decision to their end, every read recorded.",
        migrations=[*GUARD_MIGRATIONS],
        projections=[
            people_copy("rehab"),
            cases_projection(),
            police_intake_projection(rules),
        ],
        routers=routers(),
        office_names=copied_office_names,
        hourly=partial(_check_timers, rules=rules),
        load_demo=load_demo,
    )


async def _check_timers(runtime: Runtime, rules: RehabRules) -> None:
    appended = await check_timers(runtime.store, rules, runtime.clock())
    if appended:
        log.info("rehab timers: %d events recorded", appended)


def create_app(
    settings: ServiceSettings | None = None,
    rehab: RehabSettings | None = None,
    clock: Callable[[], datetime] | None = None,
) -> FastAPI:
    """Rehab's ASGI app; ``rehab`` replaces the ``SHEQU_REHAB_*`` settings."""
    app = (
        create_service_app(definition(rehab), settings)
        if clock is None
        else create_service_app(definition(rehab), settings, clock=clock)
    )
    if rehab is not None:

        async def given() -> RehabSettings:
            return rehab

        app.dependency_overrides[current_settings] = given
    return app

"""Composition root of reporting: its definition for the runtime, and its app.

Its projections run on their serving generation's schema
(``readmodels.generations``), pointed there by ``on_open`` before they start; queries
take that generation's pool.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from datetime import datetime

from fastapi import FastAPI

from shequ.contracts.reporting import CATALOG
from shequ.reporting.api import routers
from shequ.reporting.demo import load_demo
from shequ.reporting.domain import access_log, designations, workplan
from shequ.reporting.domain.access import ACCESS
from shequ.reporting.domain.designations import campaign
from shequ.reporting.handlers.designations import check_timers
from shequ.reporting.readmodels.generations import Generations
from shequ.reporting.readmodels.ledgers.people import names_of
from shequ.reporting.readmodels.projections import projections
from shequ.reporting.settings import reporting_settings
from shequ.service import (
    Runtime,
    ServiceDefinition,
    ServiceSettings,
    create_service_app,
)

log = logging.getLogger(__name__)


def definition() -> ServiceDefinition:
    """Reporting as the runtime runs it."""
    return ServiceDefinition(
        name="reporting",
        catalog=CATALOG,
        description="Shared ledgers (台帐) at every level, work plans, designations"
        " (创建) and scorecards, the person file (一人一档), audit, replay as of any"
        " date and hash-chain verification.",
        access=ACCESS,
        projections=list(projections()),
        routers=routers(),
        on_open=_open_generations,
        on_close=_close_generations,
        before_catch_up=_catch_up_apart,
        office_names=_office_names,
        deciders=[
            workplan.DECIDER,
            access_log.DECIDER,
            campaign.DECIDER,
            designations.FOLDING,
        ],
        hourly=_check_timers,
        load_demo=load_demo,
    )


async def _check_timers(runtime: Runtime) -> None:
    appended = await check_timers(runtime.store, runtime.clock())
    if appended:
        log.info("reporting timers: %d events recorded", appended)


async def _office_names(runtime: Runtime, codes: list[str]) -> Mapping[str, str]:
    # Reporting keeps its own copy of the registry's offices, in the serving ledgers.
    generations: Generations | None = runtime.state.get("generations")
    if generations is None:
        return {}
    return await names_of(generations.pool("reporting-ledgers"), codes)


async def _open_generations(runtime: Runtime) -> None:
    generations = Generations(
        runtime.pool,
        runtime.settings.database_url,
        runtime.nats,
        connection_settings=runtime.settings.connection_settings(),
        settings=runtime.settings,
        apart_above=reporting_settings().rebuild_apart_above,
    )
    await generations.open(runtime.runners)
    runtime.state["generations"] = generations


async def _catch_up_apart(runtime: Runtime) -> None:
    generations: Generations = runtime.state["generations"]
    own = {p.name for p in projections()}  # those a load apart knows
    await generations.catch_up_apart(
        [r for name, r in runtime.runners.items() if name in own]
    )


async def _close_generations(runtime: Runtime) -> None:
    generations: Generations | None = runtime.state.get("generations")
    if generations is not None:
        await generations.close()


def create_app(
    settings: ServiceSettings | None = None, clock: Callable[[], datetime] | None = None
) -> FastAPI:
    """Reporting's ASGI app."""
    if clock is None:
        return create_service_app(definition(), settings)
    return create_service_app(definition(), settings, clock=clock)
